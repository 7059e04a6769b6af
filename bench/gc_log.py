"""call-manager's collections from its -Xlog:gc file, in one table row per file: young and full pauses, their
total and longest, and the heap left after each full collection (the live data then).

    JAVA_OPTS_call_manager=-Xlog:gc:file=/tmp/gc.log bench/calls.sh 150 300 450
    python3 bench/gc_log.py /tmp/gc.log [more.log ...]

Only the window where calls ran is of interest, so FROM and TO (seconds of JVM uptime, as the log prints them) can
bound it: FROM=60 python3 bench/gc_log.py /tmp/gc.log.
"""
import os
import re
import sys

# JDK 17, -Xlog:gc: [12.345s][info][gc] GC(7) Pause Full (Ergonomics) 200M->170M(245M) 450.123ms
PAUSE = re.compile(r'^\[([\d.]+)s\].*GC\(\d+\) Pause (Young|Full) .*?(\d+)M->(\d+)M\((\d+)M\) ([\d.]+)ms')


def summary(path, start, end):
    young, full, after_full = [], [], []
    with open(path, errors='replace') as log:
        for line in log:
            m = PAUSE.search(line)
            if not m or not start <= float(m.group(1)) <= end:
                continue
            ms = float(m.group(6))
            if m.group(2) == 'Full':
                full.append(ms)
                after_full.append(int(m.group(4)))
            else:
                young.append(ms)
    every = young + full
    return [path, len(young), len(full), f'{sum(every) / 1000:.1f} s', f'{max(every, default=0):.0f} ms',
            f'{sum(full) / 1000:.1f} s',
            f'{min(after_full)}-{max(after_full)} MB' if after_full else '-']


def main():
    start = float(os.environ.get('FROM', 0))
    end = float(os.environ.get('TO', 1e12))
    print('| log | young pauses | full pauses | paused in all | longest | in full pauses | heap after a full |')
    print('|---|---|---|---|---|---|---|')
    for path in sys.argv[1:]:
        print('| ' + ' | '.join(str(cell) for cell in summary(path, start, end)) + ' |')


if __name__ == '__main__':
    main()
