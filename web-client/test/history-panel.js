#!/usr/bin/env node
// history-panel.js BASE_URL [--screenshots=DIR] [--chromium=/usr/bin/chromium] [--timeout=SECONDS]
//
// The history panel and the authorship colours of the embed page (src/history/) in a real browser (Debian's
// Chromium via playwright-core) against a running Quire server in local mode, on a fresh data folder:
//   1. Alice (1280x800) and Bob (390x844, a phone) get tokens from the local admin and are made editors of
//      "histbook"; both open /embed/histbook/ch1; Alice types a line, then Bob adds one, then Alice another;
//   2. Alice opens History: the sessions list names both authors, each with a relative time;
//   3. the version slider, moved with the keyboard and then to the version after Alice's first line, shows that
//      earlier text in the preview; a click on Bob's session shows his words marked as inserted;
//   4. Alice labels the version, and the label is listed; a viewer (Carol) sees the panel without any action;
//   5. the authorship toggle colours the live text in two colours, with Alice and Bob in the legend, and switches
//      off cleanly;
//   6. "Restore this version" brings the earlier text back in both pages and on the server (…/content?format=text).
// Screenshots: history-panel.png, history-panel-phone.png, authorship-colours.png. The last stdout line is a JSON
// summary with "ok".
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, startHarness } from './lib/harness.js';

const BOOK = 'histbook';
const CHAPTER = 'ch1';
const STEP_MS = 15000;
const TYPE_DELAY_MS = 10;
const FIRST = 'Alice opens the chapter.';
const SECOND = ' Bob adds his part.';
const THIRD = ' Alice closes it.';

const harness = startHarness('history-panel');
const { flags, base, screenshots, executablePath, started, timings, log, mark, bounded, check } = harness;
const finish = harness.finish;
let browser = null;

// ------------------------------------------------------------------ REST as the local admin

