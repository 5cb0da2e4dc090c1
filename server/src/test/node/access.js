#!/usr/bin/env node
'use strict';
// access.js URL SCENARIO --config=FILE [--timeout=60]
//
// Roles over the WebSocket, with the stock sharedb client signed in by token (?token=...), against
// Quire in secured mode. The Java test (WebSocketAccessTest) makes the book, its members and
// chapters through the REST API and writes FILE: {api, book, chapter, otherBook, otherChapter,
// tokens: {name: token or API key}, users: {name: user id}}. Scenarios:
//   editing   the editor creates a chapter and types (ops composed while one is in flight), the
//             owner types too; then a raw connection with the editor's token submits an op whose
//             src claims the owner's user id. Everything is acked; Java checks the stored authors.
//   viewer    a viewer fetches and subscribes and sees the owner's op live; its own op is refused
//             (ERR_ACCESS_DENIED) and rolled back, the head version and text unchanged; a commenter
//             publishes presence, which owner and viewer receive; the viewer's own presence is
//             refused and reaches no one; when the commenter leaves, its cursor is cleared for both.
//   outsider  a signed-in user who is no member: fetch, subscribe, bulk subscribe, snapshot fetch by
//             version and by time, presence subscribe, channel presence, create: each refused with
//             ERR_ACCESS_DENIED, the same message whether the book exists or not; while the owner
//             types and shows a cursor, the outsider's socket gets nothing but refusals.
//   api-key   an editor API key edits its book and creates a chapter there; in another book every
//             request is refused; a viewer key reads but cannot edit.
// Prints {ok, scenario, ...} with what Java asserts on.

const c = require('./lib/common');
const a = require('./lib/access');

const args = c.setup('access', [{ name: 'scenario' }], 'URL SCENARIO --config=FILE [--timeout=SECONDS]');
const cfg = a.loadConfig(args, 'access');
const remaining = () => Math.max(1000, args.deadline - Date.now());
const url = args.url;

const textOf = (doc) => (doc.type ? c.docText(doc.data) : null);
const subscribe = (doc, what) => a.outcome((cb) => doc.subscribe(cb), what, remaining());
const fetchDoc = (doc, what) => a.outcome((cb) => doc.fetch(cb), what, remaining());
const submit = (doc, op, what) => a.outcome((cb) => doc.submitOp(op, cb), what, remaining());
const create = (doc, data, what) => a.outcome((cb) => doc.create(data, 'rich-text', cb), what, remaining());
const insertAtEnd = (doc, text) => {
  const n = c.docLength(doc.data) - 1;
  return n > 0 ? [{ retain: n }, { insert: text }] : [{ insert: text }];
};

/** A fresh connection with `token` fetches the doc: {v, text}. */
async function freshFetch(token, collection, id) {
  const s = await a.signIn(url, token, 'fresh-fetch', remaining());
  try {
    const doc = s.connection.get(collection, id);
    a.expectOk(await fetchDoc(doc, `fresh fetch of ${collection}/${id}`), 'fresh fetch');
    return { v: doc.version, text: textOf(doc) };
  } finally {
    s.connection.close();
  }
}

/** A plain `ws` connection speaking the protocol by hand, for frames the client would never send. */
async function rawConnection(token, name) {
  const ws = new c.WebSocket(a.urlWithToken(url, token));
  const frames = [];
  ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
  await c.withTimeout(new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
    ws.once('close', (code, reason) => reject(new Error(`${name} closed at once: ${code} ${reason}`)));
  }), remaining(), `${name} to open`);
  const send = (m) => ws.send(JSON.stringify(m));
  const await1 = (pred, what) => c.waitUntil(() => frames.find(pred), remaining(), `${name}: ${what}`);
  send({ a: 'hs', id: null, protocol: 1, protocolMinor: 2 });
  const hs = await await1((m) => m.a === 'hs' && m.id, 'the handshake reply');
  return { ws, frames, send, await1, id: hs.id };
}

// ------------------------------------------------------------------ editing

