#!/usr/bin/env python3
"""Shares of a JFR recording's CPU samples, as markdown tables.

    bench/jfr_shares.py cm.jfr [FRAME ...]

Prints the share of jdk.ExecutionSample events per thread (numbers at the end of a thread's name dropped, so a pool
counts as one), the methods most often on top of a stack (self), and for each FRAME given the share of samples with a
frame whose "package/Class.method" contains it (inclusive: the method and all it calls). The stacks are read whole:
`jfr print` keeps only 5 frames per stack unless told otherwise, which makes inclusive shares far too small.
"""
import collections
import json
import re
import subprocess
import sys


def samples(recording):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "1024", "--events", "jdk.ExecutionSample",
                          recording], check=True, capture_output=True, text=True).stdout
    for event in json.loads(out)["recording"]["events"]:
        values = event["values"]
        stack = values.get("stackTrace")
        if not stack:
            continue
        thread = values.get("sampledThread") or {}
        name = thread.get("javaName") or thread.get("osName") or "?"
        frames = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in stack["frames"]]
        yield re.sub(r"[-#]?\d+$", "", name), frames


def table(title, counts, total, limit):
    print(f"| {title} | share |")
    print("|---|---|")
    for key, n in counts.most_common(limit):
        print(f"| `{key}` | {100 * n / total:.1f} % |")
    print()


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    threads, tops, matched = collections.Counter(), collections.Counter(), collections.Counter()
    patterns = sys.argv[2:]
    total = 0
    for thread, frames in samples(sys.argv[1]):
        total += 1
        threads[thread] += 1
        if frames:
            tops[frames[0]] += 1
        for p in patterns:
            if any(p in f for f in frames):
                matched[p] += 1
    if total == 0:
        sys.exit("no CPU samples in " + sys.argv[1])
    print(f"{total} CPU samples in {sys.argv[1]}\n")
    table("thread", threads, total, 12)
    table("on top of the stack (self)", tops, total, 15)
    if patterns:
        print("| frame on the stack (inclusive) | share |")
        print("|---|---|")
        for p in patterns:
            print(f"| `{p}` | {100 * matched[p] / total:.1f} % |")


if __name__ == "__main__":
    main()
