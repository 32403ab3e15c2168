#!/usr/bin/env node
// A Framewire frame handler in Node.js, over the Vert.x TCP event-bus bridge.
//
// Built-in modules only (Node.js 18+). It connects to the bridge, registers for the frames of a
// listener's event-bus address and answers each one:
//
//   text body "fail"      -> a failure reply (fw.error HANDLER_FAILURE, message "asked to fail")
//   any other text body   -> the text upper-cased
//   JSON object body      -> the object plus "handledBy": "node"
//   anything else         -> echoed unchanged (also every frame of a --bytes-listener)
//
// The wire protocol, both directions: every bridge frame is a 4-byte big-endian unsigned length,
// then that many bytes of one UTF-8 JSON object:
//
//   00 00 00 32  {"type":"register","address":"framewire.polyglot"}
//   └─ length ┘  └─────────── 0x32 = 50 bytes of JSON ────────────┘
//
// See README.md beside this file for the frames exchanged and how to run it.
'use strict';
const net = require('net');

const MAX_FRAME = 16 * 1024 * 1024; // refuse an announced length above this, before buffering
const NAME = 'framewire_handler';

const USAGE = `usage: framewire_handler.js [--host HOST] [--port PORT] [--address ADDRESS]
                            [--delay-ms N] [--bytes-listener NAME]...

Serve Framewire frames through the Vert.x TCP event-bus bridge.

  --host HOST            bridge host (default 127.0.0.1)
  --port PORT            bridge port (default 7100)
  --address ADDRESS      event-bus address to serve (default framewire.polyglot)
  --delay-ms N           defer each reply by N ms (default 0)
  --bytes-listener NAME  listener NAME has codec bytes: echo its frames (repeatable)`;

function log(message) {
  process.stderr.write(`${NAME}: ${message}\n`);
}

// Ends the handler: a one-line message on stderr and exit code 1.
function fatal(message) {
  log(message);
  process.exit(1);
}

