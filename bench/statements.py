#!/usr/bin/env python3
"""PostgreSQL's time per statement between two snapshots of pg_stat_statements (bench/statements.sh).

    statements.py snapshot FILE              every statement's executions and time now, as JSON
    statements.py table BEFORE AFTER [TOP]   the TOP (20) statements by time spent between the two, as a table
"""
import json
import sys

import costs_counters

TEXT = 140


def differences(before, after):
    """Pure: (ms, executions, text) of each statement that ran between two snapshots, the costliest first."""
    rows = []
    for text, ms in after["ms"].items():
        runs = after["calls"][text] - before["calls"].get(text, 0)
        if runs > 0:
            rows.append((ms - before["ms"].get(text, 0.0), runs, text))
    return sorted(rows, key=lambda r: (-r[0], r[2]))


def table(rows, top):
    """Pure: the markdown table of the TOP rows, shares of all rows' time."""
    total = sum(r[0] for r in rows) or 1.0
    lines = ["| statement | executions | ms in all | ms each | share |", "|---|---|---|---|---|"]
    for ms, runs, text in rows[:top]:
        shown = text if len(text) <= TEXT else text[:TEXT] + "…"
        lines.append("| `%s` | %d | %.0f | %.3f | %.1f %% |" % (shown.replace("|", "\\|"), runs, ms, ms / runs,
                                                               100 * ms / total))
    lines.append("")
    lines.append("%d statements ran, %.0f ms in all" % (len(rows), total if rows else 0))
    return "\n".join(lines)


def main(argv):
    if len(argv) == 3 and argv[1] == "snapshot":
        counted = costs_counters.statements()
        if counted is None:
            sys.exit("statements: postgres runs without pg_stat_statements"
                     " (PG_STAT_STATEMENTS=1 scripts/infra.sh start)")
        with open(argv[2], "w") as out:
            json.dump(counted, out)
    elif len(argv) in (4, 5) and argv[1] == "table":
        with open(argv[2]) as b, open(argv[3]) as a:
            rows = differences(json.load(b), json.load(a))
        print(table(rows, int(argv[4]) if len(argv) == 5 else 20))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
