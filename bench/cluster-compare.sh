#!/usr/bin/env bash
# What a cluster hop costs: the same line echo (a `lines`/`text` listener and an `echo` handler)
#   (a) local:  one process, listener and handler in-process (not clustered), bench/conf/local.json
#   (b) remote: a listener-only node and a handler-only node, clustered on loopback (Hazelcast), so
#       every frame and every reply crosses the clustered event bus: conf/listener.json + conf/echo-handler.json
# driven by `framewire bench` from the same jar (50 connections x 16 in flight x 64-byte lines, D=10 s,
# W=8 s), a and b alternated for ROUNDS rounds after an unrecorded priming run of each. Builds nothing.
# Last line:
#   ratio=<median of per-round b/a> local_msgs_per_s=<median> remote_msgs_per_s=<median> ...
#
#   bench/cluster-compare.sh JAR
# With CLUSTER_TLS=1 it measures what TLS between the nodes costs instead: (a) is the plain cluster hop
# above (a listener and a handler node) and (b) the same two configs with cluster.tls, certificates from
# a cluster CA made with openssl as docs/security.md shows; the last line then reads
#   ratio=<median of per-round b/a> plain_msgs_per_s=<median> tls_msgs_per_s=<median> ...
#     plain_cpu_us_per_msg=<listener node>+<handler node> tls_cpu_us_per_msg=<listener>+<handler> (medians)
#
# Env: ROUNDS=3 D=10 W=8 C=50 P=16 S=63 (payload bytes; + "\n" = 64-byte lines) PRIME=6 (s per setup; 0 = off;
#      20 with CLUSTER_TLS=1)  CLUSTER_TLS=0 (1: plain cluster hop against TLS cluster hop, needs openssl)
#      LISTENER_CONF (the listener node's config; bench/conf/listener-batching.json: remoteBatching)
#      BENCH_OUT=/tmp/framewire-bench (log file)  FW_JAVA_OPTS (nodes)  FW_BENCH_JAVA_OPTS (load generator)
# Loopback only; every process it starts is stopped on exit (and bounded by FW_MAX_S=900 s regardless).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$(realpath "${1:?usage: cluster-compare.sh JAR}")"
[[ -f "$JAR" ]] || { echo "cluster-compare.sh: no such jar: $JAR" >&2; exit 2; }
ROUNDS="${ROUNDS:-3}"; D="${D:-10}"; W="${W:-8}"; C="${C:-50}"; P="${P:-16}"; S="${S:-63}"
# TLS code needs a longer warm-up: with 6 s the first TLS round came out at half the later ones
PRIME="${PRIME:-$([[ "${CLUSTER_TLS:-0}" == 1 ]] && echo 20 || echo 6)}"
OUTDIR="${BENCH_OUT:-/tmp/framewire-bench}"; mkdir -p "$OUTDIR"
LOG="$OUTDIR/cluster-compare-$(date +%F).txt"
RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/fw-cluster-compare.XXXXXX")"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

cleanup() { fw_kill_all; }
trap cleanup EXIT
trap 'exit 130' INT TERM

LISTENER_CONF="${LISTENER_CONF:-$HERE/conf/listener.json}"; HANDLER_CONF="$HERE/conf/echo-handler.json"
CLUSTER_TLS="${CLUSTER_TLS:-0}"
if [[ "$CLUSTER_TLS" == 1 ]]; then
  KA=plain; KB=tls
  command -v openssl > /dev/null || { echo "cluster-compare.sh: CLUSTER_TLS=1 needs openssl" >&2; exit 2; }
  tls="$RUN_DIR/tls"; mkdir -p "$tls"
  ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1)
  openssl req -x509 "${ec[@]}" -keyout "$tls/cluster-ca-key.pem" -out "$tls/cluster-ca.pem" \
    -subj "/CN=bench cluster CA" -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign \
    2> /dev/null || { echo "cluster-compare.sh: openssl could not make the CA" >&2; exit 1; }
  tls_conf() { # NODE SRC: a copy of SRC (its cluster renamed) with cluster.tls and NODE's certificate; prints its path
    openssl req -x509 "${ec[@]}" -keyout "$tls/$1-key.pem" -out "$tls/$1.pem" -subj "/CN=$1" \
      -CA "$tls/cluster-ca.pem" -CAkey "$tls/cluster-ca-key.pem" \
      -addext basicConstraints=critical,CA:FALSE -addext extendedKeyUsage=serverAuth,clientAuth 2> /dev/null || return 1
    python3 - "$2" "$tls/$1.json" "$tls" "$1" <<'PY'
import json, sys
src, dest, d, node = sys.argv[1:]
with open(src) as f:
    conf = json.load(f)
conf["cluster"]["name"] = conf["cluster"].get("name", "framewire") + "-tls"
conf["cluster"]["tls"] = {"certPath": f"{d}/{node}.pem", "keyPath": f"{d}/{node}-key.pem", "caPath": f"{d}/cluster-ca.pem"}
with open(dest, "w") as f:
    json.dump(conf, f, indent=2)
PY
    echo "$tls/$1.json"
  }
  B_LISTENER_CONF=$(tls_conf listener "$LISTENER_CONF") && B_HANDLER_CONF=$(tls_conf handler "$HANDLER_CONF") \
    || { echo "cluster-compare.sh: could not make the TLS node configs" >&2; exit 1; }
