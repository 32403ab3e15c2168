#!/usr/bin/env bash
# A running Framewire listener against raw Netty (the JVM ceiling) under the same load, in the same
# run: the jar's reference echo server (`bench --serve-reference`) is started here, and `framewire
# bench` drives reference and target alternately (A B A B ...), ROUNDS rounds each, after an
# unrecorded priming run of each (C2 keeps compiling for 6-9 s on 2 cores). Last line:
#   ratio=<median of per-round target/netty> target_msgs_per_s=<median> netty_msgs_per_s=<median> ...
#
#   bench/compare.sh TARGET_PORT [JAR]        (default target/framewire.jar)
# Env: MODE=lines | length-prefixed | udp (the reference serves length-prefixed on BASE_PORT+1)
#      ROUNDS=3 D=10 W=5 C=50 (connections; UDP: sockets) P=16 (in flight each)
#      S=63 (payload bytes: 63 + "\n" = 64-byte lines)  PRIME=6 (s; 0 = off)  BASE_PORT=9700
#      TARGET_PID (the server's PID, for its CPU per message)  BENCH_OUT=/tmp/framewire-bench (log file)
# Loopback only; the reference server is stopped on exit (and bounded by FW_MAX_S=900 s regardless).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TPORT="${1:?usage: compare.sh TARGET_PORT [JAR]}"
JAR="$(realpath "${2:-$HERE/../target/framewire.jar}")"
[[ -f "$JAR" ]] || { echo "compare.sh: no such jar: $JAR (mvn -B -q package -DskipTests)" >&2; exit 2; }
MODE="${MODE:-lines}"; ROUNDS="${ROUNDS:-3}"; D="${D:-10}"; W="${W:-5}"; C="${C:-50}"; P="${P:-16}"; S="${S:-63}"
PRIME="${PRIME:-6}"; BPORT="${BASE_PORT:-9700}"
OUTDIR="${BENCH_OUT:-/tmp/framewire-bench}"; mkdir -p "$OUTDIR"
LOG="$OUTDIR/compare-$(date +%F).txt"
# shellcheck source=lib.sh
source "$HERE/lib.sh"
case "$MODE" in
  lines) SCHEME=tcp; FRAMING=(); BP="$BPORT" ;;
  length-prefixed) SCHEME=tcp; FRAMING=(--framing length-prefixed); BP=$((BPORT + 1)) ;;
  udp) SCHEME=udp; FRAMING=(); BP="$BPORT" ;;
  *) echo "compare.sh: MODE must be lines, length-prefixed or udp (was $MODE)" >&2; exit 2 ;;
esac

trap fw_reference_stop EXIT
trap 'exit 130' INT TERM
fw_reference_start "$BPORT" || exit 1

run() { # PORT PID LABEL [DURATION WARMUP]
  local args=(--connections "$C" --in-flight "$P" --size "$S" "${FRAMING[@]}" "$SCHEME://127.0.0.1:$1")
  local line
  if [[ -n "$2" ]]; then
    line=$(fw_bench_cpu "$2" "${5:-$W}" "${4:-$D}" "${args[@]}")
  else
    line=$(fw_bench --warmup "${5:-$W}s" --duration "${4:-$D}s" "${args[@]}")
  fi
  echo "label=$3 $line"
}
if [[ "$PRIME" != 0 ]]; then
  run "$BP" "" prime/netty "$PRIME" 0 >/dev/null
  run "$TPORT" "" prime/target "$PRIME" 0 >/dev/null
fi
echo "# compare $(date -Is) target=127.0.0.1:$TPORT netty=127.0.0.1:$BP mode=$MODE C=$C P=$P S=$S D=$D W=$W rounds=$ROUNDS" \
  | tee -a "$LOG" >&2
T=(); B=(); R=(); TERR=0
for i in $(seq 1 "$ROUNDS"); do
  lb=$(run "$BP" "$FW_REFERENCE_JVM" "compare/netty/$i"); echo "$lb" | tee -a "$LOG" >&2
  lt=$(run "$TPORT" "${TARGET_PID:-}" "compare/target/$i"); echo "$lt" | tee -a "$LOG" >&2
  b=$(val "$lb" msgs_per_s); t=$(val "$lt" msgs_per_s); e=$(val "$lt" errors)
  b=${b:-0}; t=${t:-0}; TERR=$((TERR + ${e:-1}))  # no summary counts as an error
  B+=("$b"); T+=("$t")
  R+=("$(awk -v t="$t" -v b="$b" 'BEGIN{ if (b>0) printf "%.4f", t/b; else print "0" }')")
done
LINE=$(printf 'ratio=%.2f target_msgs_per_s=%.0f netty_msgs_per_s=%.0f rounds=%s per_round_ratios=%s target_errors=%s' \
  "$(median "${R[@]}")" "$(median "${T[@]}")" "$(median "${B[@]}")" "$ROUNDS" "$(IFS=,; echo "${R[*]}")" "$TERR")
echo "$LINE" | tee -a "$LOG"
