#!/usr/bin/env bash
# Prints the HAProxy configuration that puts several gateways behind one port:
#   scripts/balancer-config.sh BIND_PORT GATEWAY_PORT...
# scripts/run.sh (REPLICAS > 1) and e2e-tests' ReplicasEndToEndTest both write their haproxy.cfg with it, so the test
# runs the balancer a user gets. Each request goes round robin to a gateway whose /q/health/ready answers 200 (checked
# every second); a request that cannot connect is sent to another one.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 BIND_PORT GATEWAY_PORT..." >&2
  exit 2
fi
bind=$1
shift
printf 'global\n  maxconn 4096\n\ndefaults\n  mode http\n  timeout connect 2s\n  timeout client 120s\n'
printf '  timeout server 120s\n  retries 2\n  option redispatch\n\n'
printf 'frontend gateway\n  bind 127.0.0.1:%s\n  default_backend gateways\n\n' "$bind"
printf 'backend gateways\n  balance roundrobin\n  option httpchk GET /q/health/ready\n'
printf '  default-server inter 1s fall 2 rise 1\n'
n=0
for gateway in "$@"; do
  n=$((n + 1))
  printf '  server gateway-%s 127.0.0.1:%s check\n' "$n" "$gateway"
done
