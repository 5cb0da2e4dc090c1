#!/usr/bin/env node
// Random differential cases for QuillDeltaParityTest (ot-core), computed with the real quill-delta.
//
// Usage: node cases.js SEED COUNT
//
// Writes one JSON object per line to stdout, COUNT cases per operation kind:
//   {"op":"compose","case":n,"a":D,"b":D,"result":D,"v4":bool}          a document, b a change fitting it
//   {"op":"composeChanges","case":n,"a":D,"b":D,"result":D,"v4":bool}   two consecutive changes
//   {"op":"transform","case":n,"priority":bool,"a":D,"b":D,"result":D,"v4":bool}
//   {"op":"transformPosition","case":n,"priority":bool,"a":D,"index":i,"result":i,"v4":bool}
//   {"op":"invert","case":n,"a":D,"base":D,"result":D,"v4":bool}        a.invert(base)
//   {"op":"diff","case":n,"a":D,"b":D,"result":D,"v4":bool}             a.diff(b)
//   {"op":"slice","case":n,"a":D,"start":s,"end":e|null,"result":D,"v4":bool}   end null = no end
// When quill-delta throws, "error" (its message) stands in place of "result".
// where D is a delta {"ops":[...]} whose ops have their keys in the order (insert|retain|delete, attributes),
// attribute keys in the order quill-delta left them. "v4" tells whether quill-delta 4.2.2 (the version the
// sharedb rich-text type bundles) computed the same result as 5.1.0.
//
// Every case has its own PRNG seeded from (SEED, kind, case number), so a case is reproduced by the same
// SEED whatever COUNT is. All inputs are built with quill-delta's own builder, so they are canonical.
'use strict';

const Delta = require('quill-delta');
const Delta4 = require('quill-delta-4');

const EXPECTED = { 'quill-delta': '5.1.0', 'quill-delta-4': '4.2.2' };
for (const [name, version] of Object.entries(EXPECTED)) {
  const actual = require(name + '/package.json').version;
  if (actual !== version) {
    process.stderr.write(`cases.js: ${name} is ${actual}, expected ${version}; run npm ci in ${__dirname}\n`);
    process.exit(2);
  }
}

const args = process.argv.slice(2);
if (args.length !== 2 || !/^\d+$/.test(args[0]) || !/^\d+$/.test(args[1])) {
  process.stderr.write('usage: node cases.js SEED COUNT  (SEED a 32-bit unsigned integer)\n');
  process.exit(64);
}
const SEED = Number(args[0]) >>> 0;
const COUNT = Number(args[1]);

// ---------------------------------------------------------------------------------------------- PRNG

