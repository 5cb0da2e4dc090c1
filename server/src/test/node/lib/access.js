'use strict';
// Helpers for the access scripts (access.js, revocation.js, tokens.js), which run against Quire
// in secured mode only: the stock ShareDB peer has no sign-in. The Java test writes a config
// file (--config=FILE: the REST base URL, the book, chapter and user ids, and the tokens it
// minted) and the scripts connect with those tokens, as an application would: the sharedb
// client over `new WebSocket(url + '?token=...')`.

const fs = require('fs');
const c = require('./common');

const DENIED = 'ERR_ACCESS_DENIED';

/** The --config=FILE of a script, parsed; exits 2 (bad usage) when missing. */
function loadConfig(args, name) {
  if (!args.flags.config) {
    process.stderr.write(`[${name}] --config=FILE is required (written by WebSocketAccessTest)\n`);
    process.exit(2);
  }
  return JSON.parse(fs.readFileSync(args.flags.config, 'utf8'));
}

/** The WebSocket URL with a token (or an API key) in the query, as a browser must send it. */
function urlWithToken(url, token) {
  return token == null ? url : `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
}

/**
 * A sharedb Connection signed in with `token`, over a ControlledSocket (records every frame).
 * A connection-level 'error' fails the script (refusals must come back per request, not there).
 */
async function signIn(url, token, name, ms) {
  const session = await c.connect(urlWithToken(url, token), ms, name);
  session.name = name;
  return session;
}

/**
 * Runs a callback-style sharedb call and resolves with {ok:true, value} or {ok:false, code,
 * message}: refusals are what these scripts expect, so they are values, not exceptions.
 */
function outcome(fn, what, ms) {
  return c.withTimeout(new Promise((resolve) => {
    fn((err, value) => resolve(err ? { ok: false, code: err.code, message: err.message } : { ok: true, value }));
  }), ms, what);
}

/** Asserts that an outcome is a refusal with ERR_ACCESS_DENIED and returns {code, message}. */
function expectDenied(result, what) {
  if (result.ok) throw new Error(`${what} was allowed; expected ${DENIED}`);
  if (result.code !== DENIED) throw new Error(`${what} failed with ${result.code} (${result.message}); expected ${DENIED}`);
  return { code: result.code, message: result.message };
}

/** Asserts that an outcome succeeded and returns its value. */
function expectOk(result, what) {
  if (!result.ok) throw new Error(`${what} failed: ${result.code}: ${result.message}`);
  return result.value;
}

/** Records a doc's 'error' events (an unhandled one would throw) with the time they came. */
function recordErrors(emitter) {
  const errors = [];
  emitter.on('error', (e) => errors.push({ code: e.code, message: e.message, at: Date.now() }));
  return errors;
}

/**
 * A round trip on the connection ({a:'pp'} → pong). The server writes a session's frames in the
 * order it hands them over, so once the pong is back, any frame the server had queued for this
 * connection before the ping has arrived too: the sentinel for "nothing more came".
 */
function roundTrip(connection, ms, what) {
  return c.withTimeout(new Promise((resolve) => {
    connection.once('pong', resolve);
    connection.ping();
  }), ms, what || 'a ping round trip');
}

/** The REST API with a bearer token: {status, body}. */
async function rest(api, token, method, path, body, ms) {
  const response = await c.withTimeout(fetch(api + path, {
    method,
    headers: Object.assign({ authorization: `Bearer ${token}` }, body === undefined ? {} : { 'content-type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
  }), ms, `${method} ${path}`);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** rest() that must answer `status`. */
async function restExpect(api, token, method, path, body, status, ms) {
  const answer = await rest(api, token, method, path, body, ms);
  if (answer.status !== status) {
    throw new Error(`${method} ${path} answered ${answer.status} (expected ${status}): ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/** Resolves with the next 'op' event of a doc whose source is not this client. */
function nextRemoteOp(doc, ms, what) {
  return c.withTimeout(new Promise((resolve) => {
    const onOp = (op, source) => {
      if (source) return; // our own op
      doc.removeListener('op', onOp);
      resolve(op);
    };
    doc.on('op', onOp);
  }), ms, what);
}

/** The frames a socket received from index `from` on, as short summaries for the report. */
function framesSince(socket, from) {
  return socket.received.slice(from).map((m) => {
    const summary = { a: m.a };
    for (const k of ['c', 'd', 'ch', 'id', 'v']) if (m[k] !== undefined) summary[k] = m[k];
    if (m.error) summary.error = m.error.code;
    if (m.op) summary.op = true;
    if (m.create) summary.create = true;
    if (m.data !== undefined) summary.data = true;
    if (m.p !== undefined) summary.p = m.p;
    return summary;
  });
}

/** Subscribes to a presence channel; resolves with an outcome. */
function presenceSubscribe(presence, ms, what) {
  return outcome((cb) => presence.subscribe(cb), what, ms);
}

/** Submits a local presence; resolves with an outcome. */
function presenceSubmit(local, value, ms, what) {
  return outcome((cb) => local.submit(value, cb), what, ms);
}

/** Records what a presence receives: [{id, value, at}]. */
function recordPresence(presence) {
  const received = [];
  presence.on('receive', (id, value) => received.push({ id, value, at: Date.now() }));
  return received;
}

/**
 * Opens a plain `ws` connection and waits (bounded) for it to end: {opened, code, reason, frames,
 * status (an HTTP answer instead of an upgrade), error}. For connections the server must refuse.
 */
function attempt(url, options, ms, what) {
  const result = { opened: false, code: null, reason: null, frames: [], status: null, error: null };
  const ws = new c.WebSocket(url, Object.assign({ handshakeTimeout: 5000 }, options || {}));
  return c.withTimeout(new Promise((resolve) => {
    ws.on('open', () => { result.opened = true; });
    ws.on('message', (data) => result.frames.push(JSON.parse(data.toString())));
    ws.on('unexpected-response', (req, res) => {
      result.status = res.statusCode;
      req.destroy();
      resolve(result);
    });
    ws.on('error', (e) => { result.error = e.message; });
    ws.on('close', (code, reason) => {
      result.code = code;
      result.reason = reason.toString();
      resolve(result);
    });
  }), ms, what || `the server to close ${url.replace(/token=[^&]*/, 'token=...')}`)
    .finally(() => ws.terminate());
}

module.exports = {
  DENIED, attempt, loadConfig, urlWithToken, signIn, outcome, expectDenied, expectOk, recordErrors, roundTrip,
  rest, restExpect, nextRemoteOp, framesSince, presenceSubscribe, presenceSubmit, recordPresence,
};
