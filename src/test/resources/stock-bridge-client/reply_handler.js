// A frame handler written against the stock Node.js client of the Vert.x TCP event-bus bridge
// (npm package vertx3-tcp-eventbus-client), for StandardReplyTest. It answers frames with nothing
// but that client's own API: no fw.* header, no send to fw.conn-address.
//
// usage: node reply_handler.js CLIENT_MODULE BRIDGE_PORT ADDRESS READY_ADDRESS GROUP
//
//   CLIENT_MODULE  absolute path of the client's lib/tcp-vertx-eventbus.js (its package.json names
//                  no "main", so require('vertx3-tcp-eventbus-client') alone does not load it)
//   ADDRESS        the listener's event-bus address to register on
//   READY_ADDRESS  sent one message once the register frame is on its way: the bridge handles a
//                  connection's frames in order, so the test knows the handler is registered
//   GROUP          how many "later" frames are held before they are answered, last first
//
// A frame whose text starts with "later" is held; once GROUP are held they are answered last first
// with eb.send(msg.replyAddress, TEXT), so the listener gets those replies out of order. Any other
// frame is answered at once, inside the handler, with msg.reply(TEXT). TEXT is the frame's text
// upper-cased.
//
// Why not msg.reply for the held ones: in this client msg.reply sends to the replyAddress of the
// LAST message parsed from the same socket read (its data handler declares `var json` once for the
// whole read and every msg.reply closes over it), so a deferred msg.reply goes to the wrong
// address as soon as two messages arrive in one read. Called inside the handler, as here, it is
// right. eb.send to the message's replyAddress is the same frame with the right address.
//
// Lines on stdout: "ready"; "no replyAddress: ..." for the first frame that arrives without a
// replyAddress (which cannot be answered), later ones being left unanswered without a word; errors
// the client reports.
'use strict';

const [clientModule, port, address, readyAddress, group] = process.argv.slice(2);
const EventBus = require(clientModule);
const groupSize = Number(group);

const eb = new EventBus('127.0.0.1', Number(port));
eb.onerror = (err) => {
  process.stdout.write(`bridge error: ${JSON.stringify(err)}\n`);
};

let held = [];
let withoutReplyAddress = 0;

eb.onopen = () => {
  eb.registerHandler(address, (err, msg) => {
    if (err) {
      process.stdout.write(`handler error: ${JSON.stringify(err)}\n`);
      return;
    }
    if (!msg.replyAddress) {
      if (withoutReplyAddress++ === 0) {
        process.stdout.write(`no replyAddress: ${JSON.stringify(msg)}\n`);
      }
      return;
    }
    const text = String(msg.body);
    if (!text.startsWith('later')) {
      msg.reply(text.toUpperCase());
      return;
    }
    held.push(msg);
    if (held.length === groupSize) {
      const answering = held.reverse();
      held = [];
      for (const m of answering) {
        eb.send(m.replyAddress, String(m.body).toUpperCase());
      }
    }
  });
  eb.send(readyAddress, 'ready');
  process.stdout.write('ready\n');
};
