# Sourced by the benchmark scripts: stop_process PID sends SIGTERM (nsqd's graceful shutdown), waits up
# to 30 s, then SIGKILLs, and reaps the process.
stop_process() {
  local pid=$1
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
