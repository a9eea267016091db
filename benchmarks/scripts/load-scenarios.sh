#!/usr/bin/env bash
# nsq's bench workloads against jnsq, and optionally against the Go nsqd side by side in the same run:
# each run starts a fresh server with its own temporary --data-path, warms it up (5 s of
# publish+consume with the scenario's batch size on a separate topic, fully consumed, so the JIT has
# compiled the hot paths and no warm-up message stays queued), runs the measured workload with
# LoadTool, and stops the server. Servers alternate run by run, so both see the same machine.
# Loopback only; every step is bounded.
#
#   benchmarks/scripts/load-scenarios.sh [scenario ...]      (default: all of them)
#   scenarios: pub-mem drain-mem pubsub-mem pubsub-default pub-disk pub-rtt
#   env: RUNS (3), DURATION (10s), BACKLOG (4000000), PORT (4150), OUT (/tmp/jnsq-load),
#        NSQD_JAR (nsqd/target/nsqd.jar), BENCH_JAR (benchmarks/target/benchmarks.jar),
#        NSQD_JAVA_OPTS (-XX:+UseTransparentHugePages -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=80
#        -XX:MaxRAMPercentage=75, as
#        the README's start command),
#        SERVERS ("jnsq"; "jnsq go" to compare), GO_NSQD (the Go nsqd binary, needed for "go"),
#        PROFILE (set to 1: record jnsq's measured part with JFR's profile settings into
#        $OUT/<scenario>-jnsq-<run>.jfr; summarize with benchmarks/scripts/jfr-top.py)
# A summary table of every run (msgs/s each way, latency p99) is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=stop-process.sh
. benchmarks/scripts/stop-process.sh

RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
BACKLOG=${BACKLOG:-4000000}
PORT=${PORT:-4150}
OUT=${OUT:-/tmp/jnsq-load}
NSQD_JAR=${NSQD_JAR:-nsqd/target/nsqd.jar}
BENCH_JAR=${BENCH_JAR:-benchmarks/target/benchmarks.jar}
ADDRESS=127.0.0.1:$PORT
HTTP_ADDRESS=127.0.0.1:$((PORT + 1))
SERVERS=${SERVERS:-jnsq}
BIG_QUEUE=--mem-queue-size=10000000
mkdir -p "$OUT"

nsqd_pid=""
data_path=""

start_nsqd() {
  data_path=$(mktemp -d /tmp/jnsq-load-data.XXXXXX)
  local flags=(--tcp-address="$ADDRESS" --http-address="$HTTP_ADDRESS" --data-path="$data_path" "$@")
  case "$server" in
    # shellcheck disable=SC2086
    jnsq) java ${NSQD_JAVA_OPTS--XX:+UseTransparentHugePages -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=80 -XX:MaxRAMPercentage=75} -jar "$NSQD_JAR" "${flags[@]}" > "$OUT/nsqd.log" 2>&1 & ;;
    go)   "${GO_NSQD:?set GO_NSQD to the Go nsqd binary}" "${flags[@]}" > "$OUT/nsqd.log" 2>&1 & ;;
    *)    echo "unknown server $server" >&2; return 2 ;;
  esac
  nsqd_pid=$!
  for _ in $(seq 1 300); do
    grep -q "TCP: listening" "$OUT/nsqd.log" && return 0
    kill -0 "$nsqd_pid" 2>/dev/null || { cat "$OUT/nsqd.log"; return 1; }
    sleep 0.1
  done
  echo "nsqd did not start within 30 s" >&2
  return 1
}

stop_nsqd() {
  [ -n "$nsqd_pid" ] || return 0
  stop_process "$nsqd_pid"
  nsqd_pid=""
  rm -rf "$data_path"
}
trap stop_nsqd EXIT

load() {
  java -cp "$BENCH_JAR" io.jnsq.benchmarks.load.LoadTool --address="$ADDRESS" "$@"
}

# the measured load; with PROFILE=1 nsqd records it with JFR
measure() {
  if [ "${PROFILE:-0}" = 1 ] && [ "$server" = jnsq ]; then
    jcmd "$nsqd_pid" JFR.start name=load settings=profile > /dev/null
    load "$@"
    jcmd "$nsqd_pid" JFR.stop name=load filename="$OUT/$scenario_run.jfr" > /dev/null
  else
    load "$@"
  fi
}

warm_up() {
  load --mode=pubsub --topic=warmup --duration=5s "$@" > /dev/null
}

scenario() {
  local name=$1
  case "$name" in
    pub-mem)        start_nsqd $BIG_QUEUE; warm_up; measure --mode=pub --duration="$DURATION" ;;
    drain-mem)      start_nsqd $BIG_QUEUE; warm_up
                    load --mode=pub --channel=ch --count="$BACKLOG" --duration=60s
                    measure --mode=sub --count="$BACKLOG" --duration=60s ;;
    pubsub-mem)     start_nsqd $BIG_QUEUE; warm_up; measure --mode=pubsub --duration="$DURATION" ;;
    pubsub-default) start_nsqd; warm_up; measure --mode=pubsub --duration="$DURATION" ;;
    pub-disk)       start_nsqd; warm_up; measure --mode=pub --duration="$DURATION" ;;
    pub-rtt)        start_nsqd; warm_up --batch=1; measure --mode=pub --batch=1 --duration="$DURATION" ;;
    *) echo "unknown scenario $name" >&2; return 2 ;;
  esac
  echo "nsqd rss_kb=$(ps -o rss= -p "$nsqd_pid")"
  stop_nsqd
}

scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(pub-mem drain-mem pubsub-mem pubsub-default pub-disk pub-rtt)
for name in "${scenarios[@]}"; do
  for run in $(seq 1 "$RUNS"); do
    for server in $SERVERS; do
      echo "== $name $server run $run (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
      scenario_run=$name-$server-$run
      scenario "$name" 2>&1 | tee "$OUT/$scenario_run.txt"
    done
  done
done

echo
echo "| scenario | server | run | publish msgs/s | consume msgs/s | latency p99 |"
echo "|---|---|---|---:|---:|---:|"
for name in "${scenarios[@]}"; do
  for server in $SERVERS; do
    for run in $(seq 1 "$RUNS"); do
      awk -v row="| $name | $server | $run" '
        /^publish / { for (i = 1; i <= NF; i++) if ($i == "msgs/s,") pub = $(i - 1) }
        /^consume / { for (i = 1; i <= NF; i++) if ($i == "msgs/s,") sub_ = $(i - 1) }
        /^latency / { for (i = 1; i <= NF; i++) if ($i == "p99") p99 = $(i + 1) " " $(i + 2) }
        END { printf "%s | %s | %s | %s |\n", row, pub ? pub : "-", sub_ ? sub_ : "-", p99 ? p99 : "-" }
      ' "$OUT/$name-$server-$run.txt"
    done
  done
done
