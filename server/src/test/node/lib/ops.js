'use strict';
// Random rich-text ops that are valid for a given local document, for the fuzz-style tests.
// Every op keeps the document's final '\n' (as Quill does), never emits {retain: 0}, and
// cuts only at UTF-16 positions that do not split a surrogate pair.

const { opsOf, docText } = require('./common');

const WORDS = ['the', 'quick', 'brown', 'fox', 'jumps', 'over', 'lazy', 'dog', 'chapter', 'book',
  'Quire', 'ink', 'page', 'line', 'word', 'a', 'I', ' ', ' ', ', ', '. ', '\n'];
const SPECIAL = ['é', 'e\u0301', '😀', '日本', '𝄞', '—', 'ß'];
const SET_ATTRS = [
  { bold: true }, { italic: true }, { underline: true }, { strike: true },
  { color: '#cc0000' }, { background: '#ffff00' }, { link: 'https://example.com/q' },
  { bold: true, italic: true }, { font: 'serif' }, { size: 'large' },
];
const REMOVE_ATTRS = [{ bold: null }, { italic: null }, { color: null }, { link: null }, { bold: null, underline: null }];
const LINE_ATTRS = [{ header: 1 }, { header: 2 }, { list: 'bullet' }, { align: 'center' }, { header: null }, { blockquote: true }];
const EMBEDS = [{ image: 'https://example.com/a.png' }, { formula: 'e=mc^2' }, { video: 'https://example.com/v' }];

const isHigh = (c) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c) => c >= 0xdc00 && c <= 0xdfff;

/** Whether position p of text is a code-point boundary. */
function boundary(text, p) {
  if (p <= 0 || p >= text.length) return true;
  return !(isHigh(text.charCodeAt(p - 1)) && isLow(text.charCodeAt(p)));
}

function randomText(rng, options) {
  const parts = [];
  const n = rng.int(1, 3);
  for (let i = 0; i < n; i++) {
    if (options.special && rng.chance(0.08)) parts.push(rng.pick(SPECIAL));
    else parts.push(rng.pick(WORDS));
  }
  return parts.join(rng.chance(0.5) ? ' ' : '');
}

/** Picks a boundary position in [lo, hi] (inclusive), or -1. */
function pickPos(rng, text, lo, hi) {
  if (hi < lo) return -1;
  for (let tries = 0; tries < 8; tries++) {
    const p = rng.int(lo, hi);
    if (boundary(text, p)) return p;
  }
  for (let p = lo; p <= hi; p++) if (boundary(text, p)) return p;
  return -1;
}

/** Picks a range [start, end) inside [0, limit) with 1..maxLen units, on boundaries; or null. */
function pickRange(rng, text, limit, maxLen) {
  if (limit < 1) return null;
  const start = pickPos(rng, text, 0, limit - 1);
  if (start < 0) return null;
  let end = Math.min(limit, start + rng.int(1, maxLen));
  while (end < limit && !boundary(text, end)) end++;
  if (!boundary(text, end) || end <= start) return null;
  return [start, end];
}

/**
 * A random valid op for `data` (the client's current local snapshot): a plain array of
 * Delta ops. Kinds: insert (with or without attributes), embed insert, delete, format
 * retain (set or remove inline attributes, or line attributes on a '\n'), replace.
 */
function randomOp(rng, data, options = {}) {
  const opts = Object.assign({ special: true, embeds: true }, options);
  const text = docText(data); // embeds count as one unit, like Op.length
  const L = text.length;
  const body = L - 1; // everything before the final '\n'
  const ops = [];
  const retain = (n) => { if (n > 0) ops.push({ retain: n }); };
  const kind = rng.next();

  if (kind < 0.40 || body < 1) {
    const p = pickPos(rng, text, 0, Math.max(0, body));
    retain(p);
    const ins = { insert: randomText(rng, opts) };
    if (rng.chance(0.35)) ins.attributes = Object.assign({}, rng.pick(SET_ATTRS));
    ops.push(ins);
    return { kind: 'insert', ops };
  }
  if (kind < 0.45 && opts.embeds) {
    const p = pickPos(rng, text, 0, body);
    retain(p);
    ops.push({ insert: Object.assign({}, rng.pick(EMBEDS)) });
    return { kind: 'embed', ops };
  }
  if (kind < 0.68) {
    const r = pickRange(rng, text, body, 6);
    if (!r) return randomOp(rng, data, Object.assign({}, opts, { forceInsert: true }));
    retain(r[0]);
    ops.push({ delete: r[1] - r[0] });
    return { kind: 'delete', ops };
  }
  if (kind < 0.90) {
    // Format a range; sometimes a line format on a '\n' (which may be the final one).
    const nl = [];
    for (let i = 0; i < L; i++) if (text[i] === '\n') nl.push(i);
    if (rng.chance(0.25) && nl.length) {
      const at = rng.pick(nl);
      retain(at);
      ops.push({ retain: 1, attributes: Object.assign({}, rng.pick(LINE_ATTRS)) });
      return { kind: 'format-line', ops };
    }
    const r = pickRange(rng, text, body, 10);
    if (!r) return randomOp(rng, data, opts);
    retain(r[0]);
    const attrs = rng.chance(0.7) ? rng.pick(SET_ATTRS) : rng.pick(REMOVE_ATTRS);
    ops.push({ retain: r[1] - r[0], attributes: Object.assign({}, attrs) });
    // Sometimes a second component further on: a multi-component op.
    if (rng.chance(0.3) && r[1] < body) {
      const p2 = pickPos(rng, text, r[1], body);
      if (p2 > r[1]) ops.push({ retain: p2 - r[1] });
      if (p2 >= r[1]) ops.push({ insert: randomText(rng, opts), attributes: { italic: true } });
    }
    return { kind: 'format', ops };
  }
  // Replace: insert before a delete at the same position (canonical order).
  const r = pickRange(rng, text, body, 5);
  if (!r) return randomOp(rng, data, opts);
  retain(r[0]);
  ops.push({ insert: randomText(rng, opts) });
  ops.push({ delete: r[1] - r[0] });
  return { kind: 'replace', ops };
}

module.exports = { randomOp, boundary, pickPos, opsOf };
