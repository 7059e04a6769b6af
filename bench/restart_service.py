#!/usr/bin/env python3
"""Restarts one service of the running system (replica 1) with some of its environment changed, for
bench/preflight.sh's ALTERNATE mode: route-manager again with another BILLING_PROVIDERCALL_PREFLIGHT while the other
services stay up and warm. Its java process is found as bench/faults.py finds it (imported, not copied), stopped with
SIGTERM (SIGKILL after 30 s), and started again with the same command, folder and environment but the NAME=VALUE
given, its output appended to its log in the state folder. Waits until it is ready (120 s at most) and prints the new
process id: the caller stops that process when it is done (it is nobody's child once this script exits).

Usage: bench/restart_service.py SERVICE [NAME=VALUE ...]
"""
import os, signal, subprocess, sys, time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import faults  # noqa: E402  (service_pid, command_of, start_again: how bench/faults.py finds and restarts a service)

STOP_WITHIN = 30  # seconds a service gets to stop on SIGTERM before SIGKILL


def gone(pid):
    """Exited (a zombie waiting for its parent counts as exited)."""
    try:
        return open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def stop(pid):
    os.kill(pid, signal.SIGTERM)
    deadline = time.time() + STOP_WITHIN
    while not gone(pid):
        if time.time() > deadline:
            os.kill(pid, signal.SIGKILL)
            deadline = float("inf")
        time.sleep(0.1)


def main():
    service, changes = sys.argv[1], dict(a.split("=", 1) for a in sys.argv[2:])
    pid = faults.service_pid(service)
    if pid is None:
        sys.exit("restart_service: %s is not running" % service)
    cmd, env = faults.command_of(pid)
    env.update(changes)
    stop(pid)
    try:
        started, ready = faults.start_again(service, 1, cmd, env)
    except RuntimeError as e:
        sys.exit("restart_service: %s" % e)
    if not ready:
        started.kill()
        sys.exit("restart_service: %s did not become ready again; see its log" % service)
    print(started.pid)


if __name__ == "__main__":
    main()
