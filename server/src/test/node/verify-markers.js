#!/usr/bin/env node
'use strict';
// verify-markers.js URL COLLECTION ID MARKERS_FILE [--timeout=30]
//
// For the Java crash test: fetches COLLECTION/ID from a fresh connection and checks that every
// marker listed in MARKERS_FILE (one per line, e.g. the markers typing.js printed as ACK) occurs
// in the document's text exactly once. Prints {version, length, markers, missing, duplicated}
// (the first 20 offenders of each) and exits 1 if any marker is missing or duplicated, or if the
// document does not exist or is not rich-text.

const fs = require('fs');
const c = require('./lib/common');

const args = c.setup('verify-markers', [
  { name: 'collection' },
  { name: 'id' },
  { name: 'markersFile' },
], 'URL COLLECTION ID MARKERS_FILE [--timeout=SECONDS]');

async function main() {
  const { url, collection, id, markersFile } = args;
  const markers = fs.readFileSync(markersFile, 'utf8').split('\n').map((m) => m.trim()).filter((m) => m.length > 0);
  const fresh = await c.freshFetch(url, collection, id, Math.max(1000, args.deadline - Date.now()));
  c.assert(fresh.type === 'rich-text', `${collection}/${id} is a rich-text document (got type ${fresh.type}, version ${fresh.v})`);
  const text = c.docText(fresh.ops);
  const missing = [];
  const duplicated = [];
  for (const m of markers) {
    const k = c.countOccurrences(text, m);
    if (k === 0) missing.push(m);
    else if (k > 1) duplicated.push(`${m}x${k}`);
  }
  const summary = {
    collection, id, version: fresh.v, length: text.length, markers: markers.length,
    missing: missing.length, duplicated: duplicated.length,
    firstMissing: missing.slice(0, 20), firstDuplicated: duplicated.slice(0, 20),
  };
  if (missing.length || duplicated.length) {
    return c.fail(new Error(`${missing.length} acknowledged markers are missing and ${duplicated.length} duplicated in ${collection}/${id} at version ${fresh.v}`), summary);
  }
  c.succeed(summary);
}

main().catch((e) => c.fail(e));
