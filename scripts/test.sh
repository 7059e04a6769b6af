#!/usr/bin/env bash
# Runs every test (unit, component, end-to-end) against real PostgreSQL and RabbitMQ:  ./scripts/test.sh
# Starts the servers itself (reusing them when already up) and checks their safe defaults first; tests use their own
# database and vhost, so a running system is left alone. The tests read the generated credentials from the state
# folder (test-support LocalInfra).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/state.sh
# chromium and chromium-driver: the console's browser tests (e2e-tests ConsoleBrowserTest) drive the installed browser
EXTRA_PACKAGES="sip-tester espeak-ng chromium chromium-driver haproxy" scripts/infra.sh start
scripts/check-safe-defaults.sh --quiet
export PROVTEST_STATE_DIR=$STATE_DIR
export TEST_PG_PORT=${TEST_PG_PORT:-$PG_PORT} TEST_RABBITMQ_PORT=${TEST_RABBITMQ_PORT:-$RMQ_PORT}
./mvnw -B clean verify "$@"
