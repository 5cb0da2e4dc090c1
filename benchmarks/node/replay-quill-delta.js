// Replays a sequential editing trace with quill-delta, the way the sharedb rich-text type applies
// ops (snapshot = snapshot.compose(op)), and prints edits per second: the peer figure for
// TraceReplayBenchmark. Usage: node replay-quill-delta.js [trace.json.gz] [rounds]
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const Delta = require('quill-delta');

const file = process.argv[2] || path.join(__dirname, '..', '..', '..', 'shared', 'traces', 'automerge-paper.json.gz');
const rounds = Number(process.argv[3] || 5);
const raw = fs.readFileSync(file);
const trace = JSON.parse((file.endsWith('.gz') ? zlib.gunzipSync(raw) : raw).toString('utf8'));

const edits = trace.txns.map((txn) => txn.patches
  .map(([pos, del, text]) => new Delta().retain(pos).delete(del).insert(text))
  .reduce((a, b) => a.compose(b)));

function replay() {
  let doc = new Delta().insert(trace.startContent);
  for (const edit of edits) doc = doc.compose(edit);
  return doc;
}

const check = replay().ops.map((op) => op.insert).join('');
if (check !== trace.endContent) throw new Error('quill-delta replay diverged from endContent');

const results = [];
for (let r = 0; r < rounds; r++) {
  const start = process.hrtime.bigint();
  replay();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  results.push(edits.length / seconds);
  console.log(`round ${r + 1}: ${edits.length} edits in ${seconds.toFixed(3)} s = ${Math.round(edits.length / seconds)} edits/s`);
}
results.sort((a, b) => a - b);
console.log(`quill-delta ${require('quill-delta/package.json').version}, node ${process.version}, ${require('os').cpus().length} cores: ` +
  `median ${Math.round(results[Math.floor(results.length / 2)])} edits/s over ${rounds} rounds (${path.basename(file)})`);
