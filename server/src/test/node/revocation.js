#!/usr/bin/env node
'use strict';
// revocation.js URL SCENARIO --config=FILE [--timeout=60]
//
// Access taken away while a sharedb client is connected (Quire in secured mode; see access.js for
// FILE). The owner's REST calls are made from here, with the owner's token, at the moment the
// scenario needs them. Scenarios:
//   remove-member  the editor is subscribed, shows a cursor and types; the owner removes it
//                  (DELETE /books/{b}/members/{user}). Its doc must get an ERR_ACCESS_DENIED error
//                  at once, the owner must see its cursor cleared, it must receive none of the
//                  owner's later ops, its next op is refused and not stored, and a new connection
//                  with its token cannot read the chapter.
//   downgrade      the owner makes the editor a viewer (PATCH .../members/{user}): its next op is
//                  refused while its subscription goes on (it receives the owner's next op, no doc
//                  error), and it can no longer show a cursor; made editor again, its op is accepted.
//   revoke-key     a client signed in with an editor API key (?token=qk_...) subscribes and types;
//                  the owner revokes the key (DELETE /books/{b}/api-keys/{id}): its doc gets the
//                  error, nothing more arrives, its next op is refused, and a new connection with
//                  the key is closed with 4401.
// Prints {ok, scenario, ...}; times in ms.

const c = require('./lib/common');
const a = require('./lib/access');

const args = c.setup('revocation', [{ name: 'scenario' }], 'URL SCENARIO --config=FILE [--timeout=SECONDS]');
const cfg = a.loadConfig(args, 'revocation');
const remaining = () => Math.max(1000, args.deadline - Date.now());
/** How long "at once" may take here: the waits for what a revocation must cause, so a miss names itself. */
const AT_ONCE_MS = 5000;
const soon = () => Math.min(AT_ONCE_MS, remaining());
const url = args.url;

const textOf = (doc) => (doc.type ? c.docText(doc.data) : null);
const subscribe = (doc, what) => a.outcome((cb) => doc.subscribe(cb), what, remaining());
const submit = (doc, op, what) => a.outcome((cb) => doc.submitOp(op, cb), what, remaining());
const ownerRest = (method, path, body, status) => a.restExpect(cfg.api, cfg.tokens.owner, method, path, body, status, remaining());
const bookPath = `/books/${encodeURIComponent(cfg.book)}`;

/** A fresh connection with `token` fetches the chapter: {ok, v, text} or the refusal. */
async function freshFetch(token, name) {
  const s = await a.signIn(url, token, name, remaining());
  try {
    const doc = s.connection.get(cfg.book, cfg.chapter);
    a.recordErrors(doc);
    const result = await a.outcome((cb) => doc.fetch(cb), `${name} fetches`, remaining());
    return result.ok ? { ok: true, v: doc.version, text: textOf(doc) } : result;
  } finally {
    s.connection.close();
  }
}

/** Owner and a second client, both subscribed to the chapter. */
async function pair(token, name) {
  const O = await a.signIn(url, cfg.tokens.owner, 'owner', remaining());
  const E = await a.signIn(url, token, name, remaining());
  const docO = O.connection.get(cfg.book, cfg.chapter);
  const docE = E.connection.get(cfg.book, cfg.chapter);
  const errors = { owner: a.recordErrors(docO), [name]: a.recordErrors(docE) };
  a.expectOk(await subscribe(docO, 'the owner subscribes'), 'owner subscribe');
  a.expectOk(await subscribe(docE, `the ${name} subscribes`), `${name} subscribe`);
  return { O, E, docO, docE, errors };
}

/** The owner types `n` words at the start and waits for each ack. */
async function ownerTypes(docO, word, n) {
  for (let i = 1; i <= n; i++) a.expectOk(await submit(docO, [{ insert: `${word}${i} ` }], `owner op ${word}${i}`), 'owner op');
}

/** Waits for a doc 'error' event with ERR_ACCESS_DENIED; its time. */
async function deniedError(errors, from, what) {
  return c.waitUntil(() => errors.find((x) => x.code === a.DENIED && x.at >= from), soon(), what, 2);
}

/** After cutting `who` off: the owner types; `who` must receive no op frames (ping as sentinel). */
async function nothingMoreArrives(who, docO) {
  const mark = who.socket.received.length;
  await ownerTypes(docO, 'AFTER', 3);
  await a.roundTrip(who.connection, remaining(), 'a round trip after the owner\'s ops');
  const frames = a.framesSince(who.socket, mark);
  return { frames, ops: frames.filter((f) => f.a === 'op' && !f.error).length };
}

