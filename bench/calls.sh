#!/usr/bin/env bash
# Call-setup benchmark of call-manager alone: per rate, POST /v1/calls over RabbitMQ (as route-manager sends it,
# forced through one provider) at a fixed rate against a SIPp UAS that answers and hangs up 500 ms after our ACK;
# counts the calls 10 s after the last BYE was due; then SIPp UAC -> SIPp UAS alone at the same rate. Prints one
# markdown table, a row per rate (README, "Measurements", says what each column means).
#   bench/calls.sh [rate/s ...]   (default 150 300 450; starts the system with scripts/run.sh when it is not up)
# Knobs: DURATION (seconds per rate, default 60), WARMUP (seconds at 20/s before measuring, default 5, 0 for none),
# SOAK (seconds at SOAK_RATE, default 0: none; SOAK=300 measures the rates after a 5-minute soak), SOAK_RATE
# (default 100), GATEWAY (default http://127.0.0.1:8080), BROKER_* and DB_*/QUARKUS_DATASOURCE_* like the services
# (the credentials default to the state folder's rabbitmq-credentials.txt and pg-credentials.txt), KEEP_WORK (a folder
# to copy the work folder into before it is removed: the carrier SIPp's errors log, the aborted calls and why).
set -euo pipefail
cd "$(dirname "$0")/.."
GATEWAY=${GATEWAY:-http://127.0.0.1:8080}

# quiet when it builds; when it does not, say why (it stopped here without a word on a machine whose Maven repository
# lacked a plugin and MAVEN_ARGS held -o)
build_log=$(mktemp)
if ! ./mvnw -B -q package -DskipTests -pl bench -am >"$build_log" 2>&1; then
  echo "calls.sh: building the load driver failed (./mvnw package -pl bench -am); its last lines:" >&2
  tail -20 "$build_log" >&2
  rm -f "$build_log"
  exit 1
fi
rm -f "$build_log"

. bench/system.sh
python3 bench/machine_speed.py before
# this measures the engine: one customer offered up to 450/s, so a system started here has no outbound limits
# (the default 200/s per customer would answer 429 above it, and with every limit off call-manager skips their
# shared counters); a system already up keeps its own settings
export OUTBOUND_CALLS_PER_SECOND=${OUTBOUND_CALLS_PER_SECOND:-0} OUTBOUND_MAX_CONCURRENT_CALLS=${OUTBOUND_MAX_CONCURRENT_CALLS:-0}
export OUTBOUND_PLATFORM_CALLS_PER_SECOND=${OUTBOUND_PLATFORM_CALLS_PER_SECOND:-0}
export OUTBOUND_PLATFORM_MAX_CONCURRENT_CALLS=${OUTBOUND_PLATFORM_MAX_CONCURRENT_CALLS:-0}
ensure_system_up "$GATEWAY"
# the broker and database users infra.sh generated, through the environment (never a command-line argument)
if [ -z "${BROKER_PASSWORD:-}" ]; then
  export BROKER_USERNAME=${BROKER_USERNAME:-$(cred "$RMQ_CREDENTIALS" username)}
  export BROKER_PASSWORD
  BROKER_PASSWORD=$(cred "$RMQ_CREDENTIALS" password)
fi
if [ -z "${QUARKUS_DATASOURCE_PASSWORD:-}" ]; then
  export QUARKUS_DATASOURCE_USERNAME=${QUARKUS_DATASOURCE_USERNAME:-$(cred "$PG_CREDENTIALS" username)}
  export QUARKUS_DATASOURCE_PASSWORD
  QUARKUS_DATASOURCE_PASSWORD=$(cred "$PG_CREDENTIALS" password)
fi
export DB_PORT=${DB_PORT:-$PG_PORT}

# The Java driver stops its SIPp processes on any exit but SIGKILL; it also notes their pids in its work folder
# (sipp.pids), and this trap ends whatever is left, so that no SIPp survives the benchmark whatever stops it.
work=$(umask 077; mktemp -d)
export BENCH_WORK_DIR=$work
bench_pid=""
cleanup() {
  trap - EXIT INT TERM
  kill "${rss_pid:-}" 2>/dev/null || true
  if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
    kill -TERM "$bench_pid" 2>/dev/null || true
    wait "$bench_pid" 2>/dev/null || true
  fi
  if [ -s "$work/sipp.pids" ]; then
    while read -r pid; do
      # only a pid that is still one of our SIPp processes (a pid may have been reused since)
      if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = sipp ]; then kill -KILL "$pid" 2>/dev/null || true; fi
    done < "$work/sipp.pids"
  fi
  if [ -n "${KEEP_WORK:-}" ]; then mkdir -p "$KEEP_WORK" && cp -a "$work"/. "$KEEP_WORK"/ || true; fi
  rm -rf "$work"
  stop_started_system
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The largest resident memory of each service during the run, sampled every 2 s (the JVM's whole footprint, heap,
# metaspace, threads and buffers, as the kernel counts it).
rss_sampler() {
  while :; do
    for pid in $(pgrep -f 'target/quarkus-app/quarkus-run.jar' || true); do
      s=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -o '[a-z-]*/target/quarkus-app' | cut -d/ -f1 | head -1)
      kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
      [ -n "$s" ] && echo "$s ${kb:-0}"
    done >> "$work/rss.samples"
    sleep 2
  done
}
print_rss() {
  [ -s "$work/rss.samples" ] || return 0
  echo
  echo "Largest RSS during the run: $(sort -k1,1 -k2,2nr "$work/rss.samples" | awk '!seen[$1]++ {printf "%s%s %d MB", sep, $1, $2/1024; sep=", "}')"
}
rss_sampler &
rss_pid=$!

# in the background, so that a signal to this script runs the trap at once instead of after the run
java -Xmx512m -cp "bench/target/bench-1.0.0-SNAPSHOT.jar:bench/target/lib/*" io.provtest.bench.CallSetupBench \
  ${@:-150 300 450} &
bench_pid=$!
wait "$bench_pid"
kill "$rss_pid" 2>/dev/null || true
print_rss
python3 bench/machine_speed.py after