async function api(method, path, body, okStatuses = [200, 201]) {
  const response = await bounded(fetch(`${base}/api/v1${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }), STEP_MS, `${method} ${path}`);
  const raw = await response.text();
  if (!okStatuses.includes(response.status)) throw new Error(`${method} ${path}: ${response.status} ${raw}`);
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

async function signIn(userId, displayName, role) {
  await api('POST', `/books/${BOOK}/members`, { userId, displayName, role }, [201, 409]);
  return (await api('POST', '/local-tokens', { userId, displayName })).token;
}

const chapterPath = `/books/${BOOK}/chapters/${CHAPTER}`;
async function serverHead() {
  const answer = await api('GET', `${chapterPath}/revisions?group=ops&limit=1`);
  return answer.revisions[0].toVersion + 1;
}

// ------------------------------------------------------------------ pages

const pageErrors = harness.pageErrors;

async function openPage(context, name, token) {
  const page = await context.newPage();
  harness.watch(page, name, STEP_MS);
  await page.goto(`${base}/embed/${BOOK}/${CHAPTER}?token=${token}`);
  return page;
}

async function ready(page, editable = true) {
  await page.waitForFunction((editable) => {
    const editor = document.querySelector('#editor .ql-editor');
    const status = document.getElementById('status');
    return window.quireEmbed && window.quireEmbed.session.loaded && editor && editor.isContentEditable === editable
      && ['connected', 'saved', 'read-only'].includes(status.dataset.state);
  }, editable, { timeout: STEP_MS });
}

const text = (page) => page.evaluate(() => window.quireEmbed.quill.getText());

async function waitFor(page, fn, arg, what) {
  return page.waitForFunction(fn, arg, { timeout: STEP_MS }).catch((e) => {
    throw new Error(`${what}: ${e.message}`);
  });
}

/** Types at the end of the chapter and waits until the page has nothing pending and `other` shows it. */
async function typeAtEnd(page, other, words) {
  await page.click('#editor .ql-editor');
  await page.keyboard.press('Control+End');
  await page.keyboard.type(words, { delay: TYPE_DELAY_MS });
  await waitFor(page, () => !window.quireEmbed.session.doc.hasWritePending(), null, 'the typing to be saved');
  await waitFor(other, (w) => window.quireEmbed.quill.getText().includes(w), words, `the other page to show "${words}"`);
}

const previewText = (page) => page.evaluate(() => window.quireEmbed.history.panel.preview.text());

// ------------------------------------------------------------------ the test

async function main() {
  mkdirSync(screenshots, { recursive: true });
  await api('POST', '/books', { id: BOOK, title: 'History book' }, [201, 409]);
  const [aliceToken, bobToken, carolToken] = await Promise.all([
    signIn('alice', 'Alice', 'editor'), signIn('bob', 'Bob', 'editor'), signIn('carol', 'Carol', 'viewer')]);

  let t = Date.now();
  browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS, timeout: 30000 });
  harness.browser = browser;
  mark('launchMs', t);
  const aliceContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const bobContext = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });

  // 1. Alice starts the chapter (her page creates it), then the two type in turns.
  t = Date.now();
  const alice = await openPage(aliceContext, 'alice', aliceToken);
  await ready(alice);
  const bob = await openPage(bobContext, 'bob', bobToken);
  await ready(bob);
  await typeAtEnd(alice, bob, FIRST);
  const afterFirst = await serverHead();
  await typeAtEnd(bob, alice, SECOND);
  await typeAtEnd(alice, bob, THIRD);
  const head = await serverHead();
  mark('typedInTurnsMs', t);
  const firstText = `${FIRST}\n`;
  check((await text(alice)) === `${FIRST}${SECOND}${THIRD}\n`, `Alice's page holds all three parts: ${JSON.stringify(await text(alice))}`);
  log(`version after Alice's first line: ${afterFirst}; head: ${head}`);

  // 2. History: the sessions name both authors.
  t = Date.now();
  await alice.click('.quire-history-toggle');
  await waitFor(alice, () => {
    const names = [...document.querySelectorAll('.quire-history-session .quire-history-who')].map((n) => n.textContent);
    return names.includes('Alice') && names.includes('Bob');
  }, null, 'the sessions list to name Alice and Bob');
  const sessions = await alice.$$eval('.quire-history-session', (buttons) => buttons.map((b) => ({
    who: b.querySelector('.quire-history-who').textContent,
    when: b.querySelector('.quire-history-when').textContent,
    counts: b.querySelector('.quire-history-counts').textContent,
    from: Number(b.dataset.from),
    to: Number(b.dataset.to),
  })));
  log('sessions:', JSON.stringify(sessions));
  check(sessions.length >= 3, `three or more sessions (${sessions.length})`);
  check(sessions[0].who === 'Alice' && sessions[1].who === 'Bob', 'newest first: Alice, then Bob');
  check(sessions.every((s) => s.when), 'each session has a time');
  await waitFor(alice, (head) => document.querySelector('.quire-history').dataset.shownVersion === String(head),
    head, 'the panel to show the head first');
  check((await previewText(alice)) === `${FIRST}${SECOND}${THIRD}\n`, 'the preview starts at the chapter now');
  mark('sessionsListedMs', t);

  // 3. The slider: one step back with the keyboard, then to the version after Alice's first line.
  t = Date.now();
  await alice.focus('#quire-history-slider');
  await alice.keyboard.press('ArrowLeft');
  await waitFor(alice, (v) => document.querySelector('.quire-history').dataset.shownVersion === String(v),
    head - 1, 'ArrowLeft to show the version before the head');
  await alice.locator('#quire-history-slider').fill(String(afterFirst));
  await waitFor(alice, (v) => document.querySelector('.quire-history').dataset.shownVersion === String(v),
    afterFirst, `the slider to show version ${afterFirst}`);
  const earlier = await previewText(alice);
  check(earlier === firstText, `the preview at version ${afterFirst} holds only Alice's first line: ${JSON.stringify(earlier)}`);
  mark('sliderShowsEarlierMs', t);

  t = Date.now();
  await alice.click('.quire-history-session[data-author="bob"]');
  await waitFor(alice, () => document.querySelector('.quire-history').dataset.shown === 'session', null, 'Bob\'s session to show');
  const inserted = await alice.$$eval('.quire-history-preview-body .quire-diff-ins', (nodes) => nodes.map((n) => n.textContent).join(''));
  check(inserted === SECOND, `Bob's words are marked as inserted: ${JSON.stringify(inserted)}`);
  mark('sessionDiffMs', t);

  // 4. A label on the earlier version; back to it on the slider.
  t = Date.now();
  await alice.locator('#quire-history-slider').fill(String(afterFirst));
  await waitFor(alice, (v) => document.querySelector('.quire-history').dataset.shownVersion === String(v)
    && document.querySelector('.quire-history').dataset.shown === 'version', afterFirst, 'the slider back on the earlier version');
  await alice.fill('.quire-history-label-name', 'first draft');
  await alice.click('.quire-history-label');
  await waitFor(alice, (v) => [...document.querySelectorAll('.quire-history-label-item')]
    .some((b) => b.dataset.name === 'first draft' && b.dataset.version === String(v)), afterFirst, 'the label to be listed');
  const labels = await api('GET', `${chapterPath}/labels`);
  check(labels.labels.some((l) => l.name === 'first draft' && l.version === afterFirst), 'the server has the label');
  mark('labelMs', t);
  await alice.screenshot({ path: resolve(screenshots, 'history-panel.png') });

  // Bob's phone: the panel is a full-height sheet.
  await bob.click('.quire-history-toggle');
  await waitFor(bob, () => document.querySelectorAll('.quire-history-session').length >= 3, null, 'Bob\'s panel to list sessions');
  const sheet = await bob.evaluate(() => {
    const r = document.querySelector('.quire-history').getBoundingClientRect();
    return { width: r.width, height: r.height, vw: innerWidth, vh: innerHeight };
  });
  check(sheet.width === sheet.vw && sheet.height === sheet.vh, `on a phone the panel fills the screen: ${JSON.stringify(sheet)}`);
  await bob.screenshot({ path: resolve(screenshots, 'history-panel-phone.png') });
  await bob.click('.quire-history-close');

  // A viewer reads the history but is offered no action.
  t = Date.now();
  const carol = await openPage(await browser.newContext({ viewport: { width: 1280, height: 800 } }), 'carol', carolToken);
  await ready(carol, false);
  await carol.click('.quire-history-toggle');
  await waitFor(carol, () => document.querySelectorAll('.quire-history-session').length >= 3, null, 'Carol\'s panel to list sessions');
  check(await carol.evaluate(() => document.querySelector('.quire-history-actions').hidden
    && !document.querySelector('.quire-history-actions').getClientRects().length), 'a viewer sees no actions');
  await carol.context().close();
  mark('viewerReadOnlyMs', t);

  // 5. Authorship colours on Alice's page (panel closed), two colours and both names; then off again.
  t = Date.now();
  await alice.click('.quire-history-close');
  await alice.click('.quire-authorship-toggle');
  await waitFor(alice, () => document.querySelector('.quire-authorship-legend').dataset.state === 'ready', null, 'the legend');
  const colours = await alice.evaluate(() => ({
    legend: [...document.querySelectorAll('.quire-legend-item')].map((n) => ({ name: n.textContent, colour: n.firstChild.style.background })),
    highlights: [...CSS.highlights.keys()].filter((k) => k.startsWith('quire-author-'))
      .map((k) => ({ name: k, text: [...CSS.highlights.get(k)].map((r) => r.toString()).join('|') })),
  }));
  log('authorship:', JSON.stringify(colours));
  check(colours.legend.map((l) => l.name).sort().join() === 'Alice,Bob', `the legend names Alice and Bob: ${JSON.stringify(colours.legend)}`);
  check(new Set(colours.legend.map((l) => l.colour)).size === 2, 'two colours in the legend');
  check(colours.highlights.length === 2, `two highlights drawn: ${JSON.stringify(colours.highlights)}`);
  check(colours.highlights.some((h) => h.text === SECOND), 'Bob\'s words are one highlight');
  check(colours.highlights.some((h) => h.text.includes(FIRST) && h.text.includes(THIRD.trim())), 'Alice\'s words the other');
  mark('authorshipMs', t);
  await alice.screenshot({ path: resolve(screenshots, 'authorship-colours.png') });
  await alice.click('.quire-authorship-toggle');
  check(await alice.evaluate(() => document.querySelector('.quire-authorship-legend').hidden
    && ![...CSS.highlights.keys()].some((k) => k.startsWith('quire-author-'))), 'the colours switch off cleanly');

  // 6. Restore the earlier version: both pages and the server read Alice's first line only.
  t = Date.now();
  await alice.click('.quire-history-toggle');
  await waitFor(alice, () => document.querySelector('.quire-history').dataset.shown === 'version', null, 'the panel to open');
  await alice.locator('#quire-history-slider').fill(String(afterFirst));
  await waitFor(alice, (v) => document.querySelector('.quire-history').dataset.shownVersion === String(v), afterFirst, 'the earlier version');
  await alice.click('.quire-history-restore');
  for (const [page, who] of [[alice, 'Alice'], [bob, 'Bob']]) {
    await waitFor(page, (t) => window.quireEmbed.quill.getText() === t, firstText, `${who}'s editor to show the restored text`);
  }
  const serverText = await api('GET', `${chapterPath}/content?format=text`);
  check(serverText.trim() === FIRST, `the server reads the restored text: ${JSON.stringify(serverText)}`);
  mark('restoreMs', t);

  // The restore joins Alice's newest session (hers, within a minute): that session's change now strikes Bob's words
  // through (her own closing words came and went inside the session, so they are not part of its change).
  t = Date.now();
  await waitFor(alice, () => {
    const first = document.querySelector('.quire-history-session');
    return first && first.dataset.to === document.querySelector('#quire-history-slider').max;
  }, null, 'the newest session to reach the restore');
  await alice.click('.quire-history-session');
  await waitFor(alice, () => document.querySelector('.quire-history').dataset.shown === 'session', null, 'the restore\'s change');
  const deleted = await alice.$$eval('.quire-history-preview-body .quire-diff-del', (nodes) => nodes.map((n) => n.textContent).join(''));
  check(deleted === SECOND, `the session's change strikes through Bob's words: ${JSON.stringify(deleted)}`);
  const struck = await alice.$eval('.quire-history-preview-body .quire-diff-del', (n) => getComputedStyle(n).textDecorationLine);
  check(struck.includes('line-through'), `deleted text is struck through (${struck})`);
  mark('restoreDiffMs', t);

  // The live editor is still live after a restore: Bob types, Alice sees it; then Alice reverts Bob's new words.
  t = Date.now();
  const beforeBobAgain = await serverHead();
  await typeAtEnd(bob, alice, ' Bob again.');
  await waitFor(alice, (v) => Number(document.querySelector('#quire-history-slider').max) > v, beforeBobAgain,
    'the panel to learn the new head');
  await alice.locator('#quire-history-slider').fill(String(beforeBobAgain));
  await waitFor(alice, (v) => document.querySelector('.quire-history').dataset.shownVersion === String(v)
    && document.querySelector('.quire-history').dataset.shown === 'version', beforeBobAgain, 'the version before Bob typed again');
  await alice.selectOption('.quire-history-author', 'bob');
  await alice.click('.quire-history-revert');
  for (const [page, who] of [[alice, 'Alice'], [bob, 'Bob']]) {
    await waitFor(page, (t) => window.quireEmbed.quill.getText() === t, firstText, `${who}'s editor to lose Bob's reverted words`);
  }
  const afterRevert = await api('GET', `${chapterPath}/content?format=text`);
  check(afterRevert === serverText, `the server has Bob's words reverted: ${JSON.stringify(afterRevert)}`);
  mark('revertAuthorMs', t);

  check(pageErrors.length === 0, `no uncaught errors in the pages: ${pageErrors.join('; ')}`);
  clearTimeout(harness.overall);
  await finish(0, {
    ok: true,
    script: 'history-panel',
    sessions: sessions.map((s) => s.who),
    earlierVersion: afterFirst,
    head,
    legend: colours.legend.map((l) => l.name),
    restoredText: serverText,
    screenshots,
    timings: { ...timings, totalMs: Date.now() - started },
  });
}

main().catch((error) => harness.fail(error, 'history-failure'));
