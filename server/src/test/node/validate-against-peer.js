#!/usr/bin/env node
'use strict';
// validate-against-peer.js [--peer=DIR]
//
// Proves the protocol test scripts right by running each against the stock ShareDB server in
// benchmarks/sharedb-peer (npm ci there first): starts it on a free port, runs every script,
// stops it. The typing script is also run through a kill -9 and restart of the peer. Prints one
// line per script and a closing 'N passed, N failed' line; exits non-zero if any failed.

const path = require('path');
const net = require('net');
const fs = require('fs');
const { spawn } = require('child_process');

const peerDir = (process.argv.find((a) => a.startsWith('--peer=')) || '').slice(7) ||
  path.resolve(__dirname, '../../../../benchmarks/sharedb-peer');
const here = __dirname;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

function startPeer(port) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(peerDir, 'server.js'), String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`peer did not start in 10 s: ${out}`)); }, 10000);
    child.stdout.on('data', (d) => {
      out += d;
      if (/listening on/.test(out)) { clearTimeout(timer); resolve(child); }
    });
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`peer exited with ${code}: ${out}`)); });
  });
}

function stopPeer(child, signal = 'SIGTERM') {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill(signal);
    setTimeout(() => { try { child.kill('SIGKILL'); } catch (e) { /* gone */ } }, 3000).unref();
  });
}

function runScript(args, hooks = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, args, { cwd: here, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    if (hooks.onStart) hooks.onStart(child);
    child.on('exit', (code) => {
      const lines = stdout.trim().split('\n');
      let summary = null;
      try { summary = JSON.parse(lines[lines.length - 1]); } catch (e) { /* not JSON */ }
      resolve({ code, stdout, stderr, summary, ms: Date.now() - started });
    });
  });
}

async function main() {
  if (!fs.existsSync(path.join(peerDir, 'node_modules', 'sharedb'))) {
    console.error(`The ShareDB peer's dependencies are missing: run (cd ${peerDir} && npm ci) first.`);
    process.exit(2);
  }
  const port = await freePort();
  const url = `ws://127.0.0.1:${port}/ws`;
  let peer = await startPeer(port);
  console.log(`sharedb peer on ${url}`);
  const results = [];
  const check = (name, r, extra) => {
    const ok = r.code === 0 && r.summary && r.summary.ok === true && (!extra || extra(r));
    results.push({ name, ok });
    console.log(`${ok ? 'PASS' : 'FAIL'} ${name} (${r.ms} ms): ${r.stdout.trim().split('\n').pop()}`);
    if (!ok) console.log(r.stderr.split('\n').slice(-15).join('\n'));
  };
  try {
    const seed = `v${Date.now().toString(36)}`;
    check('concurrent-edits 4x50', await runScript(['concurrent-edits.js', url, `${seed}a`, '4', '50']));
    check('concurrent-edits 10x200', await runScript(['concurrent-edits.js', url, `${seed}b`, '10', '200', '--max-delay=2']));
    check('reconnect-inflight', await runScript(['reconnect-inflight.js', url]));
    check('presence', await runScript(['presence.js', url]));
    check('past-version', await runScript(['past-version.js', url, '15']));
    check('typing --verify', await runScript(['typing.js', url, `${seed}c`, '3', '3', '--verify']),
      (r) => r.summary.acked > 0 && r.summary.nacked === 0 && r.summary.verified.missingOrDuplicated === 0);

    // typing through a kill -9 and restart of the peer (the in-memory peer forgets the doc, so
    // only survival is checked here: exit 0, and acks both before the kill and after the restart).
    let acksAtKill = -1;
    let acksAtRestart = -1;
    const r = await runScript(['typing.js', url, `${seed}d`, '3', '7'], {
      onStart: (child) => {
        let acks = 0;
        child.stdout.on('data', (d) => { acks += (String(d).match(/^ACK /gm) || []).length; });
        setTimeout(() => { acksAtKill = acks; peer.kill('SIGKILL'); }, 2000);
        setTimeout(async () => { peer = await startPeer(port); acksAtRestart = acks; }, 3500);
      },
    });
    const acksTotal = (r.stdout.match(/^ACK /gm) || []).length;
    check('typing through kill -9 + restart', r, () => acksAtKill > 0 && acksTotal > acksAtRestart && r.summary.reconnects > 0);
  } finally {
    await stopPeer(peer);
  }
  const passed = results.filter((x) => x.ok).length;
  console.log(`${passed} passed, ${results.length - passed} failed`);
  process.exit(passed === results.length ? 0 : 1);
}

main().catch((e) => { console.error(e); process.exit(1); });
