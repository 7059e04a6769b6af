#!/usr/bin/env python3
"""The counters bench/costs.sh reads before and after a run, and its table.

    costs_counters.py FILE                      writes the counters now to FILE (JSON)
    costs_counters.py --table BEFORE AFTER RUN  prints the differences per accepted provider call of RUN (the RESULTS
                                                file of bench/providercalls.py)
    costs_counters.py --wait-drained SECONDS    waits until no queue holds a message (bench/system.sh's
                                                wait_for_drained_queues)

Counters: RabbitMQ's management API (messages delivered per queue, published per exchange; the vhost "/"),
PostgreSQL's pg_stat_database (commits, rows) for the run database and pg_stat_user_tables (rows per table). The
environment gives the places: RMQ_USER, RMQ_PASS, RMQ_MGMT_PORT, PGB (PostgreSQL's bin folder), PG_SOCKET_DIR,
PG_PORT; DB (provtest).
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


def psql(database, sql):
    command = ["runuser", "-u", "postgres", "--", os.path.join(os.environ["PGB"], "psql"), "-h",
               os.environ["PG_SOCKET_DIR"], "-p", str(os.environ["PG_PORT"]), "-U", "postgres", "-d", database,
               "-At", "-F", ",", "-c", sql]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip().splitlines()


def snapshot():
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
