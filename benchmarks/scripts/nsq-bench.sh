#!/usr/bin/env bash
# Throughput as NSQ users measure it: nsq's own bench_writer, then bench_reader draining the channel it
# filled (what nsq's bench.py runs), jnsq against the Go nsqd side by side. Each run starts a fresh
# broker on a fresh temporary --data-path, alternating jnsq, Go, jnsq, Go...; jnsq runs as the README
# starts it. Before publishing, the topic `sub_bench` and its channel `ch` (and, for fanout, ch2..ch4)
# are created, so every message is delivered to them. bench_writer sends MPUB batches of BATCH SIZE-byte
# bodies for DURATION on GOMAXPROCS connections (the machine's cores, as users run it); bench_reader then
# reads `ch` for DURATION with its default RDY 2500 on as many connections, FIN'ing each message.
#
#   BENCH_WRITER=... BENCH_READER=... GO_NSQD=... benchmarks/scripts/nsq-bench.sh [case ...]
#   cases: cold     a freshly started broker, --mem-queue-size=$MEM_QUEUE (default 100000000)
#          warm     first bench_writer then bench_reader for WARMUP (10s) each on topic `warmup`
#                   (channel `ch` created first), then that topic deleted, then the measured runs
#          fanout   as cold, with 4 channels on the topic (bench_reader drains `ch`)
#          spill    as cold, with nsqd's default --mem-queue-size (10000): the rest goes to disk
#          fanout-warm, spill-warm   those two after the warm-up
#          (default: cold warm)
#   env: RUNS (3), DURATION (10s), SIZE (200), BATCH (200), MEM_QUEUE (100000000), WARMUP (10s),
#        SERVERS ("jnsq go"; "jnsq" alone needs no GO_NSQD; add jnsq-NAME variants with JAR_NAME and
#        OPTS_NAME to measure a lever before and after in the same run, see side-by-side.sh),
#        OUT (/tmp/jnsq-nsq-bench),
#        and side-by-side.sh's JNSQ_PORT (14150), GO_PORT (24150), NSQD_JAR, NSQD_JAVA_OPTS, DATA_ROOT
# Prints bench_writer's and bench_reader's ops/s per run, the medians and each jnsq / Go. Logs and tool
# output per run: $OUT/<case>-<server>-<run>.{log,txt}.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=stop-process.sh
. benchmarks/scripts/stop-process.sh
# shellcheck source=side-by-side.sh
. benchmarks/scripts/side-by-side.sh

RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
SIZE=${SIZE:-200}
BATCH=${BATCH:-200}
MEM_QUEUE=${MEM_QUEUE:-100000000}
WARMUP=${WARMUP:-10s}
SERVERS=${SERVERS:-jnsq go}
OUT=${OUT:-/tmp/jnsq-nsq-bench}
TOPIC=sub_bench
[ -x "${BENCH_WRITER:-}" ] || { echo "set BENCH_WRITER to nsq's bench_writer binary (nsqio/nsq bench/bench_writer)" >&2; exit 2; }
[ -x "${BENCH_READER:-}" ] || { echo "set BENCH_READER to nsq's bench_reader binary (nsqio/nsq bench/bench_reader)" >&2; exit 2; }
mkdir -p "$OUT"
trap stop_server EXIT

# the tools have no deadline of their own: a broker that stops answering would hang them
tool_bound() {
  echo $(( $(seconds "$1") + 120 ))
}

writer() {
  local runfor=$1
  shift
  timeout --kill-after=5 "$(tool_bound "$runfor")" "$BENCH_WRITER" -nsqd-tcp-address="$server_tcp" \
    -size="$SIZE" -batch-size="$BATCH" -runfor="$runfor" "$@"
}

reader() {
  local runfor=$1
  shift
  timeout --kill-after=5 "$(tool_bound "$runfor")" "$BENCH_READER" -nsqd-tcp-address="$server_tcp" \
    -size="$SIZE" -runfor="$runfor" "$@"
}

create() {
  local topic=$1
  shift
  # nsqd creates a channel only on an existing topic
  curl -sSf -X POST "http://$server_http/topic/create?topic=$topic" > /dev/null
  for channel in "$@"; do
    curl -sSf -X POST "http://$server_http/channel/create?topic=$topic&channel=$channel" > /dev/null
  done
}

