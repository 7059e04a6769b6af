#!/usr/bin/env bash
# Fault-injection run (issue 17 item 8; not part of ./scripts/test.sh: it takes about 8 minutes): starts the system
# with scripts/run.sh, runs bench/faults.py (provider calls with a flow at RATE/s while each service is killed with
# SIGKILL and started again, then RabbitMQ and PostgreSQL are restarted), prints its table and stops everything it
# started. It refuses a system that is already up: it kills services, and would leave that system's ones half
# restarted. Knobs (environment): RATE (20), STEADY (20), SETTLE (150), RETRY_FOR (90); bench/faults.py says more.
# REPLICAS=2 starts two of every service (scripts/run.sh) and kills one replica of each for good instead.
#   bench/faults.sh            REPLICAS=2 bench/faults.sh
set -euo pipefail
cd "$(dirname "$0")/.."
GATEWAY=${GATEWAY:-http://127.0.0.1:8080}
export GATEWAY
if curl -sf "$GATEWAY/q/health/ready" >/dev/null 2>&1; then
  echo "faults: a system is already up on $GATEWAY; stop it first (this run kills and restarts its services)" >&2
  exit 2
fi
. bench/system.sh
ensure_system_up "$GATEWAY"
if [ -z "$started" ]; then
  echo "faults: the system did not start; see $STATE_DIR/logs/bench-run.log" >&2
  exit 1
fi
curl -sf "$GATEWAY/q/health/ready" >/dev/null || { echo "faults: the system is not ready; see $STATE_DIR/logs" >&2; exit 1; }
python3 bench/faults.py
