#!/usr/bin/env python3
"""Steady request stream through a listener while one handler node is SIGKILLed (bench/failover.sh).

    failover-client.py PORT VICTIM_PID [--period 0.01] [--before 1.0] [--cap 20] [--run 100] [--drain 4]

Sends "f-<n>\\n" every PERIOD seconds on one connection and reads the replies on a thread. After
BEFORE seconds it sends SIGKILL to VICTIM_PID (the handler node answering "B:..."), keeps sending
until RUN consecutive replies in a row came from "C:" (or CAP seconds after the kill), then waits at
most DRAIN seconds for the remaining replies. Prints one line of key=value:

  frames, period_ms, kill_wall_ms (epoch ms of the kill, to line up with node logs),
  route_around_ms  send time of the first frame of the final run of C-only replies - kill time,
  error_frames, timeout, unreachable, other_errors (codes other than TIMEOUT/UNREACHABLE),
  by_b_after_kill, lost (frames without a reply), mismatched (replies not matching their frame),
  slowest_ms (longest wait for one reply), timeouts_sent/waited_ms (per TIMEOUT error frame: when
  its frame was sent, relative to the kill, and how long it waited for the error frame).
Exit 0, or 1 when a frame got no reply, a wrong reply, or C never took over.
"""
import argparse
import os
import signal
import socket
import sys
import threading
import time

ap = argparse.ArgumentParser()
ap.add_argument("port", type=int)
ap.add_argument("victim", type=int)
ap.add_argument("--period", type=float, default=0.01)
ap.add_argument("--before", type=float, default=1.0)
ap.add_argument("--cap", type=float, default=20.0)
ap.add_argument("--run", type=int, default=100)
ap.add_argument("--drain", type=float, default=4.0)
o = ap.parse_args()

sock = socket.create_connection(("127.0.0.1", o.port), timeout=5)
sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
sock.settimeout(None)
sent = []      # monotonic send time of frame n
replies = []   # (text, monotonic receive time) of reply n
lock = threading.Lock()


def read():
    f = sock.makefile("rb")
    try:
        for line in f:
            now = time.monotonic()
            with lock:
                replies.append((line.rstrip(b"\n").decode("utf-8", "replace"), now))
    except (OSError, ValueError):
        pass  # closed by us at the end


reader = threading.Thread(target=read, daemon=True)
reader.start()


def c_run_after(t):
    """Replies from C in a row at the end, counting only frames sent after t."""
    with lock:
        n = len(replies)
        run = 0
        for i in range(n - 1, -1, -1):
            if sent[i] <= t or not replies[i][0].startswith("C:"):
                break
            run += 1
        return run


start = time.monotonic()
kill_t = None
kill_wall = None
n = 0
next_t = start
while True:
    now = time.monotonic()
    if kill_t is None and now - start >= o.before:
        kill_wall = time.time()
        kill_t = time.monotonic()
        os.kill(o.victim, signal.SIGKILL)
    if kill_t is not None and (c_run_after(kill_t) >= o.run or now - kill_t > o.cap):
        break
    with lock:
        sent.append(time.monotonic())
    sock.sendall(b"f-%d\n" % n)
    n += 1
    next_t += o.period
    time.sleep(max(0.0, next_t - time.monotonic()))

deadline = time.monotonic() + o.drain
while time.monotonic() < deadline:
    with lock:
        if len(replies) >= len(sent):
            break
    time.sleep(0.01)
time.sleep(0.3)  # room for a reply too many
sock.close()
reader.join(2)

with lock:
    got = list(replies)
frames = len(sent)
errors = {}
timeout_waits = []  # (ms after the kill the frame was sent, ms it waited) of each TIMEOUT
mismatched = by_b_after = 0
last_not_c = -1
slowest = 0.0
for i, (text, at) in enumerate(got[:frames]):
    if text.startswith("B:") or text.startswith("C:"):
        if text[2:] != "f-%d" % i:
            mismatched += 1
        if text.startswith("B:") and sent[i] >= kill_t:
            by_b_after += 1
    elif text.startswith("ERROR "):
        code = text.split(" ")[1]
        errors[code] = errors.get(code, 0) + 1
        if code == "TIMEOUT":
            timeout_waits.append("%+.0f/%.0f" % ((sent[i] - kill_t) * 1000, (at - sent[i]) * 1000))
    else:
        mismatched += 1
    if not text.startswith("C:"):
        last_not_c = i
    slowest = max(slowest, at - sent[i])
mismatched += max(0, len(got) - frames)  # a reply too many
lost = max(0, frames - len(got))
tail_start = last_not_c + 1
route_around = (sent[tail_start] - kill_t) * 1000 if tail_start < frames else float("nan")
period = (sent[-1] - sent[0]) / (frames - 1) * 1000 if frames > 1 else 0
other = sum(v for k, v in errors.items() if k not in ("TIMEOUT", "UNREACHABLE"))
print("frames=%d period_ms=%.1f kill_wall_ms=%d route_around_ms=%.0f error_frames=%d timeout=%d unreachable=%d "
      "other_errors=%d error_codes=%s by_b_after_kill=%d lost=%d mismatched=%d slowest_ms=%.0f timeouts_sent/waited_ms=%s"
      % (frames, period, kill_wall * 1000, route_around, sum(errors.values()), errors.get("TIMEOUT", 0),
         errors.get("UNREACHABLE", 0), other, ",".join("%s:%d" % kv for kv in sorted(errors.items())) or "-",
         by_b_after, lost, mismatched, slowest * 1000, ",".join(timeout_waits) or "-"))
ok = lost == 0 and mismatched == 0 and frames - tail_start >= o.run
sys.exit(0 if ok else 1)
