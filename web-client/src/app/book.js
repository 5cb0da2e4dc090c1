// The book page, /books/BOOK[/CHAPTER]: the chapters in a sidebar and the chosen chapter in the editor of the
// embed page (src/embed: Quill bound to the sharedb document, cursors, status, read-only by role).
//
// Editors and owners add, rename and reorder chapters (drag and drop, or Alt+↑/↓ on a chapter); owners also delete
// chapters and manage members and invite links in the "Members" dialog. Viewers and commenters see the chapters and
// a read-only editor, without any of these controls. Opening another chapter is a navigation: one page, one session.
import '../embed/embed.css';
import './app.css';
import { colourOf } from '../embed/api.js';
import { ChapterSession } from '../embed/collab.js';
import { createEditor } from '../embed/editor.js';
import { StatusIndicator } from '../embed/status.js';
import { ROLES, api, h, mayEditRole, seg, showUser, takeToken } from './api.js';
import { openMembers } from './members.js';
import { mountHistory } from '../history/index.js';

const token = takeToken();
const [bookId, chapterId] = location.pathname.split('/').filter(Boolean).slice(1).map((part) => {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
});

const status = new StatusIndicator(document.getElementById('status'));
const noticeElement = document.getElementById('notice');
const chapterList = document.getElementById('chapters');
const addForm = document.getElementById('add-chapter');
const here = document.getElementById('here');
let noticeTimer = null;
let book = null;
let me = null;

function notice(text, ms) {
  clearTimeout(noticeTimer);
  noticeElement.hidden = !text;
  noticeElement.textContent = text || '';
  if (text && ms) noticeTimer = setTimeout(() => notice(null), ms);
}

function canEdit() {
  return book && mayEditRole(book.myRole);
}

function isOwner() {
  return book && book.myRole === 'owner';
}

function chapterHref(id) {
  return `/books/${seg(bookId)}/${seg(id)}`;
}

function showEmpty(text) {
  const empty = document.getElementById('empty');
  empty.hidden = !text;
  empty.textContent = text || '';
  document.getElementById('app').hidden = !!text;
}

// ------------------------------------------------------------------ the chapter list

function renderChapters() {
  chapterList.replaceChildren(...book.chapters.map((chapter, index) => {
    const current = chapter.id === chapterId;
    const item = h('li', { className: `chapter${current ? ' current' : ''}`, 'data-id': chapter.id },
      canEdit() ? h('span', { className: 'grip', 'aria-hidden': 'true', title: 'Drag to reorder' }, '⋮⋮') : null,
      h('a', { href: chapterHref(chapter.id), className: 'chapter-link', 'aria-current': current ? 'page' : null },
        h('span', { className: 'number' }, `${index + 1}.`), h('span', { className: 'title' }, chapter.title)),
      canEdit() ? h('span', { className: 'actions' },
        h('button', { type: 'button', className: 'rename', title: 'Rename', 'aria-label': `Rename ${chapter.title}`,
          onclick: () => startRename(item, chapter) }, '✎'),
        isOwner() ? h('button', { type: 'button', className: 'delete', title: 'Delete', 'aria-label': `Delete ${chapter.title}`,
          onclick: () => deleteChapter(chapter) }, '×') : null) : null);
    if (canEdit()) {
      item.draggable = true;
      item.addEventListener('keydown', (event) => {
        if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
        event.preventDefault();
        const to = index + (event.key === 'ArrowUp' ? -1 : 1);
        if (to < 0 || to >= book.chapters.length) return;
        const order = book.chapters.map((c) => c.id);
        order.splice(index, 1);
        order.splice(to, 0, chapter.id);
        reorder(order, chapter.id);
      });
    }
    return item;
  }));
  if (current()) document.getElementById('chapter-title').textContent = current().title;
}

function current() {
  return book && book.chapters.find((c) => c.id === chapterId);
}

function startRename(item, chapter) {
  const input = h('input', { value: chapter.title, maxLength: 200, 'aria-label': 'Chapter title', className: 'rename-input' });
  const form = h('form', { className: 'rename-form' }, input);
  let done = false;
  const finish = async (save) => {
    if (done) return;
    done = true;
    const title = input.value.trim();
    if (save && title && title !== chapter.title) {
      const answer = await api(token, 'PATCH', `/books/${seg(bookId)}/chapters/${seg(chapter.id)}`, { title });
      if (answer.ok) chapter.title = answer.body.title;
      else notice(answer.message, 6000);
    }
    renderChapters();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    finish(true);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') finish(false);
  });
  input.addEventListener('blur', () => finish(true));
  item.draggable = false;
  item.replaceChildren(form);
  input.focus();
  input.select();
}

