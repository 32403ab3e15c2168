# Shared by the bench scripts (sourced, not run): start Framewire nodes from a jar on loopback, wait
# for their start line, read their listener port, and kill every one of them on exit.
#   fw_start NAME CONF [VAR=value ...]   starts java -jar "$JAR" --conf CONF; sets FW_PID[NAME]
#   fw_wait_started NAME [LIMIT_S]       until "framewire: started" (fails if the node died first)
#   fw_listener_port NAME LISTENER       the port a listener was bound to (the config says port 0)
#   fw_wait_log NAME REGEX FROM [LIMIT_S] until a line of NAME's stderr from line FROM matches
#   fw_kill NAME [SIGNAL]                signal one node (default TERM) and wait at most 15 s
#   free_port                            a free loopback TCP port
#   fw_bench ARGS...                     java -jar "$JAR" bench --json ARGS; its summary as one key=value line
#   fw_bench_cpu PID W D ARGS...         the same with --warmup W --duration D (seconds), plus the CPU
#                                        process PID spent per message over the measured period
#   fw_reference_start PORT [KIND] / fw_reference_stop   the jar's raw Netty echo server, or with KIND vertx
#                                        plain Vert.x line echo (bench --serve-reference PORT --reference KIND)
# Node output goes to $RUN_DIR/NAME.out and NAME.err. Requires JAR (and RUN_DIR for nodes).
declare -A FW_PID=()    # NAME -> the JVM's PID
declare -A FW_TPID=()   # NAME -> the PID of the timeout(1) wrapping it
FW_JAVA="${FW_JAVA:-java}"
FW_JAVA_OPTS="${FW_JAVA_OPTS:-}"
FW_MAX_S="${FW_MAX_S:-900}"   # wall-clock bound of each node, should this script die without its trap
FW_BENCH_JAVA_OPTS="${FW_BENCH_JAVA_OPTS:--XX:+UseParallelGC}"  # the load generator's JVM flags
CLK_TCK="${CLK_TCK:-$(getconf CLK_TCK 2>/dev/null || echo 100)}"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

fw_start() { # NAME CONF [VAR=value ...]
  local name="$1" conf="$2"; shift 2
  : > "$RUN_DIR/$name.out"; : > "$RUN_DIR/$name.err"
  # env and bash exec into timeout(1), which bounds the node's life and forks the JVM
  env "$@" bash -c 'exec timeout -k 5 "$0" "$@"' "$FW_MAX_S" "$FW_JAVA" $FW_JAVA_OPTS -jar "$JAR" --conf "$conf" \
    > "$RUN_DIR/$name.out" 2> "$RUN_DIR/$name.err" &
  local tpid=$!
  disown "$tpid"  # no "Killed" job report when a bench kills it on purpose
  # the JVM's own PID (timeout's only child) is what /proc needs (the CPU a node spends per message)
  local jpid="" i
  for i in $(seq 1 50); do
    jpid=$(ps -o pid= --ppid "$tpid" 2>/dev/null | tr -d ' ' | head -n1)
    [[ -n "$jpid" ]] && break
    sleep 0.1
  done
  FW_PID[$name]="${jpid:-$tpid}"
  FW_TPID[$name]="$tpid"
}

fw_wait_started() { # NAME [LIMIT_S]
  local name="$1" limit="${2:-90}" i
  for i in $(seq 1 $((limit * 10))); do
    grep -q '^framewire: started' "$RUN_DIR/$name.out" && return 0
    if ! kill -0 "${FW_PID[$name]}" 2>/dev/null; then
      echo "bench: node $name exited before starting:" >&2; tail -n 20 "$RUN_DIR/$name.out" "$RUN_DIR/$name.err" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "bench: node $name not started within $limit s" >&2; tail -n 20 "$RUN_DIR/$name.err" >&2
  return 1
}

fw_listener_port() { # NAME LISTENER
  sed -nE "s/^listener $2 +tcp 127\.0\.0\.1:([0-9]+) .*/\1/p" "$RUN_DIR/$1.out" | head -n1
}

fw_wait_log() { # NAME REGEX FROM_LINE [LIMIT_S]
  local name="$1" re="$2" from="$3" limit="${4:-60}" i
  for i in $(seq 1 $((limit * 20))); do
    tail -n +"$((from + 1))" "$RUN_DIR/$name.err" | grep -qE "$re" && return 0
    sleep 0.05
  done
  echo "bench: no line /$re/ from $name within $limit s" >&2
  return 1
}

