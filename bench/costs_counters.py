#!/usr/bin/env python3
"""The counters bench/costs.sh reads before and after a run, and its table.

    costs_counters.py FILE                      writes the counters now to FILE (JSON)
    costs_counters.py --table BEFORE AFTER RUN  prints the differences per accepted provider call of RUN (the RESULTS
                                                file of bench/providercalls.py)
    costs_counters.py --wait-drained SECONDS    waits until no queue holds a message (bench/system.sh's
                                                wait_for_drained_queues)

Counters: RabbitMQ's management API (messages delivered per queue, published per exchange; the vhost "/"),
PostgreSQL's pg_stat_database (commits, rows) for the run database and pg_stat_user_tables (rows per table), and,
when postgres runs with pg_stat_statements loaded (scripts/infra.sh with PG_STAT_STATEMENTS=1), each statement's
executions and time. The environment gives the places: RMQ_USER, RMQ_PASS, RMQ_MGMT_PORT, PGB (PostgreSQL's bin
folder), PG_SOCKET_DIR, PG_PORT; DB (provtest).
"""
import base64
import json
import os
import re
import subprocess
import sys
import time
import urllib.request

DB = os.environ.get("DB", "provtest")
# ids and instance names in queue names are folded, so that one row stands for every instance's queue
VARYING = re.compile(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|\.[a-z0-9-]+-[0-9a-f]{8}\.")


def management(path):
    request = urllib.request.Request("http://127.0.0.1:%s/api/%s" % (os.environ.get("RMQ_MGMT_PORT", "15673"), path))
    credentials = "%s:%s" % (os.environ["RMQ_USER"], os.environ["RMQ_PASS"])
    request.add_header("Authorization", "Basic " + base64.b64encode(credentials.encode()).decode())
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def psql(database, sql, separator=","):
    command = ["runuser", "-u", "postgres", "--", os.path.join(os.environ["PGB"], "psql"), "-h",
               os.environ["PG_SOCKET_DIR"], "-p", str(os.environ["PG_PORT"]), "-U", "postgres", "-d", database,
               "-At", "-F", separator, "-c", sql]
    # only the line ends go: a field may begin with the separator (\x1f counts as white space to str.strip)
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.rstrip("\n").splitlines()


# a separator no statement's text holds
UNIT = "\x1f"


def statements():
    """{"calls": {text: n}, "ms": {text: total ms}} of the run database's statements; None without the extension.

    The extension's view lives in the postgres database (created there once), so the application's schemas stay as
    their migrations made them; it counts the statements of every database, hence the filter. Statements that differ
    only in their constants are one row (the extension's normalisation); utility statements (BEGIN, COMMIT) count too.
    """
    loaded = psql("postgres", "show shared_preload_libraries")
    if not loaded or "pg_stat_statements" not in loaded[0]:
        return None
    psql("postgres", "create extension if not exists pg_stat_statements")
    calls, ms = {}, {}
    for line in psql("postgres", "select regexp_replace(s.query, '\\s+', ' ', 'g'), sum(s.calls),"
                                 " sum(s.total_exec_time) from pg_stat_statements s join pg_database d"
                                 " on d.oid = s.dbid where d.datname = '%s' group by 1" % DB, UNIT):
        text, n, total = line.split(UNIT)
        calls[text] = calls.get(text, 0) + int(n)
        ms[text] = ms.get(text, 0.0) + float(total)
    return {"calls": calls, "ms": ms}


# RabbitMQ's management counters are refreshed every 5 s (collect_statistics_interval's default): read right after
# the queues drained, they could miss the last seconds' messages (the benchmark's read-back of every call, one
# call-manager request and reply per provider call, was counted in one run and not in the next); a snapshot waits
# this long first, so what happened before it is in it
STATS_INTERVAL_S = float(os.environ.get("STATS_INTERVAL_S", "6"))


def snapshot():
    time.sleep(STATS_INTERVAL_S)
    counters = {}
    for q in management("queues/%2F"):
        counters["broker: delivered from queue " + q["name"]] = q.get("message_stats", {}).get("deliver_get", 0)
    for x in management("exchanges/%2F"):
        name = x["name"] or "(default: RPC requests and replies)"
        counters["broker: published to exchange " + name] = x.get("message_stats", {}).get("publish_in", 0)
    names = ["commits", "rollbacks", "rows inserted", "rows updated", "rows deleted", "rows fetched"]
    for line in psql("postgres", "select xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted,"
                                 " tup_fetched from pg_stat_database where datname = '%s'" % DB):
        for name, value in zip(names, line.split(",")):
            counters["database: " + name] = int(value)
    for line in psql(DB, "select schemaname || '.' || relname, n_tup_ins, n_tup_upd, n_tup_del"
                         " from pg_stat_user_tables"):
        table, ins, upd, dele = line.split(",")
        counters["table %s: inserted" % table] = int(ins)
        counters["table %s: updated" % table] = int(upd)
        counters["table %s: deleted" % table] = int(dele)
    found = statements()
    if found is not None:
        counters["statements"] = found
    return counters


def wait_drained(limit):
    deadline = time.time() + limit
    while True:
        try:
            left = {q["name"]: q["messages"] for q in management("queues/%2F?columns=name,messages")
                    if q.get("messages")}
        except OSError as e:
            print("queues: the broker's management API did not answer (%s); not waiting" % e, file=sys.stderr)
            return
        if not left:
            return
        if time.time() > deadline:
            print("queues: still holding messages after %d s: %s" % (limit, left), file=sys.stderr)
            return
        time.sleep(1)


def table(before, after, run):
    calls = sum(r["accepted"] for r in run)
    if calls == 0:
        print("no provider call was accepted: nothing to divide by")
        return
    rows = {}
    for key, value in after.items():
        if key == "statements":
            continue
        delta = value - before.get(key, 0)
        if delta > 0:
            folded = VARYING.sub(".*.", key)
            rows[folded] = rows.get(folded, 0) + delta
    print("Per accepted provider call (%d accepted while counting):" % calls)
    print()
    print("| counter | per provider call |")
    print("|---|---|")
    for key, delta in sorted(rows.items(), key=lambda kv: (kv[0].split(":")[0], -kv[1])):
        if delta / calls >= 0.05:
            print("| %s | %.2f |" % (key, delta / calls))
    statement_table(before.get("statements"), after.get("statements"), calls)


def statement_table(before, after, calls):
    """Each statement executed at least 0.05 times per provider call: how often, and PostgreSQL's time in it."""
    print()
    if before is None or after is None:
        print("(no statement counts: postgres runs without pg_stat_statements; PG_STAT_STATEMENTS=1 scripts/infra.sh"
              " start loads it)")
        return
    rows = []
    for text, n in after["calls"].items():
        executed = n - before["calls"].get(text, 0)
        if executed / calls >= 0.05:
            spent = after["ms"][text] - before["ms"].get(text, 0.0)
            rows.append((executed, spent, text))
    rows.sort(key=lambda r: -r[0])
    print("Statements per accepted provider call (pg_stat_statements; constants folded into $n):")
    print()
    print("| statement | per provider call | ms in PostgreSQL per provider call |")
    print("|---|---|---|")
    for executed, spent, text in rows:
        shown = text if len(text) <= 160 else text[:157] + "..."
        print("| `%s` | %.2f | %.3f |" % (shown.replace("|", "\\|"), executed / calls, spent / calls))
    print("| the rows above | %.2f | %.3f |" % (sum(r[0] for r in rows) / calls, sum(r[1] for r in rows) / calls))


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "--table":
        loaded = [json.load(open(f)) for f in sys.argv[2:5]]
        table(*loaded)
    elif len(sys.argv) == 3 and sys.argv[1] == "--wait-drained":
        wait_drained(float(sys.argv[2]))
    elif len(sys.argv) == 2:
        with open(sys.argv[1], "w") as out:
            json.dump(snapshot(), out)
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
