#!/usr/bin/env bash
# Protocol fuzzer against the real server: starts java -jar server/target/quire-server.jar on a free port with a
# fresh data folder, runs io.quire.benchmarks.fault.ProtocolFuzzer against it, stops the server, prints the figures.
#
#   mvn -q -DskipTests install          # first; this script builds nothing
#   benchmarks/run-fuzz.sh              # 1,000,000 frames, 16 fuzz connections, 4 valid clients
#   benchmarks/run-fuzz.sh --frames 100000 --seed 7     # any further arguments go to the fuzzer
#
# Environment: SERVER_OPTS (JVM flags for the server, default "-Xmx1g"), FUZZ_OPTS (for the fuzzer, default
# "-Xmx1g"), OUT (folder for the logs and the JSON line, default a new temporary folder).
# Exit code: the fuzzer's (0 clean, 1 findings, 2 setup failed), or 1 if the server died.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
JAR="$ROOT/benchmarks/target/benchmarks.jar"
SERVER_JAR="$ROOT/server/target/quire-server.jar"
SERVER_OPTS=${SERVER_OPTS:-"-Xmx1g"}
FUZZ_OPTS=${FUZZ_OPTS:-"-Xmx1g"}
OUT=${OUT:-$(mktemp -d /tmp/quire-fuzz.XXXXXX)}
for f in "$JAR" "$SERVER_JAR"; do
  [ -f "$f" ] || { echo "missing $f: run 'mvn -q -DskipTests install' first" >&2; exit 2; }
done
mkdir -p "$OUT"
DATA_DIR=$(mktemp -d /tmp/quire-fuzz-data.XXXXXX)
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
# shellcheck disable=SC2086
java $SERVER_OPTS -jar "$SERVER_JAR" --host 127.0.0.1 --port "$PORT" --data "$DATA_DIR" >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
  curl -fsS -m 2 "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited at start; see $OUT/server.log" >&2; exit 2; }
  sleep 0.1
done
curl -fsS -m 2 "http://127.0.0.1:$PORT/health" >/dev/null || { echo "server not healthy in 30 s" >&2; exit 2; }

set +e
# shellcheck disable=SC2086
timeout 1200 java $FUZZ_OPTS -cp "$JAR" io.quire.benchmarks.fault.ProtocolFuzzer --url "ws://127.0.0.1:$PORT/ws" "$@" \
  | tee "$OUT/fuzz.txt"
RC=${PIPESTATUS[0]}
set -e
ALIVE=yes
kill -0 "$SERVER_PID" 2>/dev/null || ALIVE=no
HEALTH=$(curl -s -o /dev/null -w '%{http_code}' -m 5 "http://127.0.0.1:$PORT/health" || true)
echo "server process alive: $ALIVE, /health after the run: $HEALTH"
echo "server log: $OUT/server.log ($(grep -c -E 'ERROR|Exception' "$OUT/server.log" || true) lines with ERROR or Exception)"
grep '^{' "$OUT/fuzz.txt" > "$OUT/result.json" || true
[ "$ALIVE" = yes ] && [ "$HEALTH" = 200 ] || exit 1
exit "$RC"
