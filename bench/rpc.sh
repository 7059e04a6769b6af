#!/usr/bin/env bash
# RPC round-trip benchmark: HTTP GET of one provider through the gateway → RabbitMQ → route-manager → PostgreSQL
# and back, sequential and with 32 requests in flight. Prints a table, and the CPU each service spent per request
# (from /proc, when the services run on this machine).
#   bench/rpc.sh            (starts the system with scripts/run.sh when the gateway is not up, stops it after)
# Knobs: DURATION (seconds per load, default 20), GATEWAY (default http://127.0.0.1:8080), OBJECT (provider, the
# default, or call: GET /v1.0/calls/{id} of an ended call through the gateway → call-manager, a call placed first by a
# few seconds of bench/providercalls.py).
set -euo pipefail
cd "$(dirname "$0")/.."
GATEWAY=${GATEWAY:-http://127.0.0.1:8080}
DURATION=${DURATION:-20}

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

# One token sends every request: the gateway's per-client rate (1000/s by default) would answer most of the 32-in-flight
# load with 429 and the table would count refusals as throughput. A system this script starts runs without it.
export GATEWAY_REQUEST_RATE_PER_SECOND=${GATEWAY_REQUEST_RATE_PER_SECOND:-0}
. bench/system.sh
python3 bench/machine_speed.py before
ensure_system_up "$GATEWAY"

# The password and the token never appear on a command line (every user of the machine can read those): curl reads
# them through file descriptors, wrk through a script in the private state folder.
password=${BOOTSTRAP_ADMIN_PASSWORD:-$(cred "$STATE_DIR/bootstrap-admin.txt" password)}
token=$(curl -sf -X POST "$GATEWAY/auth/login" -H 'Content-Type: application/json' \
  --data-binary @<(printf '{"username":"%s","password":"%s"}' "${BOOTSTRAP_ADMIN_USERNAME:-admin}" "$password") \
  | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "bench: could not log in as the bootstrap admin" >&2; exit 1; }
as_admin() { curl -sf -H @<(printf 'Authorization: Bearer %s\n' "$token") "$@"; }
case ${OBJECT:=provider} in
  provider)
    id=$(as_admin -X POST "$GATEWAY/v1.0/providers" -H 'Content-Type: application/json' \
      -d '{"type":"sip","hostname":"bench.example.net","name":"bench"}' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
    url="$GATEWAY/v1.0/providers/$id" path='/v1.0/providers/{id} through gateway → route-manager → PostgreSQL' ;;
  call)
    # the calls of a few provider calls to providercalls.py's own SIPp carrier (the admin's customer's); the newest
    # that has ended, found through the API, so that a GATEWAY elsewhere reads its own system's call
    GATEWAY=$GATEWAY WARMUP=0 DURATION=3 SIPP_ALONE=0 python3 bench/providercalls.py 5 >/dev/null
    id=$(as_admin "$GATEWAY/v1.0/calls?page_size=100" | python3 -c 'import json, sys
ended = [c["id"] for c in json.load(sys.stdin)["result"] if c.get("status") == "hangup"]
print(ended[0] if ended else "")')
    url="$GATEWAY/v1.0/calls/$id" path='/v1.0/calls/{id} through gateway → call-manager → PostgreSQL' ;;
  *) echo "bench: OBJECT is provider or call, not $OBJECT" >&2; exit 2 ;;
esac
[ -n "$id" ] || { echo "bench: no $OBJECT to read" >&2; exit 1; }
as_admin "$url" | grep -q "\"id\":\"$id\"" \
  || { echo "bench: GET $url did not return the $OBJECT" >&2; exit 1; }
auth_script=$(umask 077; mktemp "$STATE_DIR/wrk-auth-XXXXXX.lua")
trap 'rm -f "$auth_script"; stop_started_system' EXIT
printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$token" > "$auth_script"

# warm the JIT and the connection pools before measuring
wrk -t2 -c16 -d10s -s "$auth_script" "$url" >/dev/null

# ms of CPU per request of each service between two `bench/cpu.py --ticks` readings ($1, $2: "service seconds"
# lines) over $3 requests: only services seen in both (a process that started in between would be charged its whole
# life); nothing when none runs here (a GATEWAY elsewhere) or wrk counted no request
cpu_per_request() {
  [ -n "$1" ] && [ -n "$2" ] && [ "${3:-0}" -gt 0 ] 2>/dev/null || return 0
  awk -v n="$3" 'NF < 2 { next } FNR == NR { before[$1] = $2; next }
    $1 in before { printf "%s %.3f\n", $1, ($2 - before[$1]) * 1000 / n }' <(echo "$1") <(echo "$2")
}
run() { # threads connections: wrk's output in $out, each service's ms of CPU per request in $cpu
  local before
  before=$(python3 bench/cpu.py --ticks)
  out=$(wrk -t"$1" -c"$2" -d"${DURATION}s" --latency -s "$auth_script" "$url")
  cpu=$(cpu_per_request "$before" "$(python3 bench/cpu.py --ticks)" "$(awk '/requests in/ { print $1 }' <<<"$out")")
}
field() { # output percentile
  awk -v p="$2" '$1 == p { print $2 }' <<<"$1"
}
rps() { awk '/Requests\/sec/ { print $2 }' <<<"$1"; }
errors() { awk '/Non-2xx|Socket errors/ { print }' <<<"$1" | tr '\n' ' '; }

run 1 1
seq_out=$out seq_cpu=$cpu
run 2 32
par_out=$out par_cpu=$cpu

printf '\nGET %s%s (%ss each)\n\n' "$GATEWAY" "$path" "$DURATION"
printf '| load | requests/s | p50 | p90 | p99 | errors |\n|---|---|---|---|---|---|\n'
printf '| sequential (1 in flight) | %s | %s | %s | %s | %s |\n' "$(rps "$seq_out")" "$(field "$seq_out" 50%)" \
  "$(field "$seq_out" 90%)" "$(field "$seq_out" 99%)" "$(errors "$seq_out")"
printf '| 32 in flight | %s | %s | %s | %s | %s |\n' "$(rps "$par_out")" "$(field "$par_out" 50%)" \
  "$(field "$par_out" 90%)" "$(field "$par_out" 99%)" "$(errors "$par_out")"

# one column per service seen in either load, "-" where a load has no figure for it
services=$(printf '%s\n%s\n' "$seq_cpu" "$par_cpu" | awk 'NF == 2 { print $1 }' | sort -u)
cpu_row() { # label, "service ms" lines
  local s
  printf '| %s |' "$1"
  for s in $services; do printf ' %s |' "$(awk -v s="$s" '$1 == s { print $2 }' <<<"$2" | grep . || echo -)"; done
  echo
}
if [ -n "$services" ]; then
  printf '\nCPU per request (ms, user + system, from /proc), by service\n\n| load |'
  for s in $services; do printf ' %s |' "$s"; done
  printf '\n|---|%s\n' "$(for s in $services; do printf -- '---|'; done)"
  cpu_row 'sequential (1 in flight)' "$seq_cpu"
  cpu_row '32 in flight' "$par_cpu"
fi

[ "$OBJECT" = provider ] && as_admin -X DELETE "$url" >/dev/null || true
python3 bench/machine_speed.py after
