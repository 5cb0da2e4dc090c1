#!/usr/bin/env bash
# Soak test against the real server: starts java -jar server/target/quire-server.jar on a fresh data folder, holds
# CONNECTIONS WebSocket connections open for MINUTES with light editing (io.quire.benchmarks.load.SoakRun, the load
# generator's clients), and prints a row every SAMPLE seconds (acks/s, op-to-ack p50/p99 of the window, errors,
# disconnects, server heap, heap live after GC, RSS, sessions, CPU) and a summary (memory at start/mid/end and its
# slope per minute, ops/s, latency, errors, disconnects).
#
#   mvn -q -DskipTests install                           # first; this script builds nothing
#   benchmarks/run-soak.sh                               # the full run: 10,000 connections, 10 minutes
#   CONNECTIONS=1000 MINUTES=1 benchmarks/run-soak.sh    # the short run
#
# Environment: CONNECTIONS (10000), DOCS (CONNECTIONS/4: 4 authors per document), RATE (keystrokes per second per
# connection, 0.1: one op every ~10 s, so 1,000 ops/s at 10,000 connections), MINUTES (10), SAMPLE (10), WARMUP
# (seconds of typing before the first row, not recorded: the server's JIT; 10),
# SERVER_OPTS (JVM flags for the server, "-Xmx1g"; the server runs otherwise as the README's run command starts it),
# LOADGEN_OPTS ("-Xmx2g -XX:+UseParallelGC"), EVENT_LOOPS (client event loops, 2), OUT (logs; a temporary folder).
# Exit code: SoakRun's (0 clean, 3 disconnects or errors, 1 setup failed, 2 bad use), or 1 if the server died.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=lib/quire-server.sh
. "$ROOT/benchmarks/lib/quire-server.sh"
CONNECTIONS=${CONNECTIONS:-10000}
DOCS=${DOCS:-$(( (CONNECTIONS + 3) / 4 ))}
RATE=${RATE:-0.1}
MINUTES=${MINUTES:-10}
SAMPLE=${SAMPLE:-10}
WARMUP=${WARMUP:-10}
EVENT_LOOPS=${EVENT_LOOPS:-2}
SERVER_OPTS=${SERVER_OPTS:-"-Xmx1g"}
LOADGEN_OPTS=${LOADGEN_OPTS:-"-Xmx2g -XX:+UseParallelGC"}
OUT=${OUT:-$(mktemp -d /tmp/quire-soak.XXXXXX)}
require_jars

# Each side holds one socket per connection (plus jars, RocksDB files, epoll): raise the soft limit up to the hard one.
NEED=$((CONNECTIONS + 2000))
HARD=$(ulimit -Hn)
if [ "$HARD" != unlimited ] && [ "$HARD" -lt "$NEED" ]; then
  echo "the hard limit on open files is $HARD, $NEED are needed for $CONNECTIONS connections (raise it: ulimit -Hn)" >&2
  exit 2
fi
ulimit -n "$([ "$HARD" = unlimited ] && echo "$NEED" || echo "$HARD")"
# Every client connection takes one ephemeral port of 127.0.0.1.
read -r LOW HIGH < /proc/sys/net/ipv4/ip_local_port_range
if [ $((HIGH - LOW + 1)) -lt "$CONNECTIONS" ]; then
  echo "only $((HIGH - LOW + 1)) ephemeral ports ($LOW-$HIGH) for $CONNECTIONS connections" >&2
  exit 2
fi

mkdir -p "$OUT"
DATA_DIR=$(mktemp -d /tmp/quire-soak-data.XXXXXX)
SERVER_PID=""
DRIVER_PID=""

cleanup() {
  stop_pid "$DRIVER_PID"
  stop_pid "$SERVER_PID"
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$(free_port)
# shellcheck disable=SC2086
start_server "$PORT" "$DATA_DIR" "$OUT/server.log" $SERVER_OPTS || exit 1

echo "soak results in $OUT ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), open files limit $(ulimit -n), ports $LOW-$HIGH);" \
  "server pid $SERVER_PID: java $SERVER_OPTS -jar quire-server.jar"
# Bounded: the soak itself, plus setup (connect timeout 300 s), drain and slack.
LIMIT=$(awk -v m="$MINUTES" 'BEGIN { printf "%d", m * 60 + 600 }')
set +e
# shellcheck disable=SC2086
timeout "$LIMIT" java $LOADGEN_OPTS -cp "$JAR" io.quire.benchmarks.load.SoakRun --url "ws://127.0.0.1:$PORT/ws" \
  --clients "$CONNECTIONS" --docs "$DOCS" --rate "$RATE" --minutes "$MINUTES" --sample "$SAMPLE" --warmup "$WARMUP" \
  --event-loops "$EVENT_LOOPS" --connect-timeout 300 --server-pid "$SERVER_PID" --collection "soak-$(date +%s)" \
  > >(tee "$OUT/soak.txt") 2> "$OUT/soak.err" &
DRIVER_PID=$!
wait "$DRIVER_PID"
RC=$?
set -e
DRIVER_PID=""
grep -v '^\[load\] [0-9]* connections opened' "$OUT/soak.err" >&2 || true
grep '^{"soak"' "$OUT/soak.txt" > "$OUT/result.json" 2>/dev/null || true
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  echo "THE SERVER DIED during the soak; see $OUT/server.log" >&2
  exit 1
fi
echo "server log: $OUT/server.log ($(grep -c -E 'ERROR|Exception' "$OUT/server.log" || true) lines with ERROR or Exception)"
exit "$RC"