async function editing() {
  const O = await a.signIn(url, cfg.tokens.owner, 'owner', remaining());
  const E = await a.signIn(url, cfg.tokens.editor, 'editor', remaining());
  const docE = E.connection.get(cfg.book, cfg.chapter);
  const docO = O.connection.get(cfg.book, cfg.chapter);
  const errors = { editor: a.recordErrors(docE), owner: a.recordErrors(docO) };

  a.expectOk(await subscribe(docE, 'the editor subscribes to the new chapter'), 'editor subscribe');
  c.assert(docE.type == null, `the chapter ${cfg.chapter} does not exist yet (type ${docE.type && docE.type.name})`);
  a.expectOk(await create(docE, [{ insert: 'Written by the editor.\n' }], 'the editor creates the chapter'), 'create');
  const createdAt = docE.version;
  a.expectOk(await subscribe(docO, 'the owner subscribes'), 'owner subscribe');
  c.assert(textOf(docO) === 'Written by the editor.\n', `the owner sees the editor's chapter (${JSON.stringify(textOf(docO))})`);

  // The editor types without waiting for acks (the client composes what is not sent yet); the
  // owner types at the end at the same time.
  const pending = [];
  for (let i = 1; i <= 6; i++) pending.push(submit(docE, [{ insert: `e${i} ` }], `editor op ${i}`));
  for (let i = 1; i <= 3; i++) pending.push(submit(docO, insertAtEnd(docO, ` o${i}`), `owner op ${i}`));
  for (const [i, p] of pending.entries()) a.expectOk(await p, `op ${i}`);
  await c.waitUntil(() => !docE.hasPending() && !docO.hasPending() && docE.version === docO.version,
    remaining(), 'editor and owner to agree');
  c.assert(textOf(docE) === textOf(docO), `editor and owner have the same text: ${JSON.stringify(textOf(docE))} vs ${JSON.stringify(textOf(docO))}`);

  // A hand-made frame whose src names the owner: the server must stamp the op with the token's user.
  const raw = await rawConnection(cfg.tokens.editor, 'raw-editor');
  const forgedV = docO.version;
  const seen = a.nextRemoteOp(docO, remaining(), 'the owner to receive the forged op');
  raw.send({ a: 'op', c: cfg.book, d: cfg.chapter, v: forgedV, src: cfg.users.owner, seq: 1, x: {}, op: [{ insert: 'forged ' }] });
  const ack = await raw.await1((m) => m.a === 'op' && m.seq === 1 && (m.error || m.v !== undefined), 'the forged op\'s reply');
  c.assert(!ack.error, `the editor's op with a forged src is accepted (it is the editor's op): ${JSON.stringify(ack)}`);
  await seen;
  raw.ws.close();

  const fresh = await freshFetch(cfg.tokens.owner, cfg.book, cfg.chapter);
  c.assert(fresh.text === textOf(docO), 'a fresh fetch agrees with the owner');
  c.assert(errors.editor.length === 0 && errors.owner.length === 0, `no doc errors: ${JSON.stringify(errors)}`);
  O.connection.close();
  E.connection.close();
  return { createdAt, forged: { v: forgedV, ack: { v: ack.v, src: ack.src } }, version: fresh.v, text: fresh.text };
}

// ------------------------------------------------------------------ viewer

