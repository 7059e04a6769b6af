#!/usr/bin/env bash
# What route-manager's pre-flight costs (issue 16: "provider calls at 150/s with the checks on, zero failures, accept
# p99 within 20 % of the run without them"): bench/providercalls.py twice, each on a system this script starts
# fresh with scripts/run.sh and stops again, first with the checks (the default), then with
# BILLING_PROVIDERCALL_PREFLIGHT=skipped-for-benchmark (provider calls skip the balance, outbound-config and
# rate-plan reads; route-manager README, "The pre-flight"). Prints one table: per run and rate, offered, accepted,
# refused by reason (a typed "not now": *_BUSY, 429), failures, accept p50/p99, and accept p99 on / off.
#   bench/preflight.sh [rate/s ...]      (default 150)
# Knobs (environment): DURATION (seconds per rate, 60), WARMUP (seconds at WARMUP_RATE before the rates, 30: a cold
# call-manager refuses busy in its first seconds), WARMUP_RATE (20), GATEWAY (http://127.0.0.1:8080), OFF_FIRST (0; 1
# runs without the checks first, to tell their cost from the order of the two cold starts).
# It refuses a system that is already up (its setting is not this script's to choose). Run it under the build lock as
# one command: flock /tmp/provtest-build.lock bench/preflight.sh 20 150
#
# ALTERNATE=N (0: the two fresh systems above) measures both modes on ONE system started once, so that the variance
# between fresh starts of four JVMs drops out: the gateway, call-manager and flow-manager stay up and warm, and only
# route-manager (the one service that reads the setting) is restarted before each of 2N phases with the phase's mode
# (bench/restart_service.py: SIGTERM, then its same command and environment with BILLING_PROVIDERCALL_PREFLIGHT
# changed). The phases run in N pairs in ABBA order (on off, off on, on off, ...; OFF_FIRST=1: off on, on off, ...)
# so that a steady drift over the run cancels out of the pairs; each phase: route-manager restarted, WARMUP s at
# WARMUP_RATE (it is cold again), the queues drained, then the rates. Before the first phase the whole system warms
# up: START_WARMUP s (60) at WARMUP_RATE, then the rates once (phase 0, checks on, not compared). The system still
# gets faster phase after phase (bench/README.md, "Pre-flight on / off on one system"), more steeply at the start
# than a pair order cancels: compare runs with both OFF_FIRST values, or more pairs.
# Prints one table per phase and rate, then per rate the accept p99 on / off of each pair, their geometric mean, and
# the ratio of the pooled p99s (every accepted request of the phases with the checks against those without).
#   ALTERNATE=2 DURATION=40 WARMUP=30 bench/preflight.sh 20 150      (about 16 minutes)
#
# MIXED=1 measures both kinds of request at the same time on ONE system: scripts/run.sh once with
# BILLING_PROVIDERCALL_PREFLIGHT=alternate-for-benchmark, so that route-manager skips the checks for every second
# provider call (and says so in that call's warnings), nothing restarted. The two kinds share every queue, every
# connection and every CPU moment of one warm system; the only difference between them is the pre-flight. The
# system warms up START_WARMUP s (60) at WARMUP_RATE/s, the queues are drained, then each rate runs DURATION s
# (WARMUP is not used). providercalls.py sorts the accepted requests by the warning. Prints per rate: offered,
# accepted with the checks / without, refused by reason and failures (a refused request has no record to say
# which kind it was), accept p50, p99 and mean with / without, p99 on / off and mean on − off, each of these two
# with a 95 % bootstrap interval (how far it could move by chance alone: a p99 is a few requests). What it
# measures: the latency the pre-flight adds to a request on a shared system; not what it costs in capacity (a
# checked request holds an orchestration slot longer, which here slows both kinds alike).
#   MIXED=1 DURATION=60 bench/preflight.sh 20 150      (about 5 minutes after the start)
set -euo pipefail
cd "$(dirname "$0")/.."
GATEWAY=${GATEWAY:-http://127.0.0.1:8080}
export GATEWAY DURATION=${DURATION:-60} WARMUP=${WARMUP:-30} WARMUP_RATE=${WARMUP_RATE:-20} SIPP_ALONE=0
rates=${*:-150}
if [ "${MIXED:-0}" != 0 ] && [ "${ALTERNATE:-0}" != 0 ]; then
  echo "preflight: MIXED and ALTERNATE are two different methods; set one" >&2
  exit 2
fi
if curl -sf "$GATEWAY/q/health/ready" >/dev/null 2>&1; then
  echo "preflight: a system is already up on $GATEWAY; stop it first (this run starts its own, with the setting it needs)" >&2
  exit 2
fi
. bench/system.sh
work=$(umask 077; mktemp -d)
finish() { stop_started_system; rm -rf "$work"; }
trap finish EXIT
# MIXED and ALTERNATE: the one system of the run, started and warmed up as a whole ($1 says how it is run);
# the warm-up's figures go to $work/start.json
start_once_and_warm_up() {
  echo "== starting the system once ($1)"
  ensure_system_up "$GATEWAY"
  trap finish EXIT # ensure_system_up set its own
  if [ -z "$started" ] || ! curl -sf "$GATEWAY/q/health/ready" >/dev/null; then
    echo "preflight: the system did not start; see $STATE_DIR/logs/bench-run.log" >&2
    exit 1
  fi
  echo "== the whole system warms up: $START_WARMUP s at $WARMUP_RATE/s"
  RESULTS=$work/start.json DURATION=$START_WARMUP WARMUP=0 python3 bench/providercalls.py "$WARMUP_RATE"
}

if [ "${MIXED:-0}" != 0 ]; then
  [ "$MIXED" = 1 ] || { echo "preflight: MIXED must be 1 (got '$MIXED')" >&2; exit 2; }
  START_WARMUP=${START_WARMUP:-60}
  # run.sh passes the environment on to every service; route-manager is the only one that reads it
  export BILLING_PROVIDERCALL_PREFLIGHT=alternate-for-benchmark
  start_once_and_warm_up "MIXED=1: route-manager skips the pre-flight for every second provider call"
  # a route-manager that ignored the setting (one built before it existed) would make every request "on"
  if ! python3 -c 'import json, sys; sys.exit(0 if json.load(open(sys.argv[1]))[0]["accepted_off"] else 1)' \
      "$work/start.json"; then
    echo "preflight: no provider call of the warm-up went without the pre-flight: route-manager did not take" \
      "BILLING_PROVIDERCALL_PREFLIGHT=alternate-for-benchmark" >&2
    exit 1
  fi
  wait_for_drained_queues 120
  # shellcheck disable=SC2086 # the rates are words
  RESULTS=$work/mixed.json WARMUP=0 python3 bench/providercalls.py $rates
  wait_for_drained_queues 120 # the system must not stop with this run's hang-ups still queued
  python3 - "$work" "$DURATION" "$WARMUP_RATE" "$START_WARMUP" <<'EOF'
import json, random, sys
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, "bench")
from providercalls import counts, ms, percentile  # noqa: E402  (percentile: the nearest rank, as each bucket's own p99)
work, duration, warmup_rate, start_warmup = sys.argv[1:]
rng = random.Random(16)  # a fixed seed: the same results print the same intervals
def interval(on, off, stat, n=1000):
    """95 % bootstrap interval of stat(on, off): each bucket resampled with replacement, n times. The p99 of a few
    hundred requests is their few slowest, so this says how far the printed figure could move by chance alone."""
    values = sorted(stat(rng.choices(on, k=len(on)), rng.choices(off, k=len(off))) for _ in range(n))
    return values[int(0.025 * n)], values[int(0.975 * n) - 1]
