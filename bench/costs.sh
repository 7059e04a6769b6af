#!/usr/bin/env bash
# What one provider call costs the platform, counted (issue 20): the broker's messages and PostgreSQL's commits and
# row changes per provider call, read from RabbitMQ's management counters and pg_stat_* before and after a run of
# bench/providercalls.py at one rate, with bench/cpu.py beside it. Starts its own system with scripts/run.sh when none
# is up (and stops it again), warms it up first.
#   bench/costs.sh [rate/s]       (default 20)
# Knobs (environment): WARMUP (seconds at the rate before counting, 60), DURATION (seconds counted, 40), GATEWAY.
# JFR beside it: JAVA_OPTS_call_manager=-XX:StartFlightRecording=filename=/tmp/cm.jfr,settings=profile,delay=85s,duration=30s
# (and the same for the other services) before the command; bench/README.md, "Profiling a run".
# Run it under the build lock as one command: flock /tmp/provtest-build.lock bench/costs.sh 20
set -euo pipefail
cd "$(dirname "$0")/.."
GATEWAY=${GATEWAY:-http://127.0.0.1:8080}
rate=${1:-20}
. bench/system.sh
work=$(umask 077; mktemp -d)
finish() { stop_started_system; rm -rf "$work"; }
trap finish EXIT
python3 bench/machine_speed.py before
ensure_system_up "$GATEWAY"
trap finish EXIT # ensure_system_up set its own
curl -sf "$GATEWAY/q/health/ready" >/dev/null || { echo "costs: the system is not up on $GATEWAY" >&2; exit 1; }
RMQ_USER=$(cred "$RMQ_CREDENTIALS" username) RMQ_PASS=$(cred "$RMQ_CREDENTIALS" password)
PGB=$(pg_bin)
export RMQ_USER RMQ_PASS RMQ_MGMT_PORT PGB PG_SOCKET_DIR PG_PORT GATEWAY SIPP_ALONE=0
warmup=${WARMUP:-60} counted=${DURATION:-40}
echo "== warm-up: $warmup s at $rate/s"
WARMUP=0 DURATION=$warmup python3 bench/providercalls.py "$rate" > "$work/warmup.txt"
wait_for_drained_queues 120 # a backlog (this warm-up's, or an earlier benchmark's) would be counted as this run's
python3 bench/costs_counters.py "$work/before.json"
python3 bench/cpu.py "$counted" 10 > "$work/cpu.txt" 2>&1 &
cpu=$!
WARMUP=0 DURATION=$counted RESULTS=$work/run.json python3 bench/providercalls.py "$rate" | tee "$work/run.txt"
wait_for_drained_queues 120 # the counted calls' last events delivered to their consumers
python3 bench/costs_counters.py "$work/after.json"
wait "$cpu" || true
echo
echo "CPU per 10 s window (100 % = one core):"
grep -v '^ ' "$work/cpu.txt" || true
echo
python3 bench/costs_counters.py --table "$work/before.json" "$work/after.json" "$work/run.json"
python3 bench/machine_speed.py after
