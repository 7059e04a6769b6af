#!/usr/bin/env python3
"""Fault-injection run (issue 17 item 8): provider calls with a flow (answer, sleep, hang up) at a fixed rate through
the gateway against a SIPp carrier, while each service in turn is killed with SIGKILL and started again (gateway,
route-manager, flow-manager, call-manager), then RabbitMQ and PostgreSQL are restarted. After the load, once the
system has had time to settle, it counts what the faults left behind and prints one markdown table (README,
"Fault injection", says what each column means; the target is 0 in every column).

With REPLICAS=N (2-9; scripts/run.sh starts N of every service, the gateways behind HAProxy on the one gateway port)
one replica of each service in turn is killed with SIGKILL and NOT started again, as a cluster loses a node: the
survivors must serve the load and finish what the dead one left (a call-manager's calls are taken over once its
lease expires). The replica killed alternates (the first gateway, the second route-manager, ...), so that neither
the replica that migrated the schemas nor the other is special.

Usage: bench/faults.sh   (starts its own system: this script only runs under it; see bench/README.md)
Env: GATEWAY (http://127.0.0.1:8080), REPLICAS (1), RATE (provider calls/s, 20), STEADY (seconds of load before the first fault
and after each recovery, 20), SETTLE (seconds at most to wait after the load for calls to end and pending records
to be reconciled, 150), RETRY_FOR (seconds a client retries a request without an answer, 90).

A client behaves as a careful one: every POST carries its own Idempotency-Key, and one that gets no answer (the
connection failed or was cut, an answer that is not the typed JSON error) or a 5xx or 409 REQUEST_IN_PROGRESS is sent
again with the same key and body, after 1, 2, 4, 8, 16, 16 … s (or the retry_after_seconds given, +-20 %), for
RETRY_FOR seconds. A client counts as answered by a 200, a final typed 4xx, or a typed "not now" (*_BUSY, 429, or a
typed 503 with retry_after_seconds). Events are counted by a quorum queue (it survives
the broker restart) bound to every "<service>.events" exchange for the whole run, read through the management API.
The database is read with psql (the password through the environment), only rows created since the run started.
"""
import atexit, base64, random, urllib.error, json, os, signal, subprocess, sys, threading, time, urllib.parse, urllib.request, uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import providercalls as pc  # noqa: E402  (its HTTP client, SIPp carrier and clean-up)

ROOT = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
RATE = int(os.environ.get("RATE", "20"))
STEADY = int(os.environ.get("STEADY", "20"))
SETTLE = int(os.environ.get("SETTLE", "150"))
RETRY_FOR = int(os.environ.get("RETRY_FOR", "90"))
SERVICES = ["api-gateway", "route-manager", "flow-manager", "call-manager"]
EXCHANGES = ["api-gateway.events", "route-manager.events", "flow-manager.events", "call-manager.events"]
LISTENER = "bench-faults-events"
ACTIONS = [{"type": "answer"}, {"type": "sleep", "option": {"duration": 2000}}, {"type": "hangup"}]
PORTS = {"api-gateway": 8080, "route-manager": 8091, "call-manager": 8092, "flow-manager": 8093}
REPLICAS = int(os.environ.get("REPLICAS", "1"))
READY_WITHIN = 120  # seconds a service gets to be ready again after a fault
_restarted = []  # Popen of the services this script started again; stopped when it exits
_abort = threading.Event()  # set on exit: clients stop retrying
_notes = []  # what happened besides the faults themselves (a service restarted for a failed liveness check)


def creds(name):
    return dict(line.split("=", 1) for line in open(os.path.join(pc.STATE, name)).read().split() if "=" in line)


