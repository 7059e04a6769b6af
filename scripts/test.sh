#!/usr/bin/env bash
# Runs every test (unit, component, end-to-end) against real PostgreSQL and RabbitMQ:  ./scripts/test.sh
# Starts the servers itself (reusing them when already up); tests use their own database and vhost, so a running
# system is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRA_PACKAGES="sip-tester espeak-ng" scripts/infra.sh start
./mvnw -B clean verify "$@"
