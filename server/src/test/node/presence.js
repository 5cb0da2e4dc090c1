#!/usr/bin/env node
'use strict';
// presence.js URL [--timeout=60]
//
// Two clients A and B on one rich-text doc, both subscribed to the doc and to its presence
// channel (connection.getDocPresence(collection, id).subscribe()). For each case:
//   1. the incoming frames of A are held, so A does not learn of B's next op;
//   2. B submits an op before A's range and waits for its ack (the server is now one version on);
//   3. A submits its local presence (presence.create('presence-A').submit(range)) at the old
//      version, as a Quill cursor module would;
//   4. B must receive A's presence transformed by B's op — by the server, as ShareDB does:
//      the frame on B's wire carries the new version and the transformed range — and B's
//      presence 'receive' event reports the same range;
//   5. A's frames are released; A's own idea of its range follows B's op too.
// Cases: a caret {index:5,length:0} with B inserting 3 characters at 2 (→ index 8), and a
// selection {index:2,length:6} with B deleting 2 characters at 3 (→ {index:2,length:4}).
// Then a late joiner C subscribes to presence and must receive A's current range (the server
// asks A to resend with {a:'pr'}). Finally A disconnects and B must receive a null presence for A.

const c = require('./lib/common');

const args = c.setup('presence', [], 'URL [--timeout=SECONDS]');
const remaining = () => Math.max(1000, args.deadline - Date.now());
const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const PRESENCE_A = 'presence-A';

function subscribePresence(presence, what) {
  return c.withTimeout(new Promise((resolve, reject) => presence.subscribe((err) => (err ? reject(err) : resolve()))),
    remaining(), what);
}

/** Resolves with the next value B's presence reports for A that satisfies pred. */
function nextReceive(presence, pred, what) {
  return c.withTimeout(new Promise((resolve) => {
    const onReceive = (presenceId, value) => {
      if (presenceId !== PRESENCE_A || !pred(value)) return;
      presence.removeListener('receive', onReceive);
      resolve(value);
    };
    presence.on('receive', onReceive);
  }), remaining(), what);
}