def psql(sql):
    """Rows of one query as lists of strings (the services' database, the password through the environment)."""
    c = creds("pg-credentials.txt")
    env = dict(os.environ, PGPASSWORD=c.get("password", ""), PGUSER=c.get("username", "provtest"),
               PGHOST=os.environ.get("DB_HOST", "127.0.0.1"), PGPORT=os.environ.get("DB_PORT", "55432"),
               PGDATABASE=os.environ.get("DB_NAME", "provtest"))
    out = subprocess.run(["psql", "-qAt", "-v", "ON_ERROR_STOP=1", "-F", "\t"], input=sql, env=env,
                         capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        raise RuntimeError("psql: " + out.stderr.strip())
    return [line.split("\t") for line in out.stdout.splitlines() if line]


# --- the events listener (RabbitMQ management API) ---------------------------------------------------------------

def mgmt(method, path, body=None):
    c = creds("rabbitmq-credentials.txt")
    req = urllib.request.Request("http://127.0.0.1:%s/api%s" % (os.environ.get("RMQ_MGMT_PORT", "15673"), path),
                                 method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json", "Authorization": "Basic " +
                                          base64.b64encode(("%s:%s" % (c["username"], c["password"])).encode()).decode()})
    with urllib.request.urlopen(req, timeout=60) as r:
        raw = r.read()
        return json.loads(raw) if raw else None


def listen():
    """A quorum queue (its messages survive a broker restart) bound to every event of every service."""
    vhost = urllib.parse.quote(os.environ.get("BROKER_VHOST", "/"), safe="")
    try:
        mgmt("DELETE", "/queues/%s/%s" % (vhost, LISTENER))
    except urllib.error.HTTPError:
        pass
    mgmt("PUT", "/queues/%s/%s" % (vhost, LISTENER), {"durable": True, "arguments": {"x-queue-type": "quorum"}})
    for exchange in EXCHANGES:
        mgmt("PUT", "/exchanges/%s/%s" % (vhost, exchange), {"type": "topic", "durable": True})
        mgmt("POST", "/bindings/%s/e/%s/q/%s" % (vhost, exchange, LISTENER), {"routing_key": "#"})
    return vhost


def drain(vhost):
    """Every event the listener holds: Counter of (type, data.id)."""
    seen = Counter()
    while True:
        batch = mgmt("POST", "/queues/%s/%s/get" % (vhost, LISTENER),
                     {"count": 2000, "ackmode": "ack_requeue_false", "encoding": "auto", "truncate": 1000000})
        if not batch:
            break
        for m in batch:
            try:
                event = json.loads(m["payload"])
                seen[(event.get("type"), str((event.get("data") or {}).get("id")))] += 1
            except (ValueError, AttributeError):
                seen[("unreadable", "")] += 1
    mgmt("DELETE", "/queues/%s/%s" % (vhost, LISTENER))
    return seen


# --- the services' processes --------------------------------------------------------------------------------------

def port_of(service, replica):
    """The HTTP port scripts/run.sh gives a replica (1-based): its port + 100 * (replica - 1); with more than one,
    the gateways are on 8180, 8280, ... behind HAProxy on 8080."""
    if service == "api-gateway" and REPLICAS > 1:
        return PORTS[service] + 100 * replica
    return PORTS[service] + 100 * (replica - 1)


# the replicas that should be running: (service, replica); a replica killed for good leaves it
_running = [(s, r) for r in range(1, REPLICAS + 1) for s in SERVICES]


def service_pid(service, replica=1):
    """The java process of this worktree running the service's jar on the replica's port (scripts/run.sh starts it
    from the top folder, the port in its environment)."""
    jar = "%s/target/quarkus-app/quarkus-run.jar" % service
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            cmd = open("/proc/%s/cmdline" % d, "rb").read().decode().split("\0")
            cwd = os.readlink("/proc/%s/cwd" % d)
            env = open("/proc/%s/environ" % d, "rb").read().decode(errors="replace").split("\0")
        except OSError:
            continue
        if cmd and os.path.basename(cmd[0]) == "java" and jar in cmd and cwd == ROOT \
                and "QUARKUS_HTTP_PORT=%d" % port_of(service, replica) in env:
            return int(d)
    return None


