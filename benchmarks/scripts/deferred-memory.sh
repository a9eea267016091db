#!/usr/bin/env bash
# What a deferred message costs with --durable-deferral: the live heap per deferred message beyond idle,
# and how late a sample due during the run arrives. Builds nothing; starts its own nsqd with a fixed
# heap on loopback, measures it with jcmd, stops it on exit.
#
#   benchmarks/scripts/deferred-memory.sh
#
# COUNT DPUBs of SIZE bytes into topic "deferred", channel "c", all due between 1 h and 168 h except
# SAMPLE of them due SAMPLE_MIN_MS..SAMPLE_MAX_MS after they were sent; a consumer reads the sample as
# it comes due. "live heap" is the total of `jcmd <pid> GC.class_histogram` (a full GC first).
#
# Then (RESTART=1) nsqd is stopped with SIGTERM and started again on the same data path: the time until
# it answers /ping (its deferred files scanned and indexed) and the live heap after the restart.
#
#   env: NSQD_JAR (nsqd/target/nsqd.jar), BENCH_JAR (benchmarks/target/benchmarks.jar),
#        PORT (6150; HTTP on PORT+1), HEAP (1g), COUNT (5000000), SIZE (200), SAMPLE (10000),
#        SAMPLE_MIN_MS (60000), SAMPLE_MAX_MS (120000), DATA (a fresh /tmp/jnsq-deferred-data.XXXXXX),
#        OUT (/tmp/jnsq-deferred: nsqd's log, histograms), RESTART (1)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=stop-process.sh
. benchmarks/scripts/stop-process.sh

NSQD_JAR=${NSQD_JAR:-nsqd/target/nsqd.jar}
BENCH_JAR=${BENCH_JAR:-benchmarks/target/benchmarks.jar}
PORT=${PORT:-6150}
HTTP_PORT=$((PORT + 1))
HEAP=${HEAP:-1g}
COUNT=${COUNT:-5000000}
SIZE=${SIZE:-200}
SAMPLE=${SAMPLE:-10000}
SAMPLE_MIN_MS=${SAMPLE_MIN_MS:-60000}
SAMPLE_MAX_MS=${SAMPLE_MAX_MS:-120000}
OUT=${OUT:-/tmp/jnsq-deferred}
RESTART=${RESTART:-1}
mkdir -p "$OUT"
data_path=${DATA:-$(mktemp -d /tmp/jnsq-deferred-data.XXXXXX)}

nsqd_pid=""
probe_pid=""
cleanup() {
  [ -z "$probe_pid" ] || { kill "$probe_pid" 2>/dev/null || true; wait "$probe_pid" 2>/dev/null || true; }
  [ -z "$nsqd_pid" ] || stop_process "$nsqd_pid"
  rm -rf "$data_path"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_nsqd() {
  java -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -jar "$NSQD_JAR" \
    --tcp-address="127.0.0.1:$PORT" --http-address="127.0.0.1:$HTTP_PORT" --data-path="$data_path" \
    --durable-deferral --max-req-timeout=168h >> "$OUT/nsqd.log" 2>&1 &
  nsqd_pid=$!
  for _ in $(seq 1 6000); do
    [ "$(curl -s -m 1 "http://127.0.0.1:$HTTP_PORT/ping" 2>/dev/null)" = OK ] && return 0
    kill -0 "$nsqd_pid" 2>/dev/null || { cat "$OUT/nsqd.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "nsqd did not answer /ping within 600 s" >&2
  exit 1
}
: > "$OUT/nsqd.log"
start_nsqd
curl -s -X POST "http://127.0.0.1:$HTTP_PORT/topic/create?topic=deferred" > /dev/null
curl -s -X POST "http://127.0.0.1:$HTTP_PORT/channel/create?topic=deferred&channel=c" > /dev/null
sleep 2 # let startup settle (JIT, lazy class loading)

live_bytes() {
  jcmd "$nsqd_pid" GC.class_histogram > "$OUT/histogram-$1.txt"
  awk '$1 == "Total" {print $3}' "$OUT/histogram-$1.txt"
}
deferred_count() {
  curl -s -m 5 "http://127.0.0.1:$HTTP_PORT/stats?format=json&topic=deferred&channel=c" \
    | grep -o '"deferred_count":[0-9]*' | grep -o '[0-9]*$'
}

idle=$(live_bytes idle)
echo "idle: live heap $idle B"
java -cp "$BENCH_JAR" io.jnsq.benchmarks.deferred.DeferredDeliveryProbe --address="127.0.0.1:$PORT" \
  --count="$COUNT" --size="$SIZE" --sample="$SAMPLE" --sample-min-ms="$SAMPLE_MIN_MS" \
  --sample-max-ms="$SAMPLE_MAX_MS" > "$OUT/probe.log" 2>&1 &
probe_pid=$!
until grep -q '^PUBLISHED' "$OUT/probe.log"; do
  kill -0 "$probe_pid" 2>/dev/null || { cat "$OUT/probe.log" >&2; exit 1; }
  sleep 1
done
grep '^PUBLISHED' "$OUT/probe.log"
waiting=$(deferred_count)
after=$(live_bytes deferred)
echo "deferred: $waiting waiting, live heap $after B, $(du -sh "$data_path" | cut -f1) on disk"
awk -v a="$after" -v b="$idle" -v n="$waiting" 'BEGIN {printf "per deferred message beyond idle: %.1f B of live heap\n", (a - b) / n}'
echo "class histogram (top 8):"
grep -v '^[0-9]*:$' "$OUT/histogram-deferred.txt" | sed -n '1,10p' | sed 's/^/  /'
wait "$probe_pid" || true
probe_pid=""
grep '^SAMPLE' "$OUT/probe.log"
if [ "$RESTART" = 1 ]; then
  stop_process "$nsqd_pid"
  nsqd_pid=""
  started=$(date +%s.%N)
  start_nsqd
  echo "restart: /ping answered after $(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}') s, $(deferred_count) deferred waiting"
  restarted=$(live_bytes restarted)
  awk -v a="$restarted" -v b="$idle" -v n="$(deferred_count)" 'BEGIN {printf "after the restart: live heap %d B, %.1f B per deferred message beyond idle\n", a, (a - b) / n}'
fi
