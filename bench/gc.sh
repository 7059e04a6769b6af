#!/usr/bin/env bash
# call-manager's garbage collector and heap, chosen by measurement: bench/calls.sh once per setting, each on a system
# it starts fresh, with call-manager's stop-the-world pauses logged (-Xlog:safepoint, so every collector is counted
# the same way); prints one markdown table, a row per setting and rate (bench/README.md, "The garbage collector").
#   bench/gc.sh [rate/s ...]   (default 150 300)
# Knobs: SETTINGS (';'-separated name=JVM options for call-manager; default: the four below), DURATION and WARMUP as
# in calls.sh, GATEWAY (default http://127.0.0.1:8080). No system may be up when it starts: each setting needs its own.
set -euo pipefail
cd "$(dirname "$0")/.."
GATEWAY=${GATEWAY:-http://127.0.0.1:8080}
SETTINGS=${SETTINGS:-"serial-256=-XX:+UseSerialGC -Xms256m -Xmx256m;parallel-256=-XX:+UseParallelGC -Xms256m -Xmx256m;g1-256=-XX:+UseG1GC -Xms256m -Xmx256m;zgc-512=-XX:+UseZGC -Xms512m -Xmx512m"}
if [ $# -eq 0 ]; then set -- 150 300; fi

if curl -sf "$GATEWAY/q/health/ready" >/dev/null 2>&1; then
  echo "gc: a system is up at $GATEWAY; stop it first (each setting is measured on a system started for it)" >&2
  exit 2
fi
work=$(umask 077; mktemp -d)
trap 'rm -rf "$work"' EXIT
IFS=';' read -ra settings <<< "$SETTINGS"
names=()
for setting in "${settings[@]}"; do
  name=${setting%%=*}
  opts=${setting#*=}
  if [ -z "$name" ] || [ "$name" = "$setting" ] || [[ "$name" == */* ]]; then
    echo "gc: a setting is name=JVM options, the name without '/' (got '$setting')" >&2
    exit 2
  fi
  names+=("$name")
  echo "gc: $name ($opts)" >&2
  # calls.sh starts the system (call-manager with these options), runs the rates and stops the system again
  JAVA_OPTS_call_manager="$opts -Xlog:safepoint:file=$work/$name.safepoints" bench/calls.sh "$@" \
    | tee "$work/$name.out" >&2
done
python3 bench/gc_table.py "$work" "${names[@]}"
