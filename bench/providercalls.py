#!/usr/bin/env python3
"""Provider-call benchmark through the whole system: POST /v1.0/providercalls at fixed rates through the gateway
(route-manager -> flow-manager/call-manager -> SIP) against a SIPp carrier that answers and waits for our BYE (the
flow answers, then hangs up). Per rate: offered, accepted, refused (a typed "busy": *_BUSY or 429) apart from
failures (and by who refused: the refusal's message, its numbers as N), accept latency (the HTTP answer to the
POST), call setup (tm_create -> tm_progressing, the carrier's 200 OK),
the calls still up 10 s after the last accept (must be 0), then SIPp UAC -> SIPp UAS alone at the same rate for the
ratio. Prints one markdown table (README, "Measurements", says what each column means).

Each accepted request is also sorted by whether route-manager ran its pre-flight on it: a provider call placed without
the checks (route-manager's BILLING_PROVIDERCALL_PREFLIGHT=skipped-for-benchmark, or every second one with
alternate-for-benchmark: bench/preflight.sh's MIXED=1) carries a warning saying so. Per phase: accepted, accept p50
and p99 with the checks ("on") and without ("off"), in RESULTS and, when any request went without them, in a second
table.

Each service's resident memory (every quarkus-run.jar on this machine, as the kernel counts it) is sampled every 2 s;
the largest per phase is printed in a third table.

Usage: bench/providercalls.py [rate/s ...]      (default 100 200; the system must be up: scripts/run.sh)
Env: GATEWAY (http://127.0.0.1:8080), DURATION (seconds per rate, 60), WARMUP (seconds at WARMUP_RATE first, 5; 0 for
none; a warm-up over 10 s labels the rates "warm" instead of "fresh"), WARMUP_RATE (20/s), SOAK (seconds at SOAK_RATE
after the warm-up, 0: none; SOAK=300 measures the rates after a 5-minute soak, their phase then "after soak"), SOAK_RATE
(50/s, about half of what this machine serves), SIPP_ALONE (1; 0 skips the SIPp-alone runs), RESULTS (a file the
phases are also written to as JSON, for bench/preflight.sh: each phase's figures and its accepted requests' times),
ADMIN_PASSWORD (else the state folder's bootstrap-admin.txt).
"""
import atexit, json, os, re, signal, subprocess, sys, tempfile, threading, time, urllib.parse
from concurrent.futures import ThreadPoolExecutor
from collections import Counter
from datetime import datetime
from http.client import HTTPConnection, HTTPException

GW = os.environ.get("GATEWAY", "http://127.0.0.1:8080")
DURATION = int(os.environ.get("DURATION", "60"))
WARMUP = int(os.environ.get("WARMUP", "5"))
WARMUP_RATE = int(os.environ.get("WARMUP_RATE", "20"))
SOAK = int(os.environ.get("SOAK", "0"))
SOAK_RATE = int(os.environ.get("SOAK_RATE", "50"))
SIPP_ALONE = os.environ.get("SIPP_ALONE", "1") != "0"
RESULTS = os.environ.get("RESULTS")
STATE = os.environ.get("PROVTEST_STATE_DIR", "/var/tmp/provtest")
CARRIER_PORT = 5190
GRACE = 10.0  # seconds after the last accept: every call must have ended by then
SENDERS = 128  # requests in flight at most; beyond that the bench itself lags, which "sent at" shows
# how the warning on a provider call placed without the pre-flight begins (route-manager's
# PreflightService.SKIPPED_WARNING_START)
SKIPPED_WARNING = "The pre-flight was skipped for a benchmark"

_gw = urllib.parse.urlsplit(GW)
_local = threading.local()
_children = []