else
  KA=local; KB=remote; B_LISTENER_CONF="$LISTENER_CONF"; B_HANDLER_CONF="$HANDLER_CONF"
fi

# ---------------------------------------------------------------- start the processes
# (a) is the process "local" (with CLUSTER_TLS=1 the plain listener node, with "local-handler" beside it);
# (b) is the process "listener" with its handler node "handler"
t0=$(date +%s.%N)
if [[ "$CLUSTER_TLS" == 1 ]]; then
  aseed=$(free_port)
  fw_start local "$LISTENER_CONF" FRAMEWIRE_CLUSTER_PORT="$aseed" FRAMEWIRE_CLUSTER_MEMBERS="127.0.0.1:$aseed"
  fw_wait_started local || exit 1
  fw_start local-handler "$HANDLER_CONF" FRAMEWIRE_CLUSTER_PORT="$(free_port)" FRAMEWIRE_CLUSTER_MEMBERS="127.0.0.1:$aseed"
  fw_wait_started local-handler || exit 1
else
  fw_start local "$HERE/conf/local.json"
fi
seed=$(free_port); hport=$(free_port)
fw_start listener "$B_LISTENER_CONF" FRAMEWIRE_CLUSTER_PORT="$seed" FRAMEWIRE_CLUSTER_MEMBERS="127.0.0.1:$seed"
fw_wait_started local || exit 1
fw_wait_started listener || exit 1
t1=$(date +%s.%N)
fw_start handler "$B_HANDLER_CONF" FRAMEWIRE_CLUSTER_PORT="$hport" FRAMEWIRE_CLUSTER_MEMBERS="127.0.0.1:$seed"
fw_wait_started handler || exit 1
t2=$(date +%s.%N)
LPORT=$(fw_listener_port local lines); RPORT=$(fw_listener_port listener lines)
[[ -n "$LPORT" && -n "$RPORT" ]] || { echo "cluster-compare.sh: no listener port in the start lines" >&2; exit 1; }

# the handler's registration reaches the listener node shortly after the handler says "started"
probe() { # PORT: one line echoed within 2 s?
  python3 - "$1" <<'PY'
import socket, sys
try:
    with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2) as s:
        s.sendall(b"probe\n")
        sys.exit(0 if s.makefile("rb").readline() == b"probe\n" else 1)
except OSError:
    sys.exit(1)
PY
}
for port in "$RPORT" "$LPORT"; do
  for i in $(seq 1 30); do probe "$port" && break; sleep 0.5; done
