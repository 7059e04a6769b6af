#!/usr/bin/env bash
# call-manager's garbage collector and heap, chosen by measurement: bench/calls.sh once per setting, each on a system
# it starts fresh, with call-manager's stop-the-world pauses logged (-Xlog:safepoint, so every collector is counted
# the same way); prints one markdown table, a row per setting and rate (bench/README.md, "The garbage collector,
# measured"). A setting whose run fails is reported and the others still run; the exit status is then 1.
#   bench/gc.sh [rate/s ...]   (default 150 300)
# Knobs: SETTINGS (';'-separated name=JVM options for call-manager; default: the four below), DURATION and WARMUP as
# in calls.sh, GATEWAY (default http://127.0.0.1:8080). No system may be up when it starts: each setting needs its own.
# Every setting runs on the same database, so later settings find the calls of earlier ones stored.
set -euo pipefail
cd "$(dirname "$0")/.."
GATEWAY=${GATEWAY:-http://127.0.0.1:8080}
SETTINGS=${SETTINGS:-"serial-256=-XX:+UseSerialGC -Xms256m -Xmx256m;parallel-256=-XX:+UseParallelGC -Xms256m -Xmx256m;g1-256=-XX:+UseG1GC -Xms256m -Xmx256m;zgc-512=-XX:+UseZGC -Xms512m -Xmx512m"}
if [ $# -eq 0 ]; then set -- 150 300; fi

if curl -sf "$GATEWAY/q/health/ready" >/dev/null 2>&1; then
  echo "gc: a system is up at $GATEWAY; stop it first (each setting is measured on a system started for it)" >&2
  exit 2
fi
if [ "${REPLICAS:-1}" != 1 ]; then
  echo "gc: one call-manager only (REPLICAS=1): the pauses are logged to one file" >&2
  exit 2
fi
work=$(umask 077; mktemp -d)
trap 'rm -rf "$work"' EXIT
IFS=';' read -ra settings <<< "$SETTINGS"
names=()
for setting in "${settings[@]}"; do
  name=${setting%%=*}
  opts=${setting#*=}
  # the name becomes part of a file name inside -Xlog's option, where ':' and ',' separate fields
  if [ "$name" = "$setting" ] || ! [[ "$name" =~ ^[A-Za-z0-9._-]+$ ]]; then
    echo "gc: a setting is name=JVM options, the name of letters, digits, '.', '_' and '-' (got '$setting')" >&2
    exit 2
  fi
  names+=("$name")
  echo "gc: $name ($opts)" >&2
  # calls.sh starts the system (call-manager with these options), runs the rates and stops the system again; one
  # log file however long the run (-Xlog rotates at 20 MB by default, and the table reads one file)
  if ! JAVA_OPTS_call_manager="$opts -Xlog:safepoint:file=$work/$name.safepoints::filecount=0" bench/calls.sh "$@" \
      | tee "$work/$name.out" >&2; then
    echo "gc: the run of $name failed (its output is above); going on with the next setting" >&2
    failed=1
  fi
done
python3 bench/gc_table.py "$work" "${names[@]}"
exit "${failed:-0}"