def health(port, kind="ready"):
    """(up, the checks that are down as text) of /q/health/<kind>."""
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d/q/health/%s" % (port, kind), timeout=2) as r:
            return r.status == 200, ""
    except urllib.error.HTTPError as e:
        try:
            checks = json.loads(e.read()).get("checks", [])
        except ValueError:
            checks = []
        down = ["%s %s" % (k, v) for c in checks if c.get("status") != "UP"
                for k, v in (c.get("data") or {c.get("name"): "DOWN"}).items() if "KO" in str(v) or v == "DOWN"]
        return False, "; ".join(down)
    except OSError:
        return False, "no answer"


def ready(port):
    return health(port)[0]


def await_ready(after):
    """Every service ready again. A service whose liveness check stays down is killed and started again, as the
    chart's liveness probe has Kubernetes do (scripts/run.sh has no such supervisor): noted under the table."""
    start = time.time()
    live_down = {}
    while True:
        waiting = [(s, r) for s, r in _running if not ready(port_of(s, r))]
        if not waiting:
            return time.time() - start
        if time.time() - start > READY_WITHIN:
            _notes.append("after %s: %s not ready within %d s"
                          % (after, ", ".join(name(s, r) for s, r in waiting), READY_WITHIN))
            return time.time() - start
        for s, r in waiting:
            up, why = health(port_of(s, r), "live")
            if up or why == "no answer":
                live_down.pop((s, r), None)
                continue
            first = live_down.setdefault((s, r), time.time())
            if time.time() - first > 10:
                _notes.append("after %s: %s's liveness check was down (%s); it was restarted as a liveness probe"
                              " would" % (after, name(s, r), why))
                kill_and_restart(s, r)
                live_down.pop((s, r), None)
        time.sleep(0.5)


def name(service, replica):
    return service if REPLICAS == 1 else "%s replica %d" % (service, replica)


def command_of(pid):
    """(command line, environment) of a running process, read from /proc: to start it again the same way."""
    cmd = open("/proc/%d/cmdline" % pid, "rb").read().decode().rstrip("\0").split("\0")
    env = dict(kv.split("=", 1) for kv in open("/proc/%d/environ" % pid, "rb").read().decode().split("\0") if "=" in kv)
    return cmd, env


def kill(service, replica):
    """SIGKILL the replica and wait until it is gone; its (command, environment) for a restart."""
    pid = service_pid(service, replica)
    if pid is None:
        raise RuntimeError("%s is not running" % name(service, replica))
    cmd, env = command_of(pid)
    os.kill(pid, signal.SIGKILL)
    while os.path.exists("/proc/%d" % pid) and open("/proc/%d/stat" % pid).read().split()[2] != "Z":
        time.sleep(0.05)
    return cmd, env


def start_again(service, replica, cmd, env):
    """The command in this worktree's folder with the environment given, its output appended to the replica's log;
    (the process, whether it was ready within READY_WITHIN). RuntimeError when it exits first."""
    log = open(os.path.join(pc.STATE, "logs", service + ("" if replica == 1 else "-%d" % replica) + ".log"), "ab")
    started = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.time() + READY_WITHIN
    while not ready(int(env["QUARKUS_HTTP_PORT"])):
        if started.poll() is not None:
            raise RuntimeError("%s exited at restart; see its log" % name(service, replica))
        if time.time() > deadline:
            return started, False
        time.sleep(0.2)
    return started, True


def kill_and_restart(service, replica=1):
    """SIGKILL, then the same command, environment and folder again; returns seconds until it was ready again."""
    start = time.time()
    cmd, env = kill(service, replica)
    _restarted.append(start_again(service, replica, cmd, env)[0])
    return time.time() - start


def fault_service(service):
    start = time.time()
    kill_and_restart(service)
    await_ready("SIGKILL " + service)
    return time.time() - start


def lose_replica(service, replica):
    """SIGKILL one replica for good: the others are ready (they were all along; a gateway's clients in flight to the
    dead one get no answer and retry through the balancer)."""
    start = time.time()
    _running.remove((service, replica))
    kill(service, replica)
    await_ready("SIGKILL " + name(service, replica))
    return time.time() - start


