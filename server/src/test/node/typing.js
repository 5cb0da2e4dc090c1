#!/usr/bin/env node
'use strict';
// typing.js URL SEED CLIENTS SECONDS [--rate=10] [--drain=2] [--verify] [--timeout=SECONDS+60]
//
// Typists for the crash test driven from Java. CLIENTS sharedb connections open the doc
// book-<SEED>/chapter-1 (client 0 creates it with [{insert:'\n'}] if it does not exist) and
// each inserts, --rate times a second, one unique marker word `<c<client>n<number>>` at a
// random position of its local copy that is not inside another marker (so markers are never
// split). For every acknowledged op it prints `ACK <client> <marker>` on stdout; an op whose
// callback gets an error prints `NACK <client> <marker> <code>`. Once every client has the
// doc it prints `READY <collection> <id>`.
//
// It tolerates the server disappearing: on a disconnect each client re-binds its Connection to
// a new WebSocket (connection.bindToSocket) every 100 ms .. 1 s until it is back, and keeps
// typing meanwhile (ops queue up locally and are sent, composed, after the reconnect, as an
// editor would). When SECONDS have passed it stops typing, waits up to --drain seconds for
// outstanding acks, optionally (--verify) checks with a fresh fetch that every acknowledged
// marker is in the document exactly once, prints a JSON summary and exits 0.

const c = require('./lib/common');

// The overall timeout defaults to SECONDS + 60 (the 4th positional argument).
const secondsArg = Number(process.argv.slice(2).filter((a) => !a.startsWith('--'))[3]);
if (!process.argv.some((a) => a.startsWith('--timeout=')) && secondsArg > 0) {
  process.argv.push(`--timeout=${secondsArg + 60}`);
}
const args = c.setup('typing', [
  { name: 'seed', default: '1' },
  { name: 'clients', type: 'int', default: 3 },
  { name: 'seconds', type: 'int', default: 10 },
], 'URL SEED CLIENTS SECONDS [--rate=OPS_PER_SEC] [--drain=SECONDS] [--verify] [--timeout=SECONDS]');

const out = (line) => process.stdout.write(line + '\n');

/** Positions (UTF-16 offsets) where a marker may be inserted: not inside another marker, before the final '\n'. */
function insertPositions(text) {
  const positions = [];
  let inside = false;
  for (let i = 0; i < text.length; i++) {
    if (!inside) positions.push(i);
    if (text[i] === '<') inside = true;
    else if (text[i] === '>') inside = false;
  }
  return positions.length ? positions : [0];
}

class Typist {
  constructor(index, url, collection, id, rng) {
    this.index = index;
    this.url = url;
    this.collection = collection;
    this.id = id;
    this.rng = rng;
    this.n = 0;
    this.submitted = 0;
    this.acked = 0;
    this.nacked = 0;
    this.reconnects = 0;
    this.errors = 0;
    this.stopped = false; // no more reconnects
    this.typing = true; // ticks insert markers
    this.ackedMarkers = [];
    this.reconnectDelay = 100;
    this.connection = new c.ShareDB.Connection(this.newSocket());
    this.connection.on('error', (e) => this.onError('connection', e));
    this.connection.on('state', (state) => this.onState(state));
    this.doc = this.connection.get(collection, id);
    this.doc.on('error', (e) => this.onError('doc', e));
    this.doc.subscribe((err) => { if (err) this.onError('subscribe', err); });
  }

  newSocket() {
    const ws = new c.WebSocket(this.url, { handshakeTimeout: 2000 });
    ws.on('error', () => {}); // connection errors are expected while the server is down
    return ws;
  }

  onError(where, e) {
    this.errors++;
    c.log(`client ${this.index} ${where} error (tolerated): ${e && (e.code || '')} ${e && e.message}`);
  }

