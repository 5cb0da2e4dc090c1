// The embed page, /embed/BOOK/CHAPTER[?token=...]: only the editor of one chapter, filling its frame.
// Order: who the user is and whether they may edit (two bounded REST calls), then the WebSocket and the chapter.
import './embed.css';
import { colourOf, mayEdit, whoAmI } from './api.js';
import { ChapterSession } from './collab.js';
import { createEditor } from './editor.js';
import { mountHistory } from '../history/index.js';
import { StatusIndicator } from './status.js';

const app = document.getElementById('app');
const status = new StatusIndicator(document.getElementById('status'));
const noticeElement = document.getElementById('notice');
let noticeTimer = null;

/** Shows a message over the editor (null hides it); with `ms`, hides it after that long. */
function notice(text, ms) {
  clearTimeout(noticeTimer);
  noticeElement.hidden = !text;
  noticeElement.textContent = text || '';
  if (text && ms) noticeTimer = setTimeout(() => notice(null), ms);
}

/** {book, chapter} from /embed/BOOK/CHAPTER, or null. */
function chapterFromPath(pathname) {
  const match = /^\/embed\/([^/]+)\/([^/]+)\/?$/.exec(pathname);
  if (!match) return null;
  try {
    return { book: decodeURIComponent(match[1]), chapter: decodeURIComponent(match[2]) };
  } catch {
    return null;
  }
}

function webSocketUrl(token) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

async function main() {
  const { quill, cursors } = createEditor(document.getElementById('editor'));
  const target = chapterFromPath(location.pathname);
  if (!target) {
    status.show('error', 'No chapter');
    notice('This address names no chapter: open /embed/BOOK/CHAPTER.');
    return;
  }
  const token = new URLSearchParams(location.search).get('token') || '';
  document.title = `${target.chapter} · ${target.book} · Quire`;

  const [identity, access] = await Promise.all([whoAmI(token), mayEdit(target.book, token)]);
  const colour = colourOf(identity.userId);
  const who = document.getElementById('who');
  who.textContent = identity.displayName;
  who.style.setProperty('--me', colour);
  who.title = identity.guest ? 'A guest name: this server did not say who you are' : `Signed in as ${identity.displayName}`;

  const session = new ChapterSession({
    wsUrl: webSocketUrl(token),
    book: target.book,
    chapter: target.chapter,
    identity,
    colour,
    editable: access.editable,
    quill,
    cursors,
    status,
    notice,
  }).start();
  // The chapter's history panel and authorship colours, behind two buttons in the status bar.
  const history = mountHistory({
    container: app,
    toolbar: document.getElementById('statusbar'),
    book: target.book,
    chapter: target.chapter,
    token,
    quill,
    role: access.role,
    onRestore: (answer) => notice(answer.kind === 'restore'
      ? `Version ${answer.restored} was restored; everyone editing sees it now.` : 'The author\'s changes were reverted.', 6000),
  });
  app.classList.remove('loading');
  // For tests and for poking at the page from the console.
  window.quireEmbed = { quill, session, identity, access, history };
}

main().catch((error) => {
  console.error('[quire] the editor did not start', error);
  status.show('error', 'The editor did not start');
  notice(`The editor did not start: ${error.message}`);
});