// ------------------------------------------------------------------ remove-member

async function removeMember() {
  const { O, E, docO, docE, errors } = await pair(cfg.tokens.editor, 'editor');
  const presenceO = O.connection.getDocPresence(cfg.book, cfg.chapter);
  const presenceE = E.connection.getDocPresence(cfg.book, cfg.chapter);
  a.recordErrors(presenceO);
  const presenceEErrors = a.recordErrors(presenceE);
  const seenByOwner = a.recordPresence(presenceO);
  a.expectOk(await a.presenceSubscribe(presenceO, remaining(), 'owner presence'), 'owner presence');
  a.expectOk(await a.presenceSubscribe(presenceE, remaining(), 'editor presence'), 'editor presence');
  const cursorE = presenceE.create('cursor-editor');
  a.expectOk(await a.presenceSubmit(cursorE, { index: 0, length: 2 }, remaining(), 'the editor\'s cursor'), 'editor cursor');
  await c.waitUntil(() => seenByOwner.some((r) => r.id === 'cursor-editor' && r.value), remaining(), 'the owner to see the editor\'s cursor');

  // The editor types (without waiting: the client composes) until the owner has it all.
  const typed = [];
  for (let i = 1; i <= 5; i++) typed.push(submit(docE, [{ insert: `E${i} ` }], `editor op ${i}`));
  for (const p of typed) a.expectOk(await p, 'editor op');
  await c.waitUntil(() => !docE.hasPending() && docE.version === docO.version, remaining(), 'owner and editor to agree');
  const versionAtRemoval = docO.version;
  const textAtRemoval = textOf(docO);

  c.log('the owner removes the editor at version %d', versionAtRemoval);
  const t0 = Date.now();
  await ownerRest('DELETE', `${bookPath}/members/${encodeURIComponent(cfg.users.editor)}`, undefined, 204);
  const answeredMs = Date.now() - t0;
  const error = await deniedError(errors.editor, t0, 'the editor\'s doc to get ERR_ACCESS_DENIED');
  c.log('the editor\'s doc got %s after %d ms', error.code, error.at - t0);
  const cleared = await c.waitUntil(() => seenByOwner.find((r) => r.id === 'cursor-editor' && r.value === null && r.at >= t0),
    soon(), 'the owner to see the editor\'s cursor cleared (a null presence at the document\'s version)', 2);

  const after = await nothingMoreArrives(E, docO);
  const versionBeforeAttempt = docO.version;
  const refused = a.expectDenied(await submit(docE, [{ insert: 'AFTER-REMOVAL ' }], 'the removed editor\'s op'), 'the removed editor\'s op');
  await a.roundTrip(O.connection, remaining(), 'owner round trip');
  const stored = await freshFetch(cfg.tokens.owner, 'owner-check');
  const comeBack = await freshFetch(cfg.tokens.editor, 'editor-again');

  const summary = {
    versionAtRemoval, textAtRemoval, answeredMs, errorMs: error.at - t0, error: { code: error.code, message: error.message },
    presenceClearedMs: cleared.at - t0,
    after, versionBeforeAttempt, refused, stored, comeBack,
    editorText: textOf(docE), editorConnection: E.connection.state,
    docErrors: errors, presenceErrors: presenceEErrors,
  };
  O.connection.close();
  E.connection.close();
  return summary;
}

// ------------------------------------------------------------------ downgrade

