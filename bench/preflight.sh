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
set -euo pipefail
cd "$(dirname "$0")/.."
GATEWAY=${GATEWAY:-http://127.0.0.1:8080}
export GATEWAY DURATION=${DURATION:-60} WARMUP=${WARMUP:-30} WARMUP_RATE=${WARMUP_RATE:-20} SIPP_ALONE=0
rates=${*:-150}
if curl -sf "$GATEWAY/q/health/ready" >/dev/null 2>&1; then
  echo "preflight: a system is already up on $GATEWAY; stop it first (this run starts its own, twice)" >&2
  exit 2
fi
. bench/system.sh
work=$(umask 077; mktemp -d)
finish() { stop_started_system; rm -rf "$work"; }
trap finish EXIT

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
work, duration, warmup, warmup_rate = sys.argv[1:]
runs = {m: json.load(open("%s/%s.json" % (work, m))) for m in ("enforced", "skipped-for-benchmark")}
label = {"enforced": "on", "skipped-for-benchmark": "off"}
ms = lambda v: "-" if v != v else "%.1f ms" % v
by = lambda c: ", ".join("%s x%d" % kv for kv in sorted(c.items(), key=lambda kv: -kv[1])) or "-"
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
            r["label"], r["rate"], label[mode], r["offered"], r["accepted"], r["refused"], by(r["refused_by"]),
            r["failures"], ms(r["acc50"]), ms(r["acc99"]), ratio))
        if r["kinds"]:
            notes.append("- %s %d/s, pre-flight %s: failures / unfinished: %s" % (r["label"], r["rate"], label[mode],
                                                                                  by(r["kinds"])))
    other = off.get(key)
    if on["label"] != "warm-up" and other and on["refused"] and other["refused"]:
        notes.append("- %d/s: refused as busy in both runs (%d with the pre-flight, %d without): the p99s compare the"
                     " accepted calls only" % (on["rate"], on["refused"], other["refused"]))
print()
print("\n".join(notes))
EOF