async function deleteChapter(chapter) {
  if (!window.confirm(`Delete the chapter “${chapter.title}” and its text? This cannot be undone here.`)) return;
  const answer = await api(token, 'DELETE', `/books/${seg(bookId)}/chapters/${seg(chapter.id)}`);
  if (!answer.ok) {
    notice(answer.message, 6000);
    return;
  }
  book.chapters = book.chapters.filter((c) => c.id !== chapter.id);
  if (chapter.id === chapterId) location.assign(`/books/${seg(bookId)}`);
  else renderChapters();
}

async function reorder(order, focusId) {
  const before = book.chapters;
  const byId = new Map(before.map((c) => [c.id, c]));
  book.chapters = order.map((id) => byId.get(id));
  renderChapters();
  const answer = await api(token, 'PUT', `/books/${seg(bookId)}/chapter-order`, { order });
  if (answer.ok) book.chapters = answer.body.chapters;
  else {
    book.chapters = before;
    notice(answer.message, 6000);
  }
  renderChapters();
  chapterList.dataset.saved = String(Date.now());
  // Keyboard moves keep the focus on the moved chapter, so that Alt+↑/↓ can be pressed again.
  if (focusId) chapterList.querySelector(`li[data-id="${CSS.escape(focusId)}"] .chapter-link`)?.focus();
}

function bindDragAndDrop() {
  let dragged = null;
  chapterList.addEventListener('dragstart', (event) => {
    const item = event.target.closest && event.target.closest('li.chapter');
    if (!item || !canEdit()) return;
    dragged = item.dataset.id;
    item.classList.add('dragging');
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', dragged);
  });
  chapterList.addEventListener('dragover', (event) => {
    if (!dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    const item = event.target.closest && event.target.closest('li.chapter');
    chapterList.querySelectorAll('.drop-before, .drop-after').forEach((el) => el.classList.remove('drop-before', 'drop-after'));
    if (item && item.dataset.id !== dragged) {
      const box = item.getBoundingClientRect();
      item.classList.add(event.clientY < box.top + box.height / 2 ? 'drop-before' : 'drop-after');
    }
  });
  chapterList.addEventListener('drop', (event) => {
    if (!dragged) return;
    event.preventDefault();
    const item = event.target.closest && event.target.closest('li.chapter');
    const moving = dragged;
    const after = item && item.classList.contains('drop-after');
    dragged = null;
    if (!item || item.dataset.id === moving) {
      renderChapters();
      return;
    }
    const order = book.chapters.map((c) => c.id).filter((id) => id !== moving);
    const at = order.indexOf(item.dataset.id) + (after ? 1 : 0);
    order.splice(at, 0, moving);
    reorder(order);
  });
  chapterList.addEventListener('dragend', () => {
    dragged = null;
    chapterList.querySelectorAll('.dragging, .drop-before, .drop-after')
      .forEach((el) => el.classList.remove('dragging', 'drop-before', 'drop-after'));
  });
}

addForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const title = addForm.title.value.trim();
  if (!title) return;
  const button = addForm.querySelector('button');
  button.disabled = true;
  const answer = await api(token, 'POST', `/books/${seg(bookId)}/chapters`, { title });
  button.disabled = false;
  if (!answer.ok) {
    notice(answer.message, 6000);
    return;
  }
  addForm.reset();
  book.chapters.push(answer.body);
  if (!chapterId) {
    location.assign(chapterHref(answer.body.id));
    return;
  }
  renderChapters();
});

// ------------------------------------------------------------------ who is here

function showPeople(others) {
  const byName = new Map();
  if (me) byName.set(me.displayName, { name: `${me.displayName} (you)`, colour: colourOf(me.userId), me: true });
  for (const person of others) if (!byName.has(person.name)) byName.set(person.name, person);
  here.replaceChildren(...[...byName.values()].map((person) => h('span', {
    className: `person${person.me ? ' me' : ''}`, title: person.name, style: `--colour:${person.colour}`,
  }, h('span', { className: 'initial', 'aria-hidden': 'true' }, person.name.trim().charAt(0).toUpperCase()),
  h('span', { className: 'name' }, person.name))));
}

// ------------------------------------------------------------------ start-up

function webSocketUrl() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

