#!/usr/bin/env bash
# End-to-end load: Quire against a stock ShareDB 7 server, one server at a time (they would compete for the cores).
#
#   mvn -q -DskipTests package          # first; this script builds nothing
#   benchmarks/run-load.sh              # both servers, all scenarios (about 18 minutes)
#   benchmarks/run-load.sh quire        # or only one server: quire | sharedb
#
# Scenarios (from the server issue):
#   1. many small rooms: 1,000 documents x 4 writers (4,000 connections) typing as fast as acks allow; also
#      250 documents x 4 (1,000 connections). Figure: acknowledged ops/s (on Quire each ack is a durable commit).
#   2. one chapter, N authors each typing 2 keystrokes/s (every op goes to every other author). Figure: p95
#      op-to-peer latency at each N, and the N at which it passes 100 ms (or clients get disconnected), refined by
#      bisection between the sweep's points.
#
# Environment (all optional):
#   MEASURE=20 WARMUP=5        seconds measured / warm-up per run
#   AUTHORS="100 200 400 800"  scenario-2 sweep;  REFINE=3  bisection steps after it (0 = none)
#   SCENARIO1="4000:1000 1000:250"   clients:docs pairs for scenario 1
#   QUIRE_PORT=18180 PEER_PORT=18190   LOADGEN_OPTS="-Xms1g -Xmx2g -XX:+UseParallelGC"   OUT=<results folder>
#   SERVER_OPTS="-Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:+UseParallelGC -XX:+UseTransparentHugePages"   the README's flags for a busy server: a heap
#       of fixed size, touched at start, so the kernel is not zeroing fresh pages while ops arrive (measured: ~29,000
#       page faults/s and ~12% of the server's CPU with the JVM's defaults); SERVER_OPTS=" " runs the bare defaults
#   QUIET_WAIT=180             seconds to wait before each run for the machine to be quiet
#   UNLOAD_WAIT=150            seconds to wait before each Quire scenario-1 run for the earlier runs' documents to be
#                              unloaded (60 s idle, found by a sweep every 30 s)
#
# Results: $OUT/results.jsonl (the generator's JSON line of each run, with the CPU the server, the generator and the
# whole machine used in the measured window), the server and generator logs beside it, and a table on stdout.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
JAR="$ROOT/benchmarks/target/benchmarks.jar"
SERVER_JAR="$ROOT/server/target/quire-server.jar"
PEER_DIR="$ROOT/benchmarks/sharedb-peer"
MEASURE=${MEASURE:-20}
WARMUP=${WARMUP:-5}
AUTHORS=${AUTHORS:-"100 200 400 800"}
REFINE=${REFINE:-3}
SCENARIO1=${SCENARIO1:-"4000:1000 1000:250"}
QUIRE_PORT=${QUIRE_PORT:-18180}
PEER_PORT=${PEER_PORT:-18190}
LOADGEN_OPTS=${LOADGEN_OPTS:-"-Xms1g -Xmx2g -XX:+UseParallelGC"}
SERVER_OPTS=${SERVER_OPTS:-"-Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:+UseParallelGC -XX:+UseTransparentHugePages"}
QUIET_WAIT=${QUIET_WAIT:-180}
UNLOAD_WAIT=${UNLOAD_WAIT:-150}
SERVERS=${1:-both}
case "$SERVERS" in
  both|quire|sharedb) ;;
  *) echo "usage: benchmarks/run-load.sh [both|quire|sharedb]" >&2; exit 2 ;;
esac
OUT=${OUT:-$(mktemp -d /tmp/quire-load.XXXXXX)}
RESULTS="$OUT/results.jsonl"
CLK_TCK=$(getconf CLK_TCK)

for f in "$JAR" "$SERVER_JAR"; do
  [ -f "$f" ] || { echo "missing $f: run 'mvn -q -DskipTests package' first" >&2; exit 2; }
done
command -v jq >/dev/null || { echo "jq is needed for the table" >&2; exit 2; }
mkdir -p "$OUT"
: > "$RESULTS"

SERVER_PID=""
DATA_DIR=""

cleanup() {
  stop_server
  [ -n "$DATA_DIR" ] && rm -rf "$DATA_DIR"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# CPU ticks (user + system) of one process, from /proc/PID/stat (fields 14 and 15, after the "(comm)").
proc_ticks() {
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# Cores the machine is busy with, over one second (everything but idle and iowait in /proc/stat).
machine_busy() {
  local a b
  a=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat); sleep 1
  b=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat)
  awk -v a="$a" -v b="$b" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / hz }'
}

wait_health() { # url seconds
  local deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$1"; do
    [ $SECONDS -lt $deadline ] || return 1
    kill -0 "$SERVER_PID" 2>/dev/null || return 1
    sleep 0.2
  done
}

