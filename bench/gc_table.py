"""The table of bench/gc.sh: per setting, calls.sh's measured rows beside call-manager's stop-the-world pauses.

    python3 bench/gc_table.py WORK_DIR NAME...

WORK_DIR holds, per setting NAME, NAME.out (calls.sh's output) and NAME.safepoints (call-manager's -Xlog:safepoint).
"""
import re
import sys
from pathlib import Path

# JDK 17: [12.345s][info][safepoint] Safepoint "G1CollectForAllocation", Time since last: 1 ns, Reaching safepoint:
# 2 ns, At safepoint: 3 ns, Total: 5 ns
SAFEPOINT = re.compile(r'Safepoint "([^"]+)".*Total: (\d+) ns')
RSS = re.compile(r'call-manager (\d+) MB')
LONG_MS = 50


def pauses(path):
    """Every stop-the-world pause of the run, in milliseconds, with what stopped the world."""
    found = []
    if path.exists():
        for line in path.read_text(errors='replace').splitlines():
            m = SAFEPOINT.search(line)
            if m:
                found.append((m.group(1), int(m.group(2)) / 1e6))
    return found


def measured_rows(text):
    """calls.sh's measured rows (not the warm-up's or the soak's), as lists of cells."""
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip('|').split('|')]
        if len(cells) == 13 and cells[1].endswith('/s') and cells[0] not in ('phase', 'warm-up', 'soak'):
            rows.append(cells)
    return rows


def pause_summary(found):
    if not found:
        return '-', '-', '-', '-'
    times = sorted(ms for _, ms in found)
    return (str(len(times)), f'{sum(times) / 1000:.1f} s', f'{times[-1]:.0f} ms',
            str(sum(1 for t in times if t > LONG_MS)))


def main(work, names):
    print('call-manager with each setting, on a system started for it (bench/calls.sh; pauses: every safepoint of '
          'the whole run, start-up included)')
    print()
    print('| setting | phase | rate | accepted | refused | failures | setups/s | setup p99 | ACK p99 '
          f'| live at BYE+10 s | ratio | pauses | paused in all | longest pause | pauses > {LONG_MS} ms '
          '| call-manager RSS |')
    print('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|')
    for name in names:
        out = Path(work, f'{name}.out')
        text = out.read_text(errors='replace') if out.exists() else ''
        rss = RSS.search(text)
        summary = pause_summary(pauses(Path(work, f'{name}.safepoints')))
        rows = measured_rows(text)
        if not rows:
            print(f'| {name} | (no measured row: see its calls.sh output above) |' + ' |' * 14)
        for i, r in enumerate(rows):
            phase, rate, _, accepted, refused, failures, setups, _, p99, ack, live, _, ratio = r
            tail = (*summary, f'{rss.group(1)} MB' if rss else '-') if i == 0 else ('', '', '', '', '')
            print('| ' + ' | '.join((name if i == 0 else '', phase, rate, accepted, refused, failures, setups, p99,
                                      ack, live, ratio, *tail)) + ' |')


if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.exit('usage: gc_table.py WORK_DIR NAME...')
    main(sys.argv[1], sys.argv[2:])