mean = lambda v: sum(v) / len(v) if v else float("nan")
print("\nPre-flight on / off interleaved on one system (BILLING_PROVIDERCALL_PREFLIGHT=alternate-for-benchmark: every"
      " second provider call without the checks): POST /v1.0/providercalls through the gateway, %s s per rate after"
      " %s s at %s/s\n" % (duration, start_warmup, warmup_rate))
print("| phase | rate | offered | accepted on / off | refused (by reason) | failures | accept p50 on / off |"
      " accept p99 on / off | accept mean on / off | p99 on / off (95 % interval) | mean on − off (95 % interval) |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
notes = []
for name, label in (("start", "system warm-up"), ("mixed", "measured")):
    for r in json.load(open("%s/%s.json" % (work, name))):
        on, off = r["accept_ms_on"], r["accept_ms_off"]
        ratio, diff = "-", "-"
        if on and off:
            lo, hi = interval(on, off, lambda a, b: percentile(a, 99) / percentile(b, 99))
            ratio = "%.2f (%.2f–%.2f)" % (r["acc99_on"] / r["acc99_off"], lo, hi)
            lo, hi = interval(on, off, lambda a, b: mean(a) - mean(b))
            diff = "%+.1f ms (%+.1f to %+.1f)" % (mean(on) - mean(off), lo, hi)
        print("| %s | %d/s | %d | %d / %d | %d (%s) | %d | %s / %s | %s / %s | %s / %s | %s | %s |" % (
            label, r["rate"], r["offered"], r["accepted_on"], r["accepted_off"], r["refused"], counts(r["refused_by"]),
            r["failures"], ms(r["acc50_on"]), ms(r["acc50_off"]), ms(r["acc99_on"]), ms(r["acc99_off"]),
            ms(mean(on)), ms(mean(off)), ratio, diff))
        if r["kinds"]:
            notes.append("- %s %d/s: failures / unfinished: %s" % (label, r["rate"], counts(r["kinds"])))
print()
print("\n".join(notes))
EOF
  exit 0
fi

if [ "${ALTERNATE:-0}" != 0 ]; then
  [[ "$ALTERNATE" =~ ^[1-9][0-9]*$ ]] || { echo "preflight: ALTERNATE must be a number of pairs (got '$ALTERNATE')" >&2; exit 2; }
  START_WARMUP=${START_WARMUP:-60}
  restarted=""
  stop_restarted() { # the route-manager restart_service.py started (nobody's child): SIGTERM, SIGKILL after 30 s
    [ -n "$restarted" ] || return 0
    kill -TERM "$restarted" 2>/dev/null || true
    for _ in $(seq 1 300); do
      case "$(ps -o stat= -p "$restarted" 2>/dev/null || true)" in "" | Z*) restarted=""; return 0 ;; esac
      sleep 0.1
    done
    kill -KILL "$restarted" 2>/dev/null || true
    restarted=""
  }
  finish() { stop_restarted; stop_started_system; rm -rf "$work"; }
  export BILLING_PROVIDERCALL_PREFLIGHT=enforced
  start_once_and_warm_up "ALTERNATE=$ALTERNATE: route-manager restarted before each phase"
  wait_for_drained_queues 120
  echo "== phase 0 (not compared): the rates once, on the route-manager scripts/run.sh started (checks on)"
  # shellcheck disable=SC2086 # the rates are words
  RESULTS=$work/0.json WARMUP=0 python3 bench/providercalls.py $rates
  wait_for_drained_queues 120
  order=""
  for pair in $(seq 1 "$ALTERNATE"); do
    if [ $(((pair + ${OFF_FIRST:-0}) % 2)) = 1 ]; then order+=" enforced skipped-for-benchmark"
    else order+=" skipped-for-benchmark enforced"; fi
  done
  n=0
  for mode in $order; do
    n=$((n + 1))
    echo "== phase $n of $((2 * ALTERNATE)): route-manager restarted with pre-flight $mode"
    # restart_service.py stops the route-manager running now itself (run.sh's, or the previous phase's)
    restarted=$(python3 bench/restart_service.py route-manager BILLING_PROVIDERCALL_PREFLIGHT="$mode")
    echo "$mode" > "$work/$n.mode"
    RESULTS=$work/$n-warmup.json DURATION=$WARMUP WARMUP=0 python3 bench/providercalls.py "$WARMUP_RATE"
    wait_for_drained_queues 120
    # shellcheck disable=SC2086 # the rates are words
    RESULTS=$work/$n.json WARMUP=0 python3 bench/providercalls.py $rates
    wait_for_drained_queues 120 # the next route-manager must not start with this phase's backlog
  done
  python3 - "$work" "$n" "$DURATION" "$WARMUP" "$WARMUP_RATE" "$START_WARMUP" <<'EOF'
