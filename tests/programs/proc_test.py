#!/usr/bin/env python3
"""Real programs that read /proc and /sys, run under `cell run` and checked against what
they print natively where the two must agree (CPU and memory totals, field names), and
against the sandbox's own facts elsewhere (the guest is pid 1, its fds are 0-3).

Usage: proc_test.py --cell PATH
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

from checks import check, exit_status

ENVIRONMENT = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LC_ALL": "C", "HOME": "/"}

# /proc/PID/status fields that only some 6.x kernels print.
VERSION_DEPENDENT = {"Kthread", "untag_mask", "THP_enabled", "x86_Thread_features", "x86_Thread_features_locked",
                     "Seccomp_filters", "SpeculationIndirectBranch", "Speculation_Store_Bypass"}


def run(argv, cell=None):
    if cell:
        argv = [cell, "run", "--"] + argv
    proc = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, env=ENVIRONMENT, timeout=60)
    return proc.stdout.decode(errors="replace"), proc.returncode


def status_fields(text):
    return [line.split(":", 1)[0] for line in text.splitlines() if line.split(":", 1)[0] not in VERSION_DEPENDENT]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cell", required=True)
    cell = parser.parse_args().cell

    native, _ = run(["/bin/cat", "/proc/self/status"])
    inside, status = run(["/bin/cat", "/proc/self/status"], cell)
    check("cat status: exit 0", status == 0)
    check("cat status: field names and order", status_fields(native) == status_fields(inside),
          f"native: {status_fields(native)}\ncell:   {status_fields(inside)}")
    check("cat status: Name, Pid 1, PPid 0", "Name:\tcat\n" in inside and "\nPid:\t1\n" in inside
          and "\nPPid:\t0\n" in inside, inside)

    native, _ = run(["/usr/bin/nproc"])
    inside, status = run(["/usr/bin/nproc"], cell)
    check("nproc", status == 0 and inside == native, f"native {native!r}, cell {inside!r}")
    native, _ = run(["/usr/bin/nproc", "--all"])
    inside, status = run(["/usr/bin/nproc", "--all"], cell)
    check("nproc --all", status == 0 and inside == native, f"native {native!r}, cell {inside!r}")

    native, _ = run(["/usr/bin/free"])
    inside, status = run(["/usr/bin/free"], cell)
    check("free: header", status == 0 and inside.splitlines()[:1] == native.splitlines()[:1], inside)
    total = lambda text: re.search(r"^Mem:\s+(\d+)", text, re.M)
    check("free: total memory", total(inside) and total(native) and total(inside)[1] == total(native)[1], inside)

    inside, status = run(["/usr/bin/uptime"], cell)
    check("uptime", status == 0 and re.match(r"^ \d\d:\d\d:\d\d up .*load average: [\d.]+, [\d.]+, [\d.]+\n$", inside), inside)

    if os.path.exists("/usr/bin/ps"):
        inside, status = run(["/usr/bin/ps", "-e", "-o", "pid,comm"], cell)
        check("ps -e", status == 0 and inside.split() == ["PID", "COMMAND", "1", "ps"], inside)
        inside, status = run(["/usr/bin/ps", "aux"], cell)
        lines = inside.splitlines()
        check("ps aux", status == 0 and len(lines) == 2 and lines[0].split()[:2] == ["USER", "PID"]
              and lines[1].split()[:2] == ["root", "1"] and lines[1].endswith("/usr/bin/ps aux"), inside)
    busybox = shutil.which("busybox", path="/bin:/usr/bin")
    if busybox:
        inside, status = run([busybox, "ps"], cell)
        lines = inside.splitlines()
        check("busybox ps", status == 0 and len(lines) == 2 and lines[1].split()[:2] == ["1", "root"], inside)

    python = "/usr/bin/python3"
    if os.path.exists(python):
        code = "import os; print(os.cpu_count(), len(os.sched_getaffinity(0)))"
        native, _ = run([python, "-c", code])
        inside, status = run([python, "-c", code], cell)
        check("python3 os.cpu_count()", status == 0 and inside == native, f"native {native!r}, cell {inside!r}")
        inside, status = run([python, "-c", "import os; print(sorted(os.listdir('/proc/self/fd')))"], cell)
        check("python3 os.listdir('/proc/self/fd')", status == 0 and inside == "['0', '1', '2', '3']\n", inside)

    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
