#!/usr/bin/env node
// A stock ShareDB 7 server: the peer Quire is compared against, and the reference
// implementation that validates the Node protocol tests in server/src/test/node.
//
//   node server.js [PORT]        (or PORT=... node server.js; default 8090; 0 picks a free port)
//
// In-memory database, presence enabled, rich-text type registered, WebSocket
// endpoint at ws://127.0.0.1:PORT/ws. Logs one line when listening.
'use strict';

const http = require('http');
const WebSocket = require('ws');
const ShareDB = require('sharedb');
const richText = require('rich-text');
const WebSocketJSONStream = require('@teamwork/websocket-json-stream');

ShareDB.types.register(richText.type);

const host = process.env.HOST || '127.0.0.1';
const portArg = process.argv[2] !== undefined ? process.argv[2] : process.env.PORT;
const port = portArg !== undefined && portArg !== '' ? Number(portArg) : 8090;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid port: ${portArg}`);
  process.exit(2);
}

const backend = new ShareDB({
  presence: true,
  doNotForwardSendPresenceErrorsToClient: true,
});

const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"up"}');
    return;
  }
  res.writeHead(404);
  res.end();
});

const wss = new WebSocket.Server({ server, path: '/ws' });
wss.on('connection', (ws) => {
  const stream = new WebSocketJSONStream(ws);
  // A client that vanishes mid-write makes the stream emit errors; they are not fatal.
  stream.on('error', () => {});
  backend.listen(stream);
});

server.listen(port, host, () => {
  const addr = server.address();
  console.log(`sharedb-peer listening on ws://${host}:${addr.port}/ws (sharedb 7.0.0, rich-text, presence, in-memory)`);
});

function shutdown() {
  wss.clients.forEach((c) => c.terminate());
  server.close(() => backend.close(() => process.exit(0)));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