import json, math, sys
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, "bench")
from providercalls import counts, ms, percentile  # noqa: E402  (percentile: the nearest rank of each phase's own p99)
work, phases, duration, warmup, warmup_rate, start_warmup = sys.argv[1], int(sys.argv[2]), *sys.argv[3:]
label = {"enforced": "on", "skipped-for-benchmark": "off"}
load = lambda name: json.load(open("%s/%s.json" % (work, name)))
mode = {n: open("%s/%d.mode" % (work, n)).read().strip() for n in range(1, phases + 1)}
pairs = [(n, n + 1) if mode[n] == "enforced" else (n + 1, n) for n in range(1, phases + 1, 2)]  # (on, off)
partner = {p[i]: p[1 - i] for p in pairs for i in (0, 1)}
rows = {}  # (phase, "warm-up" | "measured", rate) -> the phase's result
for n in range(1, phases + 1):
    for kind, name in (("warm-up", "%d-warmup" % n), ("measured", str(n))):
        for r in load(name):
            rows[(n, kind, r["rate"])] = r
rates = sorted({rate for (_, kind, rate) in rows if kind == "measured"})
print("\nPre-flight on / off on one system started once: POST /v1.0/providercalls through the gateway; route-manager"
      " restarted before each phase with its mode, %s s at %s/s after each restart, then %s s per rate (the whole"
      " system warmed up %s s at %s/s, then phase 0, first)\n"
      % (warmup, warmup_rate, duration, start_warmup, warmup_rate))
