// The history panel: a version slider over 1..head, the read-only preview, the actions an editor may take on the
// version shown, the chapter's labels and its edit sessions (newest first, paged). Clicking a session shows its
// change; moving the slider shows a whole version. Requests for the slider are debounced and stale answers dropped.
import { relativeTime } from './api.js';
import { PALETTE, assignSlots } from './palette.js';
import { Preview, changeView } from './preview.js';

const SLIDER_DEBOUNCE_MS = 200;
const LIVE_REFRESH_MS = 1200;
const CLOCK_MS = 30000;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key in node && typeof value !== 'string') node[key] = value;
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export class HistoryPanel {
  /**
   * @param api        a HistoryApi
   * @param names      async () => {userId: displayName}
   * @param mayChange  whether restore, labels and revert are offered
   * @param mayRevert  whether revert-author is offered
   * @param onRestore  called with {version, changed, kind} after a restore or revert the server accepted
   * @param onClose    called when the panel's own close button is used
   */
  constructor({ api, names, mayChange, mayRevert, onRestore, onClose }) {
    Object.assign(this, { api, names, mayChange, mayRevert, onRestore, onClose });
    this.head = 0;
    this.shown = null; // {kind:'version', version} or {kind:'session', session}
    this.nameMap = {};
    this.sessions = [];
    this.next = null;
    this.request = 0;
    this.sliderTimer = null;
    this.build();
  }

  build() {
    const closeButton = el('button', { type: 'button', class: 'quire-history-close', 'aria-label': 'Close history', onclick: () => this.onClose() }, '×');
    this.slider = el('input', { type: 'range', min: '1', max: '1', step: '1', value: '1', id: 'quire-history-slider', 'aria-label': 'Version' });
    this.slider.addEventListener('input', () => this.onSlide());
    this.sliderLabel = el('output', { for: 'quire-history-slider', class: 'quire-history-version', 'aria-live': 'polite' });
    this.previewCaption = el('p', { class: 'quire-history-caption' });
    this.previewElement = el('div', { class: 'quire-history-preview-body' });
    this.message = el('p', { class: 'quire-history-message', role: 'status', hidden: true });

    this.restoreButton = el('button', { type: 'button', class: 'quire-history-restore', onclick: () => this.restore() }, 'Restore this version');
    this.labelInput = el('input', { type: 'text', class: 'quire-history-label-name', placeholder: 'Name this version', 'aria-label': 'Label name', maxlength: '100' });
    this.labelButton = el('button', { type: 'button', class: 'quire-history-label', onclick: () => this.label() }, 'Label this version');
    this.authorSelect = el('select', { class: 'quire-history-author', 'aria-label': 'Author to revert' });
    this.revertButton = el('button', { type: 'button', class: 'quire-history-revert', onclick: () => this.revert() }, 'Revert this author\'s changes since this version');
    const actions = el('div', { class: 'quire-history-actions', hidden: !this.mayChange },
      this.restoreButton,
      el('div', { class: 'quire-history-row' }, this.labelInput, this.labelButton),
      this.mayRevert ? el('div', { class: 'quire-history-row' }, this.authorSelect, this.revertButton) : null);

    this.labelList = el('ul', { class: 'quire-history-labels' });
    this.sessionList = el('ol', { class: 'quire-history-sessions', 'aria-label': 'Edit sessions' });
    this.moreButton = el('button', { type: 'button', class: 'quire-history-more', hidden: true, onclick: () => this.loadSessions(false) }, 'Older sessions');

    this.element = el('aside', { class: 'quire-history', 'aria-label': 'Chapter history', hidden: true },
      el('header', { class: 'quire-history-head' }, el('h2', {}, 'History'), closeButton),
      el('div', { class: 'quire-history-scroll' },
        el('section', { class: 'quire-history-scrub' },
          el('label', { for: 'quire-history-slider' }, 'Version '), this.sliderLabel, this.slider),
        el('section', { class: 'quire-history-preview' }, this.previewCaption, this.previewElement),
        this.message,
        actions,
        el('section', {}, el('h3', {}, 'Labels'), this.labelList),
        el('section', {}, el('h3', {}, 'Edit sessions'), this.sessionList, this.moreButton)));
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.onClose();
    });
  }

  /** Mounts the preview editor; needs the panel in the document. */
  attach() {
    if (!this.preview) this.preview = new Preview(this.previewElement);
  }

  async open() {
    this.attach();
    // "5 min ago" keeps telling the truth while the panel stays open.
    clearInterval(this.clock);
    this.clock = setInterval(() => this.retime(), CLOCK_MS);
    this.nameMap = await this.names();
    await this.refresh(true);
  }

  closed() {
    clearInterval(this.clock);
    clearTimeout(this.liveTimer);
    clearTimeout(this.sliderTimer);
  }

  retime() {
    if (this.element.hidden) return;
    for (const time of this.sessionList.querySelectorAll('time[datetime]')) {
      time.textContent = relativeTime(Date.parse(time.getAttribute('datetime')));
    }
  }

  /** Reloads head, sessions and labels; on first open shows the head. */
  async refresh(first) {
    const [latest] = await Promise.all([this.api.latestOp(), this.loadSessions(true), this.loadLabels(), this.loadAuthors()]);
    if (latest.ok) {
      const op = (latest.body.revisions || [])[0];
      this.setHead(op ? op.toVersion + 1 : 0);
    } else {
      this.say(`The history could not be read: ${latest.message}`);
    }
    if (first || !this.shown) this.showVersion(this.head);
  }

  /** The live chapter changed while the panel is open: new head and sessions, later. */
  liveChanged() {
    clearTimeout(this.liveTimer);
    this.liveTimer = setTimeout(() => {
      if (!this.element.hidden) this.refresh(false);
    }, LIVE_REFRESH_MS);
  }

  setHead(head) {
    const atHead = Number(this.slider.value) === this.head;
    this.head = head;
    this.slider.max = String(Math.max(1, head));
    this.slider.disabled = head < 1;
    if (atHead && this.shown && this.shown.kind === 'version') {
      this.slider.value = String(head);
      this.updateSliderLabel();
    }
  }

  updateSliderLabel() {
    this.sliderLabel.textContent = `${this.slider.value} of ${this.head}`;
    this.slider.setAttribute('aria-valuetext', `version ${this.slider.value} of ${this.head}`);
  }

  onSlide() {
    this.updateSliderLabel();
    clearTimeout(this.sliderTimer);
    const version = Number(this.slider.value);
    this.sliderTimer = setTimeout(() => this.showVersion(version), SLIDER_DEBOUNCE_MS);
  }

  async showVersion(version) {
    if (version < 1) return;
    this.slider.value = String(version);
    this.updateSliderLabel();
    const ticket = ++this.request;
    this.element.dataset.loading = 'true';
    const answer = await this.api.version(version);
    if (ticket !== this.request) return;
    delete this.element.dataset.loading;
    if (!answer.ok) {
      this.say(`Version ${version} could not be read: ${answer.message}`);
      return;
    }
    this.say(null);
    this.shown = { kind: 'version', version };
    this.markSelectedSession(null);
    this.preview.show(answer.body.contents);
    const when = answer.body.updatedAt ? ` · ${relativeTime(answer.body.updatedAt)}` : '';
    this.previewCaption.textContent = version === this.head ? `The chapter now (version ${version})${when}` : `Version ${version}${when}`;
    this.element.dataset.shownVersion = String(version);
    this.element.dataset.shown = 'version';
    this.restoreButton.disabled = version === this.head;
  }

  async showSession(session) {
    const from = session.fromVersion;
    const to = session.toVersion + 1;
    const ticket = ++this.request;
    this.element.dataset.loading = 'true';
    const [diff, base] = await Promise.all([this.api.diff(from, to), this.api.version(from)]);
    if (ticket !== this.request) return;
    delete this.element.dataset.loading;
    if (!diff.ok || !base.ok) {
      this.say(`The change could not be read: ${(diff.ok ? base : diff).message}`);
      return;
    }
    this.say(null);
    this.shown = { kind: 'session', session };
    this.markSelectedSession(session);
    this.slider.value = String(to);
    this.updateSliderLabel();
    this.preview.show(changeView(base.body.exists ? base.body.contents : { ops: [] }, diff.body.change));
    this.previewCaption.textContent = `${this.nameOf(session.author)}'s change, versions ${from}→${to}`;
    this.element.dataset.shownVersion = String(to);
    this.element.dataset.shown = 'session';
    this.restoreButton.disabled = to === this.head;
    if (this.authorSelect.querySelector(`option[value="${CSS.escape(session.author)}"]`)) this.authorSelect.value = session.author;
  }

  /** The version the actions apply to: the slider's, or the end of the session shown. */
  currentVersion() {
    return Number(this.slider.value);
  }

  async loadSessions(reset) {
    const answer = await this.api.sessions(reset ? undefined : this.next);
    if (!answer.ok) {
      this.say(`The edit sessions could not be read: ${answer.message}`);
      return;
    }
    if (reset) {
      this.sessions = [];
      this.sessionList.replaceChildren();
    }
    const page = answer.body.revisions || [];
    this.sessions.push(...page);
    this.next = answer.body.next;
    this.moreButton.hidden = this.next === null || this.next === undefined;
    const slots = assignSlots(this.sessions.map((s) => s.author));
    if (reset) this.sessionList.replaceChildren();
    for (const session of reset ? this.sessions : page) this.sessionList.append(this.sessionItem(session, slots));
    if (this.shown && this.shown.kind === 'session') this.markSelectedSession(this.shown.session);
  }

  sessionItem(session, slots) {
    const counts = [
      session.inserted ? `+${session.inserted}` : null,
      session.deleted ? `−${session.deleted}` : null,
      session.formatted ? `${session.formatted} formatted` : null,
    ].filter(Boolean).join(' ') || plural(session.ops, 'op');
    const when = relativeTime(session.endedAt || session.startedAt);
    const button = el('button', {
      type: 'button',
      class: 'quire-history-session',
      dataset: { from: String(session.fromVersion), to: String(session.toVersion + 1), author: session.author },
      title: `${new Date(session.startedAt).toLocaleString()} · versions ${session.fromVersion}→${session.toVersion + 1} · ${plural(session.ops, 'op')}`,
      onclick: () => this.showSession(session),
    },
    el('span', { class: 'quire-history-swatch', style: `background:${PALETTE[slots.get(session.author)]}` }),
    el('span', { class: 'quire-history-who' }, this.nameOf(session.author)),
    el('time', { class: 'quire-history-when', datetime: new Date(session.endedAt || session.startedAt).toISOString() }, when),
    el('span', { class: 'quire-history-counts' }, counts));
    return el('li', {}, button);
  }

  markSelectedSession(session) {
    for (const button of this.sessionList.querySelectorAll('.quire-history-session')) {
      const selected = !!session && button.dataset.from === String(session.fromVersion)
        && button.dataset.to === String(session.toVersion + 1);
      button.setAttribute('aria-pressed', String(selected));
    }
  }

  async loadLabels() {
    const answer = await this.api.labels();
    if (!answer.ok) return;
    const labels = (answer.body.labels || []).slice().sort((a, b) => b.version - a.version);
    this.labelList.replaceChildren(...labels.map((l) => el('li', {},
      el('button', { type: 'button', class: 'quire-history-label-item', dataset: { version: String(l.version), name: l.name }, onclick: () => this.showVersion(l.version) },
        el('span', { class: 'quire-history-label-text' }, l.name),
        el('span', { class: 'quire-history-when' }, `version ${l.version}`)))));
    if (!labels.length) this.labelList.append(el('li', { class: 'quire-history-empty' }, 'No labels yet.'));
  }

  async loadAuthors() {
    if (!this.mayRevert) return;
    const answer = await this.api.authors();
    if (!answer.ok) return;
    const chosen = this.authorSelect.value;
    this.authorSelect.replaceChildren(...(answer.body.authors || []).map((a) => el('option', { value: a.author }, this.nameOf(a.author))));
    if (chosen) this.authorSelect.value = chosen;
  }

  async restore() {
    const version = this.currentVersion();
    this.restoreButton.disabled = true;
    const answer = await this.api.restore(version);
    this.restoreButton.disabled = false;
    if (!answer.ok) {
      this.say(`Version ${version} could not be restored: ${answer.message}`);
      return;
    }
    this.say(answer.body.changed ? `Version ${version} restored as version ${answer.body.version}.` : `The chapter already reads as version ${version}.`);
    this.onRestore({ ...answer.body, restored: version, kind: 'restore' });
    await this.refresh(false);
  }

  async label() {
    const name = this.labelInput.value.trim();
    if (!name) {
      this.labelInput.focus();
      this.say('Give the label a name first.');
      return;
    }
    const version = this.currentVersion();
    const answer = await this.api.addLabel(name, version);
    if (!answer.ok) {
      this.say(answer.status === 409 ? `A label called “${name}” already exists.` : `The label was not made: ${answer.message}`);
      return;
    }
    this.labelInput.value = '';
    this.say(`Version ${version} labelled “${name}”.`);
    await this.loadLabels();
  }

  async revert() {
    const author = this.authorSelect.value;
    if (!author) return;
    const since = this.shown && this.shown.kind === 'session' ? this.shown.session.fromVersion : this.currentVersion();
    const answer = await this.api.revertAuthor(author, since);
    if (!answer.ok) {
      this.say(`The revert failed: ${answer.message}`);
      return;
    }
    this.say(answer.body.changed === false ? `${this.nameOf(author)} changed nothing since version ${since}.`
      : `${this.nameOf(author)}'s changes since version ${since} were reverted.`);
    this.onRestore({ ...answer.body, author, since, kind: 'revert-author' });
    await this.refresh(false);
  }

  nameOf(userId) {
    return this.nameMap[userId] || userId;
  }

  say(text) {
    this.message.hidden = !text;
    this.message.textContent = text || '';
  }
}