  onState(state) {
    if (state === 'connected') { this.reconnectDelay = 100; return; }
    if (state !== 'disconnected' || this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.stopped || this.connection.state !== 'disconnected') return;
      this.reconnects++;
      this.connection.bindToSocket(this.newSocket());
    }, this.reconnectDelay);
    this.reconnectDelay = Math.min(1000, this.reconnectDelay * 2);
  }

  ensureCreated() {
    // Client 0 creates the doc once its subscription says it does not exist.
    if (this.index !== 0 || this.creating || this.doc.type || !this.doc.subscribed || this.doc.version !== 0) return;
    this.creating = true;
    this.doc.create([{ insert: '\n' }], 'rich-text', (err) => {
      this.creating = false;
      if (err && err.code !== 'ERR_DOC_ALREADY_CREATED') this.onError('create', err);
    });
  }

  tick() {
    if (this.stopped || !this.typing) return;
    this.ensureCreated();
    const doc = this.doc;
    if (!doc.type || doc.type.name !== 'rich-text') return; // not loaded yet, or in a hard rollback
    const text = c.docText(doc.data);
    const pos = this.rng.pick(insertPositions(text)); // 0 .. length-1: before the final '\n'
    const marker = `<c${this.index}n${this.n++}>`;
    const op = pos > 0 ? [{ retain: pos }, { insert: marker }] : [{ insert: marker }];
    this.submitted++;
    try {
      doc.submitOp(op, (err) => {
        if (err) { this.nacked++; out(`NACK ${this.index} ${marker} ${err.code || 'ERROR'}`); return; }
        this.acked++;
        this.ackedMarkers.push(marker);
        out(`ACK ${this.index} ${marker}`);
      });
    } catch (e) {
      this.onError('submit', e);
    }
  }

  stopTyping() {
    this.typing = false;
    clearTimeout(this.timer);
    clearInterval(this.timer);
  }

  stop() {
    this.stopTyping();
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
  }
}

async function main() {
  const { url, seed, clients: nClients, seconds } = args;
  const rate = args.flags.rate !== undefined ? Number(args.flags.rate) : 10;
  const drain = args.flags.drain !== undefined ? Number(args.flags.drain) : 2;
  if (nClients < 1 || !(seconds > 0) || !(rate > 0) || !(drain >= 0)) throw new Error('CLIENTS >= 1, SECONDS > 0, --rate > 0, --drain >= 0');
  const collection = `book-${seed}`;
  const id = 'chapter-1';
  const rootRng = c.makeRng(`typing-${seed}`);
  const endAt = args.started + seconds * 1000;

  const typists = [];
  for (let i = 0; i < nClients; i++) {
    typists.push(new Typist(i, url, collection, id, rootRng.fork(`client-${i}`)));
  }
  // Steady typing; ticks before the doc is loaded are no-ops.
  const interval = 1000 / rate;
  typists.forEach((t, i) => {
    t.timer = setTimeout(function start() {
      t.tick();
      t.timer = setInterval(() => t.tick(), interval);
    }, Math.floor((interval * i) / nClients));
  });

  let ready = false;
  while (Date.now() < endAt) {
    if (!ready && typists.every((t) => t.doc.type)) {
      ready = true;
      out(`READY ${collection} ${id}`);
    }
    await c.sleep(Math.min(50, Math.max(1, endAt - Date.now())));
  }
  typists.forEach((t) => t.stopTyping());

  // Drain: give outstanding ops a bounded chance to be acknowledged (reconnects continue).
  const drainEnd = Date.now() + drain * 1000;
  while (Date.now() < drainEnd && typists.some((t) => t.doc.hasWritePending())) await c.sleep(20);
  const pendingAtExit = typists.filter((t) => t.doc.hasWritePending()).length;
  typists.forEach((t) => t.stop());

  const summary = {
    clients: nClients, seconds, rate, collection, id,
    submitted: typists.reduce((s, t) => s + t.submitted, 0),
    acked: typists.reduce((s, t) => s + t.acked, 0),
    nacked: typists.reduce((s, t) => s + t.nacked, 0),
    clientsWithPendingOpsAtExit: pendingAtExit,
    reconnects: typists.reduce((s, t) => s + t.reconnects, 0),
    toleratedErrors: typists.reduce((s, t) => s + t.errors, 0),
    version: Math.max(...typists.map((t) => t.doc.version || 0)),
  };

  if (args.flags.verify) {
    const fresh = await c.freshFetch(url, collection, id, Math.max(1000, Math.min(10000, args.deadline - Date.now())));
    const text = c.docText(fresh.ops);
    const bad = [];
    for (const t of typists) {
      for (const m of t.ackedMarkers) {
        const k = c.countOccurrences(text, m);
        if (k !== 1) bad.push(`${m}×${k}`);
      }
    }
    summary.verified = { version: fresh.v, length: text.length, missingOrDuplicated: bad.length };
    if (bad.length) {
      typists.forEach((t) => t.connection.close());
      return c.fail(new Error(`${bad.length} acknowledged markers are not in the document exactly once: ${bad.slice(0, 20).join(' ')}`), summary);
    }
  }
  typists.forEach((t) => t.connection.close());
  c.succeed(summary);
}

main().catch((e) => c.fail(e));