print("| phase | rate | pre-flight | offered | accepted | refused (by reason) | failures | accept p50 | accept p99 |"
      " accept p99 on / off |")
print("|---|---|---|---|---|---|---|---|---|---|")
notes = []
def line(name, r, on_off, ratio):
    print("| %s | %d/s | %s | %d | %d | %d (%s) | %d | %s | %s | %s |" % (
        name, r["rate"], on_off, r["offered"], r["accepted"], r["refused"], counts(r["refused_by"]), r["failures"],
        ms(r["acc50"]), ms(r["acc99"]), ratio))
    if r["kinds"]:
        notes.append("- %s %d/s, pre-flight %s: failures / unfinished: %s" % (name, r["rate"], on_off, counts(r["kinds"])))
for r in load("start"):
    line("system warm-up", r, "on", "-")
for r in load("0"):
    line("0 (not compared)", r, "on", "-")
for (n, kind, rate), r in sorted(rows.items(), key=lambda kv: (kv[0][0], kv[0][1] != "warm-up", kv[0][2])):
    ratio = "-"
    other = rows.get((partner[n], kind, rate))
    if mode[n] == "enforced" and other and other["acc99"] == other["acc99"] and r["acc99"] == r["acc99"]:
        ratio = "%.2f (phase %d)" % (r["acc99"] / other["acc99"], partner[n])
    line("%d%s" % (n, " warm-up" if kind == "warm-up" else ""), r, label[mode[n]], ratio)
print("\nPer rate, over the %d pairs (phases on / off: %s):\n" % (len(pairs), ", ".join("%d / %d" % p for p in pairs)))
print("| rate | accept p99 on / off per pair | geometric mean | pooled accept p99 on / off | pooled accept p50 on / off |"
      " accepted on / off | refused on / off | failures on / off |")