async function viewer() {
  const O = await a.signIn(url, cfg.tokens.owner, 'owner', remaining());
  const V = await a.signIn(url, cfg.tokens.viewer, 'viewer', remaining());
  const C = await a.signIn(url, cfg.tokens.commenter, 'commenter', remaining());
  const docO = O.connection.get(cfg.book, cfg.chapter);
  const docV = V.connection.get(cfg.book, cfg.chapter);
  const docC = C.connection.get(cfg.book, cfg.chapter);
  const errors = { owner: a.recordErrors(docO), viewer: a.recordErrors(docV), commenter: a.recordErrors(docC) };

  a.expectOk(await fetchDoc(docV, 'the viewer fetches'), 'viewer fetch');
  const fetched = { v: docV.version, text: textOf(docV) };
  for (const [n, d] of [['viewer', docV], ['owner', docO], ['commenter', docC]]) {
    a.expectOk(await subscribe(d, `the ${n} subscribes`), `${n} subscribe`);
  }

  // Live ops reach the viewer.
  const live = a.nextRemoteOp(docV, remaining(), 'the viewer to receive the owner\'s op');
  a.expectOk(await submit(docO, [{ insert: 'OWNER-1 ' }], 'the owner types'), 'owner op');
  await live;
  await c.waitUntil(() => docV.version === docO.version, remaining(), 'the viewer to catch up');
  const liveText = textOf(docV);

  // The viewer's op is refused; the client rolls it back (rich-text has no invert: it refetches).
  const before = { v: docO.version, text: textOf(docO) };
  const refusedOp = a.expectDenied(await submit(docV, [{ insert: 'VIEWER-1 ' }], 'the viewer\'s op'), 'the viewer\'s op');
  await c.waitUntil(() => docV.type && !docV.hasPending() && docV.version === before.v, remaining(), 'the viewer\'s rollback');
  const afterRollback = { v: docV.version, text: textOf(docV) };
  await a.roundTrip(O.connection, remaining(), 'owner round trip');
  const after = await freshFetch(cfg.tokens.owner, cfg.book, cfg.chapter);

  // Presence: commenter shows a cursor; the viewer may watch but not show one.
  const channel = { owner: O.connection.getDocPresence(cfg.book, cfg.chapter),
    viewer: V.connection.getDocPresence(cfg.book, cfg.chapter),
    commenter: C.connection.getDocPresence(cfg.book, cfg.chapter) };
  const presenceErrors = {};
  const received = {};
  for (const [n, p] of Object.entries(channel)) {
    presenceErrors[n] = a.recordErrors(p);
    received[n] = a.recordPresence(p);
    a.expectOk(await a.presenceSubscribe(p, remaining(), `the ${n} subscribes to presence`), `${n} presence subscribe`);
  }
  const cursorC = channel.commenter.create('cursor-commenter');
  const cursorV = channel.viewer.create('cursor-viewer');
  // The client keeps the refused value and resends it whenever someone asks for cursors ({a:'pr'}):
  // each resend is refused again, with no callback, so it comes as this 'error' event.
  const viewerResendsRefused = a.recordErrors(cursorV);
  a.expectOk(await a.presenceSubmit(cursorC, { index: 2, length: 0 }, remaining(), 'the commenter\'s cursor'), 'commenter presence');
  const viewerPresence = a.expectDenied(await a.presenceSubmit(cursorV, { index: 1, length: 3 }, remaining(), 'the viewer\'s cursor'),
    'the viewer\'s cursor');
  // Sentinel: the commenter moves after the viewer's refusal; once owner and viewer see that move,
  // a relayed viewer cursor would have arrived before it.
  a.expectOk(await a.presenceSubmit(cursorC, { index: 4, length: 2 }, remaining(), 'the commenter moves'), 'commenter presence 2');
  for (const n of ['owner', 'viewer']) {
    await c.waitUntil(() => received[n].some((r) => r.id === 'cursor-commenter' && r.value && r.value.index === 4),
      remaining(), `the ${n} to receive the commenter's second cursor`);
  }
  const viewerCursorSeen = ['owner', 'commenter'].filter((n) => received[n].some((r) => r.id === 'cursor-viewer'))
    .concat(['owner', 'commenter'].filter((n) => ({ owner: O, commenter: C })[n].socket.received
      .some((m) => m.a === 'p' && m.id === 'cursor-viewer' && !m.error)));

  // The commenter leaves after the owner typed (its cursor is now older than the document): owner
  // and viewer must see the cursor cleared, which the client applies only at its doc's version.
  a.expectOk(await submit(docO, [{ insert: 'OWNER-2 ' }], 'the owner types again'), 'owner op 2');
  await c.waitUntil(() => docC.version === docO.version && docV.version === docO.version, remaining(), 'all to catch up');
  const left = Date.now();
  C.connection.close();
  for (const n of ['owner', 'viewer']) {
    await c.waitUntil(() => received[n].some((r) => r.id === 'cursor-commenter' && r.value === null && r.at >= left),
      Math.min(5000, remaining()), `the ${n} to see the commenter's cursor cleared when it left`, 2);
  }
  const clearedOnLeave = ['owner', 'viewer'].filter((n) => !(('cursor-commenter') in channel[n].remotePresences));

  const summary = {
    fetched, liveText, before, refusedOp, afterRollback, after,
    presence: {
      commenterSeenBy: ['owner', 'viewer'].filter((n) => received[n].some((r) => r.id === 'cursor-commenter')),
      viewerReceived: received.viewer.filter((r) => r.id === 'cursor-commenter').map((r) => r.value),
      viewerPresence,
      viewerCursorSeen,
      clearedOnLeave,
      viewerResendsRefused: viewerResendsRefused.map((e) => e.code),
    },
    docErrors: errors,
    presenceErrors,
  };
  for (const s of [O, V]) s.connection.close();
  return summary;
}

