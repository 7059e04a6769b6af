#!/usr/bin/env bash
# RPC round-trip benchmark: HTTP GET of one provider through the gateway → RabbitMQ → route-manager → PostgreSQL
# and back, sequential and with 32 requests in flight. Prints a table.
#   bench/rpc.sh            (starts the system with scripts/run.sh when the gateway is not up, stops it after)
# Knobs: DURATION (seconds per load, default 20), GATEWAY (default http://127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
GATEWAY=${GATEWAY:-http://127.0.0.1:8080}
DURATION=${DURATION:-20}

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

# One token sends every request: the gateway's per-client rate (1000/s by default) would answer most of the 32-in-flight
# load with 429 and the table would count refusals as throughput. A system this script starts runs without it.
export GATEWAY_REQUEST_RATE_PER_SECOND=${GATEWAY_REQUEST_RATE_PER_SECOND:-0}
. bench/system.sh
ensure_system_up "$GATEWAY"

# The password and the token never appear on a command line (every user of the machine can read those): curl reads
# them through file descriptors, wrk through a script in the private state folder.
password=${BOOTSTRAP_ADMIN_PASSWORD:-$(cred "$STATE_DIR/bootstrap-admin.txt" password)}
token=$(curl -sf -X POST "$GATEWAY/auth/login" -H 'Content-Type: application/json' \
  --data-binary @<(printf '{"username":"%s","password":"%s"}' "${BOOTSTRAP_ADMIN_USERNAME:-admin}" "$password") \
  | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "bench: could not log in as the bootstrap admin" >&2; exit 1; }
as_admin() { curl -sf -H @<(printf 'Authorization: Bearer %s\n' "$token") "$@"; }
id=$(as_admin -X POST "$GATEWAY/v1.0/providers" -H 'Content-Type: application/json' \
  -d '{"type":"sip","hostname":"bench.example.net","name":"bench"}' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
url="$GATEWAY/v1.0/providers/$id"
as_admin "$url" | grep -q "\"id\":\"$id\"" \
  || { echo "bench: GET $url did not return the provider" >&2; exit 1; }
auth_script=$(umask 077; mktemp "$STATE_DIR/wrk-auth-XXXXXX.lua")
trap 'rm -f "$auth_script"; stop_started_system' EXIT
printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$token" > "$auth_script"

# warm the JIT and the connection pools before measuring
wrk -t2 -c16 -d10s -s "$auth_script" "$url" >/dev/null

run() { # threads connections
  wrk -t"$1" -c"$2" -d"${DURATION}s" --latency -s "$auth_script" "$url"
}
field() { # output percentile
  awk -v p="$2" '$1 == p { print $2 }' <<<"$1"
}
rps() { awk '/Requests\/sec/ { print $2 }' <<<"$1"; }
errors() { awk '/Non-2xx|Socket errors/ { print }' <<<"$1" | tr '\n' ' '; }

seq_out=$(run 1 1)
par_out=$(run 2 32)

printf '\nGET %s/v1.0/providers/{id} through gateway → route-manager → PostgreSQL (%ss each)\n\n' "$GATEWAY" "$DURATION"
printf '| load | requests/s | p50 | p90 | p99 | errors |\n|---|---|---|---|---|---|\n'
printf '| sequential (1 in flight) | %s | %s | %s | %s | %s |\n' "$(rps "$seq_out")" "$(field "$seq_out" 50%)" \
  "$(field "$seq_out" 90%)" "$(field "$seq_out" 99%)" "$(errors "$seq_out")"
printf '| 32 in flight | %s | %s | %s | %s | %s |\n' "$(rps "$par_out")" "$(field "$par_out" 50%)" \
  "$(field "$par_out" 90%)" "$(field "$par_out" 99%)" "$(errors "$par_out")"

as_admin -X DELETE "$url" >/dev/null || true
