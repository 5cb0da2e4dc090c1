#!/usr/bin/env node
'use strict';
// concurrent-edits.js URL SEED CLIENTS OPS [--timeout=60] [--max-delay=MS] [--no-special] [--no-embeds]
//
// CLIENTS sharedb connections (each `new ShareDB.Connection(new WebSocket(url))`) subscribe to
// one fresh rich-text doc (collection book-<SEED>, id chapter-1; client 0 creates it with
// [{insert:'Hello\n'}]). Each client then submits OPS random ops valid for its current local
// contents (inserts with and without attributes, embeds, deletes, format retains, replaces),
// with random small delays from a PRNG seeded by SEED, without waiting for acks (so ops are
// composed while one is in flight, as in an editor). Then it waits until no client has pending
// ops and every client has the version of a fresh fetch from a new connection, and asserts that
// every client's doc.data deep-equals the fresh fetch. Prints {clients, ops, version, length}.

const c = require('./lib/common');
const { randomOp } = require('./lib/ops');

const args = c.setup('concurrent-edits', [
  { name: 'seed', default: '1' },
  { name: 'clients', type: 'int', default: 4 },
  { name: 'ops', type: 'int', default: 50 },
], 'URL SEED CLIENTS OPS [--timeout=SECONDS] [--max-delay=MS] [--no-special] [--no-embeds]');

async function main() {
  const { url, seed, clients: nClients, ops: nOps } = args;
  if (nClients < 1 || nOps < 0) throw new Error('CLIENTS must be >= 1 and OPS >= 0');
  const maxDelay = args.flags['max-delay'] !== undefined ? Number(args.flags['max-delay']) : 10;
  const genOptions = { special: !args.flags['no-special'], embeds: !args.flags['no-embeds'] };
  const collection = `book-${seed}`;
  const id = 'chapter-1';
  const remaining = () => Math.max(1000, args.deadline - Date.now());
  const rootRng = c.makeRng(seed);

  // Connect all clients, exactly as an application would.
  const clients = [];
  for (let i = 0; i < nClients; i++) {
    const { connection } = await c.connect(url, remaining(), `client-${i}`, true);
    const doc = connection.get(collection, id);
    doc.on('error', (e) => c.fail(new Error(`client-${i} doc emitted error: ${e.code || ''} ${e.message}`)));
    clients.push({ i, connection, doc, rng: rootRng.fork(`client-${i}`), acked: 0, kinds: {} });
  }

  // Client 0 subscribes and creates the doc; the others subscribe after the create is acked.
  await c.subscribe(clients[0].doc, remaining());
  if (clients[0].doc.type) {
    throw new Error(`${collection}/${id} already exists (version ${clients[0].doc.version}); use a fresh SEED`);
  }
  await c.createDoc(clients[0].doc, [{ insert: 'Hello\n' }], remaining());
  c.assert(clients[0].doc.version === 1, `version after create is 1 (got ${clients[0].doc.version})`);
  await Promise.all(clients.slice(1).map((cl) => c.subscribe(cl.doc, remaining())));
  for (const cl of clients) {
    c.assert(cl.doc.type && cl.doc.type.name === 'rich-text', `client-${cl.i} sees a rich-text doc (type ${cl.doc.type && cl.doc.type.name})`);
  }
  c.log(`${nClients} clients subscribed to ${collection}/${id}; submitting ${nOps} ops each`);

  // Every client submits its ops with random small delays, without waiting for acks.
  let submitted = 0;
  const callbacks = [];
  await Promise.all(clients.map(async (cl) => {
    for (let k = 0; k < nOps; k++) {
      await c.sleep(cl.rng.int(0, maxDelay));
      if (Date.now() > args.deadline) throw new Error('overall timeout while submitting');
      const { kind, ops } = randomOp(cl.rng, cl.doc.data, genOptions);
      cl.kinds[kind] = (cl.kinds[kind] || 0) + 1;
      // Quill submits a Delta ({ops:[...]} on the wire); a bare array is accepted too.
      const op = cl.rng.chance(0.2) ? ops : { ops };
      submitted++;
      callbacks.push(new Promise((resolve, reject) => {
        cl.doc.submitOp(op, (err) => {
          if (err) return reject(new Error(`client-${cl.i} op ${k} (${kind} ${JSON.stringify(ops)}) was rejected: ${err.code || ''} ${err.message}`));
          cl.acked++;
          resolve();
        });
      }));
    }
  }));
  await c.withTimeout(Promise.all(callbacks), remaining(), 'every submitted op to be acknowledged');
  await Promise.all(clients.map((cl) => c.whenNothingPending(cl.doc, remaining(), `client-${cl.i} to have nothing pending`)));

  // A fresh fetch from a new connection is the reference.
  const fresh = await c.freshFetch(url, collection, id, remaining());
  c.assert(fresh.type === 'rich-text', `fresh fetch has type rich-text (got ${fresh.type})`);
  c.assertInsertOnly(fresh.ops, 'the fetched snapshot');
  c.assert(c.docText(fresh.ops).endsWith('\n'), 'the document still ends with a newline');
  await c.waitUntil(() => clients.every((cl) => cl.doc.version === fresh.v && !cl.doc.hasPending()),
    remaining(), `every client to reach version ${fresh.v} (now ${clients.map((cl) => cl.doc.version).join(',')})`);

  for (const cl of clients) {
    const mine = c.opsOf(cl.doc.data);
    if (!c.deepEqual(mine, fresh.ops)) {
      if (c.deepEqual(c.canonical(mine), c.canonical(fresh.ops))) {
        throw new Error(`client-${cl.i} and the server hold the same document at version ${fresh.v}, but the fetched snapshot is not in canonical Delta form (adjacent inserts with equal attributes must be merged):\n  client: ${JSON.stringify(mine)}\n  server: ${JSON.stringify(fresh.ops)}`);
      }
      throw new Error(`client-${cl.i} diverged at version ${fresh.v}:\n  client: ${JSON.stringify(mine)}\n  server: ${JSON.stringify(fresh.ops)}`);
    }
  }
  c.assert(submitted === nClients * nOps, `submitted ${submitted} ops`);
  const kinds = {};
  for (const cl of clients) for (const [k, n] of Object.entries(cl.kinds)) kinds[k] = (kinds[k] || 0) + n;
  for (const cl of clients) cl.connection.close();
  c.succeed({
    clients: nClients,
    ops: submitted,
    version: fresh.v,
    length: c.docLength(fresh.ops),
    seed: String(seed),
    collection,
    kinds,
    elapsedMs: Date.now() - args.started,
  });
}

main().catch((e) => c.fail(e));
