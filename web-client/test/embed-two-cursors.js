#!/usr/bin/env node
// embed-two-cursors.js BASE_URL [--screenshots=DIR] [--chromium=/usr/bin/chromium] [--timeout=SECONDS]
//
// The embed page in a real browser (Debian's Chromium, driven by playwright-core; no browser is downloaded)
// against a running Quire server at BASE_URL (http://127.0.0.1:PORT), which must run in local mode. Checks, in order:
//   1. two browser contexts, Alice at 1280x800 and Bob at phone width (390x844), each signed in with a token of
//      their own (local mode's token endpoint; both editors of the book), open /embed/testbook/ch1?token=... at the
//      same moment; the chapter does not exist, so both try to create it and one create is refused: both pages
//      must still end up editable on the same document, each showing its user's name;
//   2. Alice types a line; Bob sees it; then both type at once, Alice at the end and Bob at the start;
//   3. both editors end with the same contents, holding both users' words, and so does the server (a sharedb
//      client in Node fetches the chapter); Alice's toolbar bold reaches Bob as <strong>;
//   4. each page shows the other's cursor (.ql-cursor, named), at the place where the other's caret is;
//   5. Alice's socket is cut: the status turns "offline", her typing is kept ("offline-pending"), and once the
//      socket is back the text reaches Bob and the server, and the status says "saved";
//   6. when the server refuses an edit (simulated on the page's WebSocket, as for an editor demoted while the page
//      is open), the page puts back the server's text and turns read-only.
// Read-only pages for real book roles (viewer, commenter, outsider) are checked by invite-and-roles.js, against a
// secured server. Screenshots go to DIR (embed-two-cursors.png, embed-two-cursors-phone.png). Diagnostics go
// to stderr; the last stdout line is a JSON summary with "ok", as the server's Node test scripts print.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, startHarness } from './lib/harness.js';
import richText from 'rich-text';
import ShareDB from 'sharedb/lib/client/index.js';
import WebSocket from 'ws';

ShareDB.types.register(richText.type);

const BOOK = 'testbook';
const CHAPTER = 'ch1';
const STEP_MS = 15000;
const TYPE_DELAY_MS = 12;

// ------------------------------------------------------------------ arguments and the overall bound (lib/harness.js)

const harness = startHarness('embed-two-cursors');
const { flags, base, screenshots, executablePath, started, timings, log, mark, bounded, check } = harness;
const finish = harness.finish;
let browser = null;

// ------------------------------------------------------------------ page helpers

const pageErrors = harness.pageErrors;

async function openEditor(context, name) {
  const page = await context.newPage();
  harness.watch(page, name, STEP_MS);
  return page;
}

/** Waits until the page has loaded the chapter, its editor is (not) editable and #status is in `states`. */
async function ready(page, { editable = true, states = ['connected', 'saved'] } = {}) {
  await page.waitForFunction(({ editable, states }) => {
    const editor = document.querySelector('#editor .ql-editor');
    const status = document.getElementById('status');
    return window.quireEmbed && window.quireEmbed.session.loaded && editor && editor.isContentEditable === editable
      && states.includes(status.dataset.state);
  }, { editable, states }, { timeout: STEP_MS });
}

const text = (page) => page.evaluate(() => window.quireEmbed.quill.getText());
const contents = (page) => page.evaluate(() => JSON.parse(JSON.stringify(window.quireEmbed.quill.getContents().ops)));
const statusOf = (page) => page.evaluate(() => document.getElementById('status').dataset.state);
const nameOf = (page) => page.evaluate(() => window.quireEmbed.identity.displayName);

async function waitForText(page, needle, what) {
  await page.waitForFunction((needle) => window.quireEmbed.quill.getText().includes(needle), needle,
    { timeout: STEP_MS }).catch(async (e) => {
    throw new Error(`${what}: ${e.message}; the editor holds ${JSON.stringify(await text(page))}`);
  });
}

