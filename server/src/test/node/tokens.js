#!/usr/bin/env node
'use strict';
// tokens.js URL --config=FILE [--timeout=60]
//
// Sign-in on the WebSocket of Quire in secured mode. FILE (written by WebSocketAccessTest):
// {book, chapter, good: token, expiring: token, cases: [{name, token?, authorization?}]}.
//   1. A client signs in with a token that expires a few seconds later and subscribes; two
//      sharedb clients sign in with the good token, one with ?token=, one with an Authorization
//      header (as a server-side application would), and subscribe to the chapter.
//   2. Each case opens a plain `ws` connection with its credential (in the query, or as the
//      Authorization header), all at once; the server must close each with a code and reason,
//      which are reported as they arrived (Java asserts 4401 and the reason).
//   3. The good clients were not disturbed: still connected, and an op of one reaches the other.
//   4. Once the expiring token has run out, an op by another client must not reach its client:
//      the server closes the socket with 4401 instead (else the client's next message must).
// Prints {ok, cases: {name: {opened, code, reason, frames, status}}, good, expiry}.

const c = require('./lib/common');
const a = require('./lib/access');

const args = c.setup('tokens', [], 'URL --config=FILE [--timeout=SECONDS]');
const cfg = a.loadConfig(args, 'tokens');
const remaining = () => Math.max(1000, args.deadline - Date.now());
const url = args.url;
const submit = (doc, op, what) => a.outcome((cb) => doc.submitOp(op, cb), what, remaining());

/** The exp claim (epoch seconds) of a JWT, read without checking it. */
function expiryOf(token) {
  const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
  return payload.exp;
}

/** A sharedb client over a plain ws socket that sends the token as a header. */
async function signInWithHeader(token, name) {
  const socket = new c.WebSocket(url, { headers: { Authorization: `Bearer ${token}` } });
  const connection = new c.ShareDB.Connection(socket);
  connection.on('error', (e) => c.fail(new Error(`${name} emitted error: ${e.code || ''} ${e.message}`)));
  await c.waitConnected(connection, remaining(), name);
  return { connection, socket };
}

async function main() {
  const started = Date.now();
  // First the client whose token runs out in a few seconds (it must be connected before then).
  const exp = expiryOf(cfg.expiring) * 1000;
  c.assert(Date.now() < exp - 300, `the expiring token already expired (exp ${new Date(exp).toISOString()}): the machine is too slow for this check`);
  const X = await a.signIn(url, cfg.expiring, 'expiring', remaining());
  let closed = null;
  X.socket.ws.on('close', (code, reason) => { closed = { code, reason: reason.toString(), at: Date.now() }; });
  const docX = X.connection.get(cfg.book, cfg.chapter);
  a.recordErrors(docX);
  a.expectOk(await a.outcome((cb) => docX.subscribe(cb), 'the expiring client subscribes', remaining()), 'subscribe');

  const G = await a.signIn(url, cfg.good, 'good-query', remaining());
  const H = await signInWithHeader(cfg.good, 'good-header');
  const docG = G.connection.get(cfg.book, cfg.chapter);
  const docH = H.connection.get(cfg.book, cfg.chapter);
  const errors = { query: a.recordErrors(docG), header: a.recordErrors(docH) };
  a.expectOk(await a.outcome((cb) => docG.subscribe(cb), 'good-query subscribes', remaining()), 'subscribe');
  a.expectOk(await a.outcome((cb) => docH.subscribe(cb), 'good-header subscribes', remaining()), 'subscribe');
  let goodClosed = null;
  G.socket.ws.on('close', (code, reason) => { goodClosed = { code, reason: reason.toString() }; });

  // Every bad credential at once.
  const results = await Promise.all(cfg.cases.map((k) => {
    const options = k.authorization ? { headers: { Authorization: k.authorization } } : {};
    return a.attempt(a.urlWithToken(url, k.token), options, remaining(), `the server to close the '${k.name}' connection`)
      .then((r) => [k.name, { opened: r.opened, code: r.code, reason: r.reason, frames: r.frames, status: r.status }]);
  }));
  const cases = Object.fromEntries(results);

  // The good clients carry on.
  const live = a.nextRemoteOp(docH, remaining(), 'the header client to receive the query client\'s op');
  a.expectOk(await submit(docG, [{ insert: 'still here ' }], 'the good client types'), 'good op');
  await live;
  const good = { query: G.connection.state, header: H.connection.state, closed: goodClosed, version: docG.version,
    sameText: c.docText(docG.data) === c.docText(docH.data), docErrors: errors };

  // The expiring token runs out while its connection is open and subscribed.
  c.assert(closed === null, `the expiring client was closed before its token expired: ${JSON.stringify(closed)}`);
  await c.sleep(Math.max(0, exp - Date.now() + 50));
  const mark = X.socket.received.length;
  a.expectOk(await submit(docG, [{ insert: 'after expiry ' }], 'the good client types after the expiry'), 'good op');
  // The server closes the expired connection instead of sending it the op; if it has not (within a
  // bound), the expired client sends a message, which must close it.
  await c.waitUntil(() => closed, 2000, 'the expired connection to be closed').catch(() => null);
  const opsAfterExpiry = X.socket.received.slice(mark).filter((m) => m.a === 'op' && (m.op || m.create)).length;
  const closedBeforeSending = closed;
  if (!closed) X.connection.send({ a: 'f', c: cfg.book, d: cfg.chapter, v: null });
  await c.waitUntil(() => closed, remaining(), 'the server to close the expired connection');
  const expiry = { opsAfterExpiry, closedBeforeSending: closedBeforeSending !== null,
    close: { code: closed.code, reason: closed.reason }, closedAfterExpiryMs: closed.at - exp };

  G.connection.close();
  H.connection.close();
  c.succeed({ ms: Date.now() - started, cases, good, expiry });
}

main().catch((e) => c.fail(e));
