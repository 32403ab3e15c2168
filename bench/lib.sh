# Shared by the bench scripts (sourced, not run): start Framewire nodes from a jar on loopback, wait
# for their start line, read their listener port, and kill every one of them on exit.
#   fw_start NAME CONF [VAR=value ...]   starts java -jar "$JAR" --conf CONF; sets FW_PID[NAME]
#   fw_wait_started NAME [LIMIT_S]       until "framewire: started" (fails if the node died first)
#   fw_listener_port NAME LISTENER       the port a listener was bound to (the config says port 0)
#   fw_wait_log NAME REGEX FROM [LIMIT_S] until a line of NAME's stderr from line FROM matches
#   fw_kill NAME [SIGNAL]                signal one node (default TERM) and wait at most 15 s
#   free_port                            a free loopback TCP port
# Node output goes to $RUN_DIR/NAME.out and NAME.err. Requires JAR and RUN_DIR.
declare -A FW_PID=()    # NAME -> the JVM's PID
declare -A FW_TPID=()   # NAME -> the PID of the timeout(1) wrapping it
FW_JAVA="${FW_JAVA:-java}"
FW_JAVA_OPTS="${FW_JAVA_OPTS:-}"
FW_MAX_S="${FW_MAX_S:-900}"   # wall-clock bound of each node, should this script die without its trap

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
  # the JVM's own PID (timeout's only child) is what loadgen's --server-pid and /proc need
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
