#!/usr/bin/env python3
"""--bind, --ro-bind and --root, checked from outside the sandbox.

Every host path the test touches is under a fresh temporary directory. The sandbox runs
the static busybox; afterwards the test reads the host directory natively to see what
the sandbox did there, and that nothing outside the grants changed.
"""
import argparse
import errno
import os
import shutil
import subprocess
import sys
import tempfile

from checks import check, exit_status


def run(cell, options, argv, stdin=""):
    # One busybox applet per sandbox: no shell, so the test needs no fork.
    command = [cell, "run", *options, "--", *argv]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=60)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cell", required=True)
    parser.add_argument("--busybox", required=True)
    args = parser.parse_args()
    cell, busybox = args.cell, args.busybox

    top = tempfile.mkdtemp(prefix="cell-binds-")
    try:
        # The sandbox runs as an unprivileged host uid: the shared directory must be
        # writable for it, as for any other user.
        rw = os.path.join(top, "rw")
        os.mkdir(rw)
        os.chmod(top, 0o755)
        os.chmod(rw, 0o777)
        with open(os.path.join(rw, "existing"), "w") as f:
            f.write("before\n")
        os.chmod(os.path.join(rw, "existing"), 0o666)
        outside = os.path.join(top, "outside")
        with open(outside, "w") as f:
            f.write("secret\n")
        os.chmod(outside, 0o666)
        os.symlink(outside, os.path.join(rw, "abs"))
        os.symlink("../outside", os.path.join(rw, "up"))

        # Usage errors and a missing source are refused before the guest starts.
        for bad in (["--bind", "nocolon"], ["--bind", rw + ":relative"], ["--ro-bind", ":/x"]):
            r = subprocess.run([cell, "run", *bad, "--", busybox, "true"], capture_output=True, text=True)
            check(f"usage {bad}", r.returncode == 2, f"status {r.returncode}")
        r = subprocess.run([cell, "run", "--bind", top + "/missing:/x", "--", busybox, "true"], capture_output=True, text=True)
        check("missing source", r.returncode == 125 and len(r.stderr.strip().splitlines()) == 1,
              f"status {r.returncode}, stderr {r.stderr!r}")

        # A read-write bind at another path: data written inside is on the host after.
        r = run(cell, ["--bind", f"{rw}:/mnt"], [busybox, "cat", "/mnt/existing"])
        check("rw bind reads", r.returncode == 0 and r.stdout == "before\n", f"{r.stdout!r} {r.stderr!r}")
        r = run(cell, ["--bind", f"{rw}:/mnt"], [busybox, "tee", "-a", "/mnt/existing"], "appended\n")
        check("rw bind writes", r.returncode == 0, f"status {r.returncode}, stderr {r.stderr!r}")
        with open(os.path.join(rw, "existing")) as f:
            check("rw bind wrote the host file", f.read() == "before\nappended\n")

        # fsync and fdatasync of a bound file reach the host file.
        for flags in ([], ["-d"]):
            r = run(cell, ["--bind", f"{rw}:/mnt"], [busybox, "sync", *flags, "/mnt/existing"])
            check(f"sync {flags}", r.returncode == 0, f"status {r.returncode}, stderr {r.stderr!r}")

        # A read-only bind refuses writes.
        r = run(cell, ["--ro-bind", f"{rw}:/mnt"], [busybox, "tee", "-a", "/mnt/existing"], "x\n")
        check("ro bind refuses", r.returncode != 0, f"status {r.returncode}")
        with open(os.path.join(rw, "existing")) as f:
            check("ro bind left the host file", f.read() == "before\nappended\n")

        # A device node made inside is an empty host file; opening it reaches the
        # kernel's driver for its number.
        probe = "import os, stat\nos.mknod('/mnt/zero', 0o666 | stat.S_IFCHR, os.makedev(1, 5))\n" \
            "fd = os.open('/mnt/zero', os.O_RDWR)\nprint(os.write(fd, b'abc'), os.read(fd, 2))\n"
        r = run(cell, ["--bind", f"{rw}:/mnt"], ["/usr/bin/python3", "-c", probe])
        check("device node on a bind", r.stdout == "3 b'\\x00\\x00'\n", f"{r.stdout!r} {r.stderr!r}")
        zero = os.path.join(rw, "zero")
        check("the host holds an empty regular file", os.path.isfile(zero) and os.path.getsize(zero) == 0)
        os.unlink(zero)

        # A host file the sandbox's host uid cannot open (0600 and another user's, when the
        # test runs as root) still lists its attribute names and answers a security.* read,
        # as on Linux, where neither needs read permission.
        private = os.path.join(rw, "private")
        with open(private, "w") as f:
            f.write("x")
        os.chmod(private, 0o600)
        names = []
        try:
            os.setxattr(private, "user.tag", b"v")
            names = ["user.tag"]
        except OSError:
            pass
        probe = "import os\nprint(os.listxattr('/mnt/private'))\ntry:\n    os.getxattr('/mnt/private', 'security.selinux')\n" \
            "except OSError as e:\n    print(e.errno)\n"
        r = run(cell, ["--bind", f"{rw}:/mnt"], ["/usr/bin/python3", "-c", probe])
        check("attributes of an unreadable host file", r.stdout == f"{names}\n{errno.ENODATA}\n", f"{r.stdout!r} {r.stderr!r}")
        os.unlink(private)

        # Nothing outside the grant is writable: not through a planted absolute or
        # relative symlink, "..", /proc/self/root, or the host path itself.
        attempts = [
            ([], "/mnt/abs"),
            ([], "/mnt/../" + outside.lstrip("/")),
            ([], "/proc/self/root" + outside),
            ([], outside),
            (["--cwd", "/mnt"], "../../../../../../.." + outside),
        ]
        for options, target in attempts:
            r = run(cell, ["--bind", f"{rw}:/mnt", *options], [busybox, "tee", "-a", target], "pwned\n")
            check(f"write to {target} refused", r.returncode != 0, f"status {r.returncode}")
        # "../outside" from the bind names /outside on the overlay root: the write lands in
        # the sandbox's own upper layer, never on the host.
        r = run(cell, ["--bind", f"{rw}:/mnt"], [busybox, "tee", "-a", "/mnt/up"], "pwned\n")
        check("write to /mnt/up stays in the sandbox", not os.path.exists("/outside"), f"status {r.returncode}")
        with open(outside) as f:
            check("outside file unchanged", f.read() == "secret\n")

        # A file bind goes over an existing file or makes its missing mount point; a
        # directory over a file (or a file over a directory) is refused before the guest.
        existing = os.path.join(rw, "existing")
        r = run(cell, ["--ro-bind", f"{existing}:/etc/hostname"], [busybox, "cat", "/etc/hostname"])
        check("file bind over a file", r.stdout == "before\nappended\n", f"{r.stdout!r} {r.stderr!r}")
        r = run(cell, ["--bind", f"{existing}:/srv/new/file"], [busybox, "tee", "-a", "/srv/new/file"], "third\n")
        check("file bind at a new path", r.returncode == 0, f"status {r.returncode}, stderr {r.stderr!r}")
        with open(existing) as f:
            check("file bind wrote the host file", f.read() == "before\nappended\nthird\n")
        for bad in ([f"{rw}:/etc/hostname"], [f"{existing}:/etc"]):
            r = subprocess.run([cell, "run", "--bind", *bad, "--", busybox, "true"], capture_output=True, text=True)
            check(f"type mismatch {bad}", r.returncode == 125 and "Not a directory" in r.stderr,
                  f"status {r.returncode}, stderr {r.stderr!r}")

        # --root: a host directory as the root; the host's own files are not there.
        root = os.path.join(top, "root")
        for d in ("bin", "dev", "proc", "tmp", "sys", "data"):
            os.makedirs(os.path.join(root, d))
        shutil.copy(busybox, os.path.join(root, "bin", "busybox"))
        with open(os.path.join(root, "marker"), "w") as f:
            f.write("inside the root\n")
        r = run(cell, ["--root", root, "--bind", f"{rw}:/data"], ["/bin/busybox", "cat", "/marker", "/data/existing"])
        check("--root", r.stdout == "inside the root\nbefore\nappended\nthird\n", f"{r.stdout!r} {r.stderr!r}")
        r = run(cell, ["--root", root], ["/bin/busybox", "cat", "/etc/os-release"])
        check("--root hides the host", r.returncode != 0 and r.stdout == "", f"{r.stdout!r}")
        r = subprocess.run([cell, "run", "--root", top + "/missing", "--", "/bin/busybox", "true"], capture_output=True, text=True)
        check("--root missing", r.returncode == 125, f"status {r.returncode}")
    finally:
        shutil.rmtree(top, ignore_errors=True)

    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
