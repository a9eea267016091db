#!/usr/bin/env bash
# The first SUB to a topic holding millions of messages and no channel yet, jnsq against the Go nsqd:
# how long until SUB's OK, and how long a publisher on another connection waits meanwhile.
#
# Each run starts a fresh broker in memory mode (--mem-queue-size=100000000, a fresh temporary
# --data-path), fills topic TOPIC (no channel) with nsq's bench_writer for FILL (200-byte bodies, MPUB
# batches of 200, bench_writer's connection count: GOMAXPROCS, by default the number of CPUs), reads
# the topic's depth from /stats?format=json, then runs FirstSubProbe: one connection publishes one PUB
# per round trip throughout; after BEFORE a second connection sends IDENTIFY (heartbeat_interval
# HEARTBEAT, feature negotiation) and SUB TOPIC ch, times the OK, and sends no RDY; publishing is
# measured for WINDOW after the SUB was sent (any PUB answered after the SUB was sent and sent before
# the window ended counts, with its whole round trip). Servers alternate run by run.
#
#   BENCH_WRITER=/path/to/bench_writer GO_NSQD=/path/to/nsqd benchmarks/scripts/first-sub.sh
#   env: RUNS (3), FILL (5s), FILL_BATCH (200), SIZE (200), FILL_CONNECTIONS (unset: bench_writer's
#        default, GOMAXPROCS = CPUs), MEM_QUEUE_SIZE (100000000), TOPIC (sub_bench), BEFORE (1s),
#        WINDOW (2s), HEARTBEAT (30s, go-nsq's default), SERVERS ("jnsq go"), OUT (/tmp/jnsq-first-sub),
#        BENCH_JAR (benchmarks/target/benchmarks.jar), and side-by-side.sh's JNSQ_PORT (14150),
#        GO_PORT (24150), NSQD_JAR, NSQD_JAVA_OPTS, DATA_ROOT
# Prints a table of every run and the medians; per run $OUT/first-sub-<server>-<run>.{log,txt}.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=stop-process.sh
. benchmarks/scripts/stop-process.sh
# shellcheck source=side-by-side.sh
. benchmarks/scripts/side-by-side.sh

RUNS=${RUNS:-3}
FILL=${FILL:-5s}
FILL_BATCH=${FILL_BATCH:-200}
SIZE=${SIZE:-200}
MEM_QUEUE_SIZE=${MEM_QUEUE_SIZE:-100000000}
TOPIC=${TOPIC:-sub_bench}
BEFORE=${BEFORE:-1s}
WINDOW=${WINDOW:-2s}
HEARTBEAT=${HEARTBEAT:-30s}
SERVERS=${SERVERS:-jnsq go}
OUT=${OUT:-/tmp/jnsq-first-sub}
BENCH_JAR=${BENCH_JAR:-benchmarks/target/benchmarks.jar}
[ -x "${BENCH_WRITER:-}" ] || { echo "set BENCH_WRITER to nsq's bench_writer binary (built from nsqio/nsq bench/bench_writer)" >&2; exit 2; }
[ -f "$BENCH_JAR" ] || { echo "no $BENCH_JAR: build it first (mvn -B -q package -DskipTests)" >&2; exit 2; }
mkdir -p "$OUT"
trap stop_server EXIT

topic_stats() {
  curl -sSf "http://$server_http/stats?format=json&topic=$TOPIC" \
    | jq -c --arg t "$TOPIC" '[.topics[] | select(.topic_name == $t) | {depth, message_count, channels: [.channels[] | {channel: .channel_name, depth}]}][0]'
}

