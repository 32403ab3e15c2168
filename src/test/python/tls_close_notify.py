#!/usr/bin/env python3
"""A TLS client that ends its side with close_notify and waits for the server's, for TlsCloseNotifyTest.

    python3 tls_close_notify.py HOST PORT CA_FILE 1.2|1.3 replies-first|close-first COUNT [TAIL]

Sends COUNT pipelined lines "line-<i>\\n" to a line echo (and TAIL, a last line without its
newline, if given), then:
  replies-first  reads the COUNT replies, then SSLSocket.unwrap(): sends close_notify and waits
                 for the server's (socket timeout 5 s); then reads the bare socket to EOF.
  close-first    sends close_notify right after the lines, before any reply, then reads what
                 still comes: replies, the server's close_notify, EOF. An SSLObject over memory
                 BIOs, because SSLSocket.unwrap() would discard replies that arrive after our
                 close_notify.
Writes one fact a line on stdout (what the test asserts) and the timings on stderr."""
import json
import os
import socket
import ssl
import sys
import time

TIMEOUT = 5.0


def read_to_eof(sock):
    """The bytes a bare socket still receives, and how it ended: eof, timed-out or an error name."""
    got = b""
    sock.settimeout(TIMEOUT)
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return got, "eof"
            got += chunk
    except socket.timeout:
        return got, "timed-out"
    except OSError as e:
        return got, type(e).__name__


def replies_first(raw, context, host, lines, count, say):
    tls = context.wrap_socket(raw, server_hostname=host)
    say("protocol", tls.version())
    tls.sendall(lines)
    received = b""
    try:
        while received.count(b"\n") < count:
            chunk = tls.recv(65536)
            if not chunk:
                break
            received += chunk
    except socket.timeout:
        pass
    say("received", json.dumps(received.decode()))
    bare = socket.socket(fileno=os.dup(tls.fileno()))  # for the EOF check, whatever unwrap() does
    start = time.monotonic()
    try:
        tls.unwrap()
        say("unwrap", "completed")
    except socket.timeout:
        say("unwrap", "timed-out")
    except OSError as e:
        say("unwrap", "failed", type(e).__name__)
    unwrap_ms = (time.monotonic() - start) * 1000
    after, end = read_to_eof(bare)
    say("after-close-notify", json.dumps(after.decode("latin-1")), end)
    return "unwrap_ms=%.1f eof_ms=%.1f" % (unwrap_ms, (time.monotonic() - start) * 1000)


def close_first(raw, context, host, lines, say):
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = context.wrap_bio(incoming, outgoing, server_hostname=host)

    def flush():
        data = outgoing.read()
        if data:
            raw.sendall(data)

    while True:
        try:
            tls.do_handshake()
            flush()
            break
        except ssl.SSLWantReadError:
            flush()
            chunk = raw.recv(65536)
            if not chunk:
                raise SystemExit("EOF during the handshake")
            incoming.write(chunk)
    say("protocol", tls.version())
    tls.write(lines)
    try:
        tls.unwrap()  # writes close_notify; the server's is still to come
    except ssl.SSLWantReadError:
        pass
    flush()
    start = time.monotonic()
    received, state = b"", "timed-out"
    try:
        while state == "timed-out":
            chunk = raw.recv(65536)
            if not chunk:
                state = "eof-without-close-notify"
                break
            incoming.write(chunk)
            try:
                while True:
                    received += tls.read(65536)
            except ssl.SSLWantReadError:
                pass
            except ssl.SSLZeroReturnError:
                state = "close-notify"
    except socket.timeout:
        pass
    except OSError as e:
        state = type(e).__name__
    close_ms = (time.monotonic() - start) * 1000
    say("received", json.dumps(received.decode()))
    say("then", state)
    if state != "close-notify":
        return "waited_ms=%.1f" % close_ms
    tls.unwrap()
    after, end = read_to_eof(raw)
    say("after-close-notify", json.dumps((incoming.read() + after).decode("latin-1")), end)
    return "close_notify_ms=%.1f eof_ms=%.1f" % (close_ms, (time.monotonic() - start) * 1000)


def main():
    host, port, ca_file, version, mode, count = sys.argv[1:7]
    tail = sys.argv[7] if len(sys.argv) > 7 else ""
    count = int(count)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(ca_file)
    context.minimum_version = context.maximum_version = {
        "1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}[version]
    lines = ("".join("line-%d\n" % i for i in range(count)) + tail).encode()
    facts = []

    def say(*words):
        facts.append(" ".join(str(w) for w in words))

    raw = socket.create_connection((host, int(port)), timeout=TIMEOUT)
    if mode == "replies-first":
        timing = replies_first(raw, context, host, lines, count, say)
    else:
        timing = close_first(raw, context, host, lines, say)
    print("\n".join(facts))
    print("timing " + timing, file=sys.stderr)


if __name__ == "__main__":
    main()
