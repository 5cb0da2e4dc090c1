#!/usr/bin/env node
// app-shell.js BASE_URL [--screenshots=DIR] [--chromium=/usr/bin/chromium] [--timeout=SECONDS]
//
// The app shell ("Your books" at / and the book page /books/BOOK/CHAPTER) in a real browser (Debian's Chromium,
// driven by playwright-core) against a running Quire server at BASE_URL, in local mode, on a fresh data folder.
// Three people get tokens from local mode's token endpoint (the admin asks): Olivia (owner), Eddie (editor), Vera
// (viewer). Checks, in order:
//   1. Olivia opens /?token=...: her name shows; she creates a book from the form and lands on its (empty) page;
//   2. she adds two chapters in the sidebar, renames the second, and drags it above the first: the server's order
//      (GET /api/v1/books/BOOK) follows; she types in a chapter and the server has the text;
//   3. Eddie and Vera are added as members through the API; Eddie opens the book page: he sees the text, the edit
//      controls (no delete: he is not an owner), and Olivia in "who is here"; his typing reaches Olivia;
//   4. Vera opens it at phone width: a read-only editor without toolbar and no edit controls; the sidebar is a drawer;
//   5. Olivia's Members dialog lists the three and makes an invite link; "Your books" lists the book with its role
//      and chapter count.
// Screenshots in DIR: app-books.png, app-book-two-people.png, app-members.png, app-phone.png, app-phone-sidebar.png.
// Diagnostics go to stderr; the last stdout line is a JSON summary with "ok".
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, startHarness } from './lib/harness.js';

const STEP_MS = 15000;
const TYPE_DELAY_MS = 12;

const harness = startHarness('app-shell');
const { flags, base, screenshots, executablePath, started, timings, log, mark, bounded, check } = harness;
const finish = harness.finish;
let browser = null;

// ------------------------------------------------------------------ the API, as the test sees it

