#!/usr/bin/env bash
# Bridge round trips per second: line echo through a listener whose handler is the Python example
# (examples/python-bridge-handler) connected over the TCP event-bus bridge, against the same load
# with Framewire's in-process echo handler, in the same run. Loopback only; bounded in time.
#
#   bench/bridge.sh [JAR]        (default target/framewire.jar; run `mvn -B -q package -DskipTests` first)
# Env: D (seconds measured, 10), W (warm-up seconds, 8), C (connections, 8), P (in flight per
#      connection, 16), S (payload bytes, 63: 64-byte lines), ROUNDS (2)
# The listener uses codec bytes, so the handler echoes each line unchanged (`framewire bench`
# checks every reply byte for byte and in order).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$(realpath "${1:-$HERE/target/framewire.jar}")"
D="${D:-10}" W="${W:-8}" C="${C:-8}" P="${P:-16}" S="${S:-63}" ROUNDS="${ROUNDS:-2}"
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
# shellcheck source=lib.sh
source "$HERE/bench/lib.sh"

cat > "$WORK/bridge.json" <<'JSON'
{
  "listeners": [
    {"name": "viabridge", "protocol": "tcp", "port": 7310, "framing": {"type": "lines"}, "codec": "bytes",
     "address": "bench.bridge", "replyTimeout": "10s"},
    {"name": "local", "protocol": "tcp", "port": 7311, "framing": {"type": "lines"}, "codec": "bytes",
     "address": "bench.local"}
  ],
  "handlers": [{"type": "echo", "address": "bench.local"}],
  "bridge": {"port": 7312, "inbound": [{"addressRegex": "framewire\\.conn\\..+"}], "outbound": ["bench.bridge"]}
}
JSON

java -jar "$JAR" --conf "$WORK/bridge.json" > "$WORK/framewire.log" 2>&1 &
FW=$!; PIDS+=("$FW")
for _ in $(seq 1 60); do grep -q "framewire: started" "$WORK/framewire.log" && break; sleep 0.5; done
grep -q "framewire: started" "$WORK/framewire.log" || { cat "$WORK/framewire.log"; exit 1; }
python3 -u "$HERE/examples/python-bridge-handler/framewire_handler.py" --port 7312 --address bench.bridge \
  --bytes-listener viabridge > "$WORK/python.log" 2>&1 &
PY=$!; PIDS+=("$PY")
for _ in $(seq 1 40); do grep -q "^registered" "$WORK/python.log" && break; sleep 0.25; done
grep -q "^registered" "$WORK/python.log" || { cat "$WORK/python.log"; exit 1; }

run() {  # PORT LABEL → the summary line, with Framewire's CPU per message
  echo "$2 $(fw_bench_cpu "$FW" "$W" "$D" --connections "$C" --in-flight "$P" --size "$S" "tcp://127.0.0.1:$1")"
}
for r in $(seq 1 "$ROUNDS"); do
  run 7310 "round=$r bridge+python"
  run 7311 "round=$r in-process-echo"
done | tee "$WORK/results.txt"
python3 - "$WORK/results.txt" <<'PY'
import re, statistics, sys
rates = {"bridge+python": [], "in-process-echo": []}
for line in open(sys.argv[1]):
    m = re.search(r"msgs_per_s=([0-9.]+)", line)
    for k in rates:
        if m and (" " + k + " ") in line:
            rates[k].append(float(m.group(1)))
b, l = statistics.median(rates["bridge+python"]), statistics.median(rates["in-process-echo"])
print("bridge_round_trips_per_s=%.0f in_process_msgs_per_s=%.0f ratio=%.3f" % (b, l, b / l))
PY
