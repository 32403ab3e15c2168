#!/usr/bin/env bash
# Time to route around a killed handler node. Node A: only a `lines`/`text` listener (replyTimeout
# 2s, conf/listener.json); nodes B and C: only a template handler on its address answering "B:..."
# and "C:..." (conf/template-b.json, conf/template-c.json); clustered on loopback. A steady stream
# of one line every 10 ms (failover-client.py, Python stdlib) runs through A; after 1 s B gets
# SIGKILL; the stream goes on until 100 replies in a row came from C. Per round it prints the time
# from the kill to the first frame of that C-only run (route_around_ms), the error frames, when A's
# cluster member logged B's departure (cluster_left_ms), and B's restart and rejoin time; B is
# restarted (same config) between rounds. Builds nothing. Last line:
#   failover route_around_ms_median=... error_frames_median=... cluster_left_ms_median=... rounds=...
#
#   bench/failover.sh JAR
# Env: ROUNDS=3 PERIOD=0.01 (s between frames)  FW_JAVA_OPTS  BENCH_OUT=/tmp/framewire-bench (log file)
# Loopback only; every process it starts is stopped on exit (and bounded by FW_MAX_S=900 s regardless).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$(realpath "${1:?usage: failover.sh JAR}")"
[[ -f "$JAR" ]] || { echo "failover.sh: no such jar: $JAR" >&2; exit 2; }
ROUNDS="${ROUNDS:-3}"; PERIOD="${PERIOD:-0.01}"
OUTDIR="${BENCH_OUT:-/tmp/framewire-bench}"; mkdir -p "$OUTDIR"
LOG="$OUTDIR/failover-$(date +%F).txt"
RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/fw-failover.XXXXXX")"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

cleanup() { fw_kill_all; }
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }
lines_of() { wc -l < "$RUN_DIR/$1.err"; }
member_port() { sed -nE 's/.*cluster: joined as \[127\.0\.0\.1\]:([0-9]+) .*/\1/p' "$RUN_DIR/$1.err" | head -n1; }

t=$(now)
seed=$(free_port)
fw_start a "$HERE/conf/listener.json" FRAMEWIRE_CLUSTER_PORT="$seed" FRAMEWIRE_CLUSTER_MEMBERS="127.0.0.1:$seed"
fw_wait_started a || exit 1
echo "# node A started in $(since "$t") s" >&2
PORT=$(fw_listener_port a lines)
SEED=$(member_port a)
PORT_B=$(free_port); PORT_C=$(free_port)
start_b() { fw_start b "$HERE/conf/template-b.json" FRAMEWIRE_CLUSTER_PORT="$PORT_B" FRAMEWIRE_CLUSTER_MEMBERS="127.0.0.1:$SEED"; }
t=$(now)
start_b
fw_start c "$HERE/conf/template-c.json" FRAMEWIRE_CLUSTER_PORT="$PORT_C" FRAMEWIRE_CLUSTER_MEMBERS="127.0.0.1:$SEED"
fw_wait_started b || exit 1
fw_wait_started c || exit 1
echo "# nodes B and C (started together) joined and started in $(since "$t") s" >&2

answers_from() { # TAG...: send batches of 20 lines until each TAG has answered one (at most 20 s)
  python3 - "$PORT" "$@" <<'PY'
import socket, sys, time
port, missing = int(sys.argv[1]), set(sys.argv[2:])
deadline = time.monotonic() + 20
with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
    f = s.makefile("rb")
    while missing and time.monotonic() < deadline:
        s.sendall(b"".join(b"probe-%d\n" % i for i in range(20)))
        for i in range(20):
            line = f.readline().decode()
            if not line.endswith(":probe-%d\n" % i):
                print("failover.sh: probe %d answered %r" % (i, line), file=sys.stderr)
            missing.discard(line.split(":")[0])
        time.sleep(0.05)
sys.exit(1 if missing else 0)
PY
}
t=$(now)
answers_from B C || { echo "failover.sh: B and C do not both answer" >&2; exit 1; }
echo "# B and C both answering $(since "$t") s later" >&2

echo "# node logs in $RUN_DIR" >&2
echo "# failover $(date -Is) jar=$JAR rounds=$ROUNDS period=${PERIOD}s listener=127.0.0.1:$PORT" | tee -a "$LOG" >&2
RA=(); EF=(); LEFT=(); FAIL=0
for i in $(seq 1 "$ROUNDS"); do
  mark=$(lines_of a)
  PB=$(member_port b)
  out=$(python3 "$HERE/failover-client.py" "$PORT" "${FW_PID[b]}" --period "$PERIOD") || FAIL=$((FAIL + 1))
  fw_kill b KILL  # already dead: reaps its timeout(1) wrapper
  # when A's cluster member logged B's departure, against the kill's wall clock
  left_iso=$(tail -n +"$((mark + 1))" "$RUN_DIR/a.err" | grep -E "cluster: member \[127\.0\.0\.1\]:$PB left" | head -n1 | cut -d' ' -f1)
  left_ms=$(python3 -c 'import sys, datetime as d
t = d.datetime.strptime(sys.argv[1], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=d.timezone.utc)
print("%.0f" % (t.timestamp() * 1000 - float(sys.argv[2])))' "$left_iso" "$(val "$out" kill_wall_ms)" 2>/dev/null || echo nan)
  # B again, same configuration
  mark=$(lines_of a)
  t=$(now)
  start_b
  fw_wait_log a "cluster: member \[127\.0\.0\.1\]:[0-9]+ joined \(3 member\(s\)\)" "$mark" 60 || exit 1
  fw_wait_started b || exit 1
  rejoin=$(since "$t")
  answers_from B || { echo "failover.sh: restarted B does not answer" >&2; exit 1; }
  back=$(since "$t")
  echo "round $i: $out cluster_left_ms=$left_ms b_rejoined_s=$rejoin b_answering_s=$back" | tee -a "$LOG"
  RA+=("$(val "$out" route_around_ms)"); EF+=("$(val "$out" error_frames)"); LEFT+=("$left_ms")
done
printf 'failover route_around_ms_median=%s error_frames_median=%s cluster_left_ms_median=%s rounds=%s route_around_ms=%s error_frames=%s failed_rounds=%s\n' \
  "$(median "${RA[@]}")" "$(median "${EF[@]}")" "$(median "${LEFT[@]}")" "$ROUNDS" \
  "$(IFS=,; echo "${RA[*]}")" "$(IFS=,; echo "${EF[*]}")" "$FAIL" | tee -a "$LOG"
[[ "$FAIL" == 0 ]]