done
probe "$RPORT" || { echo "cluster-compare.sh: the $KB setup does not echo" >&2; tail -n 20 "$RUN_DIR"/*.err >&2; exit 1; }
probe "$LPORT" || { echo "cluster-compare.sh: the $KA setup does not echo" >&2; tail -n 20 "$RUN_DIR"/*.err >&2; exit 1; }
t3=$(date +%s.%N)
echo "# nodes: local + listener started in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s," \
  "handler node joined and started in $(awk -v a="$t1" -v b="$t2" 'BEGIN{printf "%.1f", b-a}') s," \
  "remote echo answering $(awk -v a="$t2" -v b="$t3" 'BEGIN{printf "%.1f", b-a}') s later" >&2

# ---------------------------------------------------------------- load
run() { # PORT PID LABEL [DURATION WARMUP]: the summary line, with PID's CPU per message
  echo "label=$3 $(fw_bench_cpu "$2" "${5:-$W}" "${4:-$D}" --connections "$C" --in-flight "$P" --size "$S" \
    "tcp://127.0.0.1:$1")"
}
if [[ "$PRIME" != 0 ]]; then
  run "$LPORT" "${FW_PID[local]}" "prime/$KA" "$PRIME" 0 >/dev/null
  run "$RPORT" "${FW_PID[listener]}" "prime/$KB" "$PRIME" 0 >/dev/null
fi
echo "# node logs in $RUN_DIR" >&2
echo "# cluster-compare $(date -Is) jar=$JAR C=$C P=$P S=$S D=$D W=$W rounds=$ROUNDS cluster_tls=$CLUSTER_TLS" \
  "local_pid=${FW_PID[local]} listener_pid=${FW_PID[listener]} handler_pid=${FW_PID[handler]}" | tee -a "$LOG" >&2
# PORT PID LABEL HANDLER_PID: run, plus the handler node's CPU over the measured window (run reports the listener node's)
run_handler() {
  local h1 h2 line
  run "$1" "$2" "$3" > "$RUN_DIR/round.txt" &
  local lgpid=$!
  sleep "$((W + 1))"; h1=$(cpu_ticks "$4"); sleep "$D"; h2=$(cpu_ticks "$4")
  wait "$lgpid"
  line=$(cat "$RUN_DIR/round.txt")
  echo "$line $(awk -v a="$h1" -v b="$h2" -v t="$CLK_TCK" -v d="$D" -v m="$(val "$line" msgs_per_s)" \
    'BEGIN{ s=(b-a)/t; if (m>0) printf "handler_cpu_pct=%.1f handler_cpu_us_per_msg=%.2f", 100*s/d, 1e6*s/(m*d); else print "" }')"
}
A=(); B=(); R=(); AP=(); BP=(); AE=0; BE=0; ALC=(); BLC=(); AHC=(); BHC=()
for i in $(seq 1 "$ROUNDS"); do
  if [[ "$CLUSTER_TLS" == 1 ]]; then
    la=$(run_handler "$LPORT" "${FW_PID[local]}" "cluster-compare/$KA/$i" "${FW_PID[local-handler]}")
  else
    la=$(run "$LPORT" "${FW_PID[local]}" "cluster-compare/$KA/$i")
  fi
  echo "$la" | tee -a "$LOG" >&2
  lb=$(run_handler "$RPORT" "${FW_PID[listener]}" "cluster-compare/$KB/$i" "${FW_PID[handler]}")
  echo "$lb" | tee -a "$LOG" >&2
  a=$(val "$la" msgs_per_s); b=$(val "$lb" msgs_per_s); a=${a:-0}; b=${b:-0}
  ea=$(val "$la" errors); eb=$(val "$lb" errors); AE=$((AE + ${ea:-1})); BE=$((BE + ${eb:-1}))  # no summary = an error
  A+=("$a"); B+=("$b"); AP+=("$(val "$la" p99_us)"); BP+=("$(val "$lb" p99_us)")
  R+=("$(awk -v a="$a" -v b="$b" 'BEGIN{ if (a>0) printf "%.4f", b/a; else print "0" }')")
  # CPU per frame: the listener node (or the one process) and the handler node
  ALC+=("$(val "$la" srv_cpu_us_per_msg)"); BLC+=("$(val "$lb" srv_cpu_us_per_msg)")
  AHC+=("$(val "$la" handler_cpu_us_per_msg)"); BHC+=("$(val "$lb" handler_cpu_us_per_msg)")
  printf "round %s: $KA msgs_per_s=%s p99_us=%s errors=%s cpu_us_per_msg=%s+%s | $KB msgs_per_s=%s p99_us=%s errors=%s cpu_us_per_msg=%s+%s\n" \
    "$i" "$a" "$(val "$la" p99_us)" "$(val "$la" errors)" "${ALC[-1]}" "${AHC[-1]:-0}" \
    "$b" "$(val "$lb" p99_us)" "$(val "$lb" errors)" "${BLC[-1]}" "${BHC[-1]}"
done
LINE=$(printf "ratio=%.2f ${KA}_msgs_per_s=%.0f ${KB}_msgs_per_s=%.0f ${KA}_p99_us=%s ${KB}_p99_us=%s ${KA}_errors=%s ${KB}_errors=%s rounds=%s per_round_ratios=%s" \
  "$(median "${R[@]}")" "$(median "${A[@]}")" "$(median "${B[@]}")" "$(median "${AP[@]}")" "$(median "${BP[@]}")" \
  "$AE" "$BE" "$ROUNDS" "$(IFS=,; echo "${R[*]}")")
if [[ "$CLUSTER_TLS" == 1 ]]; then
  LINE+=$(printf " ${KA}_cpu_us_per_msg=%s+%s ${KB}_cpu_us_per_msg=%s+%s" "$(median "${ALC[@]}")" "$(median "${AHC[@]}")" \
    "$(median "${BLC[@]}")" "$(median "${BHC[@]}")")
fi
echo "$LINE" | tee -a "$LOG"