function mulberry32(a) {
  return function () {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// FNV-1a over the seed, kind and case number: independent streams per case.
function caseSeed(kind, n) {
  let h = 0x811c9dc5;
  const s = `${SEED}/${kind}/${n}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

let rnd = Math.random; // replaced per case
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)); // inclusive
const chance = (p) => rnd() < p;
const pick = (arr) => arr[Math.floor(rnd() * arr.length)];

// ------------------------------------------------------------------------------------------ content

// Words and separators so that diff finds real common runs, plus surrogate pairs, accents, line
// breaks and the odd NUL (diff's own placeholder for embeds).
const PIECES = [
  'a', 'b', 'c', 'x', 'ab', 'abc', 'the ', 'cat ', 'came', 'hello', 'world', 'Hello world',
  ' ', '  ', '\n', '\n\n', '.', ', ', '! ', '\t', '😀', 'é', 'x😀y', '😀😀', 'café ', '\r\n', '1', '42',
];

function randomText() {
  if (chance(0.015)) {
    return '\0';
  }
  let text = '';
  const n = int(1, 3);
  for (let i = 0; i < n; i++) {
    text += pick(PIECES);
  }
  return text;
}

const EMBEDS = [{ image: 'a.png' }, { image: 'b.png' }, { video: 'x' }];

// Values a document can hold; a change's retain may also set null (remove the format).
const FORMATS = {
  bold: [true],
  italic: [true],
  color: ['red', 'blue'],
  link: ['https://a.example/', 'https://b.example/?q=1'],
  header: [1, 2],
};
const FORMAT_KEYS = Object.keys(FORMATS);

function randomAttributes(allowNull, p) {
  if (!chance(p)) {
    return undefined;
  }
  // Random subset in random order: key order is visible in the JSON and must be kept.
  const keys = FORMAT_KEYS.slice();
  for (let i = keys.length - 1; i > 0; i--) {
    const j = int(0, i);
    [keys[i], keys[j]] = [keys[j], keys[i]];
  }
  const attributes = {};
  const n = int(1, 3);
  for (let i = 0; i < n; i++) {
    const key = keys[i];
    attributes[key] = allowNull && chance(0.35) ? null : pick(FORMATS[key]);
  }
  return attributes;
}

function insertRandom(delta, attributeChance) {
  const attributes = randomAttributes(false, attributeChance);
  if (chance(0.15)) {
    return delta.insert(Object.assign({}, pick(EMBEDS)), attributes);
  }
  return delta.insert(randomText(), attributes);
}

// A document: inserts only.
function randomDocument(maxPieces) {
  const doc = new Delta();
  const n = int(0, maxPieces === undefined ? (chance(0.1) ? 30 : 8) : maxPieces);
  for (let i = 0; i < n; i++) {
    insertRandom(doc, 0.4);
  }
  return doc;
}

// A change that fits a document of `length` units (or runs past it by `overrun`).
function randomChange(length, overrun) {
  const change = new Delta();
  const end = length + (overrun || 0);
  let pos = 0;
  const steps = int(0, 8);
  for (let i = 0; i < steps; i++) {
    const r = rnd();
    if (r < 0.3 || pos >= end) {
      if (pos >= end && chance(0.5)) {
        break;
      }
      insertRandom(change, 0.35);
    } else if (r < 0.65) {
      const k = int(1, Math.max(1, Math.min(end - pos, chance(0.7) ? 4 : end)));
      change.retain(k, randomAttributes(true, 0.45));
      pos += k;
    } else if (r < 0.92) {
      const k = int(1, Math.max(1, Math.min(end - pos, chance(0.7) ? 3 : end)));
      change.delete(k);
      pos += k;
    } else {
      break;
    }
  }
  if (chance(0.1) && pos < end) {
    // A trailing formatting retain up to the end.
    change.retain(end - pos, randomAttributes(true, 1));
  }
  if (chance(0.75)) {
    change.chop();
  }
  return change;
}

// ------------------------------------------------------------------------------------------- output

function normalizeOp(op) {
  let out;
  if (op.insert !== undefined) {
    out = { insert: op.insert };
  } else if (op.retain !== undefined) {
    out = { retain: op.retain };
  } else if (op.delete !== undefined) {
    out = { delete: op.delete };
  } else {
    throw new Error('not an op: ' + JSON.stringify(op));
  }
  if (op.attributes !== undefined) {
    out.attributes = op.attributes;
  }
  for (const key of Object.keys(op)) {
    if (!(key in out)) {
      throw new Error('unexpected key in op: ' + JSON.stringify(op));
    }
  }
  return out;
}

function norm(delta) {
  return { ops: delta.ops.map(normalizeOp) };
}

const same = (x, y) => JSON.stringify(x) === JSON.stringify(y);
const v4 = (delta) => new Delta4(JSON.parse(JSON.stringify(delta.ops)));

// {result} or, when quill-delta throws (fast-diff overflows its stack on a document with a split
// surrogate pair, for one), {error}: the Java side must then fail too.
function attempt(compute) {
  try {
    return { result: compute() };
  } catch (e) {
    return { error: String(e) };
  }
}

// 4.2.2 agrees when it computes the same result, or also throws.
function agrees(r5, compute4) {
  const r4 = attempt(compute4);
  return 'error' in r5 ? 'error' in r4 : !('error' in r4) && same(r4.result, r5.result);
}

// Plain JSON.stringify of a line (lone surrogates come out as \ud83d escapes, which Jackson reads back).
const out = [];
let buffered = 0;
function emit(record) {
  const line = JSON.stringify(record);
  out.push(line);
  buffered += line.length;
  if (buffered > 1 << 20) {
    flush();
  }
}
function flush() {
  if (out.length > 0) {
    process.stdout.write(out.join('\n') + '\n');
    out.length = 0;
    buffered = 0;
  }
}

// ------------------------------------------------------------------------------------------- kinds

const KINDS = {
  compose(n) {
    const a = randomDocument();
    const b = randomChange(a.length(), chance(0.05) ? int(1, 3) : 0);
    const r = attempt(() => norm(a.compose(b)));
    emit({ op: 'compose', case: n, a: norm(a), b: norm(b), ...r, v4: agrees(r, () => norm(v4(a).compose(v4(b)))) });
  },

  composeChanges(n) {
    const doc = randomDocument();
    const a = randomChange(doc.length());
    const b = randomChange(doc.compose(a).length(), chance(0.1) ? int(1, 4) : 0);
    const r = attempt(() => norm(a.compose(b)));
    emit({ op: 'composeChanges', case: n, a: norm(a), b: norm(b), ...r,
      v4: agrees(r, () => norm(v4(a).compose(v4(b)))) });
  },

  transform(n) {
    const doc = randomDocument();
    const length = doc.length();
    const a = randomChange(length, chance(0.05) ? int(1, 3) : 0);
    const b = randomChange(length, chance(0.05) ? int(1, 3) : 0);
    for (const priority of [true, false]) {
      const r = attempt(() => norm(a.transform(b, priority)));
      emit({ op: 'transform', case: n, priority, a: norm(a), b: norm(b), ...r,
        v4: agrees(r, () => norm(v4(a).transform(v4(b), priority))) });
    }
  },

  transformPosition(n) {
    const doc = randomDocument();
    const a = randomChange(doc.length());
    const index = int(0, doc.length() + 2);
    for (const priority of [true, false]) {
      const r = attempt(() => a.transformPosition(index, priority));
      emit({ op: 'transformPosition', case: n, priority, a: norm(a), index, ...r,
        v4: agrees(r, () => v4(a).transformPosition(index, priority)) });
    }
  },

  invert(n) {
    const base = randomDocument();
    const a = randomChange(base.length());
    const r = attempt(() => norm(a.invert(base)));
    emit({ op: 'invert', case: n, a: norm(a), base: norm(base), ...r, v4: agrees(r, () => norm(v4(a).invert(v4(base)))) });
  },

  diff(n) {
    const a = randomDocument();
    let b;
    const r = rnd();
    if (r < 0.7) {
      b = a.compose(randomChange(a.length()));
    } else if (r < 0.8) {
      const middle = a.compose(randomChange(a.length()));
      b = middle.compose(randomChange(middle.length()));
    } else if (r < 0.95) {
      b = randomDocument();
    } else {
      b = new Delta(JSON.parse(JSON.stringify(a.ops))); // equal, not the same ops array
    }
    const result = attempt(() => norm(a.diff(b)));
    emit({ op: 'diff', case: n, a: norm(a), b: norm(b), ...result, v4: agrees(result, () => norm(v4(a).diff(v4(b)))) });
  },

  slice(n) {
    const a = chance(0.5) ? randomDocument() : randomChange(int(0, 20), 0);
    const length = a.length();
    const start = int(0, length + 1);
    const end = chance(0.2) ? null : int(chance(0.1) ? 0 : start, length + 2);
    const slice = (d) => norm(end === null ? d.slice(start) : d.slice(start, end));
    const r = attempt(() => slice(a));
    emit({ op: 'slice', case: n, a: norm(a), start, end, ...r, v4: agrees(r, () => slice(v4(a))) });
  },
};

for (const [kind, generate] of Object.entries(KINDS)) {
  for (let n = 0; n < COUNT; n++) {
    rnd = mulberry32(caseSeed(kind, n));
    try {
      generate(n);
    } catch (e) {
      flush();
      process.stderr.write(`cases.js: seed ${SEED}, ${kind} case ${n}: ${e.stack}\n`);
      process.exit(1);
    }
  }
}
flush();
