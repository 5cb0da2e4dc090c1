#!/usr/bin/env node
// invite-and-roles.js BASE_URL --setup=FILE [--screenshots=DIR] [--chromium=/usr/bin/chromium] [--timeout=SECONDS]
//
// Invites and book roles in a real browser (Debian's Chromium, driven by playwright-core; no browser is downloaded)
// against a running Quire server at BASE_URL (http://127.0.0.1:PORT) in secured mode. FILE is JSON written by the
// caller, which made the book through the REST API as its owner:
//   {book, bookTitle, chapter, chapterText, invite, inviteRole,
//    users: {owner, newcomer, viewer, outsider: {userId, displayName, token}}}
// where the chapter is the book's first, holding chapterText; the viewer is a member with role "viewer", the
// newcomer and the outsider are not members, and the invite is for role inviteRole ("commenter"). Checks, in order:
//   1. the newcomer opens /invite/INVITE?token=...: the page names the book and the role; "Join the book" lands on
//      /embed/BOOK/CHAPTER?token=..., which shows the owner's text read-only (no toolbar); typing changes nothing,
//      in the page or on the server;
//   2. the viewer (a real member, not a stubbed REST answer) opens the chapter read-only; the owner opens it in a
//      second context and types; the viewer sees the words arrive, and the owner's cursor labelled with the owner's
//      display name (and the newcomer's: a commenter may show a cursor); the viewer's typing changes nothing, and
//      the owner never sees a viewer's cursor; on a chapter that does not exist yet the viewer gets a notice and the
//      chapter is not created;
//   3. the outsider (a valid token, no role in the book) opening the chapter sees none of its text, a read-only
//      editor, and the server's refusal (ERR_ACCESS_DENIED on subscribe) in the notice and the status line;
//   4. /invite/nonsense?token=... shows the server's own message and no "Join" button.
// Screenshots go to DIR (invite-page.png, invite-read-only.png, roles-viewer-live.png, roles-outsider.png).
// Diagnostics go to stderr; the last stdout line is a JSON summary with "ok", as the other test scripts print.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, startHarness } from './lib/harness.js';
import richText from 'rich-text';
import ShareDB from 'sharedb/lib/client/index.js';
import WebSocket from 'ws';

ShareDB.types.register(richText.type);

const STEP_MS = 15000;
const TYPE_DELAY_MS = 12;
/** How long typing into a read-only editor is given to (wrongly) show up somewhere. */
const SETTLE_MS = 500;

// ------------------------------------------------------------------ arguments and the overall bound (lib/harness.js)

const harness = startHarness('invite-and-roles', ['setup']);
const { flags, base, screenshots, executablePath, started, timings, log, mark, bounded, check } = harness;
const finish = harness.finish;
let browser = null;
const setup = JSON.parse(readFileSync(flags.setup, 'utf8'));

// ------------------------------------------------------------------ the server, as the owner sees it

/** GET /api/v1/PATH with a user's token: {status, body} (body parsed when JSON, else text). */
async function api(path, user) {
  const response = await fetch(`${base}/api/v1${path}`, {
    headers: { Authorization: `Bearer ${user.token}`, Accept: 'application/json' },
    signal: AbortSignal.timeout(STEP_MS),
  });
  const raw = await response.text();
  const json = (response.headers.get('content-type') || '').startsWith('application/json');
  return { status: response.status, body: json && raw ? JSON.parse(raw) : raw };
}

async function serverText(chapter = setup.chapter) {
  const answer = await api(`/books/${encodeURIComponent(setup.book)}/chapters/${encodeURIComponent(chapter)}/content?format=text`,
    setup.users.owner);
  check(answer.status === 200, `the owner reads the chapter's text (${answer.status} ${JSON.stringify(answer.body)})`);
  return answer.body;
}

/** Whether the sharedb document exists on the server, asked over the WebSocket as the owner. */
async function serverHasDocument(chapter) {
  const url = `${base.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(setup.users.owner.token)}`;
  const connection = new ShareDB.Connection(new WebSocket(url, { handshakeTimeout: 5000 }));
  try {
    const doc = connection.get(setup.book, chapter);
    await bounded(new Promise((res, rej) => doc.fetch((e) => (e ? rej(e) : res()))), STEP_MS, `a fetch of ${setup.book}/${chapter}`);
    return !!doc.type;
  } finally {
    connection.close();
  }
}