async function main() {
  const { url } = args;
  const collection = `book-presence-${runId}`;
  const id = 'chapter-1';

  const A = await c.connect(url, remaining(), 'A');
  const B = await c.connect(url, remaining(), 'B');
  const docA = A.connection.get(collection, id);
  const docB = B.connection.get(collection, id);
  for (const [n, d] of [['A', docA], ['B', docB]]) d.on('error', (e) => c.fail(new Error(`doc ${n} emitted error: ${e.code || ''} ${e.message}`)));
  await c.subscribe(docA, remaining());
  await c.createDoc(docA, [{ insert: 'Hello world, hello presence.\n' }], remaining());
  await c.subscribe(docB, remaining());
  c.assert(docB.type && docB.type.name === 'rich-text', 'B sees the rich-text doc');

  // Presence needs a doc the client knows (a local presence submits only when doc.type is set
  // and the doc has nothing pending; it stamps the message with doc.version).
  const presenceA = A.connection.getDocPresence(collection, id);
  const presenceB = B.connection.getDocPresence(collection, id);
  presenceA.on('error', (e) => c.fail(new Error(`A's presence emitted error: ${e.code || ''} ${e.message}`)));
  presenceB.on('error', (e) => c.fail(new Error(`B's presence emitted error: ${e.code || ''} ${e.message}`)));
  // A subscribes too: ShareDB broadcasts the null presence on disconnect for subscribed channels.
  await subscribePresence(presenceA, 'A to subscribe to presence');
  await subscribePresence(presenceB, 'B to subscribe to presence');
  const localA = presenceA.create(PRESENCE_A);

  const cases = [
    { name: 'caret', range: { index: 5, length: 0 }, op: [{ retain: 2 }, { insert: 'XYZ' }], expected: { index: 8, length: 0 } },
    { name: 'selection', range: { index: 2, length: 6 }, op: [{ retain: 3 }, { delete: 2 }], expected: { index: 2, length: 4 } },
  ];
  const results = [];
  for (const cs of cases) {
    await c.waitUntil(() => docA.version === docB.version && !docA.hasPending() && !docB.hasPending(),
      remaining(), 'A and B to be at the same version');
    const vBase = docA.version;

    A.socket.hold(); // A will not see B's op until release()
    await c.submitOp(docB, cs.op, remaining());
    c.assert(docB.version === vBase + 1, `B's op acked at ${vBase} (B at ${docB.version})`);

    const wireSeen = B.socket.received.length;
    // B's client also emits 'receive' when it moves a remote presence it already holds through an op
    // (A's previous caret, say), so wait for the value this case sends; the wire check below shows
    // that it was the server that transformed it.
    const received = nextReceive(presenceB, (v) => v !== null && c.deepEqual(v, cs.expected), `B to receive A's ${cs.name} presence`);
    let ackErr = null;
    const acked = new Promise((resolve) => localA.submit(cs.range, (err) => { ackErr = err; resolve(); }));
    const sentFrame = await c.waitUntil(() => A.socket.sent.find((m) => m.a === 'p' && m.id === PRESENCE_A && c.deepEqual(m.p, cs.range) && m.v === vBase),
      remaining(), `A to send its presence at version ${vBase}`);
    const value = await received;

    const frame = B.socket.received.slice(wireSeen).find((m) => m.a === 'p' && m.id === PRESENCE_A && m.pv === sentFrame.pv);
    c.assert(frame, 'the presence frame is on B\'s wire');
    if (!c.deepEqual(value, cs.expected)) {
      throw new Error(`${cs.name}: B received A's range ${JSON.stringify(value)}, expected ${JSON.stringify(cs.expected)} (A sent ${JSON.stringify(cs.range)} at v${vBase}; B's op ${JSON.stringify(cs.op)})`);
    }
    if (!(frame.v === vBase + 1 && c.deepEqual(frame.p, cs.expected))) {
      throw new Error(`${cs.name}: the server did not transform the presence to the latest version: B's wire got ${JSON.stringify(frame)}, expected v ${vBase + 1} and p ${JSON.stringify(cs.expected)}`);
    }
    c.assert(frame.src && frame.src === A.connection.id, `the presence frame carries A's src (${frame.src} vs ${A.connection.id})`);
    c.assert(frame.c === collection && frame.d === id && frame.ch === `${collection}.${id}`, 'the presence frame names the doc and channel');
    c.assert(frame.t === c.RICH_TEXT_URI || frame.t === 'rich-text', `the presence frame carries the type (${frame.t})`);

    A.socket.release();
    await c.withTimeout(acked, remaining(), 'A\'s presence to be acknowledged');
    if (ackErr) throw new Error(`${cs.name}: A's presence submit failed: ${ackErr.code || ''} ${ackErr.message}`);
    await c.waitUntil(() => docA.version === vBase + 1, remaining(), 'A to receive B\'s op');
    c.assert(c.deepEqual(localA.value, cs.expected), `A's own range follows B's op (${JSON.stringify(localA.value)})`);
    c.assert(c.deepEqual(presenceB.remotePresences[PRESENCE_A], cs.expected), 'B\'s remotePresences has A\'s range');
    results.push({ case: cs.name, sent: { p: sentFrame.p, v: sentFrame.v }, received: { p: frame.p, v: frame.v } });
    c.log(`${cs.name}: A sent ${JSON.stringify(cs.range)}@v${vBase}, B received ${JSON.stringify(frame.p)}@v${frame.v}`);
  }

  // A late joiner C: subscribing to the presence channel makes the server ask the others to
  // resend ({a:'pr'}), so C learns A's current range without A moving.
  const C = await c.connect(url, remaining(), 'C');
  const docC = C.connection.get(collection, id);
  docC.on('error', (e) => c.fail(new Error(`doc C emitted error: ${e.code || ''} ${e.message}`)));
  await c.subscribe(docC, remaining());
  const presenceC = C.connection.getDocPresence(collection, id);
  presenceC.on('error', (e) => c.fail(new Error(`C's presence emitted error: ${e.code || ''} ${e.message}`)));
  const lateValue = nextReceive(presenceC, (v) => v !== null, 'C (a late joiner) to receive A\'s current presence');
  await subscribePresence(presenceC, 'C to subscribe to presence');
  const late = await lateValue;
  if (!c.deepEqual(late, localA.value)) throw new Error(`late joiner C received ${JSON.stringify(late)}, A's range is ${JSON.stringify(localA.value)}`);
  c.assert(A.socket.received.some((m) => m.a === 'pr' && m.ch === `${collection}.${id}`), 'A was asked to resend its presence ({a:"pr"})');
  c.log(`late joiner: C received ${JSON.stringify(late)}`);
  C.connection.close();

  // A disconnects: B gets null for A.
  const gone = nextReceive(presenceB, (v) => v === null, 'B to receive a null presence for A after A disconnected');
  const wireSeen = B.socket.received.length;
  A.connection.close();
  await gone;
  // The last of A's frames: A may still be answering C's earlier request ({a:'pr'}) with a resend.
  const nullFrame = B.socket.received.slice(wireSeen).filter((m) => m.a === 'p' && m.id === PRESENCE_A).pop();
  c.assert(nullFrame && nullFrame.p === null, `B's wire got a null presence frame (${JSON.stringify(nullFrame)})`);
  c.assert(!(PRESENCE_A in presenceB.remotePresences), 'A is gone from B\'s remotePresences');
  B.connection.close();
  c.succeed({ cases: results, lateJoiner: late, disconnect: { p: nullFrame.p, v: nullFrame.v, pv: nullFrame.pv } });
}

main().catch((e) => c.fail(e));
