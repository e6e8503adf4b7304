#!/usr/bin/env python3
"""The default root is an overlay: writes anywhere succeed inside and vanish at exit.

python3 runs inside the sandbox and changes /etc (a new file, an append to a copy of an
existing file, a removal, a rename, a directory removal) and reports what it sees.
Afterwards the test checks natively that the host's files are untouched. --root and
--image roots are writable the same way.
"""
import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

from checks import check, exit_status


def run(cell, options, argv):
    command = [cell, "run", *options, "--", *argv]
    return subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


# Runs inside the sandbox: every step prints one line the test compares.
SCENARIO = r"""
import errno, fcntl, os, stat
def attempt(what, fn):
    try:
        r = fn()
        print(what, "ok" if r is None else r)
    except OSError as e:
        print(what, errno.errorcode[e.errno])
before = os.stat("/etc/hostname")
with open("/etc/cell-overlay-probe", "w") as f:
    f.write("probe\n")
print("probe", open("/etc/cell-overlay-probe").read().strip())
original = open("/etc/hostname").read()
with open("/etc/hostname", "a") as f:
    f.write("appended\n")
print("appended", open("/etc/hostname").read() == original + "appended\n")
after = os.stat("/etc/hostname")
print("same ino", before.st_ino == after.st_ino, "same dev", before.st_dev == after.st_dev)
os.unlink("/etc/hostname")
attempt("stat removed", lambda: os.stat("/etc/hostname") and None)
names = os.listdir("/etc")
print("listed probe", "cell-overlay-probe" in names, "listed hostname", "hostname" in names)
print("listing unique", len(names) == len(set(names)))
with open("/etc/hostname", "w") as f:
    f.write("recreated\n")
print("recreated", open("/etc/hostname").read().strip())
os.rename("/etc/cell-overlay-probe", "/etc/cell-overlay-probe2")
print("renamed", sorted(n for n in os.listdir("/etc") if n.startswith("cell-overlay")))
attempt("rename lower dir", lambda: os.rename("/usr/share", "/usr/share2"))
attempt("rmdir nonempty", lambda: os.rmdir("/usr/share"))
os.makedirs("/usr/cell-overlay-dir/sub")
attempt("rename upper dir", lambda: os.rename("/usr/cell-overlay-dir", "/usr/cell-overlay-dir2"))
print("moved sub", os.path.isdir("/usr/cell-overlay-dir2/sub"))
os.chmod("/etc/passwd", 0o600)
print("chmod", oct(stat.S_IMODE(os.stat("/etc/passwd").st_mode)))
# A description opened before a copy-up, through another one, shows the copy.
reader = os.open("/etc/group", os.O_RDONLY)
size = os.fstat(reader).st_size
with open("/etc/group", "a") as f:
    f.write("cell:x:4242:\n")
print("fstat after copy-up", os.fstat(reader).st_size - size, os.fstat(reader).st_ino == os.stat("/etc/group").st_ino)
os.close(reader)
# A lock taken on a lower file before its copy-up still holds after it.
shared = os.open("/etc/hosts", os.O_RDONLY)
fcntl.flock(shared, fcntl.LOCK_SH)
writer = os.open("/etc/hosts", os.O_WRONLY | os.O_APPEND)
attempt("flock across copy-up", lambda: fcntl.flock(writer, fcntl.LOCK_EX | fcntl.LOCK_NB))
os.close(writer)
os.close(shared)
# Device nodes made inside open the kernel's driver for their number, on any filesystem.
for node, numbers in (("/etc/cell-null", (1, 3)), ("/tmp/cell-zero", (1, 5)), ("/etc/cell-tty", (5, 0)), ("/tmp/cell-none", (7, 0))):
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(*numbers))
    def use():
        fd = os.open(node, os.O_RDWR)
        try:
            return (os.write(fd, b"abc"), os.read(fd, 3))
        finally:
            os.close(fd)
    attempt("device " + node, use)
print("mounts", [l.split()[:3] for l in open("/proc/self/mounts") if l.split()[1] == "/"])
"""

EXPECTED = """probe probe
appended True
same ino True same dev True
stat removed ENOENT
listed probe True listed hostname False
listing unique True
recreated recreated
renamed ['cell-overlay-probe2']
rename lower dir EXDEV
rmdir nonempty ENOTEMPTY
rename upper dir ok
moved sub True
chmod 0o600
fstat after copy-up 13 True
flock across copy-up EAGAIN
device /etc/cell-null (3, b'')
device /tmp/cell-zero (3, b'\\x00\\x00\\x00')
device /etc/cell-tty ENXIO
device /tmp/cell-none ENXIO
mounts [['overlay', '/', 'overlay']]
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cell", required=True)
    parser.add_argument("--busybox", required=True)
    args = parser.parse_args()
    cell, busybox = args.cell, args.busybox
    python = "/usr/bin/python3"

    watched = ["/etc/hostname", "/etc/passwd", "/etc/group", "/etc/hosts"]
    sums = {p: digest(p) for p in watched}
    modes = {p: os.stat(p).st_mode for p in watched}
    r = run(cell, [], [python, "-c", SCENARIO])
    check("scenario", r.returncode == 0 and r.stdout == EXPECTED, f"status {r.returncode}\n{r.stdout}\n{r.stderr}")
    r = run(cell, [], [busybox, "stat", "-f", "-c", "%t", "/"])
    check("statfs f_type", r.stdout.strip() == "794c7630", f"{r.stdout!r} {r.stderr!r}")
    for p in watched:
        check(f"host {p} unchanged", digest(p) == sums[p] and os.stat(p).st_mode == modes[p])
    for p in ("/etc/cell-null", "/etc/cell-tty", "/etc/cell-overlay-probe", "/etc/cell-overlay-probe2", "/usr/cell-overlay-dir", "/usr/cell-overlay-dir2"):
        check(f"host has no {p}", not os.path.lexists(p))

    top = tempfile.mkdtemp(prefix="cell-overlay-")
    try:
        os.chmod(top, 0o755)
        # --root: a host directory as the lower layer; writes stay in the sandbox.
        root = os.path.join(top, "root")
        for d in ("bin", "etc", "tmp", "dev", "proc"):
            os.makedirs(os.path.join(root, d))
        shutil.copy(busybox, os.path.join(root, "bin", "busybox"))
        with open(os.path.join(root, "etc", "marker"), "w") as f:
            f.write("lower\n")
        r = run(cell, ["--root", root], ["/bin/busybox", "cp", "/etc/marker", "/etc/copy"])
        check("--root write", r.returncode == 0, f"{r.returncode} {r.stderr!r}")
        r = run(cell, ["--root", root], ["/bin/busybox", "rm", "/etc/marker"])
        check("--root remove", r.returncode == 0, f"{r.returncode} {r.stderr!r}")
        check("--root host unchanged", sorted(os.listdir(os.path.join(root, "etc"))) == ["marker"])

        # --image: the archive is the lower layer.
        image = os.path.join(top, "root.tar")
        with tarfile.open(image, "w") as tar:
            tar.add(root, arcname=".")
        r = run(cell, ["--image", image], ["/bin/busybox", "mkdir", "-p", "/new/dir/deep"])
        check("--image mkdir", r.returncode == 0, f"{r.returncode} {r.stderr!r}")
        r = run(cell, ["--image", image], ["/bin/busybox", "mv", "/etc/marker", "/marker-moved"])
        check("--image mv", r.returncode == 0, f"{r.returncode} {r.stderr!r}")
    finally:
        shutil.rmtree(top, ignore_errors=True)

    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
