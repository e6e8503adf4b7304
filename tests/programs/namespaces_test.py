#!/usr/bin/env python3
"""The sandbox's host confinement seen from outside, while a guest runs: the kernel image's
host process sits in new user, mount, pid, net, ipc and uts namespaces, holds no
capability, has no_new_privs and a seccomp filter, and has no host child left (the helper
that made its network namespace is gone). Then, with unshare(2) denied as a host without
network namespaces would deny it, `cell` must refuse to start in one clear line, and with
--allow-weak-confinement start the guest after a warning.

Usage: namespaces_test.py --cell PATH --deny-unshare PATH
"""

import argparse
import os
import subprocess
import sys
import time

from checks import check, exit_status

NAMESPACES = ("user", "mnt", "pid", "net", "ipc", "uts")


def status_fields(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


def children(pid):
    found = []
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/children") as f:
            found += [int(c) for c in f.read().split()]
    return found


def wait_for(what, predicate, seconds=10):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    print(f"timed out waiting for {what}")
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cell", required=True)
    parser.add_argument("--deny-unshare", required=True)
    args = parser.parse_args()
    cell = args.cell

    # The guest's stdout is a pipe that it closes only by exiting, so "started" arrives once
    # the kernel has finished booting and the guest runs.
    guest = subprocess.Popen([cell, "run", "--", "/bin/sh", "-c", "echo started; read line"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        check("guest started", guest.stdout.readline() == b"started\n")
        kernel = wait_for("the kernel's host process", lambda: (children(guest.pid) or [None])[0])
        check("one kernel process", kernel is not None)
        if kernel is None:
            return
        for ns in NAMESPACES:
            host = os.readlink(f"/proc/self/ns/{ns}")
            inside = os.readlink(f"/proc/{kernel}/ns/{ns}")
            check(f"new {ns} namespace", host != inside, f"host {host}, sandbox {inside}")
        status = status_fields(kernel)
        for caps in ("CapInh", "CapPrm", "CapEff", "CapAmb"):
            check(f"{caps} empty", int(status.get(caps, "1"), 16) == 0, f"{caps}: {status.get(caps)}")
        check("no_new_privs", status.get("NoNewPrivs") == "1", f"NoNewPrivs: {status.get('NoNewPrivs')}")
        check("seccomp filter", status.get("Seccomp") == "2", f"Seccomp: {status.get('Seccomp')}")
        # The helper exits when the kernel lets it go at the end of boot, and is reaped by
        # the host at once; give it a moment on a loaded machine.
        left = wait_for("the helper to go", lambda: not children(kernel) or None, 5)
        check("no host child left", left is not None, f"children: {children(kernel)}")
    finally:
        guest.communicate(b"done\n", timeout=30)
        status = guest.returncode
    check("cell exits 0", status == 0, f"exit status {status}")

    denied = subprocess.run([args.deny_unshare, cell, "run", "--", "/bin/echo", "hi"], capture_output=True, text=True)
    check("no network namespace: refused", denied.returncode == 125 and denied.stdout == ""
          and "network namespace: EPERM" in denied.stderr, f"status {denied.returncode}, stderr {denied.stderr!r}")
    weak = subprocess.run([args.deny_unshare, cell, "run", "--allow-weak-confinement", "--", "/bin/echo", "hi"],
                          capture_output=True, text=True)
    check("no network namespace: weak run", weak.returncode == 0 and weak.stdout == "hi\n"
          and weak.stderr == "cell: warning: running in the host's network namespace (EPERM)\n",
          f"status {weak.returncode}, stdout {weak.stdout!r}, stderr {weak.stderr!r}")

    sys.exit(exit_status())


main()