start_server() { # quire | sharedb
  case "$1" in
    quire)
      DATA_DIR=$(mktemp -d /tmp/quire-load-data.XXXXXX)
      # shellcheck disable=SC2086
      java $SERVER_OPTS -jar "$SERVER_JAR" --port "$QUIRE_PORT" --data "$DATA_DIR" > "$OUT/quire-server.log" 2>&1 &
      SERVER_PID=$!
      URL="ws://127.0.0.1:$QUIRE_PORT/ws"
      wait_health "http://127.0.0.1:$QUIRE_PORT/health" 60 || { echo "Quire did not start; see $OUT/quire-server.log" >&2; exit 1; }
      ;;
    sharedb)
      if [ ! -d "$PEER_DIR/node_modules" ]; then
        (cd "$PEER_DIR" && npm ci --no-audit --no-fund)
      fi
      node "$PEER_DIR/server.js" "$PEER_PORT" > "$OUT/sharedb-server.log" 2>&1 &
      SERVER_PID=$!
      URL="ws://127.0.0.1:$PEER_PORT/ws"
      wait_health "http://127.0.0.1:$PEER_PORT/health" 30 || { echo "ShareDB did not start; see $OUT/sharedb-server.log" >&2; exit 1; }
      ;;
  esac
  echo "== $1 started (pid $SERVER_PID, $URL)" >&2
}

stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$SERVER_PID" 2>/dev/null && kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}

# Before each run, wait (at most QUIET_WAIT seconds) until the machine is quiet: the server has worked off the last
# run's backlog and nothing else (other builds, tests) uses more than 0.15 cores. The cores each measured window
# really had are in the results anyway (machineCores against serverCores + loadgenCores).
wait_quiet() {
  local a b sa sb busy
  for _ in $(seq 1 "$QUIET_WAIT"); do
    a=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat); sa=$(proc_ticks "$SERVER_PID")
    sleep 1
    b=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat); sb=$(proc_ticks "$SERVER_PID")
    busy=$(( (b - a) ))
    [ $((sb - sa)) -le $((CLK_TCK / 20)) ] && [ "$busy" -le $((CLK_TCK * 15 / 100)) ] && return 0
  done
  echo "   (the machine did not go quiet within $QUIET_WAIT s: $busy ticks/s busy; measuring anyway)" >&2
}

# On Quire, wait (at most UNLOAD_WAIT seconds) until the earlier runs' documents are unloaded: each run writes new
# documents, and the earlier runs', idle, are snapshotted and dropped 60 to 90 s after their last op, which would
# otherwise fall inside a later run's measured window, with their memory still held, and be counted against it.
wait_unloaded() {
  [ "$URL" = "ws://127.0.0.1:$QUIRE_PORT/ws" ] || return 0
  local open
  for _ in $(seq 1 "$UNLOAD_WAIT"); do
    open=$(curl -sf "http://127.0.0.1:$QUIRE_PORT/metrics" | awk '/^quire_documents_open /{ print int($2) }')
    [ "${open:-0}" -eq 0 ] && return 0
    sleep 1
  done
  echo "   ($open documents still open after $UNLOAD_WAIT s; measuring anyway)" >&2
}

# run LABEL SCENARIO CLIENTS DOCS RATE [record]: one generator run; appends its JSON line to the results.
run() {
  local label=$1 scenario=$2 clients=$3 docs=$4 rate=$5 record=${6:-yes}
  local log="$OUT/$label-s$scenario-$clients-$docs-$rate.log"
  local collection="s$scenario-$clients-$docs-$(date +%s%N)"
  local rc=0
  [ "$scenario" = 1 ] && wait_unloaded
  wait_quiet
  echo "-- $label scenario $scenario: $clients clients, $docs docs, rate $rate  (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  # shellcheck disable=SC2086
  java $LOADGEN_OPTS -cp "$JAR" io.quire.benchmarks.load.LoadGenerator --url "$URL" --clients "$clients" \
      --docs "$docs" --rate "$rate" --seconds "$MEASURE" --warmup "$WARMUP" --collection "$collection" \
      --label "$label" --server-pid "$SERVER_PID" > "$log" 2>&1 || rc=$?
  grep -v '^{"loadgen"' "$log" | grep -v '^\['"$label"'\] t=' | sed 's/^/   /' >&2 || true
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "   THE SERVER DIED during this run; see its log in $OUT" >&2
  fi
  [ "$record" = yes ] || return 0
  local line
  line=$(grep '^{"loadgen"' "$log" | tail -1 || true)
  if [ -z "$line" ]; then
    line=$(jq -cn --arg l "$label" --argjson c "$clients" --argjson d "$docs" --arg r "$rate" \
      '{loadgen:"quire-load/1", label:$l, clients:$c, docs:$d, rate:$r, failed:true}')
  fi
  echo "$line" | jq -c --arg s "$scenario" --argjson rc "$rc" '. + {scenario:$s, exitCode:$rc}' >> "$RESULTS"
}

