# Sourced by durable-pub.sh and first-sub.sh (after stop-process.sh): one broker at a time, jnsq or the
# Go nsqd, each on its own fixed ports with a fresh --data-path, ready once /ping answers and /info
# shows the --broadcast-address this start gave it (so a broker of another run is never measured).
#
#   start_server SERVER LOG [nsqd flags ...]  SERVER is jnsq, go, or jnsq-NAME (a variant: the jar in
#                                            JAR_NAME, JVM options in OPTS_NAME, each defaulting to
#                                            jnsq's; NAME's dashes become underscores, so jnsq-no-fin reads
#                                            JAR_no_fin), to compare a lever before and after in one run;
#                                            output to $OUT/LOG.log; sets
#                                            server_pid, server_tcp, server_http, server_data
#   stop_server                              SIGTERM (graceful), SIGKILL after 30 s, data path removed
#   seconds DURATION                         a Go duration (500ms, 10s, 1m) as whole seconds, rounded up
#   median VALUE ...                         the median (mean of the two middle values for an even count)
#
# Settings (environment): JNSQ_PORT (14150: TCP, HTTP on +1), GO_PORT (24150: TCP, HTTP on +1),
# NSQD_JAR (nsqd/target/nsqd.jar), NSQD_JAVA_OPTS (the README's: -XX:+UseTransparentHugePages
# -XX:+ExitOnOutOfMemoryError -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=80 -XX:MaxRAMPercentage=75), GO_NSQD
# (the Go nsqd binary; needed for "go"), DATA_ROOT (/tmp: where the temporary data paths go), OUT (the log directory; the sourcing script sets it).

JNSQ_PORT=${JNSQ_PORT:-14150}
GO_PORT=${GO_PORT:-24150}
NSQD_JAR=${NSQD_JAR:-nsqd/target/nsqd.jar}
NSQD_JAVA_OPTS=${NSQD_JAVA_OPTS--XX:+UseTransparentHugePages -XX:+ExitOnOutOfMemoryError -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=80 -XX:MaxRAMPercentage=75}
DATA_ROOT=${DATA_ROOT:-/tmp}

server_pid=""
server_data=""
server_tcp=""
server_http=""

port_in_use() {
  (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null
}

start_server() {
  local server=$1 log=$2 port
  shift 2
  local jar=$NSQD_JAR java_opts=$NSQD_JAVA_OPTS variant
  case "$server" in
    jnsq)   port=$JNSQ_PORT ;;
    jnsq-*) port=$JNSQ_PORT
            variant=${server#jnsq-}
            variant=${variant//-/_}
            jar=$(eval "echo \"\${JAR_$variant:-$NSQD_JAR}\"")
            java_opts=$(eval "echo \"\${OPTS_$variant-$NSQD_JAVA_OPTS}\"") ;;
    go)     port=$GO_PORT; [ -x "${GO_NSQD:-}" ] || { echo "set GO_NSQD to the Go nsqd binary" >&2; return 2; } ;;
    *)      echo "unknown server $server (jnsq, jnsq-NAME or go)" >&2; return 2 ;;
  esac
  server_tcp=127.0.0.1:$port
  server_http=127.0.0.1:$((port + 1))
  if port_in_use "$port" || port_in_use $((port + 1)); then
    echo "something already listens on 127.0.0.1:$port or :$((port + 1)); stop it or choose other ports" >&2
    return 1
  fi
  server_data=$(mktemp -d "$DATA_ROOT/jnsq-bench-data.XXXXXX")
  # a name only this start uses, read back from /info: the port check above cannot stop another script
  # from binding the port a moment later, and then /ping alone would accept the other script's broker
  local token
  token=bench-$$-$RANDOM$RANDOM
  local flags=(--tcp-address="$server_tcp" --http-address="$server_http" --data-path="$server_data"
               --broadcast-address="$token" "$@")
  case "$server" in
    # shellcheck disable=SC2086
    jnsq*) echo "$server: java $java_opts -jar $jar ${flags[*]}" > "$OUT/$log.log"
           java $java_opts -jar "$jar" "${flags[@]}" >> "$OUT/$log.log" 2>&1 & ;;
    go)    echo "$server: ${flags[*]}" > "$OUT/$log.log"
           "$GO_NSQD" "${flags[@]}" >> "$OUT/$log.log" 2>&1 & ;;
  esac
  server_pid=$!
  for _ in $(seq 1 300); do
    if curl -sf -o /dev/null "http://$server_http/ping"; then
      [ "$(curl -sf "http://$server_http/info" | jq -r .broadcast_address)" = "$token" ] && return 0
      echo "another broker answers on $server_http (its /info is not ours); is another benchmark running?" >&2
      return 1
    fi
    kill -0 "$server_pid" 2> /dev/null || { tail -20 "$OUT/$log.log" >&2; server_pid=""; return 1; }
    sleep 0.1
  done
  echo "$server did not answer /ping within 30 s" >&2
  return 1
}

stop_server() {
  if [ -n "$server_pid" ]; then
    stop_process "$server_pid"
    server_pid=""
  fi
  if [ -n "$server_data" ]; then
    rm -rf "$server_data"
    server_data=""
  fi
}

seconds() {
  case "$1" in
    *ms) echo $(( (${1%ms} + 999) / 1000 )) ;;
    *s)  echo $(( ${1%s} )) ;;
    *m)  echo $(( ${1%m} * 60 )) ;;
    *)   echo "not a duration: $1" >&2; return 2 ;;
  esac
}

median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
