// The chapter's history in the editor: a side panel (a full-height sheet on phones) behind a "History" button, and
// authorship colours behind an "Authors" toggle. One entry point, mountHistory; the page gives it the live Quill and
// where to put things, and the module makes its own buttons, panel, legend and REST calls.
//
//   const history = mountHistory({ container, toolbar, book, chapter, token, quill, role, onRestore });
//   history.open() / close() / toggle(); history.authorship(true|false); history.destroy();
//
// Restores and reverts are made on the server (POST …/restore, …/revert-author) as ops by the acting user: the live
// editor receives them over its sharedb subscription like anyone's edit, so nothing here touches the live document.
import './history.css';
import { HistoryApi } from './api.js';
import { Authorship, authorshipSupported } from './authorship.js';
import { HistoryPanel } from './panel.js';
import { stripDiffMarks } from './preview.js';

const CHANGERS = new Set(['owner', 'editor']);

/**
 * @param options.container  the element the panel and the authorship legend go in (the page's app element)
 * @param options.toolbar    the element that gets the "History" and "Authors" buttons (a status bar or toolbar)
 * @param options.book       the book id
 * @param options.chapter    the chapter id
 * @param options.token      the page's token ('' for none)
 * @param options.quill      the live editor
 * @param options.role       the user's role in the book (viewer, commenter, editor, owner; null when unknown, which
 *                           offers the actions and leaves refusing them to the server)
 * @param options.onRestore  optional, called with the server's answer after a restore or revert
 */
export function mountHistory({ container, toolbar, book, chapter, token, quill, role, onRestore = () => {} }) {
  const api = new HistoryApi(book, chapter, token);
  // Display names come from the book's members, asked once; an empty answer is asked again next time.
  let namesPromise = null;
  const names = () => {
    if (!namesPromise) {
      namesPromise = api.memberNames().then((found) => {
        if (!Object.keys(found).length) namesPromise = null;
        return found;
      });
    }
    return namesPromise;
  };
  const mayChange = role === null || role === undefined || CHANGERS.has(role);

  // Text copied out of the preview must not carry its change marks into the chapter.
  quill.clipboard.addMatcher(Node.ELEMENT_NODE, stripDiffMarks);

  const tools = document.createElement('span');
  tools.className = 'quire-history-tools';
  const historyButton = button('History', 'quire-history-toggle', 'Show how this chapter came to be');
  historyButton.setAttribute('aria-expanded', 'false');
  const authorsButton = button('Authors', 'quire-authorship-toggle', 'Colour the text by who wrote it');
  authorsButton.setAttribute('aria-pressed', 'false');
  tools.append(authorsButton, historyButton);
  toolbar.append(tools);

  const legend = document.createElement('div');
  legend.className = 'quire-authorship-legend';
  legend.hidden = true;
  legend.setAttribute('aria-live', 'polite');
  container.append(legend);

  const panel = new HistoryPanel({
    api, names, mayChange, mayRevert: mayChange, onRestore, onClose: () => close(),
  });
  historyButton.setAttribute('aria-controls', 'quire-history-panel');
  panel.element.id = 'quire-history-panel';
  container.append(panel.element);

  const authorship = new Authorship({ quill, api, names, legend });
  if (!authorshipSupported()) {
    authorsButton.disabled = true;
    authorsButton.title = 'Authorship colours need a browser with the CSS Custom Highlight API';
  }

  const onTextChange = () => {
    if (!panel.element.hidden) panel.liveChanged();
  };
  quill.on('text-change', onTextChange);

  function open() {
    if (!panel.element.hidden) return Promise.resolve();
    panel.element.hidden = false;
    document.body.classList.add('quire-history-open');
    historyButton.setAttribute('aria-expanded', 'true');
    const opened = panel.open();
    panel.element.querySelector('.quire-history-close').focus({ preventScroll: true });
    return opened;
  }

  function close() {
    if (panel.element.hidden) return;
    panel.element.hidden = true;
    panel.closed();
    document.body.classList.remove('quire-history-open');
    historyButton.setAttribute('aria-expanded', 'false');
    historyButton.focus({ preventScroll: true });
  }

  function setAuthorship(on) {
    if (on) authorship.enable();
    else authorship.disable();
    authorsButton.setAttribute('aria-pressed', String(authorship.on));
    document.body.classList.toggle('quire-authorship-on', authorship.on);
  }

  historyButton.addEventListener('click', () => (panel.element.hidden ? open() : close()));
  authorsButton.addEventListener('click', () => setAuthorship(!authorship.on));

  return {
    open,
    close,
    toggle: () => (panel.element.hidden ? open() : close()),
    authorship: setAuthorship,
    /** For tests: the panel's element, its preview editor and the authors the colours show. */
    get panel() { return panel; },
    get authors() { return authorship.authors; },
    destroy() {
      setAuthorship(false);
      close();
      quill.off('text-change', onTextChange);
      panel.element.remove();
      legend.remove();
      tools.remove();
    },
  };
}

function button(text, className, title) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.textContent = text;
  b.title = title;
  return b;
}