async function call(token, method, path, body, okStatuses = [200, 201, 204]) {
  const headers = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await bounded(fetch(`${base}/api/v1${path}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  }), STEP_MS, `${method} ${path}`);
  const text = await response.text();
  if (!okStatuses.includes(response.status)) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? (response.headers.get('content-type') || '').includes('json') ? JSON.parse(text) : text : null;
}

const signIn = async (userId, displayName) => (await call(null, 'POST', '/local-tokens', { userId, displayName })).token;

// ------------------------------------------------------------------ page helpers

const pageErrors = harness.pageErrors;
const confirmations = [];

async function openPage(context, name) {
  const page = await context.newPage();
  harness.watch(page, name, STEP_MS);
  // Confirmations (delete a chapter, remove a member) are recorded and accepted.
  page.on('dialog', (dialog) => {
    confirmations.push(dialog.message());
    dialog.accept().catch(() => {});
  });
  return page;
}

/** Waits until the book page has loaded its chapter, the editor is (not) editable and the status is settled. */
async function ready(page, { editable = true } = {}) {
  const states = editable ? ['connected', 'saved'] : ['read-only', 'connected'];
  await page.waitForFunction(({ editable, states }) => {
    const editor = document.querySelector('#editor .ql-editor');
    const status = document.getElementById('status');
    return window.quireEmbed && window.quireEmbed.session.loaded && editor && editor.isContentEditable === editable
      && states.includes(status.dataset.state);
  }, { editable, states }, { timeout: STEP_MS });
}

const editorText = (page) => page.evaluate(() => window.quireEmbed.quill.getText());

async function waitForText(page, needle, what) {
  await page.waitForFunction((needle) => window.quireEmbed && window.quireEmbed.quill.getText().includes(needle), needle,
    { timeout: STEP_MS }).catch(async (e) => {
    throw new Error(`${what}: ${e.message}; the editor holds ${JSON.stringify(await editorText(page).catch(() => null))}`);
  });
}

const hereNames = (page) => page.$$eval('#here .person .name', (names) => names.map((n) => n.textContent));

async function waitForPerson(page, name, what) {
  await page.waitForFunction((name) => [...document.querySelectorAll('#here .person .name')]
    .some((n) => n.textContent === name), name, { timeout: STEP_MS }).catch(async (e) => {
    throw new Error(`${what}: ${e.message}; "who is here" shows ${JSON.stringify(await hereNames(page))}`);
  });
}

const sidebarTitles = (page) => page.$$eval('#chapters li.chapter .title', (titles) => titles.map((t) => t.textContent));

// ------------------------------------------------------------------ the test

async function main() {
  mkdirSync(screenshots, { recursive: true });
  for (const old of readdirSync(screenshots)) {
    if (/^failure-app-.*\.png$/.test(old)) rmSync(resolve(screenshots, old));
  }
  const [oliviaToken, eddieToken, veraToken] = await Promise.all([
    signIn('olivia', 'Olivia Owner'), signIn('eddie', 'Eddie Editor'), signIn('vera', 'Vera Viewer')]);

  let t = Date.now();
  browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS, timeout: 30000 });
  harness.browser = browser;
  mark('launchMs', t);
  const olivia = await openPage(await browser.newContext({ viewport: { width: 1280, height: 800 } }), 'olivia');

  // 1. "Your books": the token is taken from the address and kept; a book is made from the form.
  t = Date.now();
  await olivia.goto(`${base}/?token=${oliviaToken}`);
  await olivia.waitForSelector('#books[aria-busy="false"]', { state: 'attached' });
  await olivia.waitForSelector('#user .user-name');
  check((await olivia.textContent('#user .user-name')) === 'Olivia Owner', 'the list page shows the user\'s name');
  check((await olivia.textContent('#user .mode')) === 'Local mode', 'the list page says "Local mode"');
  check(!olivia.url().includes('token='), `the token left the address (${olivia.url()})`);
  await olivia.fill('#new-book-title', 'The Lighthouse');
  await olivia.click('#create-book button[type="submit"]');
  await olivia.waitForURL(/\/books\/[^/]+$/);
  const bookId = decodeURIComponent(new URL(olivia.url()).pathname.split('/')[2]);
  await olivia.waitForSelector('#add-chapter:not([hidden])');
  check((await olivia.textContent('#book-title')) === 'The Lighthouse', 'the book page shows the new book\'s title');
  mark('createBookMs', t);
  log(`book ${bookId}`);

  // 2. Two chapters, a rename, a drag, and some text.
  t = Date.now();
  await olivia.fill('#new-chapter-title', 'Arrival');
  await olivia.click('#add-chapter button');
  await olivia.waitForURL(/\/books\/[^/]+\/[^/]+$/); // the first chapter opens
  await ready(olivia);
  await olivia.fill('#new-chapter-title', 'Departure');
  await olivia.click('#add-chapter button');
  await olivia.waitForFunction(() => document.querySelectorAll('#chapters li.chapter').length === 2);
  const [first, second] = await olivia.$$eval('#chapters li.chapter', (items) => items.map((i) => i.dataset.id));
  mark('addChaptersMs', t);

  t = Date.now();
  await olivia.click(`#chapters li[data-id="${second}"] button.rename`);
  await olivia.fill('#chapters input.rename-input', 'The Storm');
  await olivia.press('#chapters input.rename-input', 'Enter');
  await olivia.waitForFunction(() => [...document.querySelectorAll('#chapters .title')].some((t) => t.textContent === 'The Storm'));
  let server = await call(oliviaToken, 'GET', `/books/${encodeURIComponent(bookId)}`);
  check(server.chapters.find((c) => c.id === second)?.title === 'The Storm', `the server has the new title (${JSON.stringify(server.chapters)})`);
  mark('renameMs', t);

  t = Date.now();
  await olivia.dragAndDrop(`#chapters li[data-id="${second}"] .grip`, `#chapters li[data-id="${first}"]`,
    { targetPosition: { x: 40, y: 4 } });
  await olivia.waitForSelector('#chapters[data-saved]');
  server = await call(oliviaToken, 'GET', `/books/${encodeURIComponent(bookId)}`);
  const order = server.chapters.map((c) => c.id);
  check(order.join() === [second, first].join(), `the server's order follows the drag (${order}, expected ${second},${first})`);
  check((await sidebarTitles(olivia)).join('|') === 'The Storm|Arrival', `the sidebar shows the new order (${await sidebarTitles(olivia)})`);
  mark('dragReorderMs', t);

  // The same by keyboard: Alt+↓ then Alt+↑ on the focused chapter, the server's order checked after each.
  t = Date.now();
  const orderAfterKey = async (key) => {
    const saved = await olivia.$eval('#chapters', (list) => list.dataset.saved);
    await olivia.keyboard.press(key);
    await olivia.waitForFunction((saved) => document.getElementById('chapters').dataset.saved !== saved, saved);
    return (await call(oliviaToken, 'GET', `/books/${encodeURIComponent(bookId)}`)).chapters.map((c) => c.id).join();
  };
  await olivia.focus(`#chapters li[data-id="${second}"] .chapter-link`);
  check((await orderAfterKey('Alt+ArrowDown')) === [first, second].join(), 'Alt+↓ moves the chapter down');
  check((await orderAfterKey('Alt+ArrowUp')) === [second, first].join(), 'Alt+↑ moves it back up');
  mark('keyboardReorderMs', t);

  // An owner deletes a chapter after a confirmation (the page's dialogs are accepted).
  t = Date.now();
  await olivia.fill('#new-chapter-title', 'Scrap');
  await olivia.click('#add-chapter button');
  await olivia.waitForFunction(() => document.querySelectorAll('#chapters li.chapter').length === 3);
  const scrap = await olivia.$eval('#chapters li.chapter:last-child', (item) => item.dataset.id);
  await olivia.click(`#chapters li[data-id="${scrap}"] button.delete`);
  await olivia.waitForFunction(() => document.querySelectorAll('#chapters li.chapter').length === 2);
  server = await call(oliviaToken, 'GET', `/books/${encodeURIComponent(bookId)}`);
  check(server.chapters.map((c) => c.id).join() === order.join(), `the deleted chapter is gone from the server (${JSON.stringify(server.chapters)})`);
  check(confirmations.some((m) => m.includes('Scrap')), `the delete asked first (${JSON.stringify(confirmations)})`);
  mark('deleteChapterMs', t);

  t = Date.now();
  await olivia.click('#editor .ql-editor');
  await olivia.keyboard.type('The keeper lit the lamp at dusk.', { delay: TYPE_DELAY_MS });
  await olivia.waitForFunction(() => document.getElementById('status').dataset.state === 'saved');
  const content = await call(oliviaToken, 'GET', `/books/${encodeURIComponent(bookId)}/chapters/${encodeURIComponent(first)}/content?format=text`);
  check(String(content).includes('The keeper lit the lamp at dusk.'), `the server has Olivia's text (${JSON.stringify(content)})`);
  mark('typeMs', t);

  // 3. Members through the API; Eddie the editor opens the book page.
  await call(oliviaToken, 'POST', `/books/${encodeURIComponent(bookId)}/members`, { userId: 'eddie', displayName: 'Eddie Editor', role: 'editor' });
  await call(oliviaToken, 'POST', `/books/${encodeURIComponent(bookId)}/members`, { userId: 'vera', displayName: 'Vera Viewer', role: 'viewer' });
  t = Date.now();
  const eddie = await openPage(await browser.newContext({ viewport: { width: 1280, height: 800 } }), 'eddie');
  await eddie.goto(`${base}/books/${encodeURIComponent(bookId)}/${encodeURIComponent(first)}?token=${eddieToken}`);
  await ready(eddie);
  await waitForText(eddie, 'The keeper lit the lamp at dusk.', 'Eddie to see Olivia\'s text');
  await waitForPerson(eddie, 'Olivia Owner', 'Eddie to see Olivia in "who is here"');
  await waitForPerson(olivia, 'Eddie Editor', 'Olivia to see Eddie in "who is here"');
  check(await eddie.isVisible('#add-chapter'), 'an editor may add chapters');
  check((await eddie.$$('#chapters button.rename')).length === 2, 'an editor may rename chapters');
  check((await eddie.$$('#chapters button.delete')).length === 0, 'an editor may not delete chapters');
  check(!(await eddie.isVisible('#members-button')), 'an editor does not manage members');
  await eddie.click('#editor .ql-editor');
  await eddie.keyboard.press('Control+End');
  await eddie.keyboard.type(' Eddie rowed out.', { delay: TYPE_DELAY_MS });
  await waitForText(olivia, 'Eddie rowed out.', 'Olivia to see Eddie\'s typing');
  const eddieSaw = await hereNames(eddie);
  mark('editorJoinsMs', t);

  // The chapter's history is on the book page too: Olivia's panel lists her and Eddie as authors.
  t = Date.now();
  await olivia.click('.quire-history-toggle');
  await olivia.waitForFunction(() => {
    const names = [...document.querySelectorAll('.quire-history-session .quire-history-who')].map((n) => n.textContent);
    return names.includes('Olivia Owner') && names.includes('Eddie Editor');
  }, null, { timeout: STEP_MS }).catch(async (e) => {
    const names = await olivia.$$eval('.quire-history-session .quire-history-who', (n) => n.map((x) => x.textContent));
    throw new Error(`the book page's history panel to list Olivia and Eddie: ${e.message}; listed ${JSON.stringify(names)}`);
  });
  await olivia.click('.quire-history-toggle');
  mark('historyOnBookPageMs', t);
  await olivia.screenshot({ path: resolve(screenshots, 'app-book-two-people.png') });

  // 4. Vera the viewer, on a phone.
  t = Date.now();
  const vera = await openPage(await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2,
    isMobile: true, hasTouch: true }), 'vera');
  await vera.goto(`${base}/books/${encodeURIComponent(bookId)}/${encodeURIComponent(first)}?token=${veraToken}`);
  await ready(vera, { editable: false });
  await waitForText(vera, 'Eddie rowed out.', 'Vera to see the text');
  check(!(await vera.isVisible('#add-chapter')), 'a viewer has no "add chapter"');
  check((await vera.$$('#chapters button.rename, #chapters button.delete, #chapters .grip')).length === 0, 'a viewer has no chapter controls');
  check(!(await vera.isVisible('#members-button')), 'a viewer has no Members button');
  check(!(await vera.isVisible('.ql-toolbar')), 'a viewer has no toolbar');
  check(await vera.evaluate(() => !document.querySelector('#chapters li.chapter').draggable), 'a viewer cannot drag chapters');
  check(!(await vera.isVisible('#sidebar .back')), 'at phone width the sidebar is closed');
  await vera.screenshot({ path: resolve(screenshots, 'app-phone.png') });
  await vera.click('#menu');
  await vera.waitForFunction(() => {
    const box = document.getElementById('sidebar').getBoundingClientRect();
    return box.left >= 0 && box.width > 0;
  });
  await vera.waitForTimeout(250); // the drawer's slide
  await vera.screenshot({ path: resolve(screenshots, 'app-phone-sidebar.png') });
  await vera.mouse.click(370, 400); // the scrim beside the drawer closes it
  await vera.waitForFunction(() => getComputedStyle(document.getElementById('sidebar')).visibility === 'hidden');
  mark('viewerPhoneMs', t);

  // 5. Members and invites; the list of books.
  t = Date.now();
  await olivia.click('#members-button');
  await olivia.waitForFunction(() => document.querySelectorAll('#member-table tr').length === 3);
  const members = await olivia.$$eval('#member-table tr', (rows) => rows.map((r) => ({
    user: r.dataset.user, role: r.querySelector('select').value })));
  check(JSON.stringify(members.map((m) => `${m.user}:${m.role}`).sort()) === JSON.stringify(['eddie:editor', 'olivia:owner', 'vera:viewer']),
    `the dialog lists the members (${JSON.stringify(members)})`);
  await olivia.selectOption('#member-table tr[data-user="vera"] select', 'commenter');
  await olivia.waitForFunction(() => document.querySelector('#members-message').textContent.includes('Vera Viewer is now a commenter'));
  const veraNow = (await call(oliviaToken, 'GET', `/books/${encodeURIComponent(bookId)}/members`)).members.find((m) => m.userId === 'vera');
  check(veraNow.role === 'commenter', `the role change reached the server (${JSON.stringify(veraNow)})`);
  await olivia.selectOption('#invite-role', 'commenter');
  await olivia.click('#invite-form button[type="submit"]');
  await olivia.waitForSelector('#invite-result:not([hidden])');
  const inviteUrl = await olivia.inputValue('#invite-url');
  check(/\/invite\/[^/]+$/.test(inviteUrl), `an invite link is shown (${inviteUrl})`);
  await olivia.screenshot({ path: resolve(screenshots, 'app-members.png') });
  await olivia.keyboard.press('Escape');
  mark('membersMs', t);

  t = Date.now();
  await olivia.goto(`${base}/`); // no token in the address: the tab kept it
  await olivia.waitForSelector(`#books li[data-id="${bookId}"]`);
  const card = await olivia.textContent(`#books li[data-id="${bookId}"]`);
  check(card.includes('The Lighthouse') && card.includes('owner') && card.includes('2 chapters'), `the list shows the book (${card})`);
  await olivia.screenshot({ path: resolve(screenshots, 'app-books.png') });
  mark('bookListMs', t);

  check(pageErrors.length === 0, `no uncaught errors in the pages: ${pageErrors.join('; ')}`);
  clearTimeout(harness.overall);
  await finish(0, {
    ok: true,
    script: 'app-shell',
    book: bookId,
    order,
    titles: server.chapters.map((c) => c.title),
    text: await call(oliviaToken, 'GET', `/books/${encodeURIComponent(bookId)}/chapters/${encodeURIComponent(first)}/content?format=text`),
    eddieSaw,
    members,
    inviteUrl,
    screenshots,
    timings: { ...timings, totalMs: Date.now() - started },
  });
}

main().catch((error) => harness.fail(error, 'failure-app'));