print("|---|---|---|---|---|---|---|---|")
for rate in rates:
    on = [rows[(p[0], "measured", rate)] for p in pairs]
    off = [rows[(p[1], "measured", rate)] for p in pairs]
    ratios = [a["acc99"] / b["acc99"] for a, b in zip(on, off)]
    pooled_on = [t for r in on for t in r["accept_ms"]]
    pooled_off = [t for r in off for t in r["accept_ms"]]
    p99_on, p99_off = percentile(pooled_on, 99), percentile(pooled_off, 99)
    total = lambda runs, field: sum(r[field] for r in runs)
    print("| %d/s | %s | %.2f | %s / %s = %.2f | %s / %s | %d / %d | %d / %d | %d / %d |" % (
        rate, ", ".join("%.2f" % x for x in ratios), math.exp(sum(map(math.log, ratios)) / len(ratios)),
        ms(p99_on), ms(p99_off), p99_on / p99_off, ms(percentile(pooled_on, 50)), ms(percentile(pooled_off, 50)),
        total(on, "accepted"), total(off, "accepted"), total(on, "refused"), total(off, "refused"),
        total(on, "failures"), total(off, "failures")))
print()
print("\n".join(notes))
EOF
  exit 0
fi

modes="enforced skipped-for-benchmark"
[ "${OFF_FIRST:-0}" = 1 ] && modes="skipped-for-benchmark enforced"
for mode in $modes; do
  echo "== pre-flight $mode: starting the system"
  export BILLING_PROVIDERCALL_PREFLIGHT=$mode
  ensure_system_up "$GATEWAY"
  trap finish EXIT # ensure_system_up set its own
  if [ -z "$started" ] || ! curl -sf "$GATEWAY/q/health/ready" >/dev/null; then
    echo "preflight: the system did not start; see $STATE_DIR/logs/bench-run.log" >&2
    exit 1
  fi
  # shellcheck disable=SC2086 # the rates are words
  RESULTS=$work/$mode.json python3 bench/providercalls.py $rates
  wait_for_drained_queues 120 # the next system must not start with this one's backlog
  stop_started_system
  started=""
  for _ in $(seq 1 120); do curl -sf "$GATEWAY/q/health/ready" >/dev/null 2>&1 || break; sleep 0.5; done
done

python3 - "$work" "$DURATION" "$WARMUP" "$WARMUP_RATE" <<'EOF'
import json, sys
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, "bench")
from providercalls import counts, ms  # noqa: E402
work, duration, warmup, warmup_rate = sys.argv[1:]
runs = {m: json.load(open("%s/%s.json" % (work, m))) for m in ("enforced", "skipped-for-benchmark")}
label = {"enforced": "on", "skipped-for-benchmark": "off"}
print("\nPre-flight on / off: POST /v1.0/providercalls through the gateway, %s s per rate after %s s at %s/s, each run"
      " on a freshly started system\n" % (duration, warmup, warmup_rate))
print("| phase | rate | pre-flight | offered | accepted | refused (by reason) | failures | accept p50 | accept p99 |"
      " accept p99 on / off |")
print("|---|---|---|---|---|---|---|---|---|---|")
off = {(r["label"], r["rate"]): r for r in runs["skipped-for-benchmark"]}
notes = []
for on in runs["enforced"]:
    key = (on["label"], on["rate"])
    for mode, r in (("enforced", on), ("skipped-for-benchmark", off.get(key))):
        if r is None:
            continue
        ratio = "-"
        other = off.get(key)
        if mode == "enforced" and other and other["acc99"] == other["acc99"] and on["acc99"] == on["acc99"]:
            ratio = "%.2f" % (on["acc99"] / other["acc99"])
        print("| %s | %d/s | %s | %d | %d | %d (%s) | %d | %s | %s | %s |" % (
            r["label"], r["rate"], label[mode], r["offered"], r["accepted"], r["refused"], counts(r["refused_by"]),
            r["failures"], ms(r["acc50"]), ms(r["acc99"]), ratio))
        if r["kinds"]:
            notes.append("- %s %d/s, pre-flight %s: failures / unfinished: %s" % (r["label"], r["rate"], label[mode],
                                                                                  counts(r["kinds"])))
    other = off.get(key)
    if on["label"] != "warm-up" and other and on["refused"] and other["refused"]:
        notes.append("- %d/s: refused as busy in both runs (%d with the pre-flight, %d without): the p99s compare the"
                     " accepted calls only" % (on["rate"], on["refused"], other["refused"]))
print()
print("\n".join(notes))
EOF
