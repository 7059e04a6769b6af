#!/usr/bin/env python3
"""Provider-call benchmark: POST /v1.0/providercalls at a fixed rate through the whole system against a SIPp
carrier that answers, then reads every call back. Prints a table: accept latency (HTTP answer), call setup latency
(tm_create -> tm_progressing on the Call, i.e. until the carrier's 200 OK), calls/s and failures, and the rate a
bare SIPp UAC -> SIPp UAS pair reaches on the same machine for comparison.

Usage: bench/providercalls.py [rate/s ...]      (the system must be up: scripts/run.sh)
Env: GATEWAY (http://127.0.0.1:8080), DURATION (seconds per rate, 20), ADMIN_PASSWORD (else the state file).
"""
import json, os, subprocess, sys, tempfile, threading, time, urllib.request
from concurrent.futures import ThreadPoolExecutor
from collections import Counter

GW = os.environ.get("GATEWAY", "http://127.0.0.1:8080")
DURATION = int(os.environ.get("DURATION", "20"))
STATE = os.environ.get("PROVTEST_STATE_DIR", "/var/tmp/provtest")
CARRIER_PORT = 5190


def http(method, path, body=None, token=None):
    req = urllib.request.Request(GW + path, method=method, data=None if body is None else json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def ms(t):
    return time.mktime(time.strptime(t[:19], "%Y-%m-%dT%H:%M:%S")) + float("0." + t[20:26])


def carrier(rate):
    scenario = os.path.join(os.path.dirname(__file__), "..", "e2e-tests", "src", "test", "resources", "sipp",
                            "uas_answer_wait_bye.xml")
    return subprocess.Popen(["sipp", "-sf", scenario, "-i", "127.0.0.1", "-p", str(CARRIER_PORT), "-ci", "127.0.0.1",
                             "-cp", str(CARRIER_PORT + 1), "-mi", "127.0.0.1", "-mp", str(CARRIER_PORT + 10), "-nostdin", "-m", "100000"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run(rate, token, provider):
    body = {"provider_id": provider, "source": {"type": "tel", "target": "+14155551234"},
            "destinations": [{"type": "tel", "target": "+821012345678"}],
            "actions": [{"type": "answer"}, {"type": "hangup"}]}
    accept, calls, failures = [], [], []
    lock = threading.Lock()

    def one():
        start = time.perf_counter()
        status, answer = http("POST", "/v1.0/providercalls", body, token)
        elapsed = (time.perf_counter() - start) * 1000
        with lock:
            if status == 200:
                accept.append(elapsed)
                calls.extend(answer["call_ids"])
            else:
                failures.append("%d %s" % (status, ((answer or {}).get("error") or {}).get("reason", "")))

    with ThreadPoolExecutor(max_workers=64) as pool:
        begin = time.perf_counter()
        n = rate * DURATION
        for i in range(n):
            delay = begin + i / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one)
    wall = time.perf_counter() - begin
    time.sleep(3)
    setup, unfinished, bad = [], 0, []
    for call_id in calls:
        for _ in range(50):
            _, call = http("GET", "/v1.0/calls/" + call_id, None, token)
            if call["status"] == "hangup":
                break
            time.sleep(0.2)
        if call["status"] != "hangup":
            unfinished += 1
        elif call["hangup_reason"] != "normal":
            bad.append("call " + call["hangup_reason"])
        elif call.get("tm_progressing"):
            setup.append((ms(call["tm_progressing"]) - ms(call["tm_create"])) * 1000)
    return {"rate": rate, "sent": rate * DURATION, "accepted": len(accept), "per_s": len(accept) / wall,
            "acc50": percentile(accept, 50), "acc99": percentile(accept, 99), "set50": percentile(setup, 50),
            "set99": percentile(setup, 99), "failures": len(failures) + len(bad), "unfinished": unfinished,
            "kinds": Counter(failures + bad)}


def sipp_alone(rate):
    """Bare SIPp UAC -> SIPp UAS with the same call shape, for the ratio."""
    with tempfile.TemporaryDirectory() as d:
        uas = subprocess.Popen(["sipp", "-sn", "uas", "-i", "127.0.0.1", "-p", "5290", "-ci", "127.0.0.1", "-cp", "5291",
                                "-nostdin", "-mi", "127.0.0.1", "-mp", "5300"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)
        n = rate * DURATION
        start = time.perf_counter()
        subprocess.run(["sipp", "-sn", "uac", "127.0.0.1:5290", "-i", "127.0.0.1", "-p", "5280", "-ci", "127.0.0.1", "-cp", "5281",
                        "-mi", "127.0.0.1", "-mp", "5310", "-r", str(rate), "-m", str(n), "-nostdin", "-trace_stat", "-stf",
                        d + "/s.csv"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=DURATION + 60)
        wall = time.perf_counter() - start
        uas.terminate()
        rows = open(d + "/s.csv").read().strip().splitlines()
        header, last = rows[0].split(";"), rows[-1].split(";")
        ok = int(last[header.index("SuccessfulCall(C)")])
        return ok / wall, ok, n


def main():
    rates = [int(r) for r in sys.argv[1:]] or [20, 50]
    password = os.environ.get("ADMIN_PASSWORD") or open(STATE + "/bootstrap-admin.txt").read().split("password=")[1].strip()
    _, login = http("POST", "/auth/login", {"username": "admin", "password": password})
    token = login["token"]
    sipp = carrier(max(rates))
    time.sleep(0.5)
    provider = None
    try:
        _, provider = http("POST", "/v1.0/providers", {"type": "sip", "hostname": "127.0.0.1:%d" % CARRIER_PORT,
                                                       "name": "bench-carrier"}, token)
        run(5, token, provider["id"]) if DURATION >= 10 else None  # warm-up
        results = [run(rate, token, provider["id"]) for rate in rates]
    finally:
        sipp.terminate()
        if provider and "id" in provider:  # the system is left with no carrier pointing at a SIPp that is gone
            http("DELETE", "/v1.0/providers/" + provider["id"], None, token)
    print("\nPOST /v1.0/providercalls through gateway -> route-manager -> flow-manager/call-manager -> SIP (%d s per rate)\n"
          % DURATION)
    print("| target rate | sent | accepted | provider calls/s | accept p50 | accept p99 | setup p50 | setup p99 |"
          " failures | unfinished |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print("| %d/s | %d | %d | %.1f | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %d | %d |" % (
            r["rate"], r["sent"], r["accepted"], r["per_s"], r["acc50"], r["acc99"], r["set50"], r["set99"],
            r["failures"], r["unfinished"]))
    for r in results:
        if r["kinds"]:
            print("failures at %d/s: %s" % (r["rate"], ", ".join("%s x%d" % kv for kv in r["kinds"].most_common())))
    rate = max(rates)
    alone, ok, n = sipp_alone(rate)
    ours = max(r["per_s"] for r in results if r["rate"] == rate)
    print("\nSIPp UAC -> SIPp UAS alone at %d/s: %.1f calls/s (%d of %d ok); ours / SIPp alone = %.2f"
          % (rate, alone, ok, n, ours / alone if alone else float("nan")))


if __name__ == "__main__":
    main()
