#!/usr/bin/env bash
# What metrics cost: the same line echo (bench/conf/echo.json) in two processes, one without and one
# with the http section (bench/conf/echo-metrics.json: Prometheus /metrics with Vert.x's own metrics,
# the handler latency histogram, the dashboard's once-a-second sampling), driven alternately by
# `framewire bench` (C=50 connections x P=16 in flight, 64-byte lines) after an unrecorded priming
# run of each; /metrics is scraped after every "on" round, as Prometheus would. Builds nothing.
# Last line:
#   ratio=<median of per-round on/off> off_msgs_per_s=<median> on_msgs_per_s=<median> ...
#
#   bench/metrics-cost.sh [JAR]        (default target/framewire.jar)
# Env: ROUNDS=3 D=10 W=5 C=50 P=16 S=63 PRIME=8 (s; 0 = off)  BENCH_OUT=/tmp/framewire-bench (log file)
# Loopback only; both processes are stopped on exit (and bounded by FW_MAX_S=900 s regardless).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$(realpath "${1:-$HERE/../target/framewire.jar}")"
[[ -f "$JAR" ]] || { echo "metrics-cost.sh: no such jar: $JAR (mvn -B -q package -DskipTests)" >&2; exit 2; }
ROUNDS="${ROUNDS:-3}"; D="${D:-10}"; W="${W:-5}"; C="${C:-50}"; P="${P:-16}"; S="${S:-63}"; PRIME="${PRIME:-8}"
OUTDIR="${BENCH_OUT:-/tmp/framewire-bench}"; mkdir -p "$OUTDIR"
LOG="$OUTDIR/metrics-cost-$(date +%F).txt"
RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/fw-metrics-cost.XXXXXX")"
# shellcheck source=lib.sh
source "$HERE/lib.sh"
trap fw_kill_all EXIT
trap 'exit 130' INT TERM

ports=(FRAMEWIRE_LINES_PORT=0 FRAMEWIRE_LENPREFIX_PORT=0 FRAMEWIRE_UDP_PORT=0)
fw_start off "$HERE/conf/echo.json" "${ports[@]}"
fw_start on "$HERE/conf/echo-metrics.json" "${ports[@]}"
fw_wait_started off || exit 1
fw_wait_started on || exit 1
OFF_PORT=$(fw_listener_port off lines); ON_PORT=$(fw_listener_port on lines)
HTTP_PORT=$(sed -nE 's/^http +127\.0\.0\.1:([0-9]+) .*/\1/p' "$RUN_DIR/on.out" | head -n1)
[[ -n "$OFF_PORT" && -n "$ON_PORT" && -n "$HTTP_PORT" ]] || { echo "metrics-cost.sh: no ports in the start lines" >&2; exit 1; }

run() { # NAME PORT LABEL [DURATION WARMUP]
  local line
  line=$(fw_bench_cpu "${FW_PID[$1]}" "${5:-$W}" "${4:-$D}" --connections "$C" --in-flight "$P" --size "$S" \
    "tcp://127.0.0.1:$2")
  echo "label=$3 $line"
}
if [[ "$PRIME" != 0 ]]; then
  run off "$OFF_PORT" prime/off "$PRIME" 0 >/dev/null
  run on "$ON_PORT" prime/on "$PRIME" 0 >/dev/null
fi
echo "# metrics-cost $(date -Is) C=$C P=$P S=$S D=$D W=$W rounds=$ROUNDS" | tee -a "$LOG" >&2
OFF=(); ON=(); R=(); ERR=0
for i in $(seq 1 "$ROUNDS"); do
  loff=$(run off "$OFF_PORT" "metrics/off/$i"); echo "$loff" | tee -a "$LOG" >&2
  lon=$(run on "$ON_PORT" "metrics/on/$i"); echo "$lon" | tee -a "$LOG" >&2
  received=$(curl -s "http://127.0.0.1:$HTTP_PORT/metrics" \
    | sed -nE 's/^framewire_frames_received_total\{listener="lines",protocol="tcp"\} ([0-9.E+]+)$/\1/p')
  echo "# metrics/on/$i: /metrics says framewire_frames_received_total{listener=\"lines\"} $received" | tee -a "$LOG" >&2
  a=$(val "$loff" msgs_per_s); b=$(val "$lon" msgs_per_s); ea=$(val "$loff" errors); eb=$(val "$lon" errors)
  a=${a:-0}; b=${b:-0}
  ERR=$((ERR + ${ea:-1} + ${eb:-1}))  # no summary counts as an error
  OFF+=("$a"); ON+=("$b")
  R+=("$(awk -v a="$a" -v b="$b" 'BEGIN{ if (a>0) printf "%.4f", b/a; else print "0" }')")
done
LINE=$(printf 'ratio=%.2f off_msgs_per_s=%.0f on_msgs_per_s=%.0f rounds=%s per_round_ratios=%s errors=%s' \
  "$(median "${R[@]}")" "$(median "${OFF[@]}")" "$(median "${ON[@]}")" "$ROUNDS" "$(IFS=,; echo "${R[*]}")" "$ERR")
echo "$LINE" | tee -a "$LOG"