one_run() {
  local case=$1 server=$2 name=$3 channels=(ch) queue=(--mem-queue-size="$MEM_QUEUE") warm=false
  case "$case" in
    warm|*-warm) warm=true ;;
  esac
  case "${case%-warm}" in
    cold|warm) ;;
    fanout) channels=(ch ch2 ch3 ch4) ;;
    spill)  queue=() ;;
    *) echo "unknown case $case (cold, warm, fanout, spill, fanout-warm or spill-warm)" >&2; return 2 ;;
  esac
  start_server "$server" "$name" "${queue[@]}"
  if [ "$warm" = true ]; then
    create warmup ch
    writer "$WARMUP" -topic=warmup > /dev/null 2>&1
    reader "$WARMUP" -topic=warmup > /dev/null 2>&1
    curl -sSf -X POST "http://$server_http/topic/delete?topic=warmup" > /dev/null
  fi
  create "$TOPIC" "${channels[@]}"
  echo "publish: bench_writer -topic=$TOPIC -size=$SIZE -batch-size=$BATCH -runfor=$DURATION against $server ($server_tcp)"
  writer "$DURATION" -topic="$TOPIC" 2>&1
  echo "drain: bench_reader -topic=$TOPIC -channel=ch -runfor=$DURATION"
  reader "$DURATION" -topic="$TOPIC" -channel=ch 2>&1
  echo "stats: $(curl -sf "http://$server_http/stats?format=json&topic=$TOPIC" \
    | jq -c '[.topics[] | {depth, message_count, channels: [.channels[] | {channel: .channel_name, depth}]}]')"
  echo "rss_kb: $(ps -o rss= -p "$server_pid" | tr -d ' ')"
  # the backlog left is the benchmark's: a graceful shutdown would spend a minute writing it to disk
  kill -9 "$server_pid"
  stop_server
}

# the ops/s of the tool whose line follows the given heading
rate() {
  awk -v step="$2" '$1 == step":" { on = 1; next } on && / - [0-9.]+ops\/s/ {
    match($0, / - [0-9.]+ops\/s/); print substr($0, RSTART + 3, RLENGTH - 8); exit }' "$1"
}

cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(cold warm)
for case in "${cases[@]}"; do
  for run in $(seq 1 "$RUNS"); do
    for server in $SERVERS; do
      name=$case-$server-$run
      echo "== $case $server run $run (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
      # in this shell, not a pipeline's subshell, so the EXIT trap knows the server to stop
      one_run "$case" "$server" "$name" > "$OUT/$name.txt"
      echo "$server $case run $run: publish $(rate "$OUT/$name.txt" publish) msgs/s, drain $(rate "$OUT/$name.txt" drain) msgs/s"
    done
  done
done

echo
echo "bench_writer then bench_reader, ${SIZE}-byte bodies, MPUB batches of $BATCH, $DURATION each, $(nproc) cores"
echo
echo "| case | server | publish msgs/s per run | median | drain msgs/s per run | median |"
echo "|---|---|---|---:|---|---:|"
for case in "${cases[@]}"; do
  declare -A pub drain
  for server in $SERVERS; do
    pubs=() drains=()
    for run in $(seq 1 "$RUNS"); do
      pubs+=("$(rate "$OUT/$case-$server-$run.txt" publish)")
      drains+=("$(rate "$OUT/$case-$server-$run.txt" drain)")
    done
    pub[$server]=$(median "${pubs[@]}")
    drain[$server]=$(median "${drains[@]}")
    printf '| %s | %s | %s | %.0f | %s | %.0f |\n' "$case" "$server" "$(printf '%.0f / ' "${pubs[@]}" | sed 's| / $||')" \
      "${pub[$server]}" "$(printf '%.0f / ' "${drains[@]}" | sed 's| / $||')" "${drain[$server]}"
  done
  if [[ " $SERVERS " == *" go "* ]]; then
    for server in $SERVERS; do
      [ "$server" = go ] && continue
      printf '| %s | %s / Go | | **%.2f** | | **%.2f** |\n' "$case" "$server" \
        "$(awk -v j="${pub[$server]}" -v g="${pub[go]}" 'BEGIN { print j / g }')" \
        "$(awk -v j="${drain[$server]}" -v g="${drain[go]}" 'BEGIN { print j / g }')"
    done
  fi
  unset pub drain
done
