#!/usr/bin/env node
'use strict';
// bulk.js URL [--timeout=60]
//
// The bulk forms of fetch, subscribe and unsubscribe, as the sharedb client sends them between
// connection.startBulk() and connection.endBulk():
//   - A creates three docs; B bulk-subscribes to them and to one that does not exist
//     ({a:'bs', b:[ids]}); every snapshot must match, the missing one has no type;
//   - A edits the second doc: B receives the op (the bulk subscription is live);
//   - B bulk-unsubscribes ({a:'bu'}); A edits again; B must not receive it;
//   - B bulk-fetches the docs it already holds ({a:'bf', b:{id: version}}): the server sends the
//     ops B missed, and B catches up to A's version.

const c = require('./lib/common');

const args = c.setup('bulk', [], 'URL [--timeout=SECONDS]');
const remaining = () => Math.max(1000, args.deadline - Date.now());
const collection = `book-bulk-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const ids = ['chapter-1', 'chapter-2', 'chapter-3'];

function bulk(connection, docs, action) {
  return c.withTimeout(new Promise((resolve, reject) => {
    let left = docs.length;
    connection.startBulk();
    for (const doc of docs) {
      doc[action]((err) => {
        if (err) return reject(new Error(`${action} ${doc.id}: ${err.code} ${err.message}`));
        if (--left === 0) resolve();
      });
    }
    connection.endBulk();
  }), remaining(), `bulk ${action} of ${docs.length} docs`);
}

async function main() {
  const A = await c.connect(args.url, remaining(), 'A');
  const B = await c.connect(args.url, remaining(), 'B');
  const aDocs = ids.map((id) => A.connection.get(collection, id));
  for (const [i, doc] of aDocs.entries()) {
    await c.subscribe(doc, remaining());
    await c.createDoc(doc, [{ insert: `Chapter ${i + 1}\n` }], remaining());
  }

  const bDocs = ids.concat(['missing']).map((id) => B.connection.get(collection, id));
  await bulk(B.connection, bDocs, 'subscribe');
  c.assert(B.socket.sent.some((m) => m.a === 'bs' && Array.isArray(m.b) && m.b.length === 4),
    `B sent one bulk subscribe for 4 docs (sent: ${JSON.stringify(B.socket.sent.map((m) => m.a))})`);
  for (const [i, id] of ids.entries()) {
    c.assert(c.deepEqual(c.opsOf(bDocs[i].data), [{ insert: `Chapter ${i + 1}\n` }]), `B's ${id} after bulk subscribe: ${JSON.stringify(bDocs[i].data)}`);
  }
  c.assert(bDocs[3].type == null && bDocs[3].version === 0, `the missing doc has no type and version 0 (got ${bDocs[3].type}, ${bDocs[3].version})`);

  const live = c.withTimeout(new Promise((resolve) => bDocs[1].once('op', resolve)), remaining(), 'B to receive A\'s edit');
  await c.submitOp(aDocs[1], [{ retain: 7 }, { insert: ' (draft)' }], remaining());
  await live;
  c.assert(c.opsOf(bDocs[1].data)[0].insert === 'Chapter (draft) 2\n', `B's chapter-2 after A's edit: ${JSON.stringify(bDocs[1].data)}`);

  await bulk(B.connection, bDocs.slice(0, 3), 'unsubscribe');
  c.assert(B.socket.sent.some((m) => m.a === 'bu'), 'B sent a bulk unsubscribe');
  const seenBefore = B.socket.received.filter((m) => m.a === 'op' && m.op).length;
  await c.submitOp(aDocs[2], [{ insert: 'New start. ' }], remaining());
  await c.sleep(300);
  const seenAfter = B.socket.received.filter((m) => m.a === 'op' && m.op).length;
  c.assert(seenAfter === seenBefore, `B received ${seenAfter - seenBefore} ops after unsubscribing`);

  await bulk(B.connection, bDocs.slice(0, 3), 'fetch');
  c.assert(B.socket.sent.some((m) => m.a === 'bf' && m.b && !Array.isArray(m.b)), 'B sent a bulk fetch with versions');
  c.assert(bDocs[2].version === aDocs[2].version, `B caught up on chapter-3: v${bDocs[2].version} vs A's v${aDocs[2].version}`);
  c.assert(c.deepEqual(c.opsOf(bDocs[2].data), c.opsOf(aDocs[2].data)), `B's chapter-3 equals A's: ${JSON.stringify(bDocs[2].data)}`);

  A.connection.close();
  B.connection.close();
  c.succeed({ collection, docs: ids.length, versions: aDocs.map((d) => d.version) });
}

main().catch((e) => c.fail(e));
