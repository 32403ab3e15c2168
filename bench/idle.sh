#!/usr/bin/env bash
# Resident memory per idle TCP connection: one Framewire process with a single line-echo listener
# (bench/conf/idle.json), default JVM settings (no -X flags), and the shared load generator's
# tcp-idle mode: N connections opened, held H seconds, then one echo probe each. The load generator
# reads the server's VmRSS before the first connection and 3 s after the last; the difference over
# the connections is the figure. Loopback only; the server is stopped on exit and bounded by
# FW_MAX_S (300 s); the load generator by LG_TIMEOUT_S (300 s).
#
#   bench/idle.sh [JAR]        (default target/framewire.jar)
# Env: N (connections, 19000; the hard open-files limit is 20000 per process), H (hold seconds, 10),
#      FW_JAVA_OPTS (server JVM flags; empty = the defaults, which is what the figure is about),
#      LOADGEN (the load generator's script; default: shared/bench/loadgen.sh beside the checkout)
# Last line:  kb_per_conn=<KB> bytes_per_conn=<B> connections=<n> errors=<n> rss_before_kb=... rss_after_kb=...
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$(realpath "${1:-$HERE/../target/framewire.jar}")"
[[ -f "$JAR" ]] || { echo "idle.sh: no such jar: $JAR (mvn -B -q package -DskipTests)" >&2; exit 2; }
N="${N:-19000}"; H="${H:-10}"
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
line=$("$LOADGEN" tcp-idle --port "$PORT" --idle "$N" --hold "$H" --server-pid "${FW_PID[idle]}" | tail -n 1)
echo "$line" >&2
bytes=$(val "$line" bytes_per_conn)
[[ -n "$bytes" && "$bytes" != na ]] || { echo "idle.sh: no figure from the load generator" >&2; exit 1; }
awk -v b="$bytes" -v l="$line" 'BEGIN{ printf "kb_per_conn=%.2f bytes_per_conn=%d", b/1024, b }
  END{}' </dev/null
for k in connections errors rss_before_kb rss_after_kb rss_end_kb; do printf ' %s=%s' "$k" "$(val "$line" "$k")"; done
echo
