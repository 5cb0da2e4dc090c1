#!/usr/bin/env node
'use strict';
// past-version.js URL [N] [--timeout=60] [--gap=MS]
//
// Creates a fresh rich-text doc, then submits N ops one after another (each waits for its ack,
// with a gap of --gap ms, default 25, between an ack and the next submit), recording doc.data
// after every version. Then, from a new connection:
//   - connection.fetchSnapshot(collection, id, v) for every v from 0 to the last version must
//     return the recorded contents (v 0: type null, no data), and fetchSnapshot with version
//     null the latest; a version past the latest must fail (with an error reply);
//   - connection.fetchSnapshotByTimestamp(collection, id, ts) for a ts between the ack of op k
//     and the submit of op k+1 (for every k) must return the state after op k; a ts before the
//     create gives version 0, and a ts after the last op gives the latest version.
// Timestamps are this process's Date.now(); the server must stamp ops from the same clock
// (it runs on this machine).

const c = require('./lib/common');
const { randomOp } = require('./lib/ops');

const args = c.setup('past-version', [{ name: 'n', type: 'int', default: 12 }], 'URL [N] [--timeout=SECONDS] [--gap=MS]');
const remaining = () => Math.max(1000, args.deadline - Date.now());
const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

function checkSnapshot(snap, expectedV, expectedOps, what) {
  if (snap.v !== expectedV) throw new Error(`${what}: got version ${snap.v}, expected ${expectedV}`);
  if (expectedOps === null) {
    if (snap.type !== null) throw new Error(`${what}: expected type null (no doc yet), got ${JSON.stringify(snap.type)}`);
    if (snap.data !== undefined && snap.data !== null) throw new Error(`${what}: expected no data, got ${JSON.stringify(snap.data)}`);
    return;
  }
  if (snap.type !== c.RICH_TEXT_URI) throw new Error(`${what}: expected type ${c.RICH_TEXT_URI}, got ${JSON.stringify(snap.type)}`);
  const got = c.opsOf(snap.data);
  if (!c.deepEqual(got, expectedOps)) {
    throw new Error(`${what}: contents differ\n  got:      ${JSON.stringify(got)}\n  expected: ${JSON.stringify(expectedOps)}`);
  }
}

async function main() {
  const { url, n } = args;
  const gap = args.flags.gap !== undefined ? Number(args.flags.gap) : 25;
  if (n < 1) throw new Error('N must be >= 1');
  const collection = `book-history-${runId}`;
  const id = 'chapter-1';
  const rng = c.makeRng(`past-version-${runId}`);

  const { connection } = await c.connect(url, remaining(), 'writer');
  const doc = connection.get(collection, id);
  doc.on('error', (e) => c.fail(new Error(`doc emitted error: ${e.code || ''} ${e.message}`)));
  await c.subscribe(doc, remaining());
  c.assert(doc.type === null && doc.version === 0, `the doc is new (version ${doc.version})`);

  const states = [null]; // states[v] = contents at version v (v 0: no doc)
  const tBeforeCreate = Date.now();
  await c.sleep(gap);
  const sentAt = [];
  const ackedAt = [];
  sentAt[1] = Date.now();
  await c.createDoc(doc, [{ insert: 'Once upon a time\n' }], remaining());
  ackedAt[1] = Date.now();
  states[1] = c.opsOf(doc.data);
  for (let k = 1; k <= n; k++) {
    await c.sleep(gap);
    const { ops } = randomOp(rng, doc.data, { special: true, embeds: true });
    sentAt[k + 1] = Date.now();
    await c.submitOp(doc, { ops }, remaining());
    ackedAt[k + 1] = Date.now();
    c.assert(doc.version === k + 1, `version after op ${k} is ${k + 1} (got ${doc.version})`);
    states[k + 1] = c.opsOf(doc.data);
  }
  await c.sleep(gap);
  const tAfterAll = Date.now();
  const last = n + 1;
  connection.close();

  const { connection: reader } = await c.connect(url, remaining(), 'reader');
  // By version.
  for (let v = 0; v <= last; v++) {
    const snap = await c.fetchSnapshot(reader, collection, id, v, remaining());
    checkSnapshot(snap, v, states[v], `fetchSnapshot(v=${v})`);
  }
  checkSnapshot(await c.fetchSnapshot(reader, collection, id, null, remaining()), last, states[last], 'fetchSnapshot(v=null)');
  let beyondErr = null;
  try {
    await c.fetchSnapshot(reader, collection, id, last + 5, remaining());
  } catch (e) {
    beyondErr = e;
  }
  // Stock ShareDB answers with an error here; which one depends on the DB adapter (the
  // in-memory DB says 'Missing ops' before the backend's ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT
  // check is reached), so only "an error, not a snapshot" is required.
  if (!beyondErr) throw new Error(`fetchSnapshot(v=${last + 5}) past the latest version ${last} should fail, got a snapshot`);
  c.log(`fetchSnapshot past the latest version failed as expected: ${beyondErr.message}`);

  // By timestamp: between the ack of version k and the submit of version k+1 lies state k.
  const byTs = [];
  checkSnapshot(await c.fetchSnapshotByTimestamp(reader, collection, id, tBeforeCreate, remaining()), 0, null, `fetchSnapshotByTimestamp(before create)`);
  for (let v = 1; v < last; v++) {
    const lo = ackedAt[v];
    const hi = sentAt[v + 1];
    if (hi - lo < 2) { c.log(`no room between version ${v} and ${v + 1} (${lo}..${hi}); skipped`); continue; }
    const ts = Math.floor((lo + hi) / 2);
    const snap = await c.fetchSnapshotByTimestamp(reader, collection, id, ts, remaining());
    checkSnapshot(snap, v, states[v], `fetchSnapshotByTimestamp(ts=${ts}, between v${v} acked at ${lo} and v${v + 1} sent at ${hi})`);
    byTs.push(v);
  }
  c.assert(byTs.length >= Math.min(3, last - 1), `enough timestamp checks ran (${byTs.length})`);
  checkSnapshot(await c.fetchSnapshotByTimestamp(reader, collection, id, tAfterAll, remaining()), last, states[last], 'fetchSnapshotByTimestamp(after the last op)');
  reader.close();

  c.succeed({
    collection, ops: n, version: last, length: c.docLength(states[last]),
    versionsChecked: last + 1, timestampsChecked: byTs.length + 2,
    pastLatestError: { code: beyondErr.code || null, message: beyondErr.message },
  });
}

main().catch((e) => c.fail(e));