function parseArgs(argv) {
  const args = {
    host: '127.0.0.1', port: 7100, address: 'framewire.polyglot', delayMs: 0,
    bytesListeners: new Set(),
  };
  const usage = (message) => {
    process.stderr.write(`${USAGE.split('\n\n')[0]}\n${NAME}: error: ${message}\n`);
    process.exit(2);
  };
  const numeric = new Set(['--port', '--delay-ms']);
  const known = new Set(['--host', '--address', '--bytes-listener', ...numeric]);
  for (let i = 0; i < argv.length; i++) {
    let [option, value] = argv[i].split(/=(.*)/s, 2);   // --port=7100 or --port 7100
    if (option === '-h' || option === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (!known.has(option)) usage(`unknown argument ${option}`);
    if (value === undefined) {
      if (i + 1 >= argv.length) usage(`${option} needs a value`);
      value = argv[++i];
    }
    if (numeric.has(option) && !/^\d+$/.test(value)) usage(`${option}: not a number: ${value}`);
    switch (option) {
      case '--host': args.host = value; break;
      case '--port': args.port = Number(value); break;
      case '--address': args.address = value; break;
      case '--delay-ms': args.delayMs = Number(value); break;
      case '--bytes-listener': args.bytesListeners.add(value); break;
    }
  }
  return args;
}

// An object -> one bridge frame: length prefix + UTF-8 JSON.
function encodeFrame(message) {
  const data = Buffer.from(JSON.stringify(message), 'utf8');
  const header = Buffer.allocUnsafe(4);
  header.writeUInt32BE(data.length, 0);
  return [header, data];
}

// The handler's logic: returns [error code or null, reply body]. A null body = no reply.
function answer(body, headers, bytesListeners) {
  if (bytesListeners.has(headers['fw.listener'])) {
    // Codec "bytes": the bridge carries a Buffer as base64url text without padding; the reply
    // goes back as base64 too, marked fw.encoding (see handleMessage).
    const data = Buffer.from(body, 'base64url');
    return [null, data.toString('base64')];
  }
  if (body === 'fail') return ['HANDLER_FAILURE', 'asked to fail'];
  if (typeof body === 'string') return [null, body.toUpperCase()];           // codec "text"
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {  // codec "json"
    body.handledBy = 'node';
    return [null, body];
  }
  return [null, body === undefined ? null : body];
}

// One "message" frame from the bridge -> the buffers of its reply frame (none: empty array).
//
// Incoming (headers abridged):
//   {"type":"message","address":"framewire.polyglot","send":true,"body":"hello",
//    "headers":{"fw.conn":"k3xq9.polyglot.0.17",
//               "fw.conn-address":"framewire.conn.k3xq9.polyglot.0",
//               "fw.seq":"7", "fw.listener":"polyglot", ...}}
// A frame awaiting a reply carries a "replyAddress": the reply is a "send" there (the bridge's own
// reply; the event bus then needs to keep nothing for the frame):
//   {"type":"send","address":"__vertx.reply.42","body":"HELLO"}
// Without one (an older Framewire), reply to fw.conn-address, copying fw.conn and fw.seq:
//   {"type":"send","address":"framewire.conn.k3xq9.polyglot.0",
//    "headers":{"fw.conn":"k3xq9.polyglot.0.17","fw.seq":"7"},"body":"HELLO"}
function handleMessage(msg, bytesListeners) {
  const headers = msg.headers || {};
  const conn = headers['fw.conn'];
  const connAddress = headers['fw.conn-address'];
  if (conn === undefined || connAddress === undefined) {
    log(`message without fw.conn / fw.conn-address, ignored: ${JSON.stringify(msg).slice(0, 200)}`);
    return [];
  }
  const seq = headers['fw.seq'];                    // present only when a reply is expected
  let error, body;
  try {
    [error, body] = answer(msg.body, headers, bytesListeners);
  } catch (e) {                                     // a bug or a bad body fails the frame
    [error, body] = ['HANDLER_FAILURE', String(e)];
  }
  const replyHeaders = { 'fw.conn': conn };
  if (seq !== undefined) {
    replyHeaders['fw.seq'] = seq;                   // the listener writes replies in fw.seq order
  } else if (error !== null || body === null) {     // nothing to push (a push cannot fail)
    if (error !== null) log(`${error} on ${conn} (no reply expected): ${body}`);
    return [];
  }
  if (error !== null) {
    replyHeaders['fw.error'] = error;               // body = the message of the failure
  } else if (bytesListeners.has(headers['fw.listener']) && body !== null) {
    replyHeaders['fw.encoding'] = 'base64';         // the listener decodes it and writes the bytes
  }
  if (seq !== undefined && typeof msg.replyAddress === 'string') {
    delete replyHeaders['fw.conn'];                 // the reply address says which frame
    delete replyHeaders['fw.seq'];
    return encodeFrame({ type: 'send', address: msg.replyAddress, headers: replyHeaders, body });
  }
  return encodeFrame({ type: 'send', address: connAddress, headers: replyHeaders, body });
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const socket = net.connect({ host: args.host, port: args.port });
  let connected = false;
  let registered = false;
  let stopping = false;

  // Bytes not yet cut into frames: the chunks read so far, and how many bytes we need before
  // cutting is worth trying (4 for a length, then the whole frame), so a big frame arriving in
  // many reads is concatenated once, not once per read.
  let chunks = [];
  let buffered = 0;
  let needed = 4;

  socket.setNoDelay(true);
  socket.on('connect', () => {
    connected = true;
    // Register, then ping: the bridge handles a connection's frames in order and never
    // acknowledges a register, so its pong tells us the consumer is in place (or an "err"
    // came first).
    socket.write(Buffer.concat([
      ...encodeFrame({ type: 'register', address: args.address }),
      ...encodeFrame({ type: 'ping' }),
    ]));
  });

  socket.on('data', (chunk) => {
    chunks.push(chunk);
    buffered += chunk.length;
    if (buffered < needed) return;
    const buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, buffered);

    // Cut every complete frame out of the buffer; a partial one waits for the next read.
    const replies = [];
    let pos = 0;
    needed = 4;
    while (buf.length - pos >= 4) {
      const length = buf.readUInt32BE(pos);
      if (length > MAX_FRAME) {
        fatal(`bridge frame of ${length} bytes announced, over the ${MAX_FRAME} limit`);
      }
      const end = pos + 4 + length;
      if (end > buf.length) {
        needed = 4 + length;
        break;
      }
      let msg;
      try {
        msg = JSON.parse(buf.toString('utf8', pos + 4, end));
      } catch (e) {
        msg = { type: `bad JSON (${e.message})` };
      }
      pos = end;

      const kind = msg !== null && typeof msg === 'object' ? msg.type : undefined;
      if (kind === 'message') {
        replies.push(...handleMessage(msg, args.bytesListeners));
      } else if (kind === 'err') {
        // {"type":"err","message":"access_denied"}: before the pong, our register failed.
        if (!registered) fatal(`the bridge refused to register ${args.address}: ${msg.message}`);
        log(`bridge error: ${JSON.stringify(msg)}`);
      } else if (kind === 'pong') {
        if (!registered) {
          registered = true;
          process.stdout.write(`registered ${args.address} on ${args.host}:${args.port}\n`);
        }
      } else {
        log(`unexpected bridge frame, ignored: ${JSON.stringify(msg).slice(0, 200)}`);
      }
    }
    chunks = pos < buf.length ? [buf.subarray(pos)] : [];
    buffered = buf.length - pos;

    // One write for all the replies of this read.
    if (replies.length > 0) {
      const batch = Buffer.concat(replies);
      if (args.delayMs > 0) {
        setTimeout(() => socket.write(batch), args.delayMs); // equal delays fire in order
      } else {
        socket.write(batch);
      }
    }
  });

  socket.on('error', (e) => {
    if (!connected) {
      fatal(`cannot connect to the bridge at ${args.host}:${args.port}: ${e.message}`);
    }
    fatal(`bridge connection lost: ${e.message}`);
  });
  socket.on('close', () => {
    if (!stopping) fatal('the bridge closed the connection');
  });

  // SIGINT / SIGTERM: a normal stop. Closing the socket makes the bridge unregister us.
  const stop = () => {
    stopping = true;
    socket.destroy();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main();