// ------------------------------------------------------------------ page helpers

const pageErrors = harness.pageErrors;

async function openPage(name, viewport = { width: 1280, height: 800 }) {
  const page = await (await browser.newContext({ viewport })).newPage();
  harness.watch(page, name, STEP_MS);
  return page;
}

function embedUrl(user, chapter = setup.chapter) {
  return `${base}/embed/${encodeURIComponent(setup.book)}/${encodeURIComponent(chapter)}?token=${encodeURIComponent(user.token)}`;
}

/** Waits until the page has loaded the chapter, its editor is (not) editable and #status is in `states`. */
async function ready(page, { editable, states }) {
  await page.waitForFunction(({ editable, states }) => {
    const editor = document.querySelector('#editor .ql-editor');
    const status = document.getElementById('status');
    return window.quireEmbed && window.quireEmbed.session.loaded && editor && editor.isContentEditable === editable
      && states.includes(status.dataset.state);
  }, { editable, states }, { timeout: STEP_MS }).catch(async (e) => {
    const seen = await page.evaluate(() => ({
      status: document.getElementById('status')?.dataset.state,
      label: document.querySelector('#status .label')?.textContent,
      notice: document.getElementById('notice')?.textContent,
      loaded: window.quireEmbed?.session.loaded,
    })).catch(() => null);
    throw new Error(`the embed page did not become ${editable ? 'editable' : 'read-only'} in ${states}: ${e.message}; `
      + `it shows ${JSON.stringify(seen)}`);
  });
}

const text = (page) => page.evaluate(() => window.quireEmbed.quill.getText());
const toolbarShown = (page) => page.evaluate(() => getComputedStyle(document.querySelector('#app > .ql-toolbar')).display !== 'none');
const notice = (page) => page.evaluate(() => {
  const element = document.getElementById('notice');
  return element.hidden ? null : element.textContent;
});

async function waitForText(page, needle, what) {
  await page.waitForFunction((needle) => window.quireEmbed.quill.getText().includes(needle), needle,
    { timeout: STEP_MS }).catch(async (e) => {
    throw new Error(`${what}: ${e.message}; the editor holds ${JSON.stringify(await text(page))}`);
  });
}

/** Clicks into a read-only editor and types; afterwards the page and the server must still hold `expected`. */
async function typeIntoReadOnly(page, words, expected, who) {
  await page.click('#editor .ql-editor');
  await page.keyboard.press('Control+End');
  await page.keyboard.type(words, { delay: TYPE_DELAY_MS });
  await page.waitForTimeout(SETTLE_MS);
  const shown = await text(page);
  check(shown === expected, `typing as ${who} changes nothing in the page: ${JSON.stringify(shown)}`);
  const stored = await serverText();
  check(stored === expected, `typing as ${who} changes nothing on the server: ${JSON.stringify(stored)}`);
}

/**
 * Waits until `page` shows a remote cursor whose flag reads `name`, with a visible caret; returns what it shows.
 * The label is read off the DOM quill-cursors draws (.ql-cursor-name), not off its records.
 */
async function remoteCursorLabelled(page, name, what) {
  const handle = await page.waitForFunction((name) => {
    for (const element of document.querySelectorAll('.ql-cursor')) {
      const label = element.querySelector('.ql-cursor-name');
      const caret = element.querySelector('.ql-cursor-caret-container');
      if (label && label.textContent === name && !element.classList.contains('hidden') && caret
        && caret.getBoundingClientRect().height > 0) {
        const cursor = window.quireEmbed.session.cursors.cursors().find((c) => `ql-cursor-${c.id}` === element.id);
        return { id: cursor && cursor.id, label: label.textContent, range: cursor && cursor.range };
      }
    }
    return null;
  }, name, { timeout: STEP_MS }).catch(async (e) => {
    const seen = await page.evaluate(() => Array.from(document.querySelectorAll('.ql-cursor .ql-cursor-name'), (n) => n.textContent));
    throw new Error(`${what}: ${e.message}; cursor labels shown: ${JSON.stringify(seen)}`);
  });
  return handle.jsonValue();
}