def restart_infra(command):
    start = time.time()
    subprocess.run([os.path.join(ROOT, "scripts", "infra.sh"), command], check=True, stdout=subprocess.DEVNULL)
    await_ready(command)
    return time.time() - start


def stop_restarted():
    for p in _restarted:
        if p.poll() is None:
            p.terminate()
    for p in _restarted:
        try:
            p.wait(timeout=40)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


# --- the load ------------------------------------------------------------------------------------------------------

class Load:
    """RATE provider calls/s in the background, each a client that retries until it has an answer."""

    def __init__(self, token, provider):
        self.token, self.provider = token, provider
        self.outcomes = {}  # idempotency key -> (final status, reason, attempts, answered, started, seen, last)
        self.answers = []  # every attempt's answer: (when, status, reason, retry hint, message)
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.pool = ThreadPoolExecutor(max_workers=512)
        self.thread = threading.Thread(target=self.run, daemon=True)

    def one(self, key):
        body = {"provider_id": self.provider, "source": {"type": "tel", "target": "+14155551234"},
                "destinations": [{"type": "tel", "target": "+821012345678"}], "actions": ACTIONS}
        started = time.time()
        deadline = started + RETRY_FOR
        attempts = 0
        seen = []  # the reason of each attempt's answer, for the report on clients left without one
        while True:
            attempts += 1
            status, answer = 0, None
            try:
                status, answer = post(body, self.token, key)
            except Exception as e:  # no answer at all: the gateway was down or cut the connection
                answer = {"error": {"reason": "no answer (%s)" % type(e).__name__}}
            error = (answer or {}).get("error") if isinstance(answer, dict) else None
            typed = status >= 400 and error is not None and "status" in error
            reason = (error or {}).get("reason") or ("untyped %d" % status)
            retry = status == 0 or (status >= 400 and not typed) or status >= 500 or reason == "REQUEST_IN_PROGRESS"
            seen.append(str(status) + " " + reason if status != 200 else "200")
            # (when, status, reason, retry hint, message): the message names the hop that answered
            got = (time.time(), status, reason, (error or {}).get("retry_after_seconds"), (error or {}).get("message") or "")
            with self.lock:
                self.answers.append(got)
            if status == 200 or not retry or time.time() > deadline or _abort.is_set():
                # answered: a record, a final typed 4xx, or a typed "not now" the client can act on: a refusal
                # (*_BUSY, 429) or a typed 503 that says when to come back (retry_after_seconds: sent when the broker,
                # a service or the database the request needs is away; the same key makes coming back safe)
                # (409 REQUEST_IN_PROGRESS is never an answer, though it says when to come back: the request's
                # outcome is what the client is waiting for)
                answered = status == 200 or not retry or (typed and reason != "REQUEST_IN_PROGRESS" and (
                    pc.is_refusal(status, error) or error.get("retry_after_seconds") is not None))
                with self.lock:  # (status, reason, attempts, answered, started, answers seen, the last answer)
                    self.outcomes[key] = (status, reason if status != 200 else "", attempts, answered, started,
                                          tuple(seen), got)
                return
            hint = (error or {}).get("retry_after_seconds") or 0
            time.sleep(max(hint, min(16, 2 ** (attempts - 1))) * random.uniform(0.8, 1.2))

    def run(self):
        begin, i = time.perf_counter(), 0
        while not self.stopping.is_set():
            delay = begin + i / RATE - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            try:
                self.pool.submit(self.one, str(uuid.uuid4()))
            except RuntimeError:  # the interpreter is exiting
                return
            i += 1

    def start(self):
        self.began = time.time()
        self.thread.start()

    def stop(self):
        self.stopping.set()
        self.thread.join()
        self.pool.shutdown(wait=True)


