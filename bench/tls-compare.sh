#!/usr/bin/env bash
# TLS against plain TCP on one Framewire process, in the same run: bench/conf/tls-echo.json serves the
# same line echo on a plain listener and on a TLS one (a self-signed certificate made here with
# openssl), and `framewire bench` drives them alternately (plain TLS plain TLS ...), ROUNDS rounds
# each, after an unrecorded priming run of each. Last line:
#   ratio=<median of per-round tls/plain msgs/s> tls_msgs_per_s=<median> plain_msgs_per_s=<median>
#   cpu_ratio=<median of per-round tls/plain server CPU per message> ...
# On a busy machine msgs/s swings with the neighbours; the server's CPU per message swings less.
#
#   bench/tls-compare.sh [JAR]        (default target/framewire.jar)
# Env: ROUNDS=3 D=10 W=5 C=50 (connections) P=16 (in flight each) S=63 (payload bytes: 64-byte lines)
#      PRIME=6 (s; 0 = off)  BENCH_OUT=/tmp/framewire-bench (log file)
# Loopback only; the node is stopped on exit (and bounded by FW_MAX_S=900 s regardless).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$(realpath "${1:-$HERE/../target/framewire.jar}")"
[[ -f "$JAR" ]] || { echo "tls-compare.sh: no such jar: $JAR (mvn -B -q package -DskipTests)" >&2; exit 2; }
command -v openssl >/dev/null || { echo "tls-compare.sh: needs the openssl command" >&2; exit 2; }
ROUNDS="${ROUNDS:-3}"; D="${D:-10}"; W="${W:-5}"; C="${C:-50}"; P="${P:-16}"; S="${S:-63}"; PRIME="${PRIME:-6}"
OUTDIR="${BENCH_OUT:-/tmp/framewire-bench}"; mkdir -p "$OUTDIR"
LOG="$OUTDIR/tls-compare-$(date +%F).txt"
RUN_DIR="$(mktemp -d)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"
trap 'fw_kill_all; rm -rf "$RUN_DIR"' EXIT
trap 'exit 130' INT TERM

# the node runs in RUN_DIR, where the configuration's relative certificate paths point
mkdir -p "$RUN_DIR/bench-tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
  -addext subjectAltName=IP:127.0.0.1,DNS:localhost \
  -keyout "$RUN_DIR/bench-tls/key.pem" -out "$RUN_DIR/bench-tls/cert.pem" 2>/dev/null || exit 1
CONF="$(realpath "$HERE/conf/tls-echo.json")"
(cd "$RUN_DIR" && fw_start node "$CONF"; declare -p FW_PID FW_TPID > "$RUN_DIR/pids")
source "$RUN_DIR/pids"
fw_wait_started node || exit 1
PLAIN=$(sed -nE 's/^listener plain +tcp 127\.0\.0\.1:([0-9]+) .*/\1/p' "$RUN_DIR/node.out" | head -n1)
TLS=$(sed -nE 's/^listener tls +tcp tls 127\.0\.0\.1:([0-9]+) .*/\1/p' "$RUN_DIR/node.out" | head -n1)
[[ -n "$PLAIN" && -n "$TLS" ]] || { echo "tls-compare.sh: no listener ports in the start lines" >&2; cat "$RUN_DIR/node.out" >&2; exit 1; }

run() { # URL LABEL [DURATION WARMUP]
  local line
  # a generous connect timeout: 50 TLS handshakes on a cold, busy JVM can take seconds
  line=$(fw_bench_cpu "${FW_PID[node]}" "${4:-$W}" "${3:-$D}" --connect-timeout 30s --connections "$C" \
    --in-flight "$P" --size "$S" "$1")
  echo "label=$2 $line"
}
if [[ "$PRIME" != 0 ]]; then
  run "tcp://127.0.0.1:$PLAIN" prime/plain "$PRIME" 0 >/dev/null
  run "tls://127.0.0.1:$TLS" prime/tls "$PRIME" 0 >/dev/null
fi
echo "# tls-compare $(date -Is) plain=127.0.0.1:$PLAIN tls=127.0.0.1:$TLS C=$C P=$P S=$S D=$D W=$W rounds=$ROUNDS" \
  | tee -a "$LOG" >&2
A=(); T=(); R=(); CR=(); ERR=0
for i in $(seq 1 "$ROUNDS"); do
  la=$(run "tcp://127.0.0.1:$PLAIN" "tls-compare/plain/$i"); echo "$la" | tee -a "$LOG" >&2
  lt=$(run "tls://127.0.0.1:$TLS" "tls-compare/tls/$i"); echo "$lt" | tee -a "$LOG" >&2
  a=$(val "$la" msgs_per_s); t=$(val "$lt" msgs_per_s); ea=$(val "$la" errors); et=$(val "$lt" errors)
  ERR=$((ERR + ${ea:-1} + ${et:-1}))  # no summary counts as an error
  a=${a:-0}; t=${t:-0}
  A+=("$a"); T+=("$t")
  R+=("$(awk -v t="$t" -v a="$a" 'BEGIN{ if (a>0) printf "%.4f", t/a; else print "0" }')")
  ca=$(val "$la" srv_cpu_us_per_msg); ct=$(val "$lt" srv_cpu_us_per_msg)
  CR+=("$(awk -v t="${ct:-0}" -v a="${ca:-0}" 'BEGIN{ if (a>0) printf "%.4f", t/a; else print "0" }')")
done
LINE=$(printf 'ratio=%.2f tls_msgs_per_s=%.0f plain_msgs_per_s=%.0f cpu_ratio=%.2f rounds=%s per_round_ratios=%s per_round_cpu_ratios=%s errors=%s' \
  "$(median "${R[@]}")" "$(median "${T[@]}")" "$(median "${A[@]}")" "$(median "${CR[@]}")" "$ROUNDS" \
  "$(IFS=,; echo "${R[*]}")" "$(IFS=,; echo "${CR[*]}")" "$ERR")
echo "$LINE" | tee -a "$LOG"
