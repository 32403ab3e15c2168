#!/usr/bin/env python3
"""A Framewire frame handler in Python, over the Vert.x TCP event-bus bridge.

Standard library only (Python 3.8+). It connects to the bridge, registers for the frames of a
listener's event-bus address and answers each one:

  text body "fail"      -> a failure reply (fw.error HANDLER_FAILURE, message "asked to fail")
  any other text body   -> the text upper-cased
  JSON object body      -> the object plus "handledBy": "python"
  anything else         -> echoed unchanged (also every frame of a --bytes-listener)

The wire protocol, both directions: every bridge frame is a 4-byte big-endian unsigned length,
then that many bytes of one UTF-8 JSON object:

  00 00 00 32  {"type":"register","address":"framewire.polyglot"}
  └─ length ┘  └─────────── 0x32 = 50 bytes of JSON ────────────┘

See README.md beside this file for the frames exchanged and how to run it.
"""
import argparse
import base64
import json
import signal
import socket
import struct
import sys
import time
from collections import deque

MAX_FRAME = 16 * 1024 * 1024   # refuse an announced length above this, before buffering the body
HEADER = struct.Struct(">I")   # the 4-byte big-endian length in front of every bridge frame
ENCODE = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
NAME = "framewire_handler"


class Fatal(Exception):
    """Ends the handler with a one-line message on stderr and exit code 1."""


class Stop(Exception):
    """Raised by the SIGTERM handler: ends the handler with exit code 0."""


def log(message):
    print(NAME + ": " + message, file=sys.stderr, flush=True)


def encode_frame(message):
    """A dict -> one bridge frame: length prefix + UTF-8 JSON."""
    data = ENCODE(message).encode("utf-8")
    return HEADER.pack(len(data)) + data


def answer(body, headers, bytes_listeners):
    """The handler's logic: returns (error code or None, reply body). None body = no reply."""
    if headers.get("fw.listener") in bytes_listeners:
        # Codec "bytes": the bridge carries a Buffer as base64url text without padding; the
        # reply goes back as base64 too, marked fw.encoding (see handle_message).
        data = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        return None, base64.b64encode(data).decode("ascii")
    if body == "fail":
        return "HANDLER_FAILURE", "asked to fail"
    if isinstance(body, str):                       # codec "text": a JSON string
        return None, body.upper()
    if isinstance(body, dict):                      # codec "json": an object
        body["handledBy"] = "python"
        return None, body
    return None, body


def handle_message(msg, bytes_listeners):
    """One "message" frame from the bridge -> the bytes of its reply frame, or b"" for none.

    Incoming (headers abridged):
      {"type":"message","address":"framewire.polyglot","send":true,"body":"hello",
       "headers":{"fw.conn":"k3xq9.polyglot.0.17",
                  "fw.conn-address":"framewire.conn.k3xq9.polyglot.0",
                  "fw.seq":"7", "fw.listener":"polyglot", ...}}
    A frame awaiting a reply carries a "replyAddress": the reply is a "send" there (the bridge's
    own reply; the event bus then needs to keep nothing for the frame):
      {"type":"send","address":"__vertx.reply.42","body":"HELLO"}
    Without one (an older Framewire), reply to fw.conn-address, copying fw.conn and fw.seq:
      {"type":"send","address":"framewire.conn.k3xq9.polyglot.0",
       "headers":{"fw.conn":"k3xq9.polyglot.0.17","fw.seq":"7"},"body":"HELLO"}
    """
    headers = msg.get("headers") or {}
    conn, conn_address = headers.get("fw.conn"), headers.get("fw.conn-address")
    if conn is None or conn_address is None:
        log("message without fw.conn / fw.conn-address, ignored: " + ENCODE(msg)[:200])
        return b""
    seq = headers.get("fw.seq")                     # present only when a reply is expected
    try:
        error, body = answer(msg.get("body"), headers, bytes_listeners)
    except Exception as e:                          # a bug or a bad body fails the frame
        error, body = "HANDLER_FAILURE", "%s: %s" % (type(e).__name__, e)
    reply_headers = {"fw.conn": conn}
    if seq is not None:
        reply_headers["fw.seq"] = seq               # the listener writes replies in fw.seq order
    elif error is not None or body is None:         # nothing to push (a push cannot fail)
        if error is not None:
            log("%s on %s (no reply expected): %s" % (error, conn, body))
        return b""
    if error is not None:
        reply_headers["fw.error"] = error           # body = the message of the failure
    elif headers.get("fw.listener") in bytes_listeners and body is not None:
        reply_headers["fw.encoding"] = "base64"     # the listener decodes it and writes the bytes
    reply_address = msg.get("replyAddress")
    if seq is not None and reply_address is not None:
        del reply_headers["fw.conn"], reply_headers["fw.seq"]   # the reply address says which frame
        return encode_frame({"type": "send", "address": reply_address,
                             "headers": reply_headers, "body": body})
    return encode_frame({"type": "send", "address": conn_address,
                         "headers": reply_headers, "body": body})


