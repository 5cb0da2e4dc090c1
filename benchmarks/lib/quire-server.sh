# Shared by the benchmark scripts that run the real server (run-crash.sh, run-fuzz.sh, run-soak.sh); sourced, not run.
# Expects ROOT (the repository root) to be set.

JAR="$ROOT/benchmarks/target/benchmarks.jar"
SERVER_JAR="$ROOT/server/target/quire-server.jar"

# Both jars must have been built: the scripts build nothing, so a stale or missing jar is the user's to fix.
require_jars() {
  local f
  for f in "$JAR" "$SERVER_JAR"; do
    [ -f "$f" ] || { echo "missing $f: run 'mvn -q -DskipTests install' first" >&2; exit 2; }
  done
}

# A free TCP port on 127.0.0.1 (the kernel's choice; a race with other programs is possible but harmless here).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# stop_pid PID [TENTHS]: SIGTERM, wait up to TENTHS tenths of a second (100), then SIGKILL.
stop_pid() {
  local pid=$1 tenths=${2:-100}
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 "$tenths"); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
}

# start_server PORT DATA_DIR LOG [JVM flags...]: starts the server as the README does (plus the flags) on 127.0.0.1,
# sets SERVER_PID and waits (bounded, 60 s) for /ready; returns 1, saying why, if it dies or is not ready by then.
start_server() {
  local port=$1 data=$2 log=$3
  shift 3
  java "$@" -jar "$SERVER_JAR" --host 127.0.0.1 --port "$port" --data "$data" > "$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    curl -fsS -m 2 "http://127.0.0.1:$port/ready" > /dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited at start; see $log" >&2; return 1; }
    sleep 0.1
  done
  echo "server not ready in 60 s; see $log" >&2
  return 1
}