/** The names on the remote cursors a page shows, sorted. */
const cursorLabels = (page) => page.evaluate(() => Array.from(document.querySelectorAll('.ql-cursor .ql-cursor-name'),
  (n) => n.textContent).sort());

/** Waits until the remote cursors `page` shows carry exactly the names `expected`; returns them. */
async function awaitCursorLabels(page, expected, what) {
  const want = [...expected].sort();
  await page.waitForFunction((want) => JSON.stringify(Array.from(document.querySelectorAll('.ql-cursor .ql-cursor-name'),
    (n) => n.textContent).sort()) === JSON.stringify(want), want, { timeout: STEP_MS }).catch(async (e) => {
    throw new Error(`${what}: ${e.message}; cursor labels shown: ${JSON.stringify(await cursorLabels(page))}, expected ${JSON.stringify(want)}`);
  });
  return want;
}

// ------------------------------------------------------------------ the test

async function main() {
  mkdirSync(screenshots, { recursive: true });
  for (const old of readdirSync(screenshots)) {
    if (/^failure-roles-.*\.png$/.test(old)) rmSync(resolve(screenshots, old));
  }
  const { owner, newcomer, viewer, outsider } = setup.users;
  const original = setup.chapterText;
  check((await serverText()) === original, 'the chapter holds the owner\'s text before the browsers start');

  let t = Date.now();
  browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS, timeout: 30000 });
  harness.browser = browser;
  mark('launchMs', t);

  // 1. The newcomer follows the invite link, joins, and lands on the first chapter as a commenter: read-only.
  t = Date.now();
  const nina = await openPage('newcomer');
  await nina.goto(`${base}/invite/${encodeURIComponent(setup.invite)}?token=${encodeURIComponent(newcomer.token)}`);
  await nina.waitForSelector('#accept', { state: 'visible', timeout: STEP_MS });
  const invitation = await nina.textContent('#message');
  check(invitation.includes(setup.bookTitle), `the invite page names the book "${setup.bookTitle}": ${JSON.stringify(invitation)}`);
  check(new RegExp(`\\b${setup.inviteRole}\\b`).test(invitation), `the invite page names the role ${setup.inviteRole}: ${JSON.stringify(invitation)}`);
  await nina.screenshot({ path: resolve(screenshots, 'invite-page.png') });
  mark('invitePageMs', t);

  t = Date.now();
  const landing = `${base}/embed/${encodeURIComponent(setup.book)}/${encodeURIComponent(setup.chapter)}?token=${encodeURIComponent(newcomer.token)}`;
  await Promise.all([nina.waitForURL(landing, { timeout: STEP_MS }), nina.click('#accept')]);
  await ready(nina, { editable: false, states: ['read-only'] });
  mark('joinedAndOpenedMs', t);
  const newcomerView = {
    url: nina.url().replace(/token=[^&]+/, 'token=…'),
    role: await nina.evaluate(() => window.quireEmbed.access.role),
    who: await nina.textContent('#who'),
    toolbar: await toolbarShown(nina),
  };
  check(newcomerView.role === setup.inviteRole, `the embed page knows the newcomer is a ${setup.inviteRole}: ${newcomerView.role}`);
  check(newcomerView.who === newcomer.displayName, `the page shows the newcomer's name: ${newcomerView.who}`);
  check(!newcomerView.toolbar, 'a commenter has no toolbar');
  check((await text(nina)) === original, `the newcomer sees the owner's text: ${JSON.stringify(await text(nina))}`);
  const joined = await api(`/books/${encodeURIComponent(setup.book)}`, newcomer);
  check(joined.status === 200 && joined.body.myRole === setup.inviteRole,
    `the server made the newcomer a ${setup.inviteRole}: ${JSON.stringify(joined)}`);

  t = Date.now();
  await typeIntoReadOnly(nina, ' Nina tries to write.', original, 'the newcomer');
  mark('newcomerTypingIgnoredMs', t);
  await nina.screenshot({ path: resolve(screenshots, 'invite-read-only.png') });

  // 2. A real viewer and the owner on the same chapter: the owner's words and cursor reach the viewer.
  t = Date.now();
  const victor = await openPage('viewer');
  const olivia = await openPage('owner');
  await Promise.all([victor.goto(embedUrl(viewer)), olivia.goto(embedUrl(owner))]);
  await Promise.all([ready(victor, { editable: false, states: ['read-only'] }),
    ready(olivia, { editable: true, states: ['connected', 'saved'] })]);
  mark('viewerAndOwnerOpenMs', t);
  const viewerView = {
    role: await victor.evaluate(() => window.quireEmbed.access.role),
    who: await victor.textContent('#who'),
    toolbar: await toolbarShown(victor),
  };
  check(viewerView.role === 'viewer', `the embed page knows the viewer is a viewer: ${viewerView.role}`);
  check(viewerView.who === viewer.displayName, `the viewer's name comes from /api/v1/me: ${viewerView.who}`);
  check(!viewerView.toolbar, 'the viewer has no toolbar');
  check(await toolbarShown(olivia), 'the owner has a toolbar');
  check((await text(victor)) === original, 'the viewer sees the chapter');

  t = Date.now();
  const liveWords = ' Olivia adds a line while Victor watches.';
  await olivia.click('#editor .ql-editor');
  await olivia.keyboard.press('Control+End');
  await olivia.keyboard.type(liveWords, { delay: TYPE_DELAY_MS });
  await waitForText(victor, liveWords.trim(), 'the viewer to see the owner\'s live edit');
  mark('liveEditSeenMs', t);
  const edited = `${original.replace(/\n$/, '')}${liveWords}\n`;
  await olivia.waitForFunction(() => document.getElementById('status').dataset.state === 'saved', null, { timeout: STEP_MS });
  check((await text(olivia)) === edited, `the owner's editor holds ${JSON.stringify(await text(olivia))}`);
  await victor.waitForFunction((edited) => window.quireEmbed.quill.getText() === edited, edited, { timeout: STEP_MS });
  check((await serverText()) === edited, 'the server holds the owner\'s live edit');

  t = Date.now();
  // A caret move of the owner's own (typing moves it too, but the last presence must be a plain caret).
  await olivia.keyboard.press('Home');
  const ownerCaret = await olivia.evaluate(() => window.quireEmbed.quill.getSelection());
  const ownerCursor = await remoteCursorLabelled(victor, owner.displayName, 'the viewer to show the owner\'s cursor');
  await victor.waitForFunction((expected) => window.quireEmbed.session.cursors.cursors()
    .some((c) => c.name === expected.name && c.range && c.range.index === expected.index && c.range.length === expected.length),
  { name: owner.displayName, index: ownerCaret.index, length: ownerCaret.length }, { timeout: STEP_MS });
  mark('ownerCursorShownMs', t);
  // The newcomer, a commenter, is still on the chapter: commenters may show their cursor, so the viewer sees two.
  const viewerSees = await awaitCursorLabels(victor, [owner.displayName, newcomer.displayName],
    'the viewer to show the owner\'s and the commenter\'s cursors');
  await victor.evaluate((id) => window.quireEmbed.session.cursors.toggleFlag(id, true), ownerCursor.id);
  await victor.waitForTimeout(300); // the flag fades in
  await victor.screenshot({ path: resolve(screenshots, 'roles-viewer-live.png') });

  t = Date.now();
  await typeIntoReadOnly(victor, ' Victor cannot write.', edited, 'the viewer');
  check((await text(olivia)) === edited, 'the owner saw nothing of the viewer\'s typing');
  // The viewer clicked and typed in the chapter, but a viewer may not show a cursor: the owner sees the commenter's.
  const ownerSees = await awaitCursorLabels(olivia, [newcomer.displayName],
    'the owner to show the commenter\'s cursor and not the viewer\'s');
  await victor.goto(embedUrl(viewer, 'not-started'));
  await ready(victor, { editable: false, states: ['read-only'] });
  const notStarted = await victor.waitForFunction(() => {
    const element = document.getElementById('notice');
    return !element.hidden && element.textContent;
  }, null, { timeout: STEP_MS }).then((h) => h.jsonValue());
  check(!(await serverHasDocument('not-started')), 'a viewer does not create a missing chapter');
  mark('viewerChecksMs', t);

  // 3. An outsider: a valid token, no role in the book.
  t = Date.now();
  const oscar = await openPage('outsider');
  await oscar.goto(embedUrl(outsider));
  await oscar.waitForFunction(() => {
    const element = document.getElementById('notice');
    return window.quireEmbed && !element.hidden && document.getElementById('status').dataset.state === 'error';
  }, null, { timeout: STEP_MS }).catch(async (e) => {
    throw new Error(`the outsider's page shows no error: ${e.message}; status `
      + `${await oscar.evaluate(() => document.getElementById('status').dataset.state)}, notice ${JSON.stringify(await notice(oscar))}`);
  });
  const outsiderView = {
    notice: await notice(oscar),
    status: await oscar.textContent('#status .label'),
    editable: await oscar.evaluate(() => document.querySelector('#editor .ql-editor').isContentEditable),
    editorText: await text(oscar),
    pageText: await oscar.evaluate(() => document.body.innerText),
  };
  mark('outsiderRefusedMs', t);
  log(`the outsider sees: ${JSON.stringify(outsiderView.notice)}`);
  check(!outsiderView.editable, 'the outsider\'s editor is read-only');
  check(outsiderView.editorText.trim() === '', `the outsider's editor is empty: ${JSON.stringify(outsiderView.editorText)}`);
  for (const words of [original.trim(), liveWords.trim()]) {
    check(!outsiderView.pageText.includes(words), `the outsider's page shows none of the chapter ("${words}")`);
  }
  // The page shows the subscribe refusal as it shows any failure to open: "The chapter could not be opened: " and the
  // server's ERR_ACCESS_DENIED message, in the notice and in the status line.
  check(/could not be opened/.test(outsiderView.notice), `the notice says the chapter could not be opened: ${JSON.stringify(outsiderView.notice)}`);
  check(outsiderView.notice.includes(`${outsider.displayName} is not a member of book "${setup.book}"`),
    `the notice gives the server's reason: ${JSON.stringify(outsiderView.notice)}`);
  check(outsiderView.status === outsiderView.notice, `the status line says the same: ${JSON.stringify(outsiderView.status)}`);
  await oscar.screenshot({ path: resolve(screenshots, 'roles-outsider.png') });

  // 4. A bad invite link shows what the server says about it.
  t = Date.now();
  const expected = await api('/invites/nonsense', newcomer);
  check(expected.status === 404 && expected.body.error && expected.body.error.message,
    `the server refuses an unknown invite: ${JSON.stringify(expected)}`);
  await nina.goto(`${base}/invite/nonsense?token=${encodeURIComponent(newcomer.token)}`);
  await nina.waitForFunction((message) => document.getElementById('message').textContent === message,
    expected.body.error.message, { timeout: STEP_MS }).catch(async (e) => {
    throw new Error(`the bad invite page does not show "${expected.body.error.message}": ${e.message}; it shows `
      + `${JSON.stringify(await nina.textContent('#message'))}`);
  });
  check(await nina.isHidden('#accept'), 'a bad invite offers no "Join" button');
  mark('badInviteMs', t);

  const finalText = await serverText();
  check(finalText === edited, `the server ends with the owner's text and live edit only: ${JSON.stringify(finalText)}`);
  check(pageErrors.length === 0, `no uncaught errors in the pages: ${pageErrors.join('; ')}`);
  clearTimeout(harness.overall);
  await finish(0, {
    ok: true,
    script: 'invite-and-roles',
    invitation,
    newcomer: newcomerView,
    viewer: { ...viewerView, ownerCursor, cursorsShown: viewerSees, notStarted },
    owner: { cursorsShown: ownerSees },
    outsider: { notice: outsiderView.notice, status: outsiderView.status, editable: outsiderView.editable },
    badInvite: { message: expected.body.error.message },
    text: finalText,
    screenshots,
    timings: { ...timings, totalMs: Date.now() - started },
  });
}

main().catch((error) => harness.fail(error, 'failure-roles'));
