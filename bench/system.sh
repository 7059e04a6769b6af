# Sourced by the benchmark scripts: starts the system with scripts/run.sh when the gateway is not up, and stops it
# again when the benchmark exits (a system that was already running is left alone).
ensure_system_up() {
  local gateway=$1
  started=""
  if ! curl -sf "$gateway/q/health/ready" >/dev/null 2>&1; then
    scripts/run.sh > /tmp/provtest-bench-run.log 2>&1 &
    started=$!
    trap 'kill -TERM $started 2>/dev/null; wait $started 2>/dev/null || true' EXIT
    for _ in $(seq 1 240); do curl -sf "$gateway/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  fi
}
