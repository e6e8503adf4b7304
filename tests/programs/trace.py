#!/usr/bin/env python3
"""Checks `cell run --trace -- PROG`: one strace-like line per guest syscall on stderr.

Usage: trace.py --cell PATH [--expect NAME]... -- PROG [ARGS...]

The program must exit 0, every name given with --expect must appear among the traced
calls, and the last traced call must be exit_group (which does not return, so its result
is printed as `?`). As in strace, one closing `+++ exited with 0 +++` line may follow it.
"""

import argparse
import re
import subprocess
import sys

TRACE_LINE = re.compile(r"^([a-z_][a-z0-9_]*)\((.*)\) = (.*)$")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cell", required=True)
    parser.add_argument("--expect", action="append", default=[])
    parser.add_argument("--timeout", type=float, default=20)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command

    try:
        proc = subprocess.run([args.cell, "run", "--trace", "--", *command], stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=args.timeout)
    except (OSError, subprocess.TimeoutExpired) as error:
        print(f"FAIL: {error}")
        return 1
    stderr = proc.stderr.decode(errors="replace")
    calls = [m.group(1) for m in map(TRACE_LINE.match, stderr.splitlines()) if m]
    failed = False
    if proc.returncode != 0:
        print(f"FAIL: exit status {proc.returncode}, expected 0")
        failed = True
    for name in args.expect:
        if name not in calls:
            print(f"FAIL: no trace line for {name}")
            failed = True
    if not calls:
        print("FAIL: no trace lines at all")
        failed = True
    elif calls[-1] != "exit_group":
        print(f"FAIL: the last traced call is {calls[-1]}, expected exit_group")
        failed = True
    lines = stderr.rstrip("\n").split("\n")
    if lines and re.match(r"^\+\+\+ exited with 0 \+\+\+$", lines[-1]):
        lines.pop()
    if calls and (not lines or not re.match(r"^exit_group\(0\) = \?$", lines[-1])):
        print(f"FAIL: the last line of stderr is {lines[-1] if lines else ''!r}, expected 'exit_group(0) = ?'")
        failed = True
    if failed:
        print("--- stderr of cell run --trace ---")
        sys.stdout.write(stderr)
        return 1
    print(f"ok: {len(calls)} traced calls, {len(set(calls))} distinct, ending in exit_group")
    return 0


if __name__ == "__main__":
    sys.exit(main())
