#!/usr/bin/env bash
# Crash test against the real server: SIGKILLs java -jar server/target/quire-server.jar RUNS times at random moments
# while many writers type, restarts it on the same data folder each time, and checks after every restart that every
# acknowledged op is in the document's log at its acked version and that every document's log replays to its
# snapshot (io.quire.benchmarks.fault.CrashRun). Prints one line per run and the figures at the end.
#
#   mvn -q -DskipTests install          # first; this script builds nothing
#   benchmarks/run-crash.sh             # the full run: 20 kills, 200 writers over 50 documents
#   RUNS=3 benchmarks/run-crash.sh      # the short run
#
# Environment: RUNS (20), WRITERS (200), DOCS (50), RATE (ops/s per writer, 20; "max": next op on each ack),
# KILL_MIN / KILL_MAX (seconds of typing before the kill, uniform, 1 / 6), SEED (1), SERVER_OPTS (JVM flags for the
# server, "-Xmx1g"), DRIVER_OPTS (for the driver, "-Xmx1g"), OUT (folder for the logs, a new temporary folder).
# Exit code: the driver's (0 nothing lost and every document replays, 1 something lost or failing, 2 setup failed).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=lib/quire-server.sh
. "$ROOT/benchmarks/lib/quire-server.sh"
RUNS=${RUNS:-20}
WRITERS=${WRITERS:-200}
DOCS=${DOCS:-50}
RATE=${RATE:-20}
KILL_MIN=${KILL_MIN:-1}
KILL_MAX=${KILL_MAX:-6}
SEED=${SEED:-1}
SERVER_OPTS=${SERVER_OPTS:-"-Xmx1g"}
DRIVER_OPTS=${DRIVER_OPTS:-"-Xmx1g"}
OUT=${OUT:-$(mktemp -d /tmp/quire-crash.XXXXXX)}
require_jars
mkdir -p "$OUT"
DATA_DIR=$(mktemp -d /tmp/quire-crash-data.XXXXXX)
PID_FILE="$OUT/server.pid"
DRIVER_PID=""

# The driver kills its server on a normal exit; this covers the driver itself being killed.
cleanup() {
  stop_pid "$DRIVER_PID" 50
  if [ -f "$PID_FILE" ]; then
    local pid
    pid=$(cat "$PID_FILE")
    # Only if that pid is still a Quire server (the number may have been reused since).
    if [ -n "$pid" ] && grep -q quire-server.jar "/proc/$pid/cmdline" 2>/dev/null; then
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "crash results in $OUT ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)); server log: $OUT/server.log"
# Bounded: each run is at most KILL_MAX s of typing plus the driver's own bounded waits (writers down 20 s, server
# ready 120 s, read-back 300 s, writers typing again 60 s).
LIMIT=$(( RUNS * (KILL_MAX + 520) + 300 ))
set +e
# shellcheck disable=SC2086
timeout "$LIMIT" java $DRIVER_OPTS -cp "$JAR" io.quire.benchmarks.fault.CrashRun \
  --server-jar "$SERVER_JAR" --server-opts "$SERVER_OPTS" --data "$DATA_DIR" --runs "$RUNS" --writers "$WRITERS" \
  --docs "$DOCS" --rate "$RATE" --kill-min "$KILL_MIN" --kill-max "$KILL_MAX" --seed "$SEED" \
  --pid-file "$PID_FILE" --server-log "$OUT/server.log" > >(tee "$OUT/crash.txt") 2>&1 &
DRIVER_PID=$!
wait "$DRIVER_PID"
RC=$?
set -e
DRIVER_PID=""
grep '^{"crash"' "$OUT/crash.txt" > "$OUT/result.json" 2>/dev/null || true
exit "$RC"
