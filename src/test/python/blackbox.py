#!/usr/bin/env python3
"""Black-box check of Framewire's default listeners with standard-library socket clients only,
the way the classic socket tutorials' clients talk to their servers.

    python3 blackbox.py ECHO_PORT TUTORIAL_TCP_PORT TUTORIAL_UDP_PORT CHAT_PORT LINES_PORT JSON_PORT [HOST]

Prints one line per check and exits 0 when every check passed, 1 otherwise."""
import json
import socket
import struct
import sys
import time

TIMEOUT = 10.0


def recv_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise AssertionError(f"connection closed after {len(data)} of {n} bytes")
        data += chunk
    return data


def recv_line(sock):
    data = b""
    while not data.endswith(b"\n"):
        chunk = sock.recv(1)
        if not chunk:
            raise AssertionError(f"connection closed inside a line: {data!r}")
        data += chunk
    return data


def tcp_echo(host, port):
    # the tutorial client: connect, sendall, recv, and a half-close at the end
    payload = bytes(range(256)) * 40
    with socket.create_connection((host, port), timeout=TIMEOUT) as s:
        s.sendall(b"Hello, world")
        assert recv_exactly(s, 12) == b"Hello, world"
        s.sendall(payload)
        assert recv_exactly(s, len(payload)) == payload
        s.sendall(b"last words")
        s.shutdown(socket.SHUT_WR)
        rest = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            rest += chunk
        assert rest == b"last words", rest


def udp_template(host, port):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(TIMEOUT)
        for text in ["Hello, UDP!", "zweite Nachricht ü"]:
            s.sendto(text.encode(), (host, port))
            data, _ = s.recvfrom(65535)
            assert data.decode() == f"Message received: {text}", data


def recv_line_skipping(sock, prefix=b"sync "):
    """The next line that is not a leftover readiness probe."""
    line = recv_line(sock)
    while line.startswith(prefix):
        line = recv_line(sock)
    return line


def chat(host, port):
    clients = [socket.create_connection((host, port), timeout=TIMEOUT) for _ in range(3)]
    try:
        # the server accepts asynchronously: client 0 probes until both others hear it
        deadline = time.time() + TIMEOUT
        waiting = {1, 2}
        n = 0
        while waiting:
            assert time.time() < deadline, "chat: the room never formed"
            clients[0].sendall(f"sync {n}\n".encode())
            n += 1
            for i in list(waiting):
                clients[i].settimeout(0.2)
                try:
                    if recv_line(clients[i]).startswith(b"sync "):
                        waiting.discard(i)
                except socket.timeout:
                    pass
                clients[i].settimeout(TIMEOUT)
        for i, speaker in enumerate(clients):
            speaker.sendall(f"hello from {i}\n".encode())
            for j, other in enumerate(clients):
                if j != i:
                    line = recv_line_skipping(other)
                    assert line == f"hello from {i}\n".encode(), (j, line)
        # the speaker hears nothing of its own
        clients[0].settimeout(0.3)
        try:
            extra = clients[0].recv(100)
            assert False, f"the speaker got its own line back: {extra!r}"
        except socket.timeout:
            pass
    finally:
        for c in clients:
            c.close()


def lines(host, port):
    with socket.create_connection((host, port), timeout=TIMEOUT) as s:
        msgs = [f"line {i}" for i in range(100)]
        s.sendall("".join(m + "\r\n" for m in msgs).encode())
        for m in msgs:
            assert recv_line(s) == (m + "\n").encode()


def json_lenprefix(host, port):
    with socket.create_connection((host, port), timeout=TIMEOUT) as s:
        objs = [{"id": i, "name": "ü" * i, "tags": ["a", None, True]} for i in range(20)]
        for o in objs:
            body = json.dumps(o).encode()
            s.sendall(struct.pack(">I", len(body)) + body)
        for o in objs:
            (n,) = struct.unpack(">I", recv_exactly(s, 4))
            assert json.loads(recv_exactly(s, n)) == o
        bad = b"{not json"
        s.sendall(struct.pack(">I", len(bad)) + bad)
        (n,) = struct.unpack(">I", recv_exactly(s, 4))
        err = json.loads(recv_exactly(s, n))
        assert err["error"] == "DECODE", err


def main():
    echo, tutorial_tcp, tutorial_udp, chat_port, lines_port, json_port = (int(a) for a in sys.argv[1:7])
    host = sys.argv[7] if len(sys.argv) > 7 else "127.0.0.1"
    checks = [
        ("echo tcp raw", lambda: tcp_echo(host, echo)),
        ("tutorial-tcp raw", lambda: tcp_echo(host, tutorial_tcp)),
        ("tutorial-udp template", lambda: udp_template(host, tutorial_udp)),
        ("chat broadcast", lambda: chat(host, chat_port)),
        ("lines request-reply", lambda: lines(host, lines_port)),
        ("json length-prefixed", lambda: json_lenprefix(host, json_port)),
    ]
    failed = 0
    for name, check in checks:
        try:
            check()
            print(f"ok   {name}")
        except Exception as e:  # report every failure, not just the first
            failed += 1
            print(f"FAIL {name}: {type(e).__name__}: {e}")
    print(f"blackbox: {len(checks) - failed} ok, {failed} failing")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