// ------------------------------------------------------------------ outsider

async function outsider() {
  const O = await a.signIn(url, cfg.tokens.owner, 'owner', remaining());
  const X = await a.signIn(url, cfg.tokens.outsider, 'outsider', remaining());
  const docO = O.connection.get(cfg.book, cfg.chapter);
  a.recordErrors(docO);
  a.expectOk(await subscribe(docO, 'the owner subscribes'), 'owner subscribe');
  const presenceO = O.connection.getDocPresence(cfg.book, cfg.chapter);
  a.expectOk(await a.presenceSubscribe(presenceO, remaining(), 'the owner subscribes to presence'), 'owner presence');
  const cursorO = presenceO.create('cursor-owner');
  a.expectOk(await a.presenceSubmit(cursorO, { index: 1, length: 0 }, remaining(), 'the owner\'s cursor'), 'owner cursor');
  const startFrames = X.socket.received.length;

  const attempts = {};
  attempts.subscribeAtVersion = await a.outcome((cb) => {
    // As after a reconnect: a subscribe with a version asks for the ops since it. Sent by hand
    // before the client has a doc object for the chapter (it would not expect this reply).
    X.socket.onReceiveHook = (m) => {
      if (m.a === 's' && m.c === cfg.book && m.d === cfg.chapter) { X.socket.onReceiveHook = null; cb(m.error || null); }
    };
    X.connection.send({ a: 's', c: cfg.book, d: cfg.chapter, v: 1 });
  }, 'the outsider subscribes from version 1', remaining());
  const docX = X.connection.get(cfg.book, cfg.chapter);
  const docErrors = a.recordErrors(docX);
  attempts.fetch = await fetchDoc(docX, 'the outsider fetches');
  attempts.subscribe = await subscribe(docX, 'the outsider subscribes');
  attempts.snapshot = await a.outcome((cb) => X.connection.fetchSnapshot(cfg.book, cfg.chapter, null, cb), 'fetchSnapshot latest', remaining());
  attempts.snapshotAtVersion = await a.outcome((cb) => X.connection.fetchSnapshot(cfg.book, cfg.chapter, 1, cb), 'fetchSnapshot v1', remaining());
  attempts.snapshotAtTime = await a.outcome((cb) => X.connection.fetchSnapshotByTimestamp(cfg.book, cfg.chapter, Date.now(), cb),
    'fetchSnapshotByTimestamp', remaining());
  attempts.bulkSubscribe = await a.outcome((cb) => {
    const docs = [X.connection.get(cfg.book, `${cfg.chapter}-b1`), X.connection.get(cfg.book, `${cfg.chapter}-b2`)];
    docs.forEach((d) => a.recordErrors(d));
    let left = docs.length;
    let first = null;
    X.connection.startBulk();
    for (const d of docs) d.subscribe((err) => { first = first || err; if (--left === 0) cb(first); });
    X.connection.endBulk();
  }, 'bulk subscribe', remaining());
  const presenceX = X.connection.getDocPresence(cfg.book, cfg.chapter);
  const presenceXErrors = a.recordErrors(presenceX);
  const presenceXReceived = a.recordPresence(presenceX);
  attempts.presenceSubscribe = await a.presenceSubscribe(presenceX, remaining(), 'the outsider subscribes to presence');
  // Channel presence (no document) on a channel of the book (the chapter's channel is the doc presence's).
  const channelX = X.connection.getPresence(`${cfg.book}.lobby`);
  a.recordErrors(channelX);
  attempts.channelPresence = await a.presenceSubmit(channelX.create('outsider-channel'), { hello: 'there' }, remaining(), 'channel presence');
  const newDoc = X.connection.get(cfg.book, 'outsider-chapter');
  a.recordErrors(newDoc);
  attempts.create = await create(newDoc, [{ insert: 'planted\n' }], 'the outsider creates a chapter');
  // A book that does not exist must answer the same way (no telling which books exist).
  attempts.missingBook = await fetchDoc(X.connection.get('no-such-book', cfg.chapter), 'fetch in a missing book');

  const refusals = {};
  for (const [k, r] of Object.entries(attempts)) refusals[k] = a.expectDenied(r, `the outsider's ${k}`);

  // Meanwhile the book goes on: none of it may reach the outsider.
  a.expectOk(await submit(docO, [{ insert: 'SECRET ' }], 'the owner types'), 'owner op');
  a.expectOk(await a.presenceSubmit(cursorO, { index: 3, length: 1 }, remaining(), 'the owner moves'), 'owner cursor 2');
  await a.roundTrip(X.connection, remaining(), 'the outsider\'s round trip');
  const frames = a.framesSince(X.socket, startFrames);
  const leaks = frames.filter((f) => !f.error && f.a !== 'pp');
  const everything = JSON.stringify(X.socket.received);

  const summary = {
    refusals,
    leaks,
    framesReceived: frames.length,
    mentionsText: everything.includes('SECRET') || everything.includes(cfg.chapterText || '\u0000'),
    outsiderDoc: { type: docX.type && docX.type.name, data: docX.data === undefined ? null : docX.data },
    presenceReceived: presenceXReceived,
    docErrors,
    presenceErrors: presenceXErrors,
  };
  O.connection.close();
  X.connection.close();
  return summary;
}