async function downgrade() {
  const { O, E, docO, docE, errors } = await pair(cfg.tokens.editor, 'editor');
  a.expectOk(await submit(docE, [{ insert: 'as-editor ' }], 'the editor\'s op'), 'editor op');
  await c.waitUntil(() => docO.version === docE.version, remaining(), 'the owner to see it');

  const t0 = Date.now();
  await ownerRest('PATCH', `${bookPath}/members/${encodeURIComponent(cfg.users.editor)}`, { role: 'viewer' }, 200);
  const versionBefore = docO.version;
  const refused = a.expectDenied(await submit(docE, [{ insert: 'as-viewer ' }], 'the viewer\'s op'), 'the downgraded editor\'s op');
  await c.waitUntil(() => docE.type && !docE.hasPending() && docE.version === versionBefore, remaining(), 'the rollback (refetch)');
  const afterRollback = { v: docE.version, text: textOf(docE) };

  // The subscription goes on: the owner's next op arrives.
  const live = a.nextRemoteOp(docE, remaining(), 'the downgraded editor to receive the owner\'s op');
  await ownerTypes(docO, 'LIVE', 1);
  await live;
  await c.waitUntil(() => docE.version === docO.version, remaining(), 'the viewer to catch up');
  const liveText = textOf(docE);

  const presenceE = E.connection.getDocPresence(cfg.book, cfg.chapter);
  a.recordErrors(presenceE);
  a.expectOk(await a.presenceSubscribe(presenceE, remaining(), 'viewer presence subscribe'), 'viewer presence subscribe');
  const cursor = a.expectDenied(await a.presenceSubmit(presenceE.create('cursor-downgraded'), { index: 1, length: 0 }, remaining(),
    'the viewer\'s cursor'), 'the downgraded editor\'s cursor');
  const stored = await freshFetch(cfg.tokens.owner, 'owner-check');

  // Made editor again: its next op goes through on the same connection.
  await ownerRest('PATCH', `${bookPath}/members/${encodeURIComponent(cfg.users.editor)}`, { role: 'editor' }, 200);
  a.expectOk(await submit(docE, [{ insert: 'editor-again ' }], 'the re-promoted editor\'s op'), 'editor op after upgrade');
  await c.waitUntil(() => docO.version === docE.version && textOf(docO) === textOf(docE), remaining(), 'the owner to see it');
  await a.roundTrip(E.connection, remaining(), 'editor round trip');
  const errorFrames = E.socket.received.filter((m) => m.a === 'op' && m.error && !m.op && !m.create && !m.del);

  const summary = {
    changedToLastMs: Date.now() - t0, versionBefore, refused, afterRollback, liveText, cursor, stored,
    finalText: textOf(docO), finalVersion: docO.version,
    unsolicitedErrors: errorFrames.length, docErrors: errors, editorConnection: E.connection.state,
  };
  O.connection.close();
  E.connection.close();
  return summary;
}

// ------------------------------------------------------------------ revoke-key

async function revokeKey() {
  const { O, E: K, docO, docE: docK, errors } = await pair(cfg.tokens.key, 'key');
  for (let i = 1; i <= 2; i++) a.expectOk(await submit(docK, [{ insert: `K${i} ` }], `the key's op ${i}`), 'key op');
  await c.waitUntil(() => docO.version === docK.version, remaining(), 'the owner to see the key\'s ops');
  const versionAtRevocation = docO.version;

  const t0 = Date.now();
  await ownerRest('DELETE', `${bookPath}/api-keys/${encodeURIComponent(cfg.keyId)}`, undefined, 204);
  const answeredMs = Date.now() - t0;
  const error = await deniedError(errors.key, t0, 'the key\'s doc to get ERR_ACCESS_DENIED');
  const after = await nothingMoreArrives(K, docO);
  const refused = a.expectDenied(await submit(docK, [{ insert: 'AFTER-REVOKE ' }], 'the revoked key\'s op'), 'the revoked key\'s op');
  await a.roundTrip(O.connection, remaining(), 'owner round trip');
  const stored = await freshFetch(cfg.tokens.owner, 'owner-check');
  const reconnect = await a.attempt(a.urlWithToken(url, cfg.tokens.key), {}, remaining(), 'a new connection with the revoked key to close');

  const summary = {
    versionAtRevocation, answeredMs, errorMs: error.at - t0, error: { code: error.code, message: error.message },
    after, refused, stored, reconnect: { opened: reconnect.opened, code: reconnect.code, reason: reconnect.reason, frames: reconnect.frames.length },
    keyConnection: K.connection.state, docErrors: errors,
  };
  O.connection.close();
  K.connection.close();
  return summary;
}

const SCENARIOS = { 'remove-member': removeMember, downgrade, 'revoke-key': revokeKey };

async function main() {
  const run = SCENARIOS[args.scenario];
  if (!run) {
    process.stderr.write(`[revocation] unknown scenario ${args.scenario}; one of ${Object.keys(SCENARIOS).join(', ')}\n`);
    process.exit(2);
  }
  const started = Date.now();
  const summary = await run();
  c.succeed(Object.assign({ scenario: args.scenario, ms: Date.now() - started }, summary));
}

main().catch((e) => c.fail(e));
