'use strict';
// Shared helpers for the protocol test scripts: argument parsing, bounded waits, a
// controllable WebSocket wrapper for the sharedb client, promisified sharedb calls,
// a seeded PRNG and rich-text (Quill delta) helpers.

const util = require('util');
const WebSocket = require('ws');
const ShareDB = require('sharedb/lib/client');
const richText = require('rich-text');

ShareDB.types.register(richText.type);

const RICH_TEXT_URI = richText.type.uri; // 'http://sharejs.org/types/rich-text/v1'

// ---------------------------------------------------------------- run control

let scriptName = 'script';
let failed = false;

function log(...args) {
  // Diagnostics go to stderr so that the last stdout line stays the JSON summary.
  process.stderr.write(`[${scriptName}] ${util.format(...args)}\n`);
}

function printSummary(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function fail(message, extra) {
  if (failed) return;
  failed = true;
  const msg = message instanceof Error ? (message.stack || message.message) : String(message);
  process.stderr.write(`[${scriptName}] FAIL: ${msg}\n`);
  printSummary(Object.assign({ ok: false, script: scriptName, error: message instanceof Error ? message.message : String(message) }, extra || {}));
  // Let stdout drain before exiting.
  process.stdout.write('', () => process.exit(1));
  setTimeout(() => process.exit(1), 500).unref();
}

function succeed(summary) {
  if (failed) return;
  printSummary(Object.assign({ ok: true, script: scriptName }, summary));
  process.stdout.write('', () => process.exit(0));
  setTimeout(() => process.exit(0), 500).unref();
}

/**
 * Parses `URL [positional...] [--name=value ...]`. Every script accepts --timeout=SECONDS
 * (overall bound, default 60). Installs the overall timer and handlers for stray errors.
 */
function setup(name, positionalSpec, usage) {
  scriptName = name;
  const positional = [];
  const flags = {};
  for (const a of process.argv.slice(2)) {
    const m = /^--([a-zA-Z-]+)(?:=(.*))?$/.exec(a);
    if (m) flags[m[1]] = m[2] === undefined ? 'true' : m[2];
    else positional.push(a);
  }
  if (flags.help || positional.length < 1) {
    process.stderr.write(`usage: node ${name}.js ${usage}\n`);
    process.exit(2);
  }
  const url = positional[0];
  if (!/^wss?:\/\//.test(url)) {
    process.stderr.write(`[${name}] the first argument must be the server URL (ws://HOST:PORT/ws), got ${url}\n`);
    process.exit(2);
  }
  const args = { url };
  positionalSpec.forEach((spec, i) => {
    const raw = positional[i + 1];
    if (raw === undefined) {
      if (spec.default === undefined) {
        process.stderr.write(`usage: node ${name}.js ${usage}\n`);
        process.exit(2);
      }
      args[spec.name] = spec.default;
    } else {
      args[spec.name] = spec.type === 'int' ? parseIntStrict(raw, spec.name) : raw;
    }
  });
  const timeoutSec = flags.timeout !== undefined ? Number(flags.timeout) : 60;
  if (!(timeoutSec > 0)) {
    process.stderr.write(`[${name}] --timeout must be a positive number of seconds\n`);
    process.exit(2);
  }
  args.timeoutMs = timeoutSec * 1000;
  args.flags = flags;
  const started = Date.now();
  args.deadline = started + args.timeoutMs;
  args.started = started;
  const timer = setTimeout(() => fail(`overall timeout of ${timeoutSec}s exceeded`), args.timeoutMs);
  timer.unref();
  process.on('uncaughtException', (e) => fail(e));
  process.on('unhandledRejection', (e) => fail(e instanceof Error ? e : new Error(String(e))));
  return args;
}

function parseIntStrict(raw, what) {
  if (!/^-?\d+$/.test(raw)) {
    process.stderr.write(`[${scriptName}] ${what} must be an integer, got ${raw}\n`);
    process.exit(2);
  }
  return Number(raw);
}

/** Rejects after ms (bounded by nothing else); clears its timer when the promise settles. */
function withTimeout(promise, ms, what) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls cond() every `every` ms until it is truthy, or rejects after ms. */
async function waitUntil(cond, ms, what, every = 10) {
  const end = Date.now() + ms;
  for (;;) {
    const v = cond();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(every);
  }
}

// ----------------------------------------------------- controllable WebSocket

/**
 * A WebSocket-like object for `new ShareDB.Connection(socket)` / `bindToSocket(socket)`.
 * The sharedb client only uses readyState, send(), close() and the on* handler properties,
 * so this wrapper forwards those to a real `ws` socket and lets a test:
 *  - record every frame sent and received (this.sent / this.received, parsed JSON);
 *  - hold incoming frames (hold()/release()) so the client sees them later;
 *  - drop the connection at a chosen moment (drop()): from then on nothing is delivered
 *    to the client, the real socket is closed, and the client gets onclose;
 *  - intercept outgoing frames (this.onSendHook(msg) may return 'swallow' to not transmit).
 */
class ControlledSocket {
  constructor(url, options = {}) {
    this.url = url;
    this.name = options.name || 'socket';
    this.readyState = 0; // CONNECTING
    this.onopen = null;
    this.onmessage = null;
    this.onclose = null;
    this.onerror = null;
    this.sent = [];
    this.received = [];
    this.swallowed = []; // frames received after drop() (never delivered to the client)
    this.held = [];
    this.holding = false;
    this.dead = false;
    this.onSendHook = null;
    this.onReceiveHook = null;
    this.ws = new WebSocket(url, { handshakeTimeout: options.handshakeTimeout || 5000 });
    this.ws.onopen = () => {
      if (this.dead) return;
      this.readyState = 1;
      if (this.onopen) this.onopen();
    };
    this.ws.onmessage = (ev) => {
      const text = typeof ev.data === 'string' ? ev.data : ev.data.toString();
      let msg;
      try { msg = JSON.parse(text); } catch (e) { msg = { unparsable: text }; }
      if (this.dead) { this.swallowed.push(msg); return; }
      this.received.push(msg);
      if (this.onReceiveHook) this.onReceiveHook(msg);
      if (this.holding) { this.held.push(text); return; }
      if (this.onmessage) this.onmessage({ data: text });
    };
    this.ws.onerror = (err) => {
      if (this.dead) return;
      if (this.onerror) this.onerror(err);
    };
    this.ws.onclose = (ev) => {
      if (this.dead) return;
      this.dead = true;
      this.readyState = 3;
      if (this.onclose) this.onclose({ code: ev.code, reason: ev.reason || 'connection closed' });
    };
  }

  send(data) {
    if (this.dead || this.readyState !== 1) return;
    const msg = JSON.parse(data);
    this.sent.push(msg);
    if (this.onSendHook && this.onSendHook(msg, data) === 'swallow') return;
    this.ws.send(data);
  }

  close() {
    // Called by the sharedb client (connection.close(), or bindToSocket() on a new socket).
    if (this.dead) return;
    this.drop('closed by client');
  }

  hold() { this.holding = true; }

  release() {
    this.holding = false;
    const frames = this.held;
    this.held = [];
    for (const text of frames) {
      if (this.dead) break;
      if (this.onmessage) this.onmessage({ data: text });
    }
  }

  /** Cuts the connection as the client sees it; the client's onclose fires asynchronously. */
  drop(reason = 'dropped by test') {
    if (this.dead) return;
    this.dead = true;
    this.readyState = 3;
    this.held = [];
    try { this.ws.close(4000, 'test drop'); } catch (e) { /* ignore */ }
    // Make sure the TCP connection goes away even if the close handshake stalls.
    setTimeout(() => { try { this.ws.terminate(); } catch (e) { /* ignore */ } }, 1000).unref();
    setImmediate(() => { if (this.onclose) this.onclose({ code: 4000, reason }); });
  }
}

// ------------------------------------------------------- sharedb conveniences

/**
 * Opens a sharedb Connection and waits for 'connected'. By default over a ControlledSocket;
 * with raw=true over a plain `new WebSocket(url)` exactly as an application would.
 */
async function connect(url, ms, name, raw = false) {
  const socket = raw ? new WebSocket(url) : new ControlledSocket(url, { name });
  const connection = new ShareDB.Connection(socket);
  connection.on('error', (e) => fail(new Error(`${name || 'connection'} emitted error: ${e.code || ''} ${e.message}`)));
  await waitConnected(connection, ms, name);
  return { connection, socket };
}

function waitConnected(connection, ms, name) {
  if (connection.state === 'connected') return Promise.resolve();
  return withTimeout(new Promise((resolve, reject) => {
    const onState = (state, reason) => {
      if (state === 'connected') { connection.removeListener('state', onState); resolve(); }
      else if (state === 'closed' || state === 'stopped' || state === 'disconnected') {
        connection.removeListener('state', onState);
        const why = reason && (reason.reason || reason.code) ? ` (${reason.code || ''} ${reason.reason || ''})` : '';
        reject(new Error(`${name || 'connection'} to the server went ${state}${why} before the handshake completed: is the server running at that URL?`));
      }
    };
    connection.on('state', onState);
  }), ms, `${name || 'connection'} to connect (handshake)`);
}

function cb2p(fn, what, ms) {
  const p = new Promise((resolve, reject) => fn((err, res) => (err ? reject(wrapErr(err, what)) : resolve(res))));
  return ms ? withTimeout(p, ms, what) : p;
}

function wrapErr(err, what) {
  const e = new Error(`${what} failed: ${err.code ? err.code + ': ' : ''}${err.message}`);
  e.code = err.code;
  return e;
}

const subscribe = (doc, ms) => cb2p((cb) => doc.subscribe(cb), `subscribe ${doc.collection}/${doc.id}`, ms);
const fetchDoc = (doc, ms) => cb2p((cb) => doc.fetch(cb), `fetch ${doc.collection}/${doc.id}`, ms);
const createDoc = (doc, data, ms) => cb2p((cb) => doc.create(data, 'rich-text', cb), `create ${doc.collection}/${doc.id}`, ms);
const submitOp = (doc, op, ms) => cb2p((cb) => doc.submitOp(op, cb), `submitOp on ${doc.collection}/${doc.id}`, ms);
const fetchSnapshot = (conn, c, d, v, ms) => cb2p((cb) => conn.fetchSnapshot(c, d, v, cb), `fetchSnapshot ${c}/${d}@${v}`, ms);
const fetchSnapshotByTimestamp = (conn, c, d, ts, ms) =>
  cb2p((cb) => conn.fetchSnapshotByTimestamp(c, d, ts, cb), `fetchSnapshotByTimestamp ${c}/${d}@${ts}`, ms);

function whenNothingPending(doc, ms, what) {
  return withTimeout(new Promise((resolve) => doc.whenNothingPending(resolve)), ms, what || `${doc.collection}/${doc.id} to have nothing pending`);
}

/** A fresh connection fetches the doc; returns {v, type, ops} and closes the connection. */
async function freshFetch(url, c, d, ms) {
  const { connection } = await connect(url, ms, 'fresh-fetch');
  try {
    const doc = connection.get(c, d);
    await fetchDoc(doc, ms);
    return { v: doc.version, type: doc.type && doc.type.name, ops: opsOf(doc.data) };
  } finally {
    connection.close();
  }
}

// ------------------------------------------------------------ rich-text data

/** Plain JSON ops of a rich-text snapshot (Delta instance, {ops}, or a bare array). */
function opsOf(data) {
  if (data == null) return null;
  if (Array.isArray(data)) return JSON.parse(JSON.stringify(data));
  if (Array.isArray(data.ops)) return JSON.parse(JSON.stringify(data.ops));
  throw new Error(`not a rich-text snapshot: ${JSON.stringify(data)}`);
}

function opLength(op) {
  if (typeof op.delete === 'number') return op.delete;
  if (typeof op.retain === 'number') return op.retain;
  if (typeof op.retain === 'object' && op.retain !== null) return 1;
  return typeof op.insert === 'string' ? op.insert.length : 1;
}

function docLength(data) {
  return opsOf(data).reduce((n, op) => n + opLength(op), 0);
}

/** The document's text, each embed as U+FFFC. */
function docText(data) {
  return opsOf(data).map((op) => (typeof op.insert === 'string' ? op.insert : '\uFFFC')).join('');
}

function assertInsertOnly(ops, what) {
  for (const op of ops) {
    if (!('insert' in op) || 'delete' in op || 'retain' in op) {
      throw new Error(`${what} is not insert-only: contains ${JSON.stringify(op)}`);
    }
  }
}

function countOccurrences(haystack, needle) {
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

const deepEqual = (a, b) => util.isDeepStrictEqual(a, b);

/** The canonical form of a list of Delta ops (Delta.push merges what can be merged). */
function canonical(ops) {
  const d = new richText.Delta();
  for (const op of ops) d.push(JSON.parse(JSON.stringify(op)));
  return JSON.parse(JSON.stringify(d.ops));
}

function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`);
}

// ------------------------------------------------------------------ PRNG

/** A seeded PRNG (xmur3 string hash + mulberry32), so runs are reproducible. */
function makeRng(seed) {
  let h = 1779033703 ^ String(seed).length;
  for (const ch of String(seed)) {
    h = Math.imul(h ^ ch.charCodeAt(0), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  h = Math.imul(h ^ (h >>> 16), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  let a = (h ^= h >>> 16) >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), // inclusive
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
    fork: (label) => makeRng(`${seed}/${label}`),
  };
}

module.exports = {
  ShareDB, WebSocket, richText, RICH_TEXT_URI,
  setup, log, fail, succeed, withTimeout, sleep, waitUntil,
  ControlledSocket, connect, waitConnected,
  subscribe, fetchDoc, createDoc, submitOp, fetchSnapshot, fetchSnapshotByTimestamp, whenNothingPending, freshFetch,
  opsOf, opLength, docLength, docText, assertInsertOnly, countOccurrences, deepEqual, canonical, assert,
  makeRng,
};
