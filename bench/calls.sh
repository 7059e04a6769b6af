#!/usr/bin/env bash
# Call-setup benchmark of call-manager alone: POST /v1/calls over RabbitMQ (as route-manager sends it, forced through
# one provider) at a fixed rate against a SIPp UAS that answers, then SIPp UAC -> SIPp UAS alone for the ratio.
# Prints a table.
#   bench/calls.sh [rate/s]      (default 150; starts the system with scripts/run.sh when it is not up)
# Knobs: DURATION (seconds, default 60), GATEWAY (default http://127.0.0.1:8080), BROKER_* like the services (the
# credentials default to the state folder's rabbitmq-credentials.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
GATEWAY=${GATEWAY:-http://127.0.0.1:8080}

./mvnw -B -q package -DskipTests -pl bench -am >/dev/null

. bench/system.sh
ensure_system_up "$GATEWAY"
# the broker user infra.sh generated, through the environment (never a command-line argument)
if [ -z "${BROKER_PASSWORD:-}" ]; then
  export BROKER_USERNAME=${BROKER_USERNAME:-$(cred "$RMQ_CREDENTIALS" username)}
  export BROKER_PASSWORD
  BROKER_PASSWORD=$(cred "$RMQ_CREDENTIALS" password)
fi

java -Xmx512m -cp "bench/target/bench-1.0.0-SNAPSHOT.jar:bench/target/lib/*" io.provtest.bench.CallSetupBench "${1:-150}"
