#!/usr/bin/env python3
"""Confinement seen from outside: a secret host file next to a read-write bind must stay
out of reach by every path a guest can build.

The sandbox's root is a fresh host directory holding only mount points and symlinks to
a read-only bind of the host's /usr (so that python3 runs inside); the secret lies in
the parent of the bound directory, on the host, and nowhere inside the grants. The bound
directory holds symlinks to the secret's absolute host path and to ../secret. A python3
program inside tries every trick (symlinks, "..", /proc/self/root, /proc/self/cwd,
/proc/self/fd, O_PATH dirfds with "..") and prints what each gave; a second pair of runs
races a rename of a directory inside the bind against walks through "..". Finally, with
--root and with --image, stdout redirected to a host file, /proc/self/fd/1 must not
show the host path.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

SECRET = "TOP-SECRET-CONTENT"
ENVIRONMENT = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "HOME": "/"}

failures = []

# Tries each path (relative to a dirfd where given) and prints what reading it gave.
PROBE = r"""
import errno, os, sys
secret = sys.argv[1]
relative = secret.lstrip("/")
tries = [
    ("/mnt/inside", None), ("/mnt/abs", None), ("/mnt/up", None), ("/mnt/deep/uplink", None),
    ("/mnt/../secret", None), ("/mnt/../../secret", None), ("/mnt/" + "../" * 12 + relative, None),
    (secret, None), ("/proc/self/root" + secret, None), ("/proc/self/root/mnt/../secret", None),
    ("/proc/self/cwd/../secret", None), ("/proc/1/root" + secret, None), ("/proc/self/cwd/abs", None),
    ("../secret", None), ("abs", None), ("deep/../../secret", None),
]
mnt = os.open("/mnt", os.O_PATH | os.O_DIRECTORY)
deep = os.open("/mnt/deep", os.O_PATH | os.O_DIRECTORY)
link = os.open("/mnt/abs", os.O_PATH | os.O_NOFOLLOW)
tries += [("../secret", mnt), ("abs", mnt), ("up", mnt), ("../../secret", deep), ("uplink", deep),
          ("../" * 12 + relative, deep), (secret, deep)]
tries += [(f"/proc/self/fd/{mnt}/../secret", None), (f"/proc/self/fd/{deep}/../../secret", None),
          (f"/proc/self/fd/{link}", None), (f"/proc/self/fd/{mnt}/abs", None)]
for path, dirfd in tries:
    label = path if dirfd is None else f"at({'/mnt' if dirfd == mnt else '/mnt/deep'}) {path}"
    try:
        fd = os.open(path, os.O_RDONLY, dir_fd=dirfd)
        data = os.read(fd, 100).decode(errors="replace").strip()
        os.close(fd)
        print(f"{label}: read {data!r}")
    except OSError as e:
        print(f"{label}: {errno.errorcode.get(e.errno, e.errno)}")
# A directory listing of every parent the guest can name.
for path in ("/mnt/..", "/proc/self/root/..", f"/proc/self/fd/{deep}/../.."):
    print(f"listdir {path}: {sorted(os.listdir(path))}")
print("probe done")
"""

# Keeps renaming /mnt/race/a/b to /mnt/b and back for about a second.
RENAMER = r"""
import os, time
end = time.monotonic() + 1.0
n = 0
while time.monotonic() < end:
    for src, dst in (("/mnt/race/a/b", "/mnt/b"), ("/mnt/b", "/mnt/race/a/b")):
        try:
            os.rename(src, dst)
            n += 1
        except OSError:
            pass
print("renames", n > 0)
"""

# Keeps walking through the moving directory with ".." for about a second, by path and
# from an O_PATH fd held on it, and reports whether any open read the secret.
WALKER = r"""
import os, sys, time
secret = sys.argv[1]
paths = ["/mnt/race/a/b/c/../../../../secret", "/mnt/race/a/b/c/../../../../../secret",
         "/mnt/b/c/../../../secret", "/mnt/race/a/b/" + "../" * 8 + secret.lstrip("/"),
         "/mnt/race/a/b/c/../../../../../../" + secret.lstrip("/")]
held = None
end = time.monotonic() + 1.0
opened = leaked = 0
while time.monotonic() < end:
    if held is None:
        try:
            held = os.open("/mnt/race/a/b/c", os.O_PATH | os.O_DIRECTORY)
        except OSError:
            pass
    for path, dirfd in [(p, None) for p in paths] + [("../../../../secret", held), ("../../../../../../../" + secret.lstrip("/"), held)]:
        if path.startswith("..") and dirfd is None:
            continue
        try:
            fd = os.open(path, os.O_RDONLY, dir_fd=dirfd)
        except OSError:
            continue
        opened += 1
        if b"TOP-SECRET" in os.read(fd, 100):
            leaked += 1
        os.close(fd)
