#!/usr/bin/env node
'use strict';
// reconnect-inflight.js URL [--timeout=60]
//
// A client submits an op and its socket is cut before the ack reaches the client; the same
// sharedb Connection is then re-bound to a new socket with connection.bindToSocket(), which
// makes the client resend the in-flight op with the same src/seq. The op must be applied
// exactly once: a fresh fetch's text contains the op's marker exactly once and the version
// advanced by exactly the number of distinct ops. Four scenarios, each on its own doc:
//
//   drop-after-send  the socket is closed right after the op frame is written, without waiting
//                    for anything (the server may or may not have committed it by then);
//   ack-lost         the server's ack is received on the wire but never delivered to the client,
//                    then the socket is dropped (the server has surely committed: the resend must
//                    be de-duplicated by src/seq);
//   ack-lost-behind  as ack-lost, but another client commits an op before the reconnect, so the
//                    resend's base version is behind and the server must find the duplicate among
//                    the ops since that version (and the client must still converge);
//   frame-lost       the op frame never reaches the server (swallowed by the wrapper), then the
//                    socket is dropped: the resend must be applied once.

const c = require('./lib/common');

const args = c.setup('reconnect-inflight', [], 'URL [--timeout=SECONDS]');
const remaining = () => Math.max(1000, args.deadline - Date.now());
const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

