#!/usr/bin/env bash
# Resident memory per idle TCP connection: one Framewire process with a single line-echo listener
# (bench/conf/idle.json), default JVM settings (no -X flags), and the shared load generator's
# tcp-idle mode: N connections opened, held H seconds, then one echo probe each. The load generator
# reads the server's VmRSS before the first connection and 3 s after the last; the difference over
# the connections is the figure. Loopback only; the server is stopped on exit and bounded by
# FW_MAX_S (300 s); the load generator by LG_TIMEOUT_S (300 s) a run; about 2 minutes in all.
#
#   bench/idle.sh [JAR]        (default target/framewire.jar)
# Env: N (connections, 19000; the hard open-files limit is 20000 per process), H (hold seconds, 10),
#      FW_JAVA_OPTS (server JVM flags; empty = the defaults, which is what the figure is about),
#      REFERENCE (1 = then the same with the jar's two reference servers: raw Netty echo, the floor of
#      the machine, and plain Vert.x line echo on NetServer, the floor of any gateway built on it; default 0),
#      LOADGEN (the load generator's script; default: shared/bench/loadgen.sh beside the checkout)
# Last line:  kb_per_conn=<KB> bytes_per_conn=<B> connections=<n> errors=<n> rss_before_kb=... rss_after_kb=...
#             [reference_kb_per_conn=<KB> vertx_kb_per_conn=<KB>] load=<1-minute load average when done>
# (KB = 1024 bytes.) The figure moves with the garbage collector's heap sizing, which a busy machine
# changes: run it on a quiet one, and compare with the reference of the same run.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$(realpath "${1:-$HERE/../target/framewire.jar}")"
[[ -f "$JAR" ]] || { echo "idle.sh: no such jar: $JAR (mvn -B -q package -DskipTests)" >&2; exit 2; }
N="${N:-19000}"; H="${H:-10}"; REFERENCE="${REFERENCE:-0}"
if [[ -z "${LOADGEN:-}" ]]; then  # the shared kit beside the checkout (or beside a worktree's parent)
  for LOADGEN in "$HERE/../../shared/bench/loadgen.sh" "$HERE/../../../shared/bench/loadgen.sh"; do
    [[ -x "$LOADGEN" ]] && break
  done
fi
[[ -x "$LOADGEN" ]] || { echo "idle.sh: no load generator at $LOADGEN (set LOADGEN)" >&2; exit 2; }
export FW_MAX_S="${FW_MAX_S:-300}" LG_TIMEOUT_S="${LG_TIMEOUT_S:-300}"
RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/fw-idle.XXXXXX")"
# shellcheck source=lib.sh
source "$HERE/lib.sh"
trap 'fw_kill_all; rm -rf "$RUN_DIR"' EXIT
trap 'exit 130' INT TERM

# the server needs one descriptor per connection: raise the soft limit to the hard one
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fw_start idle "$HERE/conf/idle.json" FRAMEWIRE_LINES_PORT=0
fw_wait_started idle || exit 1
PORT=$(fw_listener_port idle lines)
[[ -n "$PORT" ]] || { echo "idle.sh: no port in the start line" >&2; cat "$RUN_DIR/idle.out" >&2; exit 1; }
sleep 2  # let start-up settle (JIT, class loading) so the baseline is the idle server

measure() { # PORT PID: the load generator's summary line
  "$LOADGEN" tcp-idle --port "$1" --idle "$N" --hold "$H" --server-pid "$2" | tail -n 1
}
line=$(measure "$PORT" "${FW_PID[idle]}")
echo "framewire: $line" >&2
fw_kill idle
bytes=$(val "$line" bytes_per_conn)
[[ -n "$bytes" && "$bytes" != na ]] || { echo "idle.sh: no figure from the load generator" >&2; exit 1; }
ref=""
reference() { # KIND LABEL: the same measure on the jar's reference server of that kind, appended to $ref
  local kind="$1" label="$2" started="" low rline rbytes _
  # it binds PORT (and PORT+1): below the ephemeral range, where none of the load generator's closed
  # connections (thousands in TIME_WAIT, on ephemeral ports) can hold them
  low=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  for _ in 1 2 3 4 5; do
    RPORT=$(( 10000 + RANDOM % (low - 10002) ))
    fw_reference_start "$RPORT" "$kind" 2>/dev/null && { started=1; break; }
  done
  if [[ -z "$started" ]]; then
    echo "idle.sh: the $kind reference server did not start (bench --serve-reference PORT --reference $kind)" >&2
    return
  fi
  sleep 2
  rline=$(measure "$RPORT" "$FW_REFERENCE_JVM")
  echo "$kind: $rline" >&2
  fw_reference_stop
  rbytes=$(val "$rline" bytes_per_conn)
  [[ -n "$rbytes" && "$rbytes" != na ]] && ref+=$(awk -v b="$rbytes" -v l="$label" 'BEGIN{ printf " %s=%.2f", l, b/1024 }')
}
if [[ "$REFERENCE" == 1 ]]; then  # each right after, with the same JVM settings
  reference netty reference_kb_per_conn
  reference vertx vertx_kb_per_conn
fi
printf 'kb_per_conn=%.2f bytes_per_conn=%d' "$(awk -v b="$bytes" 'BEGIN{ print b/1024 }')" "$bytes"
for k in connections errors rss_before_kb rss_after_kb; do printf ' %s=%s' "$k" "$(val "$line" "$k")"; done
echo "$ref load=$(cut -d' ' -f1 /proc/loadavg)"
[[ "$(val "$line" errors)" == 0 ]] || { echo "idle.sh: the load generator counted errors: no valid figure" >&2; exit 1; }