print("leaked", leaked)
"""


def cell_run(cell, root, bind, argv, cwd="/", **kw):
    command = [cell, "run", "--root", root, "--ro-bind", "/usr:/usr", "--bind", f"{bind}:/mnt", "--cwd", cwd, "--", *argv]
    return subprocess.Popen(command, stdout=kw.get("stdout", subprocess.PIPE), stderr=subprocess.PIPE, text=True, env=ENVIRONMENT)


def finish(proc, what):
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        failures.append(f"{what}: timed out")
    return proc.returncode, out or "", err


def make_root(top):
    root = os.path.join(top, "root")
    for d in ("usr", "proc", "dev", "tmp", "sys", "mnt", "etc"):
        os.makedirs(os.path.join(root, d))
    for name in ("bin", "lib", "lib64", "sbin"):
        os.symlink(f"usr/{name}", os.path.join(root, name))
    return root


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cell", required=True)
    parser.add_argument("--busybox", required=True)
    args = parser.parse_args()
    top = tempfile.mkdtemp(prefix="cell-confine-", dir="/var/tmp")
    try:
        os.chmod(top, 0o755)
        root = make_root(top)
        secret = os.path.join(top, "secret")
        with open(secret, "w") as f:
            f.write(SECRET + "\n")
        # World-readable: only the confinement keeps it from the sandbox's host uid.
        os.chmod(secret, 0o644)
        bind = os.path.join(top, "bind")
        os.makedirs(os.path.join(bind, "deep"))
        os.makedirs(os.path.join(bind, "race/a/b/c"))
        with open(os.path.join(bind, "inside"), "w") as f:
            f.write("inside the grant\n")
        os.symlink(secret, os.path.join(bind, "abs"))
        os.symlink("../secret", os.path.join(bind, "up"))
        os.symlink("../../secret", os.path.join(bind, "deep/uplink"))
        for dirpath, dirnames, filenames in os.walk(bind):
            os.chmod(dirpath, 0o777)

        # Every trick, by path and by dirfd.
        code, out, err = finish(cell_run(args.cell, root, bind, ["/usr/bin/python3", "-c", PROBE, secret], cwd="/mnt"), "probe")
        if code != 0 or "probe done" not in out or "/mnt/inside: read 'inside the grant'" not in out:
            failures.append(f"probe did not run: status {code}, stdout {out!r:.2000}, stderr {err!r:.2000}")
        for line in out.splitlines():
            if SECRET in line or "secret" in line.split(":", 1)[-1] and line.startswith("listdir"):
                failures.append(f"probe reached the host: {line}")

        # The rename race: two sandboxes on the same bind at once.
        renamer = cell_run(args.cell, root, bind, ["/usr/bin/python3", "-c", RENAMER])
        walker = cell_run(args.cell, root, bind, ["/usr/bin/python3", "-c", WALKER, secret])
        walked = finish(walker, "walker")
        renamed = finish(renamer, "renamer")
        if renamed[:2] != (0, "renames True\n"):
            failures.append(f"renamer: {renamed!r}")
        if walked[:2] != (0, "leaked 0\n"):
            failures.append(f"walker: {walked!r}")

        # /proc/self/fd/1 is a host file the launcher handed over: its link text must not
        # name the host path (nor anything inside the host's tree).
        out_path = os.path.join(top, "stdout.txt")
        with open(out_path, "w") as f:
            os.chmod(out_path, 0o666)
            code, _, err = finish(cell_run(args.cell, root, bind, ["/usr/bin/readlink", "/proc/self/fd/1"], stdout=f), "readlink")
        with open(out_path) as f:
            text = f.read()
        if code != 0 or not text.strip() or top in text or "var/tmp" in text:
            failures.append(f"/proc/self/fd/1 under --root: status {code}, link {text!r}, stderr {err!r}")

        # The same under --image: a tar archive with busybox as the root.
        image = os.path.join(top, "image.tar")
        with tarfile.open(image, "w") as tar:
            for d in ("bin", "proc", "dev", "tmp", "sys"):
                info = tarfile.TarInfo(d)
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
            tar.add(args.busybox, "bin/busybox")
        os.chmod(image, 0o644)
        out_path = os.path.join(top, "image-stdout.txt")
        with open(out_path, "w") as f:
            os.chmod(out_path, 0o666)
            r = subprocess.run([args.cell, "run", "--image", image, "--", "/bin/busybox", "readlink", "/proc/self/fd/1"],
                               stdout=f, stderr=subprocess.PIPE, text=True, timeout=60)
        with open(out_path) as f:
            text = f.read()
        if r.returncode != 0 or not text.strip() or top in text or "var/tmp" in text:
            failures.append(f"/proc/self/fd/1 under --image: status {r.returncode}, link {text!r}, stderr {r.stderr!r}")

        with open(secret) as f:
            if f.read() != SECRET + "\n":
                failures.append("the secret changed")
    finally:
        shutil.rmtree(top, ignore_errors=True)
    for failure in failures:
        print("FAIL:", failure)
    print("ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