def post(body, token, key):
    """POST /v1.0/providercalls with an Idempotency-Key (pc.http has no header parameter); answer (status, json)."""
    from http.client import HTTPConnection
    gw = urllib.parse.urlsplit(pc.GW)
    conn = HTTPConnection(gw.hostname, gw.port or 80, timeout=30)
    try:
        conn.request("POST", "/v1.0/providercalls", body=json.dumps(body),
                     headers={"Content-Type": "application/json", "Authorization": "Bearer " + token,
                              "Idempotency-Key": key})
        r = conn.getresponse()
        raw = r.read()
        try:
            return r.status, json.loads(raw or b"null")
        except ValueError:
            return r.status, None
    finally:
        conn.close()


# --- the counts ----------------------------------------------------------------------------------------------------

def leftovers(t0, provider):
    """(calls without an end, providercall records still pending) since t0."""
    row = psql("select (select count(*) from call_manager.call where tm_create >= '%s' and provider_id = '%s'"
               " and status <> 'hangup'), (select count(*) from route_manager.providercall where tm_create >= '%s'"
               " and provider_id = '%s' and status = 'pending');" % (t0, provider, t0, provider))[0]
    return int(row[0]), int(row[1])


def count(t0, provider, load, events):
    calls_open, pending = leftovers(t0, provider)
    temp = int(psql("select count(*) from flow_manager.flow f where not f.persist and f.tm_create >= '%s'"
                    " and f.tm_delete is null and not exists (select 1 from call_manager.call c where c.flow_id = f.id);"
                    % t0)[0][0])
    # the run's records only (its provider is its own), their call ids as one set: testing every call against every
    # record of the database (a day of benchmarks: 100,000s of rows) took longer than psql's 120 s
    no_audit = int(psql("with audited as (select distinct jsonb_array_elements_text(p.call_ids)::uuid as id"
                        " from route_manager.providercall p where p.provider_id = '%s' and p.tm_delete is null)"
                        " select count(*) from call_manager.call c where c.tm_create >= '%s' and c.provider_id = '%s'"
                        " and not exists (select 1 from audited a where a.id = c.id);"
                        % (provider, t0, provider))[0][0])
    calls = psql("select id, status from call_manager.call where tm_create >= '%s' and provider_id = '%s';"
                 % (t0, provider))
    records = psql("select id, status, coalesce(idempotency_key, '') from route_manager.providercall"
                   " where tm_create >= '%s' and provider_id = '%s';" % (t0, provider))
    lost = Counter()
    # the listener's extra copies of events that go out once per call or record: at least once is the contract
    # (consumers are idempotent), but a webhook customer gets each copy
    repeated = Counter()
    for call_id, status in calls:
        if not events[("call_created", call_id)]:
            lost["call_created"] += 1
        if status == "hangup" and not events[("call_hangup", call_id)]:
            lost["call_hangup"] += 1
        for kind in ("call_created", "call_hangup"):
            repeated[kind] += max(0, events[(kind, call_id)] - 1)
    for record_id, status, _ in records:
        if status == "created" and not events[("providercall_created", record_id)]:
            lost["providercall_created"] += 1
        repeated["providercall_created"] += max(0, events[("providercall_created", record_id)] - 1)
    keys = {r[2] for r in records}
    unanswered = [k for k, o in load.outcomes.items() if not o[3]]
    orphans = [k for k in unanswered if k not in keys]
    abnormal = Counter(" ".join(r) for r in psql(
        "select status, hangup_reason, coalesce(sip_status_code::text, '-'), left(hangup_cause, 80)"
        " from call_manager.call where tm_create >= '%s' and provider_id = '%s'"
        " and not (status = 'hangup' and hangup_reason = 'normal' and tm_progressing is not null);" % (t0, provider)))
    return {"calls": len(calls), "records": len(records), "calls_open": calls_open, "pending": pending,
            "temp": temp, "no_audit": no_audit, "lost": lost, "repeated": +repeated, "orphans": len(orphans), "unanswered": len(unanswered),
            "abnormal": abnormal, "orphan_keys": orphans}


def during(started, timeline):
    """The fault in progress (or last begun) when a client started: "before the first fault" or its label."""
    label = "before the first fault"
    for name, at in timeline:
        if at <= started:
            label = name
    return label


