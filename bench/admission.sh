#!/usr/bin/env bash
# How many outbound admissions PostgreSQL decides per second when many come at once (issue 20), with pgbench: the
# admission as call-manager makes it now (one statement, the function call_manager.outbound_admit of migration V33,
# the lock held inside the server only) and as it made it before V33 (a transaction of four statements from the
# client: the advisory lock, the counters, the record, then the commit, the lock held across each round trip).
# Both count and reserve one leg of one of 100 customers, with the per-second limits off and the concurrent ones far
# away, so every admission is admitted and recorded. Prints one markdown table.
#   bench/admission.sh [clients ...]      (default 1 4 16)
# Knobs: DURATION (seconds per row, default 15). Needs the local postgres of scripts/infra.sh with call-manager's
# schema migrated (any start of the system does it) and no system running: the rows it writes expire within a
# minute (reservations after 1 s, per-second rows after 60 s, deleted by later admissions).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/state.sh
PGB=$(pg_bin)
duration=${DURATION:-15}
clients=("$@")
[ ${#clients[@]} -gt 0 ] || clients=(1 4 16)
if [ "$(cd / && runuser -u postgres -- "$PGB/psql" -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres -d provtest -Atc \
    "select count(*) from pg_proc where proname = 'outbound_admit'" 2>/dev/null)" != 1 ]; then
  echo "admission: call_manager.outbound_admit is not in the database; start the system once (scripts/run.sh)" >&2
  exit 1
fi
work=$(mktemp -d)
chmod 755 "$work" # pgbench runs as postgres and reads the scripts
trap 'rm -rf "$work"' EXIT

customer="('00000000-0000-0000-0000-' || lpad(:c::text, 12, '0'))::uuid"
platform="'00000000-0000-0000-0000-00000000ffff'::uuid"
cat > "$work/function.sql" <<SQL
\set c random(1, 100)
select call_manager.outbound_admit($customer, $platform, 1, gen_random_uuid(), 1000, 0, 1000000, 0, 1000000);
SQL
# the statements of OutboundLimiter before V33, with the same values
live="(select count(*) from call_manager.call where status <> 'hangup'%s) + coalesce((select sum(calls) from call_manager.outbound_pending where tm_expire > clock_timestamp()%s), 0)"
# shellcheck disable=SC2059
cat > "$work/transaction.sql" <<SQL
\set c random(1, 100)
begin;
select pg_advisory_xact_lock(8031453476610731620);
select concat_ws(',', coalesce((select calls from call_manager.outbound_rate where customer_id = $customer and second = n.s), 0), coalesce((select calls from call_manager.outbound_rate where customer_id = $platform and second = n.s), 0), $(printf "$live" " and customer_id = $customer" " and customer_id = $customer"), $(printf "$live" "" ""), n.s) from (select floor(extract(epoch from clock_timestamp()))::bigint as s) n;
with r as (insert into call_manager.outbound_rate (customer_id, second, calls) values ($customer, floor(extract(epoch from clock_timestamp()))::bigint, 1), ($platform, floor(extract(epoch from clock_timestamp()))::bigint, 1) on conflict (customer_id, second) do update set calls = outbound_rate.calls + excluded.calls returning 1), p as (insert into call_manager.outbound_pending (id, customer_id, calls, tm_expire) values (gen_random_uuid(), $customer, 1, clock_timestamp() + interval '1 second') returning 1), d as (delete from call_manager.outbound_rate where second < floor(extract(epoch from clock_timestamp()))::bigint - 60 returning 1), e as (delete from call_manager.outbound_pending where tm_expire < clock_timestamp() returning 1) select count(*) from r;
commit;
SQL

run() { # script clients -> "tps|latency ms|lock ms"
  local out
  out=$(cd / && runuser -u postgres -- "$PGB/pgbench" -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres -n -M prepared \
    -r -c "$2" -j "$(( $2 < 2 ? 1 : 2 ))" -T "$duration" -f "$work/$1.sql" provtest 2>&1) || { echo "$out" >&2; return 1; }
  local tps latency lock
  tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out")
  latency=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<<"$out")
  lock=$(awk '/pg_advisory_xact_lock/ {print $1}' <<<"$out")
  echo "${tps%.*}|$latency|${lock:--}"
}

echo "| admission | clients | admissions/s | latency mean | of which the lock's statement |"
echo "|---|---|---|---|---|"
for n in "${clients[@]}"; do
  for script in transaction function; do
    IFS='|' read -r tps latency lock < <(run "$script" "$n")
    name=$([ "$script" = function ] && echo "one statement (V33)" || echo "transaction of four (before V33)")
    echo "| $name | $n | $tps | $latency ms | $([ "$lock" = - ] && echo - || echo "$lock ms") |"
  done
done