async function scenario(name) {
  const { url } = args;
  const collection = `book-reconnect-${runId}`;
  const id = `chapter-${name}`;
  const marker = `<inflight-${name}-${runId}>`;

  const { connection, socket: socket1 } = await c.connect(url, remaining(), `${name}-A`);
  const doc = connection.get(collection, id);
  doc.on('error', (e) => c.fail(new Error(`${name}: doc emitted error: ${e.code || ''} ${e.message}`)));
  await c.subscribe(doc, remaining());
  await c.createDoc(doc, [{ insert: 'Hello world\n' }], remaining());
  const v0 = doc.version;
  const firstId = connection.id;

  // Cut the socket around the op frame.
  let opFrame = null;
  const cut = new Promise((resolve) => {
    socket1.onSendHook = (msg) => {
      if (msg.a !== 'op' || !('op' in msg) || opFrame) return undefined;
      opFrame = msg;
      if (name === 'frame-lost') {
        socket1.drop('test: op frame lost');
        resolve();
        return 'swallow';
      }
      // From now on nothing the server sends reaches the client.
      socket1.hold();
      if (name === 'drop-after-send') {
        // ws.send() has queued the frame by the time we drop (drop runs after this hook returns).
        setImmediate(() => { socket1.drop('test: dropped right after the op frame'); resolve(); });
      }
      return undefined;
    };
  });

  let opCallbackErr;
  let opCallbackCalls = 0;
  doc.submitOp({ ops: [{ retain: 6 }, { insert: marker, attributes: { bold: true } }] }, (err) => {
    opCallbackCalls++;
    opCallbackErr = err;
  });

  if (name === 'ack-lost' || name === 'ack-lost-behind') {
    const seq = await c.waitUntil(() => opFrame && opFrame.seq, remaining(), 'the op frame to be sent');
    await c.waitUntil(
      () => socket1.received.find((m) => m.a === 'op' && m.seq === seq && m.src === firstId && !('op' in m)),
      Math.min(5000, remaining()), `the server's ack of seq ${seq} on the wire (it was never delivered to the client)`);
    c.assert(!socket1.received.some((m) => m.a === 'op' && m.seq === seq && m.error), 'the op was not rejected');
    socket1.drop('test: ack lost');
  } else {
    await c.withTimeout(cut, remaining(), 'the socket to be cut');
  }
  await c.waitUntil(() => connection.state === 'disconnected', remaining(), 'the client to see the disconnect');
  c.assert(opCallbackCalls === 0, 'the op callback has not been called before the reconnect');
  c.assert(doc.hasWritePending(), 'the op is still pending on the client after the disconnect');

  // What did the server commit while the client was away? (informational, except for ack-lost)
  await c.sleep(50);
  const between = await c.freshFetch(url, collection, id, remaining());
  const committedBeforeReconnect = between.v === v0 + 1;
  if (name.startsWith('ack-lost')) c.assert(committedBeforeReconnect, `the server committed the op before the ack was lost (version ${between.v}, expected ${v0 + 1})`);
  if (name === 'frame-lost') c.assert(between.v === v0, `the server did not see the swallowed op frame (version ${between.v}, expected ${v0})`);

  let expectedVersion = v0 + 1;
  if (name === 'ack-lost-behind') {
    const { connection: connB } = await c.connect(url, remaining(), `${name}-B`);
    const docB = connB.get(collection, id);
    await c.subscribe(docB, remaining());
    await c.submitOp(docB, [{ insert: '[B]' }], remaining());
    connB.close();
    expectedVersion = v0 + 2;
  }

  // Reconnect the same Connection on a new socket.
  const socket2 = new c.ControlledSocket(url, { name: `${name}-A2` });
  connection.bindToSocket(socket2);
  await c.waitConnected(connection, remaining(), `${name}-A reconnect`);
  await c.whenNothingPending(doc, Math.min(15000, remaining()), 'the resent op to be acknowledged');
  c.assert(opCallbackCalls === 1, `the op callback was called once (called ${opCallbackCalls} times)`);
  if (opCallbackErr) throw new Error(`${name}: the resent op failed: ${opCallbackErr.code || ''} ${opCallbackErr.message}`);

  // The client's side of the reconnect, as seen on the wire.
  const hs = socket2.sent.find((m) => m.a === 'hs');
  c.assert(hs && hs.id === firstId, `the reconnect handshake carries the previous id ${firstId} (sent ${JSON.stringify(hs)})`);
  c.assert(connection.id === firstId, `the server kept the client id across the reconnect (was ${firstId}, now ${connection.id})`);
  const resent = socket2.sent.find((m) => m.a === 'op' && 'op' in m);
  c.assert(resent && resent.seq === opFrame.seq && resent.src === firstId && resent.v === v0,
    `the op was resent with the same src/seq/v (first ${JSON.stringify(opFrame)}, resent ${JSON.stringify(resent)})`);
  const resentReply = socket2.received.find((m) => m.a === 'op' && m.seq === opFrame.seq && m.src === firstId);
  c.assert(!(resentReply && resentReply.error), `the resend was not rejected (${JSON.stringify(resentReply)})`);

  // Exactly once.
  const fresh = await c.freshFetch(url, collection, id, remaining());
  const text = c.docText(fresh.ops);
  const count = c.countOccurrences(text, marker);
  if (count !== 1) throw new Error(`${name}: marker ${marker} appears ${count} times in ${JSON.stringify(text)}`);
  if (fresh.v !== expectedVersion) throw new Error(`${name}: version went from ${v0} to ${fresh.v}, expected ${expectedVersion}`);
  if (name === 'ack-lost-behind') c.assert(c.countOccurrences(text, '[B]') === 1, 'the other client\'s op is there once');
  await c.waitUntil(() => doc.version === fresh.v, remaining(), `the client to reach version ${fresh.v} (at ${doc.version})`);
  c.assert(c.deepEqual(c.opsOf(doc.data), fresh.ops),
    `the client converged: client ${JSON.stringify(c.opsOf(doc.data))} vs server ${JSON.stringify(fresh.ops)}`);
  connection.close();

  c.log(`${name}: ok (v ${v0} -> ${fresh.v}, committed before reconnect: ${committedBeforeReconnect}, resend reply ${JSON.stringify(resentReply)})`);
  return {
    scenario: name, versionBefore: v0, versionAfter: fresh.v, markerCount: count, committedBeforeReconnect,
    firstFrame: { v: opFrame.v, seq: opFrame.seq, hasSrc: 'src' in opFrame },
    resentFrame: { v: resent.v, seq: resent.seq, src: resent.src === firstId ? '<same id>' : resent.src },
    sentOnReconnect: socket2.sent.map((m) => m.a),
  };
}

async function main() {
  const results = [];
  for (const name of ['drop-after-send', 'ack-lost', 'ack-lost-behind', 'frame-lost']) {
    results.push(await scenario(name));
  }
  c.succeed({ scenarios: results });
}

main().catch((e) => c.fail(e));
