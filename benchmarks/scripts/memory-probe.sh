#!/usr/bin/env bash
# How much memory nsqd.jar needs: idle, per queued message, and under a steady load. Builds nothing;
# starts its own nsqd with a fixed heap on loopback, measures it with jcmd/jstat, stops it on exit.
#
#   benchmarks/scripts/memory-probe.sh [queue|steady]        (default queue)
#
#   queue:  idle RSS and live heap; queue COUNT messages of SIZE bytes into topic bench, channel ch
#           (no consumer, all in memory); live heap again -> bytes per queued message and the overhead
#           beyond the body; the class histogram's top entries; then (DRAIN=1) consume them all and
#           check the live heap comes back to the idle figure. CHANNELS=4 adds ch2..ch4 first (fan-out:
#           per queued message then means per message published, held by all four channels).
#   steady: pubsub at RATE msgs/s for DURATION while sampling every SAMPLE_EVERY seconds the live heap
#           after a full GC (SAMPLE=gc, the default: exact, but each sample pauses nsqd for a full GC) or
#           jstat's occupancy (SAMPLE=jstat: no pause, but garbage counts too); then LoadTool's report.
#
# "live heap" is the total of `jcmd <pid> GC.class_histogram`, which runs a full GC first and sums the
# objects that survive it; "heap used" is `GC.heap_info`'s used figure right after (region granular).
#
#   env: NSQD_JAR (nsqd/target/nsqd.jar), BENCH_JAR (benchmarks/target/benchmarks.jar),
#        PORT (4250; HTTP on PORT+1), HEAP (2g), NSQD_JAVA_OPTS (extra JVM options for nsqd),
#        COUNT (1000000), SIZE (200), CHANNELS (1), DRAIN (1), TOP (10: histogram lines shown, 0 for none),
#        RATE (100000), DURATION (60s), SAMPLE_EVERY (5), SAMPLE (gc|jstat), PUBLISHERS (2), CONSUMERS (2),
#        BATCH (200), OUT (/tmp/jnsq-memory: nsqd's log)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=stop-process.sh
. benchmarks/scripts/stop-process.sh

MODE=${1:-queue}
NSQD_JAR=${NSQD_JAR:-nsqd/target/nsqd.jar}
BENCH_JAR=${BENCH_JAR:-benchmarks/target/benchmarks.jar}
PORT=${PORT:-4250}
HTTP_PORT=$((PORT + 1))
HEAP=${HEAP:-2g}
COUNT=${COUNT:-1000000}
SIZE=${SIZE:-200}
CHANNELS=${CHANNELS:-1}
DRAIN=${DRAIN:-1}
TOP=${TOP:-10}
RATE=${RATE:-100000}
DURATION=${DURATION:-60s}
SAMPLE_EVERY=${SAMPLE_EVERY:-5}
SAMPLE=${SAMPLE:-gc}
PUBLISHERS=${PUBLISHERS:-2}
CONSUMERS=${CONSUMERS:-2}
BATCH=${BATCH:-200}
OUT=${OUT:-/tmp/jnsq-memory}
ADDRESS=127.0.0.1:$PORT

case "$MODE" in queue|steady) ;; *) echo "usage: $0 [queue|steady]" >&2; exit 2 ;; esac
case "$SAMPLE" in gc|jstat) ;; *) echo "SAMPLE must be gc or jstat" >&2; exit 2 ;; esac
for jar in "$NSQD_JAR" "$BENCH_JAR"; do
  [ -f "$jar" ] || { echo "$jar not found: build it first (see benchmarks/README.md)" >&2; exit 1; }
done
for tool in java jcmd jstat curl; do
  command -v "$tool" > /dev/null || { echo "$tool not found" >&2; exit 1; }
done
mkdir -p "$OUT"

nsqd_pid=""
load_pid=""
data_path=""

