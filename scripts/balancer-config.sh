#!/usr/bin/env bash
# Prints the HAProxy configuration that puts several gateways behind one port:
#   scripts/balancer-config.sh BIND_PORT GATEWAY_PORT...
# scripts/run.sh (REPLICAS > 1) and e2e-tests' ReplicasEndToEndTest both write their haproxy.cfg with it, so the test
# runs the balancer a user gets. Each request goes round robin to a gateway whose /q/health/ready answers 200 (checked
# every second; as the chart's readiness probe, a gateway is taken out after 3 failed checks, a check failing after
# 3 s: a loaded gateway answers its check late, and a 1 s limit once took both out of a 20/s run at once); a request
# that cannot connect is sent to another one. What the balancer itself answers is the platform's typed error
# envelope: 503 SERVICE_UNAVAILABLE with a retry hint when no gateway is ready (nothing was done), 502 GATEWAY_LOST
# when the gateway stopped before it answered and 504 GATEWAY_TIMEOUT (the request may have been served: send it
# again with the same Idempotency-Key).
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 BIND_PORT GATEWAY_PORT..." >&2
  exit 2
fi
bind=$1
shift
printf 'global\n  maxconn 4096\n\ndefaults\n  mode http\n  timeout connect 2s\n  timeout client 120s\n'
printf '  timeout server 120s\n  timeout check 3s\n  retries 2\n  option redispatch\n'
error() { # HTTP status, then the envelope's fields and headers as http-error wants them
  printf '  http-error status %s content-type application/json string %s\n' "$1" "$2"
}
error 503 "'{\"error\":{\"status\":\"UNAVAILABLE\",\"reason\":\"SERVICE_UNAVAILABLE\",\"message\":\"No gateway is ready to take the request (starting, stopping or overloaded); nothing was done.\",\"retry_after_seconds\":2}}' hdr Retry-After 2"
error 502 "'{\"error\":{\"status\":\"UNAVAILABLE\",\"reason\":\"GATEWAY_LOST\",\"message\":\"The gateway handling the request stopped before it answered; it may have been served. Send it again with the same Idempotency-Key.\"}}'"
error 504 "'{\"error\":{\"status\":\"UNAVAILABLE\",\"reason\":\"GATEWAY_TIMEOUT\",\"message\":\"The gateway did not answer within 120 s; the request may have been served. Send it again with the same Idempotency-Key.\"}}'"
printf '\n'
printf 'frontend gateway\n  bind 127.0.0.1:%s\n  default_backend gateways\n\n' "$bind"
printf 'backend gateways\n  balance roundrobin\n  option httpchk GET /q/health/ready\n'
printf '  default-server inter 1s fall 3 rise 1\n'
n=0
for gateway in "$@"; do
  n=$((n + 1))
  printf '  server gateway-%s 127.0.0.1:%s check\n' "$n" "$gateway"
done
