#!/usr/bin/env bash
# Provider calls through the gateway (bench/providercalls.py) on a system this script starts when none is up, with the
# outbound limits off as bench/calls.sh has them: one admin's customer is offered up to 200/s here, and its default
# 200 calls/s would refuse a burst's excess with 429, a policy rather than what the platform can serve. Waits for the
# broker's queues to drain, then stops what it started. A system already up keeps its own settings.
#   bench/providercalls.sh [rate/s ...]   (default 100 200; the knobs of providercalls.py: DURATION, WARMUP, SIPP_ALONE…)
set -euo pipefail
cd "$(dirname "$0")/.."
GATEWAY=${GATEWAY:-http://127.0.0.1:8080}
. bench/system.sh
export OUTBOUND_CALLS_PER_SECOND=${OUTBOUND_CALLS_PER_SECOND:-0} OUTBOUND_MAX_CONCURRENT_CALLS=${OUTBOUND_MAX_CONCURRENT_CALLS:-0}
export OUTBOUND_PLATFORM_CALLS_PER_SECOND=${OUTBOUND_PLATFORM_CALLS_PER_SECOND:-0}
export OUTBOUND_PLATFORM_MAX_CONCURRENT_CALLS=${OUTBOUND_PLATFORM_MAX_CONCURRENT_CALLS:-0}
python3 bench/machine_speed.py before
ensure_system_up "$GATEWAY"
GATEWAY=$GATEWAY python3 bench/providercalls.py "$@"
wait_for_drained_queues 120
python3 bench/machine_speed.py after