// ------------------------------------------------------------------ api-key

async function apiKey() {
  const K = await a.signIn(url, cfg.tokens.editorKey, 'editor-key', remaining());
  const doc = K.connection.get(cfg.book, cfg.chapter);
  const errors = a.recordErrors(doc);
  a.expectOk(await subscribe(doc, 'the key subscribes'), 'key subscribe');
  const opsAcked = [];
  for (let i = 1; i <= 3; i++) {
    a.expectOk(await submit(doc, insertAtEnd(doc, ` k${i}`), `the key's op ${i}`), `key op ${i}`);
    opsAcked.push(doc.version);
  }
  const newChapter = K.connection.get(cfg.book, 'made-by-key');
  a.recordErrors(newChapter);
  a.expectOk(await create(newChapter, [{ insert: 'From the integration.\n' }], 'the key creates a chapter'), 'key create');

  const other = {};
  const docOther = K.connection.get(cfg.otherBook, cfg.otherChapter);
  a.recordErrors(docOther);
  other.fetch = await fetchDoc(docOther, 'the key fetches in another book');
  other.subscribe = await subscribe(docOther, 'the key subscribes in another book');
  other.snapshot = await a.outcome((cb) => K.connection.fetchSnapshot(cfg.otherBook, cfg.otherChapter, null, cb), 'fetchSnapshot in another book', remaining());
  const planted = K.connection.get(cfg.otherBook, 'made-by-key');
  a.recordErrors(planted);
  other.create = await create(planted, [{ insert: 'x\n' }], 'the key creates in another book');
  other.presenceSubscribe = await a.presenceSubscribe(K.connection.getDocPresence(cfg.otherBook, cfg.otherChapter), remaining(), 'presence in another book');
  const otherRefusals = {};
  for (const [k, r] of Object.entries(other)) otherRefusals[k] = a.expectDenied(r, `the key's ${k} in another book`);

  // A viewer key reads its book but cannot edit it.
  const R = await a.signIn(url, cfg.tokens.viewerKey, 'viewer-key', remaining());
  const docR = R.connection.get(cfg.book, cfg.chapter);
  a.recordErrors(docR);
  a.expectOk(await subscribe(docR, 'the viewer key subscribes'), 'viewer key subscribe');
  const readByViewerKey = textOf(docR);
  const viewerKeyOp = a.expectDenied(await submit(docR, [{ insert: 'nope ' }], 'the viewer key\'s op'), 'the viewer key\'s op');

  const summary = { opsAcked, text: textOf(doc), version: doc.version, newChapter: newChapter.version, otherRefusals,
    readByViewerKey, viewerKeyOp, docErrors: errors };
  K.connection.close();
  R.connection.close();
  return summary;
}

const SCENARIOS = { editing, viewer, outsider, 'api-key': apiKey };

async function main() {
  const run = SCENARIOS[args.scenario];
  if (!run) {
    process.stderr.write(`[access] unknown scenario ${args.scenario}; one of ${Object.keys(SCENARIOS).join(', ')}\n`);
    process.exit(2);
  }
  const started = Date.now();
  const summary = await run();
  c.succeed(Object.assign({ scenario: args.scenario, ms: Date.now() - started }, summary));
}

main().catch((e) => c.fail(e));