fw_kill() { # NAME [SIGNAL]
  local name="$1" sig="${2:-TERM}" pid="${FW_PID[$1]:-}" i
  [[ -z "$pid" ]] && return 0
  kill -s "$sig" "$pid" 2>/dev/null
  for i in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -s KILL "$pid" 2>/dev/null
  fi
  kill -s KILL "${FW_TPID[$name]}" 2>/dev/null
  unset "FW_PID[$name]" "FW_TPID[$name]"
  return 0
}

fw_kill_all() {
  local name
  for name in "${!FW_PID[@]}"; do
    fw_kill "$name" TERM
  done
}

# utime + stime of a process, in clock ticks
cpu_ticks() {
  awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{ if (NR%2) print a[(NR+1)/2]; else printf "%.4f\n", (a[NR/2]+a[NR/2+1])/2 }'; }
val() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1==k{print $2}'; }

fw_bench() { # ARGS... (bench options and URL): one line of key=value, empty if bench printed no summary
  timeout -k 5 "$FW_MAX_S" "$FW_JAVA" $FW_BENCH_JAVA_OPTS -jar "$JAR" bench --json "$@" | python3 -c '
import json, sys
text = sys.stdin.read().strip()
if text:
    print(" ".join("%s=%s" % kv for kv in json.loads(text).items()))'
}

fw_bench_cpu() { # PID WARMUP_S DURATION_S ARGS...: fw_bench, plus srv_cpu_pct and srv_cpu_us_per_msg of PID
  local pid="$1" w="$2" d="$3" out c0 c1 line
  shift 3
  out=$(mktemp)
  fw_bench --warmup "${w}s" --duration "${d}s" "$@" > "$out" &
  local bpid=$!
  # the bench JVM takes about a second to start and connect: sample the server over [W+1, W+1+D)
  sleep "$((w + 1))"; c0=$(cpu_ticks "$pid"); sleep "$d"; c1=$(cpu_ticks "$pid")
  wait "$bpid"
  line=$(cat "$out"); rm -f "$out"
  [[ -z "$line" ]] && return 0
  awk -v l="$line" -v a="$c0" -v b="$c1" -v t="$CLK_TCK" -v d="$d" -v m="$(val "$line" msgs_per_s)" \
    'BEGIN{ s=(b-a)/t; printf "%s srv_cpu_pct=%.1f", l, 100*s/d; if (m>0) printf " srv_cpu_us_per_msg=%.2f", 1e6*s/(m*d); print "" }'
}

FW_REFERENCE_PID=""   # timeout(1) wrapping the reference server
FW_REFERENCE_JVM=""   # the reference server's JVM (for its CPU)
fw_reference_start() { # PORT [KIND]: until fw_reference_stop, KIND netty (the default: raw Netty echo, lines on
  # PORT, length-prefixed on PORT+1, UDP on PORT) or vertx (plain Vert.x NetServer, lines on PORT)
  local port="$1" kind="${2:-netty}" log i
  log=$(mktemp)
  timeout -k 5 "$FW_MAX_S" "$FW_JAVA" $FW_JAVA_OPTS -jar "$JAR" bench --serve-reference "$port" --reference "$kind" \
    > "$log" 2>&1 &
  FW_REFERENCE_PID=$!
  for i in $(seq 1 100); do
    if grep -q '^reference echo' "$log"; then
      rm -f "$log"
      FW_REFERENCE_JVM=$(ps -o pid= --ppid "$FW_REFERENCE_PID" 2>/dev/null | tr -d ' ' | head -n1)
      return 0
    fi
    kill -0 "$FW_REFERENCE_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: the reference server did not start:" >&2; cat "$log" >&2; rm -f "$log"
  return 1
}

fw_reference_stop() {
  [[ -z "$FW_REFERENCE_PID" ]] && return 0
  kill -TERM "$FW_REFERENCE_PID" 2>/dev/null  # timeout(1) hands the signal on to the JVM
  wait "$FW_REFERENCE_PID" 2>/dev/null
  FW_REFERENCE_PID=""; FW_REFERENCE_JVM=""
  return 0
}