# "ok" or why the last scenario-2 run of LABEL with N authors is past the limit: p95 op-to-peer over 100 ms, clients
# disconnected by the server, or no samples at all.
verdict() {
  jq -r --arg l "$1" --argjson n "$2" 'select(.label == $l and .scenario == "2" and .clients == $n)
    | if (.failed // false) or .opToPeerMs.count == 0 then "no-samples"
      elif .disconnects > 0 then "disconnects"
      elif .opToPeerMs.p95 > 100 then "p95>100ms"
      else "ok" end' "$RESULTS" | tail -1
}

scenarios() { # label
  local label=$1
  # An unrecorded run first, so that the JIT of a fresh server is not measured.
  run "$label" 0 1000 250 max no
  for pair in $SCENARIO1; do
    run "$label" 1 "${pair%%:*}" "${pair##*:}" max
  done
  local last_ok="" first_bad="" v
  for n in $AUTHORS; do
    run "$label" 2 "$n" 1 2
    v=$(verdict "$label" "$n")
    if [ "$v" != ok ]; then
      [ -z "$first_bad" ] && first_bad=$n
    elif [ -z "$first_bad" ]; then
      last_ok=$n
    fi
  done
  # Bisect between the last author count under 100 ms and the first over it.
  if [ -n "$last_ok" ] && [ -n "$first_bad" ]; then
    for _ in $(seq 1 "$REFINE"); do
      local mid=$(((last_ok + first_bad) / 2))
      [ "$mid" -le "$last_ok" ] && break
      run "$label" 2 "$mid" 1 2
      if [ "$(verdict "$label" "$mid")" != ok ]; then first_bad=$mid; else last_ok=$mid; fi
    done
  fi
  echo "$label ${last_ok:-none} ${first_bad:-none} $( [ -n "$first_bad" ] && verdict "$label" "$first_bad" || echo -)" >> "$OUT/crossing.txt"
}

: > "$OUT/crossing.txt"
echo "load results in $OUT ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ))" >&2
BUSY=$(machine_busy)
if awk -v b="$BUSY" 'BEGIN { exit !(b > 0.2) }'; then
  echo "WARNING: before any server started, this machine was already busy with $BUSY cores of $(nproc):" >&2
  ps -eo pid,pcpu,etime,args --sort=-pcpu | head -4 | cut -c1-120 >&2
  echo "the figures will be lower than on an idle machine (each run's JSON has machineCores)" >&2
fi
for server in quire sharedb; do
  if [ "$SERVERS" = both ] || [ "$SERVERS" = "$server" ]; then
    start_server "$server"
    scenarios "$server"
    stop_server
    [ -n "$DATA_DIR" ] && rm -rf "$DATA_DIR" && DATA_DIR=""
  fi
done

# ---- the table
echo
echo "Load results, $(date -u +%Y-%m-%d), $(nproc) cores (server and generator on the same machine), $MEASURE s measured after $WARMUP s warm-up"
echo "(machine busy with $BUSY cores before the servers started; cores column: CPU used in each measured window)"
echo
echo "| scenario | server | clients × docs | rate/client | acked ops/s | deliveries/s | op-to-ack p50 / p95 / p99 / max ms | op-to-peer p50 / p95 / p99 / max ms | errors | disconnects | cores: server / generator / machine |"
echo "|---|---|---|---|---:|---:|---|---|---|---:|---|"
jq -s -r 'def f: if . == null then "-" elif . >= 100 then (. | round | tostring) elif . >= 10 then ((. * 10 | round) / 10 | tostring) else ((. * 100 | round) / 100 | tostring) end;
       def lat(x): if x == null or x.count == 0 then "no samples" else "\(x.p50 | f) / \(x.p95 | f) / \(x.p99 | f) / \(x.max | f)" end;
       def errs: if (.errors // {}) == {} then "0" else (.errors | to_entries | map("\(.key) \(.value)") | join(", ")) end;
       sort_by([.scenario, (if .scenario == "1" then -.clients else .clients end), .label]) | .[] |
       if .failed then "| \(.scenario) | \(.label) | \(.clients) × \(.docs) | \(.rate) | FAILED (exit \(.exitCode)) | | | | | | |"
       else "| \(.scenario) | \(.label) | \(.clients) × \(.docs) | \(.rate) | \(.ackedOpsPerSec | round) | \(.deliveriesPerSec | round) | \(lat(.opToAckMs)) | \(lat(.opToPeerMs)) | \(errs) | \(.disconnects) | \(.serverCores | f) / \(.loadgenCores | f) / \(.machineCores | f) |" end' "$RESULTS"
echo
echo "Scenario 2 (one chapter, 2 keystrokes/s per author): the largest author count with p95 op-to-peer <= 100 ms and"
echo "no disconnects, and the smallest past it (with why: p95>100ms, disconnects or no-samples):"
while read -r label ok bad why; do
  echo "  $label: fine up to $ok authors; past the limit at $bad authors ($why)"
done < "$OUT/crossing.txt"
echo
echo "(one JSON line per run in $RESULTS; generator logs beside it)"
