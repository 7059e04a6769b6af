#!/usr/bin/env python3
"""How fast this machine's cores are right now: a fixed piece of work timed on every core at once, one line.

    bench/machine_speed.py [label]

The benchmarks print it before they start the system and after their last rate. On the shared virtual machines this
project is measured on, the same code served half as many provider calls in one hour as in another (bench/README.md,
"The machine's speed beside every run"), and nothing inside the guest showed why: the host's other tenants take the
cores' time without it appearing as steal. A figure that does not change with the code makes runs of different hours
comparable: each run's table carries the speed of the machine it ran on.

The work: a Python loop of integer arithmetic (the interpreter: branches, small objects, like the services' parsing
and plumbing), SHA-256 over 16 MiB (straight-line code in the caches), a copy of 64 MiB (the memory's bandwidth,
which the services' heaps and the database's buffers lean on) and a chain of dependent reads at pseudo-random places
of 64 MiB, less the same chain over 16 KiB (the memory's latency per read, caches and TLB missed: what a neighbour
sharing the host's caches and memory slows most), each timed 5 times in one process per core, all cores at once (the
benchmarks load every core). Printed: the median of each over all cores (ms; the latency in ns); lower is faster.
"""
import array
import hashlib
import multiprocessing
import os
import statistics
import sys
import time

ROUNDS = 5
LOOP = 2_000_000
DATA = b"\x5a" * (16 << 20)
BLOCK = 64 << 20
CHASE_STEPS = 300_000


def chase(table, steps):
    """ns per read of a chain of reads whose next place depends on the value read (a linear congruential walk)."""
    mask = len(table) - 1
    i = 0
    start = time.perf_counter()
    for _ in range(steps):
        i = (i * 1103515245 + 12345 + table[i]) & mask
    return (time.perf_counter() - start) / steps * 1e9


def one_core(_):
    loops, hashes, copies, latencies = [], [], [], []
    block = bytearray(BLOCK)
    far = array.array("I", bytes(BLOCK))  # 16 Mi entries of 4 bytes
    near = array.array("I", bytes(16 << 10))
    for _ in range(ROUNDS):
        start = time.perf_counter()
        total = 0
        for i in range(LOOP):
            total += i * i & 0xFF
        loops.append(time.perf_counter() - start)
        start = time.perf_counter()
        hashlib.sha256(DATA).digest()
        hashes.append(time.perf_counter() - start)
        start = time.perf_counter()
        bytes(block)
        copies.append(time.perf_counter() - start)
        latencies.append(chase(far, CHASE_STEPS) - chase(near, CHASE_STEPS))
    return loops, hashes, copies, latencies


def main():
    cores = os.cpu_count() or 1
    with multiprocessing.Pool(cores) as pool:
        results = pool.map(one_core, range(cores))
    loop, sha, copy = (statistics.median(t for result in results for t in result[i]) * 1000 for i in range(3))
    latency = statistics.median(t for result in results for t in result[3])
    label = (sys.argv[1] + ": ") if len(sys.argv) > 1 else ""
    print("%smachine speed (bench/machine_speed.py, %d cores at once, median, lower is faster): loop %.0f ms,"
          " sha256 16 MiB %.0f ms, copy 64 MiB %.0f ms, memory latency %.0f ns at %s UTC"
          % (label, cores, loop, sha, copy, latency, time.strftime("%H:%M:%S", time.gmtime())), flush=True)


if __name__ == "__main__":
    main()
