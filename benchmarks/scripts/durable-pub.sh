#!/usr/bin/env bash
# Durable publishing from many connections, one message per round trip each, jnsq against the Go nsqd.
# Both brokers run with --mem-queue-size=0 --sync-every=1 (every message written and fsynced before
# its OK) on a fresh temporary --data-path, one at a time, alternating jnsq, Go, jnsq, Go... The load
# is nsq's own bench_writer: one connection per GOMAXPROCS (so GOMAXPROCS=CONNECTIONS), each sending
# one MPUB of BATCH messages and waiting for its OK before the next; with BATCH=1 that is one message
# per round trip (bench_writer always sends MPUB, never PUB). No warm-up unless WARMUP is set.
#
#   BENCH_WRITER=/path/to/bench_writer GO_NSQD=/path/to/nsqd benchmarks/scripts/durable-pub.sh [case ...]
#   cases: no-channel  the topic has no channel (messages go to the topic's own disk queue): the headline
#          channel     topic and channel ch are created first (HTTP POST /topic/create, then
#                      /channel/create), so every message also goes through the channel's disk queue
#          (default: both)
#   env: RUNS (3), DURATION (10s), CONNECTIONS (64), BATCH (1), SIZE (200), TOPIC (bench),
#        SERVERS ("jnsq go"; "jnsq" alone needs no GO_NSQD), WARMUP (unset: none; e.g. 3s runs
#        bench_writer on topic "warmup" that long first), OUT (/tmp/jnsq-durable-pub),
#        and side-by-side.sh's JNSQ_PORT (14150), GO_PORT (24150), NSQD_JAR, NSQD_JAVA_OPTS, DATA_ROOT
# Prints msgs/s per run (bench_writer's ops/s), the medians and jnsq / Go. Logs and bench_writer's
# output per run: $OUT/<case>-<server>-<run>.{log,txt}.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=stop-process.sh
. benchmarks/scripts/stop-process.sh
# shellcheck source=side-by-side.sh
. benchmarks/scripts/side-by-side.sh

RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
BATCH=${BATCH:-1}
SIZE=${SIZE:-200}
TOPIC=${TOPIC:-bench}
SERVERS=${SERVERS:-jnsq go}
OUT=${OUT:-/tmp/jnsq-durable-pub}
[ -x "${BENCH_WRITER:-}" ] || { echo "set BENCH_WRITER to nsq's bench_writer binary (built from nsqio/nsq bench/bench_writer)" >&2; exit 2; }
mkdir -p "$OUT"
trap stop_server EXIT

# bench_writer has no deadline of its own: a broker that stops answering would hang it
writer_bound=$(( $(seconds "$DURATION") + 120 ))

writer() {
  GOMAXPROCS=$CONNECTIONS timeout --kill-after=5 "$writer_bound" "$BENCH_WRITER" -nsqd-tcp-address="$server_tcp" \
    -size="$SIZE" -batch-size="$BATCH" "$@"
}

one_run() {
  local case=$1 server=$2 name=$3
  start_server "$server" "$name" --mem-queue-size=0 --sync-every=1
  if [ -n "${WARMUP:-}" ]; then
    writer -topic=warmup -runfor="$WARMUP" > /dev/null 2>&1
  fi
  if [ "$case" = channel ]; then
    # nsqd creates a channel only on an existing topic
    curl -sSf -X POST "http://$server_http/topic/create?topic=$TOPIC" > /dev/null
    curl -sSf -X POST "http://$server_http/channel/create?topic=$TOPIC&channel=ch" > /dev/null
  elif [ "$case" != no-channel ]; then
    echo "unknown case $case (no-channel or channel)" >&2
    return 2
  fi
  echo "GOMAXPROCS=$CONNECTIONS bench_writer -topic=$TOPIC -size=$SIZE -batch-size=$BATCH -runfor=$DURATION against $server ($server_tcp)"
  writer -topic="$TOPIC" -runfor="$DURATION" 2>&1
  # what the broker holds afterwards: depth should match what bench_writer counted
  echo "stats: $(curl -sf "http://$server_http/stats?format=json&topic=$TOPIC" \
    | jq -c '[.topics[] | {topic: .topic_name, depth, message_count, channels: [.channels[] | {channel: .channel_name, depth}]}]')"
  stop_server
}

rate() {
  sed -n 's/.* - \([0-9.]*\)ops\/s - .*/\1/p' "$1" | tail -1
}

cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(no-channel channel)
for case in "${cases[@]}"; do
  for run in $(seq 1 "$RUNS"); do
    for server in $SERVERS; do
      name=$case-$server-$run
      echo "== $case $server run $run (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
      # in this shell, not a pipeline's subshell, so the EXIT trap knows the server to stop; errors
      # go to stderr and end the script
      one_run "$case" "$server" "$name" > "$OUT/$name.txt"
      cat "$OUT/$name.txt"
      echo "$server $case run $run: $(rate "$OUT/$name.txt") msgs/s"
    done
  done
done

echo
echo "durable publish (--mem-queue-size=0 --sync-every=1), $CONNECTIONS connections, batch $BATCH, ${SIZE}-byte bodies, $DURATION per run"
echo
declare -A medians
echo "| case | server | msgs/s per run | median |"
echo "|---|---|---|---:|"
for case in "${cases[@]}"; do
  for server in $SERVERS; do
    rates=()
    for run in $(seq 1 "$RUNS"); do
      rates+=("$(rate "$OUT/$case-$server-$run.txt")")
    done
    printf '| %s | %s | %s | %.0f |\n' "$case" "$server" "$(printf '%.0f / ' "${rates[@]}" | sed 's| / $||')" "$(median "${rates[@]}")"
    medians[$server]=$(median "${rates[@]}")
  done
  if [[ " $SERVERS " == *" jnsq "* && " $SERVERS " == *" go "* ]]; then
    printf '| %s | jnsq / Go | | **%.2f** |\n' "$case" "$(awk -v j="${medians[jnsq]}" -v g="${medians[go]}" 'BEGIN { print j / g }')"
  fi
done