def clock(t):
    """UTC wall clock of a time.time(), to read beside the services' logs."""
    return time.strftime("%H:%M:%S", time.gmtime(t))


def hinted(status, reason, hint):
    return "%d %s (%s)" % (status, reason, "retry after %s s" % hint if hint is not None else "no retry hint")


def last_answers(load, keys, timeline):
    """The last answer of each of these clients: what, with which message (it names the hop), during which fault."""
    kinds = Counter()
    for k in keys:
        when, status, reason, hint, message = load.outcomes[k][6]
        kinds["%s \"%s\" at %s, during %s" % (hinted(status, reason, hint), message[:110], clock(when),
                                             during(when, timeline))] += 1
    return "; ".join("%s x%d" % kv for kv in kinds.most_common(6))


def not_now_answers(load):
    """Every 5xx and 429 answer of the run by kind (its message names who answered), with when the kind was seen."""
    kinds = {}
    for when, status, reason, hint, message in load.answers:
        if status >= 500 or status == 429:
            kind = "%s \"%s\"" % (hinted(status, reason, hint), "".join("#" if ch.isdigit() else ch
                                                                      for ch in message[:90]))
            n, first, last = kinds.get(kind, (0, when, when))
            kinds[kind] = (n + 1, min(first, when), max(last, when))
    top = sorted(kinds.items(), key=lambda kv: -kv[1][0])[:8]
    return "; ".join("%s x%d (%s-%s)" % (kind, n, clock(first), clock(last)) for kind, (n, first, last) in top)