cleanup() {
  if [ -n "$load_pid" ]; then
    kill "$load_pid" 2>/dev/null || true
    wait "$load_pid" 2>/dev/null || true
  fi
  [ -z "$nsqd_pid" ] || stop_process "$nsqd_pid"
  [ -z "$data_path" ] || rm -rf "$data_path"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_nsqd() {
  data_path=$(mktemp -d /tmp/jnsq-memory-data.XXXXXX)
  # shellcheck disable=SC2086
  java -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC ${NSQD_JAVA_OPTS:-} -jar "$NSQD_JAR" \
    --tcp-address="$ADDRESS" --http-address="127.0.0.1:$HTTP_PORT" --data-path="$data_path" \
    --mem-queue-size=10000000 > "$OUT/nsqd.log" 2>&1 &
  nsqd_pid=$!
  for _ in $(seq 1 300); do
    [ "$(curl -s -m 1 "http://127.0.0.1:$HTTP_PORT/ping" 2>/dev/null)" = OK ] && return 0
    kill -0 "$nsqd_pid" 2>/dev/null || { cat "$OUT/nsqd.log" >&2; return 1; }
    sleep 0.1
  done
  echo "nsqd did not answer /ping within 30 s" >&2
  return 1
}

load() {
  java -cp "$BENCH_JAR" io.jnsq.benchmarks.load.LoadTool --address="$ADDRESS" "$@"
}

rss_kb() {
  awk '/^VmRSS:/ {print $2}' "/proc/$nsqd_pid/status"
}

# full GC + class histogram into $OUT/histogram.txt; prints the live bytes (the histogram's total)
live_bytes() {
  jcmd "$nsqd_pid" GC.class_histogram > "$OUT/histogram.txt"
  awk '$1 == "Total" {print $3}' "$OUT/histogram.txt"
}

# heap used right after the histogram's full GC, in bytes
heap_used_bytes() {
  jcmd "$nsqd_pid" GC.heap_info | awk '/used/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub(/K.*/, "", v); print v * 1024; exit}}'
}

channel_depth() {
  curl -s -m 5 "http://127.0.0.1:$HTTP_PORT/stats?format=json&topic=bench&channel=ch" \
    | grep -o '"channel_name":"ch","depth":[0-9]*' | grep -o '[0-9]*$' || echo "?"
}

mib() {
  awk -v b="$1" 'BEGIN {printf "%.1f MiB", b / 1048576}'
}

probe_queue() {
  start_nsqd
  sleep 2 # let startup settle (JIT, lazy class loading)
  local idle_rss before before_used after after_used after_rss per_message
  idle_rss=$(rss_kb)
  before=$(live_bytes)
  before_used=$(heap_used_bytes)
  echo "idle:   RSS $(mib $((idle_rss * 1024))), live heap $(mib "$before") ($before B), heap used after GC $(mib "$before_used")"

  if [ "$CHANNELS" -gt 1 ]; then
    curl -sSf -X POST "http://127.0.0.1:$HTTP_PORT/topic/create?topic=bench" > /dev/null
    for i in $(seq 2 "$CHANNELS"); do
      curl -sSf -X POST "http://127.0.0.1:$HTTP_PORT/channel/create?topic=bench&channel=ch$i" > /dev/null
    done
  fi
  echo "queueing $COUNT messages of $SIZE B into bench/ch and $((CHANNELS - 1)) more channels (no consumer) ..."
  load --mode=pub --topic=bench --channel=ch --count="$COUNT" --size="$SIZE" --duration=600s | sed 's/^/  /'
  echo "  channel depth: $(channel_depth)"
  after=$(live_bytes)
  after_used=$(heap_used_bytes)
  after_rss=$(rss_kb)
  cp "$OUT/histogram.txt" "$OUT/histogram-queued.txt"
  echo "queued: RSS $(mib $((after_rss * 1024))), live heap $(mib "$after") ($after B), heap used after GC $(mib "$after_used")"
  per_message=$(awk -v a="$after" -v b="$before" -v n="$COUNT" 'BEGIN {printf "%.1f", (a - b) / n}')
  echo "per queued message: $per_message B of live heap = $SIZE B body + $(awk -v p="$per_message" -v s="$SIZE" 'BEGIN {printf "%.1f", p - s}') B overhead"
  echo "RSS growth per queued message: $(awk -v a="$after_rss" -v b="$idle_rss" -v n="$COUNT" 'BEGIN {printf "%.1f", (a - b) * 1024 / n}') B"
  if [ "$TOP" -gt 0 ]; then
    echo "class histogram with $COUNT messages queued (top $TOP; full list in $OUT/histogram-queued.txt):"
    grep -v '^[0-9]*:$' "$OUT/histogram-queued.txt" | sed -n "1,$((TOP + 2))p" | sed 's/^/  /'
  fi

  if [ "$DRAIN" = 1 ]; then
    echo "draining the $COUNT messages ..."
    load --mode=sub --topic=bench --channel=ch --count="$COUNT" --duration=600s | sed 's/^/  /'
    echo "  channel depth: $(channel_depth)"
    local drained drained_rss
    drained=$(live_bytes)
    drained_rss=$(rss_kb)
    echo "drained: RSS $(mib $((drained_rss * 1024))), live heap $(mib "$drained") ($drained B; idle was $before B, $(awk -v d="$drained" -v b="$before" 'BEGIN {printf "%+.1f MiB", (d - b) / 1048576}'))"
  fi
}

probe_steady() {
  start_nsqd
  sleep 2
  echo "idle: RSS $(mib $(($(rss_kb) * 1024)))$([ "$SAMPLE" = gc ] && echo ", live heap $(mib "$(live_bytes)")")"
  echo "pubsub at $RATE msgs/s for $DURATION ($PUBLISHERS publishers, $CONSUMERS consumers, batch $BATCH); sampling every ${SAMPLE_EVERY}s ($SAMPLE)"
  load --mode=pubsub --topic=bench --channel=ch --rate="$RATE" --duration="$DURATION" --publishers="$PUBLISHERS" \
    --consumers="$CONSUMERS" --batch="$BATCH" --size="$SIZE" > "$OUT/steady-load.txt" 2>&1 &
  load_pid=$!
  local start=$SECONDS
  if [ "$SAMPLE" = gc ]; then
    printf '%6s  %14s  %10s  %s\n' "t (s)" "live heap" "RSS" "channel depth"
  else
    printf '%6s  %10s  %10s  %10s  %10s  %6s  %4s  %10s  %s\n' "t (s)" "eden used" "old used" "surv used" "heap used" "YGC" "FGC" "RSS" "channel depth"
  fi
  while kill -0 "$load_pid" 2>/dev/null; do
    sleep "$SAMPLE_EVERY"
    kill -0 "$load_pid" 2>/dev/null || break
    local t=$((SECONDS - start))
    if [ "$SAMPLE" = gc ]; then
      local live
      live=$(live_bytes)
      printf '%6s  %14s  %10s  %s\n' "$t" "$(mib "$live")" "$(mib $(($(rss_kb) * 1024)))" "$(channel_depth)"
    else
      # jstat -gc columns (KB): S0C S1C S0U S1U EC EU OC OU MC MU CCSC CCSU YGC YGCT FGC FGCT ...
      jstat -gc "$nsqd_pid" | awk -v t="$t" -v rss="$(rss_kb)" -v depth="$(channel_depth)" 'NR == 2 {
        printf "%6s  %7.1f MiB  %7.1f MiB  %7.1f MiB  %7.1f MiB  %6d  %4d  %6.1f MiB  %s\n",
          t, $6 / 1024, $8 / 1024, ($3 + $4) / 1024, ($3 + $4 + $6 + $8) / 1024, $13, $15, rss / 1024, depth}'
    fi
  done
  wait "$load_pid" || { load_pid=""; cat "$OUT/steady-load.txt"; echo "load tool failed" >&2; return 1; }
  load_pid=""
  cat "$OUT/steady-load.txt"
  echo "after: RSS $(mib $(($(rss_kb) * 1024))), live heap $(mib "$(live_bytes)"), channel depth $(channel_depth)"
}

echo "== memory probe ($MODE): $NSQD_JAR with -Xms$HEAP -Xmx$HEAP -XX:+UseG1GC ${NSQD_JAVA_OPTS:-} on $ADDRESS (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
"probe_$MODE"
