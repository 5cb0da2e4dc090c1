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
# shellcheck source=lib/quire-server.sh
. "$ROOT/benchmarks/lib/quire-server.sh"
SERVER_OPTS=${SERVER_OPTS:-"-Xmx1g"}
FUZZ_OPTS=${FUZZ_OPTS:-"-Xmx1g"}
OUT=${OUT:-$(mktemp -d /tmp/quire-fuzz.XXXXXX)}
require_jars
mkdir -p "$OUT"
DATA_DIR=$(mktemp -d /tmp/quire-fuzz-data.XXXXXX)
SERVER_PID=""

cleanup() {
  stop_pid "$SERVER_PID"
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$(free_port)
# shellcheck disable=SC2086
start_server "$PORT" "$DATA_DIR" "$OUT/server.log" $SERVER_OPTS || exit 2

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