one_run() {
  local server=$1 name=$2
  start_server "$server" "$name" --mem-queue-size="$MEM_QUEUE_SIZE"
  echo "fill: bench_writer -topic=$TOPIC -size=$SIZE -batch-size=$FILL_BATCH -runfor=$FILL${FILL_CONNECTIONS:+ (GOMAXPROCS=$FILL_CONNECTIONS)} against $server ($server_tcp)"
  # bench_writer has no deadline of its own: a broker that stops answering would hang it
  env ${FILL_CONNECTIONS:+GOMAXPROCS=$FILL_CONNECTIONS} timeout --kill-after=5 $(( $(seconds "$FILL") + 120 )) \
    "$BENCH_WRITER" -nsqd-tcp-address="$server_tcp" -topic="$TOPIC" -size="$SIZE" -batch-size="$FILL_BATCH" -runfor="$FILL" 2>&1
  local stats
  stats=$(topic_stats)
  echo "before: $stats"
  echo "depth $(jq -r .depth <<< "$stats")"
  java -cp "$BENCH_JAR" io.jnsq.benchmarks.load.FirstSubProbe --address="$server_tcp" --topic="$TOPIC" --channel=ch \
    --size="$SIZE" --before="$BEFORE" --window="$WINDOW" --heartbeat-interval="$HEARTBEAT"
  echo "after: $(topic_stats)"
  stop_server
}

# value KEY FILE: from the probe's "result k=v ..." line (or the script's "depth N" line)
value() {
  if [ "$1" = depth ]; then
    sed -n 's/^depth \([0-9]*\)$/\1/p' "$2"
  else
    sed -n "s/^result .*\\b$1=\\([0-9.]*\\).*/\\1/p" "$2"
  fi
}

for run in $(seq 1 "$RUNS"); do
  for server in $SERVERS; do
    name=first-sub-$server-$run
    echo "== first SUB, $server run $run (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
    # in this shell, not a pipeline's subshell, so the EXIT trap knows the server to stop; errors go to
    # stderr and end the script
    one_run "$server" "$name" > "$OUT/$name.txt"
    cat "$OUT/$name.txt"
  done
done

echo
echo "first SUB on a filled topic (memory mode, --mem-queue-size=$MEM_QUEUE_SIZE; fill $FILL of MPUB $FILL_BATCH x ${SIZE} B), window $WINDOW after SUB"
echo
echo "| server | run | topic depth | SUB → OK (ms) | max PUB round trip in window (ms) | PUBs in window | PUB p50 / max before SUB (ms) |"
echo "|---|---|---:|---:|---:|---:|---:|"
declare -A depths subs pubs
for server in $SERVERS; do
  depths[$server]=""; subs[$server]=""; pubs[$server]=""
  for run in $(seq 1 "$RUNS"); do
    f=$OUT/first-sub-$server-$run.txt
    d=$(value depth "$f"); s=$(value sub_ok_ms "$f"); p=$(value pub_window_max_ms "$f")
    printf '| %s | %s | %s | %.1f | %.1f | %s | %.3f / %.1f |\n' "$server" "$run" "$d" "$s" "$p" \
      "$(value pub_window_count "$f")" "$(value pub_before_p50_ms "$f")" "$(value pub_before_max_ms "$f")"
    depths[$server]+=" $d"; subs[$server]+=" $s"; pubs[$server]+=" $p"
  done
done
for server in $SERVERS; do
  # shellcheck disable=SC2086
  printf '| %s | median | %.0f | **%.1f** | **%.1f** | | |\n' "$server" "$(median ${depths[$server]})" \
    "$(median ${subs[$server]})" "$(median ${pubs[$server]})"
done
if [[ " $SERVERS " == *" jnsq "* && " $SERVERS " == *" go "* ]]; then
  # shellcheck disable=SC2086
  printf '| jnsq / Go | medians | | %.2f | %.2f | | |\n' \
    "$(awk -v j="$(median ${subs[jnsq]})" -v g="$(median ${subs[go]})" 'BEGIN { print j / g }')" \
    "$(awk -v j="$(median ${pubs[jnsq]})" -v g="$(median ${pubs[go]})" 'BEGIN { print j / g }')"
fi
