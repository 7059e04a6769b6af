# Sourced by the benchmark scripts: starts the system with scripts/run.sh when the gateway is not up, and stops it
# again when the benchmark exits (a system that was already running is left alone). run.sh's output goes to the
# private logs folder of the state folder.
. scripts/state.sh
stop_started_system() {
  if [ -n "${started:-}" ]; then
    kill -TERM "$started" 2>/dev/null
    wait "$started" 2>/dev/null || true
  fi
}
ensure_system_up() {
  local gateway=$1
  started=""
  if ! curl -sf "$gateway/q/health/ready" >/dev/null 2>&1; then
    check_owner "$STATE_DIR"
    mkdir -p "$STATE_DIR/logs"
    (umask 077; : > "$STATE_DIR/logs/bench-run.log")
    scripts/run.sh > "$STATE_DIR/logs/bench-run.log" 2>&1 &
    started=$!
    trap stop_started_system EXIT
    # up to 10 minutes while run.sh lives: it builds first when the sources are newer than the jars (about 2 minutes
    # here), then starts every replica; a fixed 2 minutes once gave up on a REPLICAS=2 start that was still building.
    # Done when run.sh prints its summary ("Gateway: …"), which it does once EVERY service is ready: the gateway's own
    # readiness came 5 s before call-manager's (its SIP warm-up), and a benchmark that started then measured
    # call-manager's start as the system's first seconds (bench/README.md, "The benchmarks' start waits for every
    # service").
    for _ in $(seq 1 1200); do
      grep -q '^Gateway: ' "$STATE_DIR/logs/bench-run.log" 2>/dev/null && break
      kill -0 "$started" 2>/dev/null || break
      sleep 0.5
    done
  fi
}
# Waits (up to $1 s, 120) until no queue of the broker's vhost "/" holds a message: a benchmark's leftovers (hang-up
# events of its last calls, still queued for their consumers) are consumed before the next measurement or before the
# system stops, so they do not load the next system's first minute or another benchmark's counts.
wait_for_drained_queues() {
  RMQ_USER=$(cred "$RMQ_CREDENTIALS" username) RMQ_PASS=$(cred "$RMQ_CREDENTIALS" password) \
    RMQ_MGMT_PORT=$RMQ_MGMT_PORT python3 bench/costs_counters.py --wait-drained "${1:-120}"
}