def serve(sock, args):
    """Reads bridge frames until the connection ends; raises Fatal on any protocol failure."""
    bytes_listeners = set(args.bytes_listener)
    delay = args.delay_ms / 1000.0
    delayed = deque()          # (due time, reply bytes); the delay is constant, so due times ascend
    buf = bytearray()
    registered = False

    # Register, then ping: the bridge handles a connection's frames in order and never acknowledges
    # a register, so its pong tells us the consumer is in place (or an "err" came first).
    sock.sendall(encode_frame({"type": "register", "address": args.address})
                 + encode_frame({"type": "ping"}))

    while True:
        if delay:
            # Write the deferred replies that are due, then wait for data at most until the next.
            now = time.monotonic()
            due = []
            while delayed and delayed[0][0] <= now:
                due.append(delayed.popleft()[1])
            if due:
                sock.sendall(b"".join(due))
            sock.settimeout(delayed[0][0] - now if delayed else None)
        try:
            data = sock.recv(1 << 20)               # big reads: many pipelined frames per call
        except socket.timeout:
            continue
        if not data:
            raise Fatal("the bridge closed the connection")
        buf += data

        # Cut every complete frame out of the buffer; a partial one waits for the next read.
        replies = []
        pos = 0
        while len(buf) - pos >= 4:
            (length,) = HEADER.unpack_from(buf, pos)
            if length > MAX_FRAME:
                raise Fatal("bridge frame of %d bytes announced, over the %d limit"
                            % (length, MAX_FRAME))
            end = pos + 4 + length
            if end > len(buf):
                break
            try:
                msg = json.loads(buf[pos + 4:end])  # bytes in, str/dict/list out (UTF-8)
            except ValueError as e:
                msg = {"type": "bad JSON (%s)" % e}
            pos = end

            kind = msg.get("type") if isinstance(msg, dict) else None
            if kind == "message":
                replies.append(handle_message(msg, bytes_listeners))
            elif kind == "err":
                # {"type":"err","message":"access_denied"}: before the pong, our register failed.
                if not registered:
                    raise Fatal("the bridge refused to register %s: %s"
                                % (args.address, msg.get("message")))
                log("bridge error: " + ENCODE(msg))
            elif kind == "pong":
                if not registered:
                    registered = True
                    print("registered %s on %s:%d" % (args.address, args.host, args.port),
                          flush=True)
            else:
                log("unexpected bridge frame, ignored: " + ENCODE(msg)[:200])
        del buf[:pos]

        # One write for all the replies of this read.
        batch = b"".join(replies)
        if batch and delay:
            delayed.append((time.monotonic() + delay, batch))
        elif batch:
            sock.sendall(batch)


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Serve Framewire frames through the Vert.x TCP event-bus bridge.")
    p.add_argument("--host", default="127.0.0.1", help="bridge host (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=7100, help="bridge port (default 7100)")
    p.add_argument("--address", default="framewire.polyglot",
                   help="event-bus address to serve (default framewire.polyglot)")
    p.add_argument("--delay-ms", type=int, default=0, metavar="N",
                   help="defer each reply by N ms (default 0)")
    p.add_argument("--bytes-listener", action="append", default=[], metavar="NAME",
                   help="listener NAME has codec bytes: echo its frames (repeatable)")
    args = p.parse_args(argv)
    if args.delay_ms < 0:
        p.error("--delay-ms must be >= 0")
    return args


def main(argv=None):
    args = parse_args(argv)

    def on_sigterm(signum, frame):
        raise Stop()
    signal.signal(signal.SIGTERM, on_sigterm)

    try:
        try:
            sock = socket.create_connection((args.host, args.port), timeout=10)
        except OSError as e:
            log("cannot connect to the bridge at %s:%d: %s" % (args.host, args.port, e))
            return 1
        with sock:                                  # closing it makes the bridge unregister us
            sock.settimeout(None)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            serve(sock, args)
    except (Stop, KeyboardInterrupt):              # SIGTERM / SIGINT: a normal stop
        return 0
    except Fatal as e:
        log(str(e))
        return 1
    except OSError as e:                            # reset, broken pipe, ...
        log("bridge connection lost: %s" % e)
        return 1


if __name__ == "__main__":
    sys.exit(main())
