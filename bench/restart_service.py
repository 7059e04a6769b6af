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
import faults  # noqa: E402  (service_pid, port_of, ready: how bench/faults.py finds and checks a service)

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
    cmd = open("/proc/%d/cmdline" % pid, "rb").read().decode().rstrip("\0").split("\0")
    env = dict(kv.split("=", 1) for kv in open("/proc/%d/environ" % pid, "rb").read().decode().split("\0") if "=" in kv)
    env.update(changes)
    stop(pid)
    log = open(os.path.join(faults.pc.STATE, "logs", service + ".log"), "ab")
    started = subprocess.Popen(cmd, env=env, cwd=faults.ROOT, stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL)
    deadline = time.time() + faults.READY_WITHIN
    while not faults.ready(faults.port_of(service, 1)):
        if started.poll() is not None or time.time() > deadline:
            if started.poll() is None:
                started.kill()
            sys.exit("restart_service: %s did not become ready again; see its log" % service)
        time.sleep(0.2)
    print(started.pid)


if __name__ == "__main__":
    main()