def http(method, path, body=None, token=None):
    """One request on this thread's keep-alive connection (opened again after an error)."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = None if body is None else json.dumps(body)
    for attempt in (1, 2):
        conn = getattr(_local, "conn", None)
        if conn is None:
            conn = _local.conn = HTTPConnection(_gw.hostname, _gw.port or 80, timeout=30)
        try:
            conn.request(method, path, body=data, headers=headers)
            r = conn.getresponse()
            raw = r.read()
            return r.status, json.loads(raw or b"null")
        except (HTTPException, OSError):
            conn.close()
            _local.conn = None
            if attempt == 2:
                raise


def percentile(values, p):
    """Nearest rank, as bench/calls.sh."""
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def is_refusal(status, error):
    """A typed "not now" instead of taking the call, counted apart from failures (BenchRules.isRefusal's rule)."""
    reason = (error or {}).get("reason") or ""
    return reason.endswith("_BUSY") or status == 429


def refusal_kind(status, error):
    """A refusal counted by who refused and why, its numbers as N (BenchRules.refusalKind's rule): "503 SERVICE_BUSY
    (route-manager is at its limit of concurrent POST /v1/providercalls requests)" tells route-manager's orchestration
    slots from call-manager's create limit and its engine's lag (python3 -m doctest bench/providercalls.py).

    >>> refusal_kind(503, {"reason": "SERVICE_BUSY", "message": "route-manager is at its limit of concurrent"
    ...                    " POST /v1/providercalls requests; retry after 1 s."})
    '503 SERVICE_BUSY (route-manager is at its limit of concurrent POST /v1/providercalls requests)'
    >>> refusal_kind(503, {"reason": "SERVICE_BUSY", "message": "No call was placed: the engine is 312 ms behind."
    ...                    " Retry after 1 s."})
    '503 SERVICE_BUSY (the engine is N ms behind)'
    """
    message = re.sub(r"^No call was placed: ", "", (error or {}).get("message") or "")
    message = re.sub(r"(?i)[.;]? ?retry after [0-9]+ s\.$", "", message)
    return "%d %s (%s)" % (status, (error or {}).get("reason"), re.sub(r"\b[0-9]+(\.[0-9]+)?\b", "N", message))


def rate_label(warmup_s, soak_s):
    """What a rate's phase is called: "after soak" after a soak; "warm" after a warm-up longer than the default's
    few seconds (WARMUP=180 is three minutes of load, not a fresh system); otherwise "fresh".

    >>> rate_label(5, 0), rate_label(180, 0), rate_label(5, 300)
    ('fresh', 'warm', 'after soak')
    """
    if soak_s > 0:
        return "after soak"
    return "warm" if warmup_s > 10 else "fresh"


def preflight_skipped(answer):
    """Whether route-manager placed this provider call without its pre-flight (its answer's warning says so)."""
    return any(isinstance(w, str) and w.startswith(SKIPPED_WARNING) for w in (answer or {}).get("warnings") or [])


def seconds(t):
    return datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp()


def ack_delays(calls):
    """ACK delay p99 and how many answered calls had none, from call-manager's own SIP trace (the same rule as
    bench/calls.sh: our first ACK sent minus the first 200 OK to the INVITE received). Read with psql, the password
    from the state folder through the environment; None when the database cannot be read."""
    if not calls:
        return None
    creds = dict(line.split("=", 1) for line in open(STATE + "/pg-credentials.txt").read().split() if "=" in line)
    env = dict(os.environ, PGPASSWORD=creds.get("password", ""), PGUSER=creds.get("username", "provtest"),
               PGHOST=os.environ.get("DB_HOST", "127.0.0.1"), PGPORT=os.environ.get("DB_PORT", "55432"),
               PGDATABASE=os.environ.get("DB_NAME", "provtest"))
    ok = ("direction = 'received' and first_line like 'SIP/2.0 200%'"
          " and raw ~* '(^|\\n)CSeq:\\s*[0-9]+\\s+INVITE'")
    sql = ("with t as (select call_id, min(tm) filter (where %s) as ok,"
           " min(tm) filter (where direction = 'sent' and first_line like 'ACK %%') as ack"
           " from call_manager.sip_message where call_id = any('{%s}'::uuid[]) group by call_id)"
           " select percentile_cont(0.99) within group (order by extract(epoch from ack - ok) * 1000),"
           " count(*) filter (where ack is null) from t where ok is not null;" % (ok, ",".join(calls)))
    try:
        out = subprocess.run(["psql", "-qAt", "-v", "ON_ERROR_STOP=1", "-F", " "], input=sql, env=env,
                             capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0 or not out.stdout.strip():
        return None
    p99, unacked = out.stdout.split()
    return float(p99) if p99 else float("nan"), int(unacked)


def sipp(args):
    p = subprocess.Popen(["sipp"] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _children.append(p)
    return p


def stop_children():
    for p in _children:
        if p.poll() is None:
            p.kill()
            p.wait()


class RssSampler(threading.Thread):
    """Every service's resident memory every 2 s (the JVM's whole footprint, as bench/calls.sh samples it): a
    service is a process running <service>/target/quarkus-app/quarkus-run.jar (replicas of one count as one)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples = []  # (time, service, kB)
        self.done = threading.Event()

    def run(self):
        while True:
            now = time.time()
            for pid in filter(str.isdigit, os.listdir("/proc")):
                try:
                    args = open("/proc/%s/cmdline" % pid, "rb").read().decode(errors="replace").split("\0")
                    jar = next((a for a in args if a.endswith("target/quarkus-app/quarkus-run.jar")), None)
                    if jar is None:
                        continue
                    kb = next(int(line.split()[1]) for line in open("/proc/%s/status" % pid)
                              if line.startswith("VmRSS:"))
                except (OSError, StopIteration, ValueError):
                    continue  # gone meanwhile, or a kernel thread
                self.samples.append((now, jar.split("/target/")[0].split("/")[-1], kb))
            if self.done.wait(2.0):
                return

    def largest(self, start, end):
        """The largest RSS of each service sampled between start and end, in MB."""
        found = {}
        for t, service, kb in list(self.samples):
            if start <= t <= end:
                found[service] = max(found.get(service, 0), kb // 1024)
        return found


def carrier():
    scenario = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e-tests", "src", "test", "resources",
                            "sipp", "uas_answer_wait_bye.xml")
    return sipp(["-sf", scenario, "-i", "127.0.0.1", "-p", str(CARRIER_PORT), "-ci", "127.0.0.1",
                 "-cp", str(CARRIER_PORT + 1), "-mi", "127.0.0.1", "-mp", str(CARRIER_PORT + 10), "-nostdin",
                 "-m", "10000000", "-max_socket", "5000"])


def offer(rate, seconds_, token, provider):
    body = {"provider_id": provider, "source": {"type": "tel", "target": "+14155551234"},
            "destinations": [{"type": "tel", "target": "+821012345678"}],
            "actions": [{"type": "answer"}, {"type": "hangup"}]}
    accept, calls, refused, failures = [], [], Counter(), Counter()
    accept_by = {"on": [], "off": []}  # the accept times by pre-flight: run ("on") or skipped ("off")
    lock = threading.Lock()
    last_reply = [0.0]

    def one():
        start = time.perf_counter()
        try:
            status, answer = http("POST", "/v1.0/providercalls", body, token)
        except Exception as e:  # a broken connection is a failure of this request, not of the run
            status, answer = 0, {"error": {"reason": type(e).__name__}}
        elapsed = (time.perf_counter() - start) * 1000
        error = (answer or {}).get("error") if status != 200 else None
        with lock:
            last_reply[0] = max(last_reply[0], time.time())
            if status == 200 and answer.get("call_ids"):
                accept.append(elapsed)
                accept_by["off" if preflight_skipped(answer) else "on"].append(elapsed)
                calls.extend(answer["call_ids"])
            elif is_refusal(status, error):
                refused[refusal_kind(status, error)] += 1
            else:
                failures["create: %d %s" % (status, (error or {}).get("reason", "no call"))] += 1

    n = rate * seconds_
    with ThreadPoolExecutor(max_workers=SENDERS) as pool:
        begin = time.perf_counter()
        for i in range(n):
            delay = begin + i / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one)
        sent_per_s = (n - 1) / (time.perf_counter() - begin) if n > 1 else n
    return {"offered": n, "sent_per_s": sent_per_s, "accept": accept, "accept_by": accept_by, "calls": calls,
            "refused": refused, "failures": failures, "last_reply": last_reply[0]}


def read_back(calls, token):
    """Every accepted call once, GRACE seconds after the last accept (a few readers, not to load the system). A read
    the gateway refuses as over the client's request rate (429, which a fast machine's readers reach) is asked again
    after the retry hint, as any client does; only a read that fails otherwise counts as failed."""
    def get(call_id):
        for _ in range(20):
            try:
                status, body = http("GET", "/v1.0/calls/" + call_id, None, token)
            except Exception:
                return None
            if status != 429:
                return body
            error = body.get("error", {}) if isinstance(body, dict) else {}
            time.sleep(max(0.1, float(error.get("retry_after_seconds") or 1)))
        return None
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(get, calls))


def end_live(ids, token):
    """Calls still up were counted; they are hung up (and waited for, 40 s at most: longer than our BYE's own timeout,
    32 s, for a carrier that gave the call up) so the next rate starts clean.
    Returns how many were still up after that."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda i: http("POST", "/v1.0/calls/%s/hangup" % i, None, token), ids))
    deadline = time.time() + 40
    while ids and time.time() < deadline:
        ids = [i for i, c in zip(ids, read_back(ids, token)) if not c or c.get("status") != "hangup"]
        if ids:
            time.sleep(0.5)
    return len(ids)


def phase(label, rate, seconds_, token, provider, alone, rss):
    print("%s: %d/s for %d s" % (label, rate, seconds_), flush=True)
    begin = time.time()
    o = offer(rate, seconds_, token, provider)
    time.sleep(max(0.0, o["last_reply"] + GRACE - time.time()))
    largest_rss = rss.largest(begin, time.time())
    read = read_back(o["calls"], token)
    setup, answered, live, live_kinds, abnormal = [], [], [], Counter(), Counter()
    first_create = None
    for call_id, call in zip(o["calls"], read):
        if not call or "status" not in call:
            abnormal["read failed"] += 1
            continue
        created = seconds(call["tm_create"])
        first_create = created if first_create is None else min(first_create, created)
        if call.get("tm_progressing"):
            answered.append(seconds(call["tm_progressing"]))
            setup.append((answered[-1] - created) * 1000)
        if call["status"] != "hangup":
            live.append(call_id)
            live_kinds["still " + call["status"]] += 1
        elif call.get("hangup_reason") != "normal" or not call.get("tm_progressing"):
            abnormal["ended %s sip %s" % (call.get("hangup_reason"), call.get("sip_status_code"))] += 1
    acks = ack_delays(o["calls"])
    still_up = end_live(live, token) if live else 0
    window = max(answered) - first_create if answered else 0
    result = {"label": label, "rate": rate, "offered": o["offered"], "sent_per_s": o["sent_per_s"],
              "accepted": len(o["accept"]), "refused": sum(o["refused"].values()),
              "failures": sum(o["failures"].values()) + sum(abnormal.values()),
              "setups_per_s": len(answered) / window if window > 0 else float("nan"),
              "acc50": percentile(o["accept"], 50), "acc99": percentile(o["accept"], 99),
              "set50": percentile(setup, 50), "set99": percentile(setup, 99), "live": len(live), "still_up": still_up,
              "ack99": acks[0] if acks else float("nan"), "unacked": acks[1] if acks else 0,
              "refused_by": o["refused"], "kinds": o["failures"] + abnormal + live_kinds, "alone": float("nan"),
              "accept_ms": o["accept"],  # every accepted request's time, for RESULTS (pooled percentiles)
              "rss_mb": largest_rss}
    for bucket, times in o["accept_by"].items():  # with the pre-flight ("on") and without it ("off")
        result.update({"accepted_" + bucket: len(times), "acc50_" + bucket: percentile(times, 50),
                       "acc99_" + bucket: percentile(times, 99), "accept_ms_" + bucket: times})
    if alone:
        result["alone"] = sipp_alone(rate, seconds_)
    return result


def sipp_alone(rate, seconds_):
    """Bare SIPp UAC -> SIPp UAS with the same call rate, for the ratio."""
    print("SIPp alone: %d/s for %d s" % (rate, seconds_), flush=True)
    with tempfile.TemporaryDirectory() as d:
        uas = sipp(["-sn", "uas", "-i", "127.0.0.1", "-p", "5290", "-ci", "127.0.0.1", "-cp", "5291", "-nostdin",
                    "-mi", "127.0.0.1", "-mp", "5300"])
        try:
            time.sleep(0.5)
            n = rate * seconds_
            start = time.perf_counter()
            uac = sipp(["-sn", "uac", "127.0.0.1:5290", "-i", "127.0.0.1", "-p", "5280", "-ci", "127.0.0.1",
                        "-cp", "5281", "-mi", "127.0.0.1", "-mp", "5310", "-r", str(rate), "-m", str(n), "-nostdin",
                        "-trace_stat", "-stf", d + "/s.csv"])
            try:
                uac.wait(timeout=seconds_ + 60)
            except subprocess.TimeoutExpired:
                uac.kill()
                uac.wait()
            wall = time.perf_counter() - start
        finally:
            uas.terminate()
            uas.wait()
        if not os.path.exists(d + "/s.csv"):
            return float("nan")
        rows = open(d + "/s.csv").read().strip().splitlines()
        header, last = rows[0].split(";"), rows[-1].split(";")
        return int(last[header.index("SuccessfulCall(C)")]) / wall


def ms(v):
    return "-" if v != v else "%.1f ms" % v


def counts(c, top=None):
    """A count of kinds ({kind: n}, a Counter or its JSON) as "kind xN, ...", the most frequent first; "-" if none."""
    return ", ".join("%s x%d" % kv for kv in sorted(c.items(), key=lambda kv: -kv[1])[:top]) or "-"


def report(results):
    print("\nPOST /v1.0/providercalls through gateway -> route-manager -> flow-manager/call-manager -> SIP"
          " (%d s per rate)\n" % DURATION)
    print("| phase | rate | offered | accepted | refused | failures | setups/s | accept p50 | accept p99 | setup p50 |"
          " setup p99 | ACK p99 | live at +10 s | SIPp alone | ratio |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        alone = r["alone"]
        print("| %s | %d/s | %d | %d | %d | %d | %.1f | %s | %s | %s | %s | %s | %d | %s | %s |" % (
            r["label"], r["rate"], r["offered"], r["accepted"], r["refused"], r["failures"], r["setups_per_s"],
            ms(r["acc50"]), ms(r["acc99"]), ms(r["set50"]), ms(r["set99"]), ms(r["ack99"]), r["live"],
            "-" if alone != alone else "%.1f/s" % alone,
            "-" if alone != alone or not alone else "%.2f" % (r["setups_per_s"] / alone)))
    print()
    for r in results:
        line = "- %s %d/s: sent at %.1f/s" % (r["label"], r["rate"], r["sent_per_s"])
        if r["unacked"]:
            line += "; %d answered calls with no ACK in our trace" % r["unacked"]
        if r["refused_by"]:
            line += "; refused %s" % counts(r["refused_by"])
        if r["live"]:
            line += "; the bench hung up the %d live calls (%d of them not ended within 40 s)" % (r["live"], r["still_up"])
        print(line)
        if r["kinds"]:
            print("  failures / unfinished (first 5 kinds): %s"
                  % counts(r["kinds"], 5))
    if any(r["accepted_off"] for r in results):
        print("\nAccepted requests by route-manager's pre-flight (off: placed without the checks, the answer's warning"
              " says so)\n")
        print("| phase | rate | accepted on / off | accept p50 on / off | accept p99 on / off |")
        print("|---|---|---|---|---|")
        for r in results:
            print("| %s | %d/s | %d / %d | %s / %s | %s / %s |" % (
                r["label"], r["rate"], r["accepted_on"], r["accepted_off"], ms(r["acc50_on"]), ms(r["acc50_off"]),
                ms(r["acc99_on"]), ms(r["acc99_off"])))
    services = sorted({s for r in results for s in r["rss_mb"]})
    if services:
        print("\nLargest RSS per phase (MB, sampled every 2 s from its first request to its count)\n")
        print("| phase | rate | " + " | ".join(services) + " |")
        print("|---|---|" + "---|" * len(services))
        for r in results:
            print("| %s | %d/s | " % (r["label"], r["rate"])
                  + " | ".join(str(r["rss_mb"].get(s, "-")) for s in services) + " |")


def main():
    rates = [int(r) for r in sys.argv[1:]] or [100, 200]
    # SIPp never outlives the benchmark: on a normal exit, an exception, Ctrl-C or SIGTERM
    atexit.register(stop_children)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    password = os.environ.get("ADMIN_PASSWORD") or open(STATE + "/bootstrap-admin.txt").read().split("password=")[1].split()[0]
    _, login = http("POST", "/auth/login", {"username": "admin", "password": password})
    token = login["token"]
    carrier()
    rss = RssSampler()
    rss.start()
    time.sleep(0.5)
    provider = None
    results = []
    try:
        _, provider = http("POST", "/v1.0/providers", {"type": "sip", "hostname": "127.0.0.1:%d" % CARRIER_PORT,
                                                       "name": "bench-carrier"}, token)
        if WARMUP > 0:
            results.append(phase("warm-up", WARMUP_RATE, WARMUP, token, provider["id"], False, rss))
        if SOAK > 0:
            results.append(phase("soak", SOAK_RATE, SOAK, token, provider["id"], False, rss))
        for rate in rates:
            results.append(phase(rate_label(WARMUP, SOAK), rate, DURATION, token, provider["id"], SIPP_ALONE, rss))
    finally:
        rss.done.set()
        stop_children()
        if provider and "id" in provider:  # the system is left with no carrier pointing at a SIPp that is gone
            http("DELETE", "/v1.0/providers/" + provider["id"], None, token)
    report(results)
    if RESULTS:
        with open(RESULTS, "w") as out:
            json.dump(results, out, default=float)  # the counters are dicts; NaN is written as NaN


if __name__ == "__main__":
    main()
