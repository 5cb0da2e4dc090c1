// Authorship colours: the live text tinted by who wrote it, from GET …/blame ({version, runs:[{author, length}]}).
//
// The tint never touches the document: it is drawn with the CSS Custom Highlight API (one Highlight per palette slot,
// holding DOM Ranges over Quill's text nodes), so nothing is formatted, submitted or undone. The runs are refreshed
// (debounced) whenever the text changes, from any source; while the server's copy and the editor differ in length
// (local typing not yet acknowledged), the refresh is retried a little later instead of drawing misplaced colours.
import { PALETTE, assignSlots } from './palette.js';

const REFRESH_MS = 600;
const RETRY_MS = 700;
const MAX_RETRIES = 8;
const HIGHLIGHT_PREFIX = 'quire-author-';

export function authorshipSupported() {
  return typeof CSS !== 'undefined' && !!CSS.highlights && typeof Highlight === 'function';
}

let styleInstalled = false;
function installStyle() {
  if (styleInstalled) return;
  styleInstalled = true;
  const style = document.createElement('style');
  style.dataset.quire = 'authorship';
  style.textContent = PALETTE.map((colour, i) => `::highlight(${HIGHLIGHT_PREFIX}${i}) { background-color: ${colour}33; }`)
    .join('\n');
  document.head.appendChild(style);
}

export class Authorship {
  /**
   * @param quill   the live editor
   * @param api     a HistoryApi
   * @param names   async () => {userId: displayName}
   * @param legend  the element that lists the authors while the colours are on
   */
  constructor({ quill, api, names, legend }) {
    this.quill = quill;
    this.api = api;
    this.names = names;
    this.legend = legend;
    this.on = false;
    this.timer = null;
    this.retries = 0;
    this.generation = 0;
    this.authors = [];
    this.onTextChange = () => this.schedule(REFRESH_MS);
  }

  enable() {
    if (this.on || !authorshipSupported()) return false;
    installStyle();
    this.on = true;
    this.quill.on('text-change', this.onTextChange);
    this.legend.hidden = false;
    this.legend.dataset.state = 'loading';
    this.schedule(0);
    return true;
  }

  disable() {
    if (!this.on) return;
    this.on = false;
    this.generation++;
    clearTimeout(this.timer);
    this.quill.off('text-change', this.onTextChange);
    this.clearHighlights();
    this.authors = [];
    this.legend.hidden = true;
    this.legend.replaceChildren();
  }

  schedule(ms) {
    clearTimeout(this.timer);
    if (ms === REFRESH_MS) this.retries = 0;
    this.timer = setTimeout(() => this.refresh(), ms);
  }

  async refresh() {
    if (!this.on) return;
    const generation = ++this.generation;
    const [answer, names] = await Promise.all([this.api.blame(), this.names()]);
    if (!this.on || generation !== this.generation) return;
    if (!answer.ok) {
      this.legend.dataset.state = 'error';
      this.legend.textContent = `Authorship unavailable: ${answer.message}`;
      return;
    }
    const runs = (answer.body.runs || []).filter((r) => r && r.length > 0);
    const total = runs.reduce((sum, r) => sum + r.length, 0);
    if (total !== this.quill.getLength()) {
      // The server has not seen every local change yet, or a remote one is still on its way here.
      if (this.retries++ < MAX_RETRIES) this.schedule(RETRY_MS);
      return;
    }
    this.draw(runs, names, answer.body.version);
  }

  draw(runs, names, version) {
    this.clearHighlights();
    const slots = assignSlots(runs.map((r) => r.author));
    const ranges = new Map();
    const lengths = new Map();
    let index = 0;
    for (const run of runs) {
      const end = index + run.length;
      // The chapter's closing newline has no text to tint.
      const range = this.domRange(index, Math.min(end, this.quill.getLength() - 1));
      if (range) {
        const slot = slots.get(run.author);
        if (!ranges.has(slot)) ranges.set(slot, []);
        ranges.get(slot).push(range);
      }
      lengths.set(run.author, (lengths.get(run.author) || 0) + run.length);
      index = end;
    }
    for (const [slot, list] of ranges) CSS.highlights.set(`${HIGHLIGHT_PREFIX}${slot}`, new Highlight(...list));

    this.authors = [...lengths.keys()].map((id) => ({
      id, name: names[id] || id, colour: PALETTE[slots.get(id)], length: lengths.get(id),
    })).sort((a, b) => b.length - a.length);
    this.legend.dataset.state = 'ready';
    this.legend.dataset.version = String(version);
    const title = document.createElement('span');
    title.className = 'quire-legend-title';
    title.textContent = 'Written by';
    const items = this.authors.map((a) => {
      const item = document.createElement('span');
      item.className = 'quire-legend-item';
      item.dataset.author = a.id;
      item.title = `${a.name}: ${a.length} characters`;
      const swatch = document.createElement('span');
      swatch.className = 'quire-legend-swatch';
      swatch.style.background = a.colour;
      item.append(swatch, document.createTextNode(a.name));
      return item;
    });
    this.legend.replaceChildren(title, ...items);
  }

  /** A DOM Range over the editor's characters [start, end), or null when empty. */
  domRange(start, end) {
    if (end <= start) return null;
    const from = this.point(start);
    const to = this.point(end);
    if (!from || !to) return null;
    try {
      const range = document.createRange();
      range.setStart(from.node, from.offset);
      range.setEnd(to.node, to.offset);
      return range.collapsed ? null : range;
    } catch {
      return null;
    }
  }

  point(index) {
    // At a boundary between two leaves getLeaf answers the earlier one: right for an end, and for a start the
    // offset simply equals that leaf's length.
    const [leaf, offset] = this.quill.getLeaf(index);
    if (!leaf || !leaf.domNode) return null;
    const node = leaf.domNode;
    if (node.nodeType === Node.TEXT_NODE) return { node, offset: Math.min(offset, node.length) };
    const parent = node.parentNode;
    if (!parent) return null;
    const position = Array.prototype.indexOf.call(parent.childNodes, node);
    return { node: parent, offset: offset > 0 ? position + 1 : position };
  }

  clearHighlights() {
    if (!authorshipSupported()) return;
    for (let i = 0; i < PALETTE.length; i++) CSS.highlights.delete(`${HIGHLIGHT_PREFIX}${i}`);
  }
}