/** Both pages saved (nothing pending) with equal contents; returns the contents. */
async function converge(pages) {
  const deadline = Date.now() + STEP_MS;
  for (;;) {
    const all = await Promise.all(pages.map(async (p) => ({ ops: await contents(p), status: await statusOf(p) })));
    const same = all.every((s) => isDeepStrictEqual(s.ops, all[0].ops));
    if (same && all.every((s) => s.status === 'saved' || s.status === 'connected')) return all[0].ops;
    if (Date.now() > deadline) {
      throw new Error(`the editors did not converge within ${STEP_MS} ms: ${JSON.stringify(all)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Waits until `viewer` shows a cursor named `name` at `expected` {index, length}; returns what it shows. The range
 * is quill-cursors' own record of where it drew the caret.
 */
async function remoteCursor(viewer, name, expected, what) {
  const handle = await viewer.waitForFunction(({ name, expected }) => {
    const cursor = window.quireEmbed.session.cursors.cursors().find((c) => c.name === name);
    if (!cursor || !cursor.range) return null;
    const element = document.getElementById(`ql-cursor-${cursor.id}`);
    const caret = element && element.querySelector('.ql-cursor-caret-container');
    if (!element || element.classList.contains('hidden') || !caret || caret.getBoundingClientRect().height <= 0) return null;
    if (expected && (cursor.range.index !== expected.index || cursor.range.length !== expected.length)) return null;
    return { id: cursor.id, range: cursor.range, colour: cursor.color, elements: document.querySelectorAll('.ql-cursor').length };
  }, { name, expected }, { timeout: STEP_MS }).catch(async (e) => {
    const seen = await viewer.evaluate(() => window.quireEmbed.session.cursors.cursors()
      .map((c) => ({ name: c.name, range: c.range })));
    throw new Error(`${what}: ${e.message}; cursors shown: ${JSON.stringify(seen)}, expected ${name} at ${JSON.stringify(expected)}`);
  });
  return handle.jsonValue();
}

const selection = (page) => page.evaluate(() => {
  const range = window.quireEmbed.quill.getSelection();
  return range && { index: range.index, length: range.length };
});

// ------------------------------------------------------------------ the server's copy

async function serverSnapshot(book, chapter) {
  const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/ws`, { handshakeTimeout: 5000 });
  const connection = new ShareDB.Connection(socket);
  try {
    const doc = connection.get(book, chapter);
    await bounded(new Promise((res, rej) => doc.fetch((e) => (e ? rej(e) : res()))), STEP_MS, `a fetch of ${book}/${chapter}`);
    return { exists: !!doc.type, version: doc.version, ops: doc.type ? JSON.parse(JSON.stringify(doc.data.ops)) : null };
  } finally {
    connection.close();
  }
}

// ------------------------------------------------------------------ people (local mode: the admin signs them in)

/** POSTs JSON as the local admin (no token); returns the answer's JSON, or throws with the server's message. */
async function adminPost(path, body, okStatuses = [200, 201]) {
  const response = await bounded(fetch(`${base}/api/v1${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  }), STEP_MS, `POST ${path}`);
  const answer = await response.json().catch(() => null);
  if (!okStatuses.includes(response.status)) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** A token for a new person who edits the test book. */
async function signIn(userId, displayName) {
  await adminPost('/books', { id: BOOK, title: 'Test book' }, [201, 409]);
  await adminPost(`/books/${BOOK}/members`, { userId, displayName, role: 'editor' }, [201, 409]);
  return (await adminPost('/local-tokens', { userId, displayName })).token;
}

// ------------------------------------------------------------------ the test

async function main() {
  mkdirSync(screenshots, { recursive: true });
  for (const old of readdirSync(screenshots)) {
    if (/^failure-.*\.png$/.test(old)) rmSync(resolve(screenshots, old));
  }
  const url = `${base}/embed/${BOOK}/${CHAPTER}`;
  const [aliceToken, bobToken] = await Promise.all([signIn('alice', 'Alice'), signIn('bob', 'Bob')]);

  let t = Date.now();
  browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS, timeout: 30000 });
  harness.browser = browser;
  mark('launchMs', t);

  const alice = await openEditor(await browser.newContext({ viewport: { width: 1280, height: 800 } }), 'alice');
  const bob = await openEditor(await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 }), 'bob');

  // 1. Both open a chapter that does not exist yet, at the same moment.
  t = Date.now();
  await Promise.all([alice.goto(`${url}?token=${aliceToken}`), bob.goto(`${url}?token=${bobToken}`)]);
  await Promise.all([ready(alice), ready(bob)]);
  mark('bothEditableMs', t);
  const [aliceName, bobName] = await Promise.all([nameOf(alice), nameOf(bob)]);
  check(aliceName === 'Alice' && bobName === 'Bob', `each page shows its token's name (${aliceName}, ${bobName})`);
  log(`alice is "${aliceName}", bob is "${bobName}"`);
  check((await text(alice)) === '\n' && (await text(bob)) === '\n', 'the new chapter is empty in both pages');

  // 2. Alice writes a line; then both type at once, at opposite ends.
  t = Date.now();
  await alice.click('#editor .ql-editor');
  await alice.keyboard.type('Alice writes the opening line.', { delay: TYPE_DELAY_MS });
  await waitForText(bob, 'Alice writes the opening line.', 'Bob to see Alice\'s line');
  mark('firstLineSeenMs', t);

  t = Date.now();
  await bob.click('#editor .ql-editor');
  await Promise.all([
    (async () => {
      await alice.keyboard.press('Control+End');
      await alice.keyboard.type(' Alice adds a second sentence.', { delay: TYPE_DELAY_MS });
    })(),
    (async () => {
      await bob.keyboard.press('Control+Home');
      await bob.keyboard.type('Bob was here first. ', { delay: TYPE_DELAY_MS });
    })(),
  ]);
  const typed = await converge([alice, bob]);
  mark('concurrentTypingConvergedMs', t);
  const finalText = await text(alice);
  for (const words of ['Alice writes the opening line.', 'Alice adds a second sentence.', 'Bob was here first.']) {
    check(finalText.includes(words), `the chapter holds "${words}": ${JSON.stringify(finalText)}`);
  }
  check(finalText === await text(bob), 'both editors hold the same text');

  // 3. Alice makes the line bold with the toolbar; Bob sees <strong>.
  t = Date.now();
  await alice.keyboard.press('Home');
  await alice.keyboard.press('Shift+End');
  await alice.click('#app > .ql-toolbar button.ql-bold');
  await bob.waitForFunction(() => {
    const strong = document.querySelector('#editor .ql-editor strong');
    return strong && strong.textContent.includes('Alice writes the opening line.');
  }, null, { timeout: STEP_MS });
  await alice.keyboard.press('End');
  const formatted = await converge([alice, bob]);
  mark('boldSeenMs', t);
  check(formatted.some((op) => op.attributes && op.attributes.bold), 'the contents carry a bold run');

  const server = await serverSnapshot(BOOK, CHAPTER);
  check(server.exists, 'the server has the chapter');
  check(isDeepStrictEqual(server.ops, formatted), `the server's contents equal the editors': ${JSON.stringify(server.ops)} vs ${JSON.stringify(formatted)}`);
  log(`server at version ${server.version}: ${JSON.stringify(server.ops)}`);

  // 4. Each page shows the other's cursor where the other's caret is. Both move their caret once more so that
  //    the last presence each sent is a caret, not Alice's bold selection.
  t = Date.now();
  await alice.keyboard.press('Control+End');
  await bob.keyboard.press('Control+Home');
  await bob.keyboard.press('ArrowRight');
  await bob.keyboard.press('ArrowRight');
  const [aliceCaret, bobCaret] = await Promise.all([selection(alice), selection(bob)]);
  const bobOnAlice = await remoteCursor(alice, bobName, bobCaret, 'Alice to show Bob\'s cursor');
  const aliceOnBob = await remoteCursor(bob, aliceName, aliceCaret, 'Bob to show Alice\'s cursor');
  mark('cursorsShownMs', t);
  log(`alice shows bob at ${JSON.stringify(bobOnAlice.range)}, bob shows alice at ${JSON.stringify(aliceOnBob.range)}`);
  check(bobOnAlice.elements === 1 && aliceOnBob.elements === 1, 'each page shows exactly one remote cursor (.ql-cursor)');

  for (const [page, id] of [[alice, bobOnAlice.id], [bob, aliceOnBob.id]]) {
    await page.evaluate((id) => window.quireEmbed.session.cursors.toggleFlag(id, true), id);
  }
  await alice.waitForTimeout(300); // the flag fades in
  await alice.screenshot({ path: resolve(screenshots, 'embed-two-cursors.png') });
  await bob.screenshot({ path: resolve(screenshots, 'embed-two-cursors-phone.png') });

  // 5. Offline: Alice's socket goes away; what she types is kept and sent when it comes back.
  t = Date.now();
  await alice.evaluate(() => window.quireEmbed.session.socket.close());
  await alice.waitForFunction(() => document.getElementById('status').dataset.state === 'offline', null, { timeout: STEP_MS });
  await alice.keyboard.type(' Typed while offline.', { delay: TYPE_DELAY_MS });
  check((await statusOf(alice)) === 'offline-pending', `the status says the edits are kept (${await statusOf(alice)})`);
  await alice.waitForTimeout(300);
  check(!(await text(bob)).includes('Typed while offline.'), 'Bob does not see offline typing before the reconnect');
  await alice.evaluate(() => window.quireEmbed.session.socket.reconnect());
  await waitForText(bob, 'Typed while offline.', 'Bob to receive what Alice typed offline');
  const afterReconnect = await converge([alice, bob]);
  check((await statusOf(alice)) === 'saved', 'the status says saved after the reconnect');
  mark('offlineEditDeliveredMs', t);
  const serverAfter = await serverSnapshot(BOOK, CHAPTER);
  check(isDeepStrictEqual(serverAfter.ops, afterReconnect), 'the server holds the offline typing too');

  // 6. The server refuses an edit (as it will for a role it does not let write): the page rolls the edit back to
  //    the server's text and turns read-only. The refusal is made in the browser, on the WebSocket, as a
  //    demotion would make it. Everything else goes through to the real server.
  t = Date.now();
  const dave = await openEditor(await browser.newContext({ viewport: { width: 1280, height: 800 } }), 'dave');
  const refused = [];
  await dave.routeWebSocket((wsUrl) => wsUrl.pathname === '/ws', (ws) => {
    const upstream = ws.connectToServer();
    ws.onMessage((frame) => {
      const message = JSON.parse(String(frame));
      if (message.a === 'op' && message.op) {
        refused.push(message.seq);
        ws.send(JSON.stringify({ a: 'op', c: message.c, d: message.d, v: message.v, src: message.src, seq: message.seq,
          error: { code: 'ERR_FORBIDDEN', message: 'viewers cannot edit this book' } }));
      } else {
        upstream.send(frame);
      }
    });
  });
  await dave.goto(url);
  await ready(dave);
  const before = await text(alice);
  await dave.click('#editor .ql-editor');
  await dave.keyboard.press('Control+End');
  await dave.keyboard.type('Dave', { delay: TYPE_DELAY_MS });
  await dave.waitForFunction(() => document.getElementById('status').dataset.state === 'read-only', null,
    { timeout: STEP_MS });
  await dave.waitForFunction((expected) => window.quireEmbed.quill.getText() === expected, before, { timeout: STEP_MS })
    .catch(async (e) => { throw new Error(`Dave's refused edit was not rolled back (${JSON.stringify(await text(dave))}): ${e.message}`); });
  check(refused.length >= 1, 'the page sent its edit');
  check(!(await dave.evaluate(() => document.querySelector('#editor .ql-editor').isContentEditable)), 'the editor is read-only');
  check(await dave.evaluate(() => !document.getElementById('notice').hidden), 'a notice says why');
  check(!(await text(alice)).includes('Dave'), 'nobody else saw the refused edit');
  mark('refusedEditMs', t);

  check(pageErrors.length === 0, `no uncaught errors in the pages: ${pageErrors.join('; ')}`);
  clearTimeout(harness.overall);
  await finish(0, {
    ok: true,
    script: 'embed-two-cursors',
    url,
    names: [aliceName, bobName],
    text: (await serverSnapshot(BOOK, CHAPTER)).ops.map((op) => (typeof op.insert === 'string' ? op.insert : '')).join(''),
    version: serverAfter.version,
    cursors: { bobOnAlice: bobOnAlice.range, aliceOnBob: aliceOnBob.range },
    screenshots,
    timings: { ...timings, totalMs: Date.now() - started },
  });
}

main().catch((error) => harness.fail(error, 'failure'));