function openChapter() {
  const { quill, cursors } = createEditor(document.getElementById('editor'));
  const colour = colourOf(me.userId);
  const who = document.getElementById('who');
  who.textContent = me.displayName;
  who.style.setProperty('--me', colour);
  const session = new ChapterSession({
    wsUrl: webSocketUrl(),
    book: bookId,
    chapter: chapterId,
    identity: me,
    colour,
    editable: canEdit(),
    quill,
    cursors,
    status,
    notice,
    onPeople: showPeople,
    announce: book.myRole !== 'viewer',
  }).start();
  // The chapter's history panel and authorship colours, as on the embed page.
  const history = mountHistory({
    container: document.getElementById('app'),
    toolbar: document.getElementById('statusbar'),
    book: bookId,
    chapter: chapterId,
    token,
    quill,
    role: book.myRole,
    onRestore: (answer) => notice(answer.kind === 'restore'
      ? `Version ${answer.restored} was restored; everyone editing sees it now.` : 'The author\'s changes were reverted.', 6000),
  });
  document.getElementById('app').classList.remove('loading');
  window.quireEmbed = { quill, session, identity: me, access: { editable: canEdit(), role: book.myRole }, history };
}

/** The ☰ button of narrow screens: opens the sidebar as a drawer; the scrim, Escape or ☰ again close it. */
function bindMenu() {
  const menu = document.getElementById('menu');
  const setOpen = (open) => {
    document.body.classList.toggle('sidebar-open', open);
    menu.setAttribute('aria-expanded', String(open));
  };
  menu.addEventListener('click', () => setOpen(!document.body.classList.contains('sidebar-open')));
  document.getElementById('scrim').addEventListener('click', () => setOpen(false));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && document.body.classList.contains('sidebar-open')) setOpen(false);
  });
}

/**
 * Others add, rename, reorder and delete chapters too: the sidebar asks for the book again when the tab comes back
 * and every 20 s while it is visible (not while a title is being edited or a chapter dragged). A changed role
 * reloads the page, whose controls and editor depend on it.
 */
function keepFresh() {
  let busy = false;
  const refresh = async () => {
    if (busy || document.hidden || chapterList.querySelector('.rename-form, .dragging')) return;
    busy = true;
    const answer = await api(token, 'GET', `/books/${seg(bookId)}`);
    busy = false;
    if (!answer.ok) {
      if (answer.status === 404) notice('You are no longer a member of this book.');
      return;
    }
    if (answer.body.myRole !== book.myRole) {
      location.reload();
      return;
    }
    const before = JSON.stringify(book.chapters.map((c) => [c.id, c.title]));
    book.title = answer.body.title;
    document.getElementById('book-title').textContent = book.title;
    if (JSON.stringify(answer.body.chapters.map((c) => [c.id, c.title])) !== before
        && !chapterList.querySelector('.rename-form, .dragging')) {
      book.chapters = answer.body.chapters;
      renderChapters();
    }
  };
  document.addEventListener('visibilitychange', refresh);
  setInterval(refresh, 20000);
}

async function main() {
  bindMenu();
  if (!bookId) {
    showEmpty('This address names no book.');
    return;
  }
  const [meAnswer, bookAnswer] = await Promise.all([api(token, 'GET', '/me'), api(token, 'GET', `/books/${seg(bookId)}`)]);
  me = meAnswer.ok ? meAnswer.body : { userId: 'unknown', displayName: 'You' };
  showUser(document.getElementById('user'), meAnswer.ok ? meAnswer.body : null);
  if (!bookAnswer.ok) {
    document.getElementById('book-title').textContent = 'Not available';
    showEmpty(bookAnswer.status === 404 ? 'There is no such book, or you are not one of its members.'
      : bookAnswer.status === 401 ? 'Sign in first: open Quire from the application that gave you a link.'
        : bookAnswer.message);
    return;
  }
  book = bookAnswer.body;
  if (!ROLES.includes(book.myRole)) book.myRole = 'viewer';
  document.title = `${book.title} · Quire`;
  document.getElementById('book-title').textContent = book.title;
  document.getElementById('my-role').textContent = `You are ${book.myRole === 'editor' || book.myRole === 'owner' ? 'an' : 'a'} ${book.myRole}`;
  document.body.dataset.role = book.myRole;
  addForm.hidden = !canEdit();
  const membersButton = document.getElementById('members-button');
  membersButton.hidden = !isOwner();
  membersButton.addEventListener('click', () => openMembers({ token, bookId, me }));
  bindDragAndDrop();
  renderChapters();
  showPeople([]);
  keepFresh();

  if (!chapterId) {
    if (book.chapters.length) {
      location.replace(chapterHref(book.chapters[0].id));
      return;
    }
    showEmpty(canEdit() ? 'This book has no chapters yet: add the first one in the sidebar.' : 'This book has no chapters yet.');
    return;
  }
  if (!current()) {
    showEmpty('This chapter is not in the book (any more). Pick one in the sidebar.');
    return;
  }
  document.title = `${current().title} · ${book.title} · Quire`;
  openChapter();
}

main().catch((error) => {
  console.error('[quire] the book page did not start', error);
  status.show('error', 'The page did not start');
  notice(`The page did not start: ${error.message}`);
});
