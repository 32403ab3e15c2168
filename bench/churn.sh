#!/usr/bin/env bash
# Connection churn on a clustered listener node: clients open a connection, send one line, read
# its reply (handled on another node) and close, as fast as they can, for D seconds. Prints the
# connections per second and the event-bus registrations each node made in the cluster, which
# must not grow with the connections (a listener instance registers one address for all of them).
# Loopback only; bounded in time.
#
#   bench/churn.sh [JAR]        (default target/framewire.jar)
# Env: D (seconds of churn, 10), CLIENTS (client processes, 2)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$(realpath "${1:-$HERE/target/framewire.jar}")"
D="${D:-10}" CLIENTS="${CLIENTS:-2}"
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
SEED="$(free_port)" LISTEN="$(free_port)"
cat > "$WORK/edge.json" <<JSON
{"listeners": [{"name": "churn", "protocol": "tcp", "port": $LISTEN, "framing": {"type": "lines"},
  "codec": "text", "address": "bench.churn"}],
 "cluster": {"enabled": true, "name": "churn-$SEED", "port": $SEED, "members": ["127.0.0.1:$SEED"],
  "properties": {"hazelcast.wait.seconds.before.join": 0}}}
JSON
cat > "$WORK/handlers.json" <<JSON
{"handlers": [{"type": "echo", "address": "bench.churn"}],
 "cluster": {"enabled": true, "name": "churn-$SEED", "port": $((SEED + 1)), "members": ["127.0.0.1:$SEED"],
  "properties": {"hazelcast.wait.seconds.before.join": 0}}}
JSON
start() {  # CONFIG LOG
  java -jar "$JAR" --conf "$1" > "$2" 2>&1 &
  PIDS+=("$!")
  for _ in $(seq 1 120); do grep -q "framewire: started" "$2" && return 0; sleep 0.5; done
  cat "$2"; exit 1
}
start "$WORK/edge.json" "$WORK/edge.log"; EDGE="${PIDS[-1]}"
start "$WORK/handlers.json" "$WORK/handlers.log"; HANDLERS="${PIDS[-1]}"
for _ in $(seq 1 60); do grep -q "(2 member(s))" "$WORK/edge.log" && break; sleep 0.5; done

cat > "$WORK/churn.py" <<'PY'
import socket, sys, time
port, seconds = int(sys.argv[1]), float(sys.argv[2])
done = failed = 0
end = time.time() + seconds
while time.time() < end:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            line = b"c%d\n" % done
            s.sendall(line)
            got = b""
            while not got.endswith(b"\n"):
                chunk = s.recv(64)
                if not chunk:
                    break
                got += chunk
            if got == line:
                done += 1
            else:
                failed += 1
    except OSError:
        failed += 1
print(done, failed)
PY
for i in $(seq 1 "$CLIENTS"); do python3 "$WORK/churn.py" "$LISTEN" "$D" > "$WORK/client$i.out" & done
wait $(jobs -p | tail -n "$CLIENTS") 2>/dev/null || true
read -r total failed < <(cat "$WORK"/client*.out | awk '{d+=$1; f+=$2} END {print d, f}')
kill -TERM "$EDGE" "$HANDLERS"
for _ in $(seq 1 60); do grep -q "registrations added" "$WORK/edge.log" && grep -q "registrations added" "$WORK/handlers.log" && break; sleep 0.5; done
echo "edge:     $(grep -o 'registrations added=.*' "$WORK/edge.log")"
echo "handlers: $(grep -o 'registrations added=.*' "$WORK/handlers.log")"
echo "edge listener: $(grep -o 'listener churn: connections=[0-9/]*' "$WORK/edge.log")"
echo "connections=$total failed=$failed seconds=$D connections_per_s=$((total / D))"