def by_window(load, width=20):
    """Answers to all attempts per window of the run: how long a refusal lasted, beside the faults' clock."""
    windows = {}
    for when, status, reason, _, _ in load.answers:
        kind = "ok" if status == 200 else "busy" if reason.endswith("_BUSY") else "other"
        windows.setdefault(int((when - load.began) // width), Counter())[kind] += 1
    return ", ".join("%s %d/%d/%d" % (clock(load.began + w * width), c["ok"], c["busy"], c["other"])
                     for w, c in sorted(windows.items()))


def orphan_report(load, keys, timeline):
    """Where the clients left without an answer or a record started, and the answers they got (compressed)."""
    phases = Counter(during(load.outcomes[k][4], timeline) for k in keys)
    answers = Counter()
    for k in keys:
        seen = []
        for a in load.outcomes[k][5]:
            if not seen or seen[-1][0] != a:
                seen.append([a, 0])
            seen[-1][1] += 1
        answers[", ".join("%s x%d" % (a, n) if n > 1 else a for a, n in seen)] += 1
    return ("started during: %s; answers they got, in order (first 6 kinds): %s"
            % (", ".join("%s x%d" % kv for kv in phases.most_common()),
               "; ".join("[%s] x%d" % kv for kv in answers.most_common(6))))


def main():
    atexit.register(pc.stop_children)
    atexit.register(stop_restarted)
    atexit.register(_abort.set)
    signal.signal(signal.SIGTERM, lambda *_: (_abort.set(), sys.exit(143)))
    password = os.environ.get("ADMIN_PASSWORD") or creds("bootstrap-admin.txt")["password"]
    _, login = pc.http("POST", "/auth/login", {"username": "admin", "password": password})
    token = login["token"]
    pc.carrier()
    time.sleep(0.5)
    _, provider = pc.http("POST", "/v1.0/providers", {"type": "sip", "hostname": "127.0.0.1:%d" % pc.CARRIER_PORT,
                                                      "name": "bench-faults-carrier"}, token)
    provider = provider["id"]
    vhost = listen()
    t0 = psql("select now();")[0][0]
    load = Load(token, provider)
    if REPLICAS == 1:
        faults = [("SIGKILL " + s, lambda s=s: fault_service(s)) for s in SERVICES]
    else:
        faults = [("SIGKILL %s for good" % name(s, i % 2 + 1), lambda s=s, r=i % 2 + 1: lose_replica(s, r))
                  for i, s in enumerate(SERVICES)]
    faults += [("restart RabbitMQ", lambda: restart_infra("restart-rabbitmq")),
               ("restart PostgreSQL", lambda: restart_infra("restart-postgres"))]
    downtime = []
    print("faults: %d provider calls/s, %d s before the first fault and after each recovery" % (RATE, STEADY),
          flush=True)
    load.start()
    time.sleep(STEADY)
    timeline = []  # (fault, when it began)
    for label, fault in faults:
        print("faults: %s" % label, flush=True)
        timeline.append((label, time.time()))
        downtime.append((label, fault()))
        time.sleep(STEADY)
    load.stop()
    print("faults: load stopped; waiting up to %d s for calls to end and pending records to settle" % SETTLE,
          flush=True)
    deadline = time.time() + SETTLE
    while time.time() < deadline and leftovers(t0, provider) != (0, 0):
        time.sleep(2)
    time.sleep(5)  # the last events leave the outboxes
    events = drain(vhost)
    pc.stop_children()
    pc.http("DELETE", "/v1.0/providers/" + provider, None, token)
    c = count(t0, provider, load, events)
    outcomes = Counter("%d %s" % (o[0], o[1]) if o[0] != 200 else "200" for o in load.outcomes.values())
    retried = sum(1 for o in load.outcomes.values() if o[2] > 1)
    if REPLICAS == 1:
        print("\nFault injection: %d provider calls/s (answer, sleep 2 s, hangup) through the gateway; SIGKILL and"
              " restart of each service in turn, then a RabbitMQ and a PostgreSQL restart\n" % RATE)
    else:
        print("\nFault injection, %d replicas of every service: %d provider calls/s (answer, sleep 2 s, hangup)"
              " through the balancer; one replica of each service in turn SIGKILLed and not started again, then a"
              " RabbitMQ and a PostgreSQL restart\n" % (REPLICAS, RATE))
    print("| requests | calls | calls without an end | providercalls stuck pending | temp flows without a call |"
          " calls without an audit record | events lost | clients without an answer or a findable record |")
    print("|---|---|---|---|---|---|---|---|")
    print("| %d | %d | %d | %d | %d | %d | %d | %d |" % (len(load.outcomes), c["calls"], c["calls_open"], c["pending"],
                                                       c["temp"], c["no_audit"], sum(c["lost"].values()), c["orphans"]))
    print()
    print("- recovery (fault to every service ready again): %s"
          % ", ".join("%s %.1f s" % (label, s) for label, s in downtime))
    print("- final answers: %s; %d requests needed more than one attempt; %d ended without an answer, of which"
          " %d have a record under their key" % (", ".join("%s x%d" % kv for kv in outcomes.most_common()), retried,
                                                 c["unanswered"], c["unanswered"] - c["orphans"]))
    print("- faults began at (UTC): %s" % ", ".join("%s %s" % (label, clock(at)) for label, at in timeline))
    print("- 5xx and 429 answers to all attempts, by kind (first 8; UTC span): %s" % not_now_answers(load))
    print("- answers to all attempts per 20 s (UTC start, 200/busy/other): %s" % by_window(load))
    if c["orphan_keys"]:
        print("- clients without an answer or a findable record: " + orphan_report(load, c["orphan_keys"], timeline))
        print("- their last answers: " + last_answers(load, c["orphan_keys"], timeline))
    for note in _notes:
        print("- " + note)
    if c["lost"]:
        print("- events missing from the listener: %s" % ", ".join("%s x%d" % kv for kv in c["lost"].most_common()))
    print("- events the listener got more than once (extra copies): %s"
          % (", ".join("%s x%d" % kv for kv in c["repeated"].most_common()) or "none"))
    if c["abnormal"]:
        print("- calls that did not end normally after an answer (status reason sip cause; first 8 kinds): %s"
              % "; ".join("%s x%d" % kv for kv in c["abnormal"].most_common(8)))


if __name__ == "__main__":
    try:
        main()
    finally:
        _abort.set()  # before the pool's own exit hook waits for its clients
