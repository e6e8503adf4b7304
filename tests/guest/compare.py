#!/usr/bin/env python3
"""Runs one program natively and under `cell run`, and compares what a shell would see.

Usage: compare.py --cell PATH [--no-pipe] [--timeout SECONDS] [--scratch FS] -- PROG [ARGS...]

The program runs three times with the same argument list, environment and working
directory: natively with stdout redirected to a file, under Cell with stdout redirected to
a file, and under Cell with stdout going through a pipe. Stdout, stderr and the exit
status must agree in all three. The exit status is the one a shell shows (128 + N for a
death by signal N). When the guest dies by a signal, Cell's launcher reports it on stderr
as a shell would (for example "Segmentation fault"); that one last line is dropped from
Cell's stderr before comparing, since the native run has no shell to print it.

--scratch chooses the filesystem under the directory that CELL_TEST_SCRATCH names, where
the filesystem tests make their scratch directories (tests/guest/fs/fsguest.h). Natively
it is always a fresh host directory. Under Cell it is, for "memfs", /tmp (the sandbox's
own memfs); for "bind", a fresh host directory bound read-write at /mnt/cell-scratch;
for "overlay", /var/tmp on the root, outside /tmp and the binds, where writes go to the
overlay root's upper layer. Without --scratch the variable is not set (fsguest.h then
uses /tmp). Every host directory made here is removed afterwards.
"""

import argparse
import difflib
import os
import shutil
import signal
import subprocess
import sys
import tempfile


# A fixed environment, so that the guest's view does not depend on who runs the tests.
ENVIRONMENT = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "LC_ALL": "C",
    "HOME": "/",
    "CELL_TEST": "guest",
}

SCRATCH_VARIABLE = "CELL_TEST_SCRATCH"
# The guest path of the read-write bind; the sandbox makes the missing mount point.
BIND_TARGET = "/mnt/cell-scratch"
# A directory on the root filesystem that is neither /tmp (memfs) nor under a bind.
OVERLAY_BASE = "/var/tmp"


def shell_status(returncode):
    return 128 - returncode if returncode < 0 else returncode


def run(argv, timeout, pipe_stdout, cwd, env=ENVIRONMENT):
    """Runs argv and returns (stdout, stderr, shell-visible status).

    The program gets a session of its own, so that on a timeout everything it started is
    killed with it and no leftover process keeps the stdout pipe open."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE if pipe_stdout else out,
                                stderr=err, env=env, cwd=cwd, start_new_session=True)
        try:
            stdout, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            try:
                proc.communicate(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            raise
        if not pipe_stdout:
            out.seek(0)
            stdout = out.read()
        err.seek(0)
        return stdout, err.read(), shell_status(proc.returncode)


def drop_signal_report(stderr, status):
    """Removes the launcher's last-line report of the signal that ended the guest."""
    number = status - 128
    text = signal.strsignal(number) if 0 < number < signal.NSIG else None
    reports = {f"cell: guest killed by signal {number}".encode()}
    if text:
        reports |= {text.encode(), f"{text} (core dumped)".encode()}
    body, _, last = stderr.rstrip(b"\n").rpartition(b"\n")
    if last in reports or any(last.startswith(r + b" ") for r in reports if r.startswith(b"cell:")):
        return body + b"\n" if body else b""
    return stderr


def host_scratch():
    """A fresh host directory for one run's scratch base."""
    return tempfile.mkdtemp(prefix="cell-scratch-")


def cell_scratch_options(scratch, host_dirs):
    """The `cell run` options that put the guest's scratch base on the chosen filesystem."""
    if scratch is None:
        return []
    if scratch == "memfs":
        return ["--env", f"{SCRATCH_VARIABLE}=/tmp"]
    if scratch == "bind":
        host_dirs.append(host_scratch())
        # When cell is started as root, the sandbox runs as an unprivileged host user, which
        # must be able to write in the bound directory.
        os.chmod(host_dirs[-1], 0o777)
        return ["--bind", f"{host_dirs[-1]}:{BIND_TARGET}", "--env", f"{SCRATCH_VARIABLE}={BIND_TARGET}"]
    return ["--env", f"{SCRATCH_VARIABLE}={OVERLAY_BASE}"]


def show_diff(what, expected, actual):
    lines = difflib.unified_diff(expected.decode(errors="replace").splitlines(keepends=True),
                                 actual.decode(errors="replace").splitlines(keepends=True),
                                 fromfile=f"native {what}", tofile=f"cell {what}")
    sys.stdout.write("".join(lines))
    if not expected.endswith(b"\n") or not actual.endswith(b"\n"):
        sys.stdout.write("\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cell", required=True)
    parser.add_argument("--no-pipe", action="store_true", help="skip the run with stdout on a pipe")
    parser.add_argument("--timeout", type=float, default=20, help="seconds per run")
    parser.add_argument("--cwd", default="/")
    parser.add_argument("--scratch", choices=("memfs", "bind", "overlay"),
                        help="the filesystem the guest's scratch directories are on under cell")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no program given")
    # The runs start in --cwd, so relative paths are resolved here first.
    args.cell = os.path.abspath(args.cell)
    if "/" in command[0]:
        command[0] = os.path.abspath(command[0])

    host_dirs = []
    try:
        return compare(args, command, host_dirs)
    finally:
        for directory in host_dirs:
            shutil.rmtree(directory, ignore_errors=True)


def compare(args, command, host_dirs):
    native_env = ENVIRONMENT
    if args.scratch:
        host_dirs.append(host_scratch())
        native_env = dict(ENVIRONMENT, **{SCRATCH_VARIABLE: host_dirs[-1]})
    try:
        native = run(command, args.timeout, False, args.cwd, native_env)
    except (OSError, subprocess.TimeoutExpired) as error:
        print(f"FAIL: the native run failed: {error}")
        return 1
    runs = [("stdout to a file", False)]
    if not args.no_pipe:
        runs.append(("stdout to a pipe", True))

    failed = False
    for label, pipe in runs:
        try:
            options = cell_scratch_options(args.scratch, host_dirs)
            stdout, stderr, status = run([args.cell, "run", *options, "--", *command], args.timeout, pipe, args.cwd)
        except subprocess.TimeoutExpired:
            # A hung guest would hang the next run too; one report is enough.
            print(f"FAIL ({label}): cell run timed out after {args.timeout} s")
            return 1
        except OSError as error:
            print(f"FAIL: cannot start {args.cell}: {error}")
            return 1
        if status >= 128:
            stderr = drop_signal_report(stderr, status)
        if stdout != native[0]:
            print(f"FAIL ({label}): stdout differs")
            show_diff("stdout", native[0], stdout)
            failed = True
        if stderr != native[1]:
            print(f"FAIL ({label}): stderr differs")
            show_diff("stderr", native[1], stderr)
            failed = True
        if status != native[2]:
            print(f"FAIL ({label}): exit status native {native[2]}, cell {status}")
            failed = True

    if failed:
        return 1
    print(f"ok: {' '.join(command)}: {len(native[0])} bytes of stdout, {len(native[1])} of stderr, status {native[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
