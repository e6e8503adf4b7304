#!/usr/bin/env python3
"""GNU coreutils, find, diff and tar on the same tree natively and under `cell run`.

A test tree (files of several sizes, nested and empty directories, relative and absolute
symlinks, a hard link, a name with spaces, unusual modes, a sparse file, fixed times) is
built twice in a fresh host directory: one copy for the native runs, one for the sandbox.
The sandbox's copy is bound read-write at the native copy's own path, so every command
sees the same paths, the same host filesystem (device numbers, block sizes, free space)
and the same names; only the inode numbers and the change times of the two copies
genuinely differ. The sandbox runs as host uid 65534 (root inside), so its copy belongs
to that uid on the host and to root inside, as the native copy does.

There is no fork inside the sandbox yet, so every step is one `cell run`, and after each
step that changes the tree, both copies are compared by listings made natively and under
Cell. Scenarios on memfs (/tmp inside), which vanishes between runs, are one python3
program doing every step with os.* calls and printing the result; natively it runs in a
fresh host directory of the same name.
"""
import argparse
import difflib
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time

SANDBOX_UID = 65534
FIXED_TIME = 1_600_000_000  # 2020-09-13, the time every file of the tree carries
ENVIRONMENT = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "TZ": "UTC", "HOME": "/"}

failures = []


def fail(what, detail):
    failures.append(f"{what}: {detail}")


def differ(what, native, cell):
    """Records a failure showing a unified diff of two outputs."""
    lines = difflib.unified_diff(native.decode(errors="replace").splitlines(True),
                                 cell.decode(errors="replace").splitlines(True), "native", "cell", n=1)
    fail(what, "\n" + "".join(lines)[:4000])


def build_tree(root):
    """Creates the test tree under root (which must not exist)."""
    os.mkdir(root)
    def write(name, data, mode=0o644):
        path = os.path.join(root, name)
        with open(path, "wb") as f:
            f.write(data)
        os.chmod(path, mode)
    os.makedirs(os.path.join(root, "a/b/c"))
    os.mkdir(os.path.join(root, "empty"))
    os.mkdir(os.path.join(root, "private"), 0o700)
    write("small.txt", b"hello\n")
    write("lines.txt", "".join(f"{(i * 7919) % 1009:04d} line {i}\n" for i in range(3000)).encode())
    write("numbers.txt", "".join(f"{(i * 7919) % 200_003}\n" for i in range(200_000)).encode())
    write("medium.bin", bytes((i * 31 + 7) % 251 for i in range(70_000)))
    write("big.bin", bytes((i * 13 + (i >> 9)) % 256 for i in range(1_100_000)))
    write("with space.txt", b"a name with spaces\n")
    write("a/b/c/deep.txt", b"deep\n" * 100)
    write("a/b/exec.sh", b"#!/bin/sh\necho hi\n", 0o755)
    write("private/secret", b"only for the owner\n", 0o600)
    write("empty.txt", b"", 0o640)
    with open(os.path.join(root, "sparse.img"), "wb") as f:
        f.seek(512 * 1024)
        f.write(b"data in the middle")
        f.truncate(3 * 1024 * 1024)
    os.link(os.path.join(root, "small.txt"), os.path.join(root, "hard.txt"))
    os.symlink("small.txt", os.path.join(root, "rel-link"))
    os.symlink("a/b/c", os.path.join(root, "dir-link"))
    os.symlink("/etc/os-release", os.path.join(root, "abs-link"))
    os.symlink("missing", os.path.join(root, "dangling"))
    # Fixed times, children before their directories (creating a child changes its
    # directory's mtime).
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        for name in filenames + dirnames:
            os.utime(os.path.join(dirpath, name), (FIXED_TIME, FIXED_TIME), follow_symlinks=False)
    os.utime(root, (FIXED_TIME, FIXED_TIME))


def chown_tree(root, uid):
    """Gives every name under root (and root) to uid, keeping the set-id bits that a
    chown clears."""
    for dirpath, dirnames, filenames in os.walk(root):
        for path in [dirpath] + [os.path.join(dirpath, name) for name in dirnames + filenames]:
            st = os.lstat(path)
            os.lchown(path, uid, uid)
            if not stat.S_ISLNK(st.st_mode):
                os.chmod(path, stat.S_IMODE(st.st_mode))


class Pair:
    """The two copies and a way to run one command on each."""

    def __init__(self, cell, top):
        self.cell = cell
        self.native = os.path.join(top, "native")  # the path both runs see
        self.sandbox = os.path.join(top, "cell")  # bound at self.native inside
        # Built the same way twice rather than copied, so that hard links and holes are
        # the same in both.
        build_tree(self.native)
        build_tree(self.sandbox)
        chown_tree(self.sandbox, SANDBOX_UID)

    def run_native(self, argv, cwd=None):
        return subprocess.run(argv, capture_output=True, env=ENVIRONMENT, cwd=cwd or self.native, timeout=60)

    def run_cell(self, argv, cwd=None):
        command = [self.cell, "run", "--bind", f"{self.sandbox}:{self.native}", "--cwd", cwd or self.native, "--", *argv]
        return subprocess.run(command, capture_output=True, env=ENVIRONMENT, timeout=60)

    def compare(self, what, argv, normalise=lambda text: text, cwd=None, status=0):
        """Runs argv both ways; stdout (normalised), stderr and status must agree, and
        the native status must be the expected one (so that the step did something)."""
        native = self.run_native(argv, cwd)
        cell = self.run_cell(argv, cwd)
        title = f"{what} ({' '.join(argv)[:200]})"
        if native.returncode != status:
            fail(title, f"the native run's status is {native.returncode}, stderr {native.stderr!r}")
        if normalise(native.stdout) != normalise(cell.stdout):
            if b"\0" in native.stdout:
                fail(title, f"binary stdout differs: {len(native.stdout)} bytes natively, {len(cell.stdout)} in cell")
            else:
                differ(f"{title}: stdout", normalise(native.stdout), normalise(cell.stdout))
        if native.stderr != cell.stderr:
            differ(f"{title}: stderr", native.stderr, cell.stderr)
        if native.returncode != cell.returncode:
            fail(title, f"status {native.returncode} natively, {cell.returncode} in cell")
        return native, cell

    def compare_trees(self, what):
        """After a step: the two copies must hold the same tree, listed natively (what
        reached the host) and under Cell (what the sandbox shows)."""
        listing = ["find", ".", "-printf", "%y %M %n %s %U:%G %T@ %P -> %l\n"]
        natives = [subprocess.run(listing, capture_output=True, env=ENVIRONMENT, cwd=d, timeout=60) for d in (self.native, self.sandbox)]
        # On the host the sandbox's files belong to its uid: list the owner as the sandbox sees it.
        host_view = natives[1].stdout.replace(f" {SANDBOX_UID}:{SANDBOX_UID} ".encode(), b" 0:0 ")
        expected = b"".join(sorted(natives[0].stdout.splitlines(True)))
        if expected != b"".join(sorted(host_view.splitlines(True))):
            differ(f"{what}: the host copies differ", expected, b"".join(sorted(host_view.splitlines(True))))
        inside = self.run_cell(listing)
        if expected != b"".join(sorted(inside.stdout.splitlines(True))) or inside.returncode != 0:
            differ(f"{what}: the listing inside differs", expected, b"".join(sorted(inside.stdout.splitlines(True))) + inside.stderr)


def inode_free(text):
    # No command here prints inode numbers but stat, whose "Inode:" field is padded to
    # the number's width.
    return re.sub(rb"Inode: \d+\s+", b"Inode: N ", text)


def stat_normalise(text):
    # The two copies are different files: inode numbers and change times (set when each
    # copy was made) genuinely differ; the birth time too. Access times are updated by
    # reads (relatime) at moments that differ between the runs.
    text = inode_free(text)
    return re.sub(rb"(Access|Change|Birth): [-0-9: .+]+\n", rb"\1: T\n", text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cell", required=True)
    args = parser.parse_args()
    # /var/tmp, because the sandbox's /tmp is its own memfs.
    top = tempfile.mkdtemp(prefix="cell-coreutils-", dir="/var/tmp")
    try:
        os.chmod(top, 0o755)
        pair = Pair(args.cell, top)
        read_only_commands(pair)
        changing_commands(pair)
        memfs_commands(pair)
        ownership(pair)
    finally:
        shutil.rmtree(top, ignore_errors=True)
    for failure in failures:
        print("FAIL:", failure)
    print("ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


def read_only_commands(pair):
    pair.compare_trees("initial tree")
    pair.compare("ls -la", ["ls", "-la"])
    pair.compare("ls -laR", ["ls", "-laR", "--time-style=full-iso"])
    pair.compare("ls -l through symlinks", ["ls", "-lL", "rel-link", "dir-link", "abs-link"])
    pair.compare("stat", ["stat", "small.txt", "hard.txt", "rel-link", "a", "sparse.img", "with space.txt", "private/secret"],
                 stat_normalise)
    # abs-link leads out of the bind to the sandbox's root, a filesystem of its own.
    pair.compare("stat -L", ["stat", "-L", "abs-link", "dir-link"],
                 lambda t: re.sub(rb"Device: \S+", b"Device: D", stat_normalise(t), count=1))
    pair.compare("stat -f", ["stat", "-f", "-c", "%t %s %S %b %l %c", "."])
    pair.compare("find", ["find", ".", "-name", "*.txt", "-size", "-2k"], lambda t: b"".join(sorted(t.splitlines(True))))
    pair.compare("find -type -perm", ["find", ".", "-type", "f", "-perm", "-u+x", "-o", "-type", "l", "-xtype", "l"])
    pair.compare("find -newer -empty", ["find", ".", "-newer", "small.txt", "-o", "-empty"],
                 lambda t: b"".join(sorted(t.splitlines(True))))
    pair.compare("du", ["du", "-a", "--apparent-size", "-b", "."], lambda t: b"".join(sorted(t.splitlines(True))))
    pair.compare("du -s", ["du", "-s", "-k", "."])
    pair.compare("du -sh sparse", ["du", "-h", "sparse.img", "big.bin"])
    pair.compare("sort", ["sort", "--parallel=1", "-n", "-k1,1", "-s", "lines.txt"])
    # Large enough for sort to want threads (clone is missing inside, so it falls back to
    # sorting in its own thread) and, with a 100 KiB buffer, temporary files, put in the
    # tree rather than in the host's /tmp.
    pair.compare("sort big", ["sort", "-S", "100K", "-T", ".", "-n", "numbers.txt"])
    reset_dir_times(pair)  # the temporary files changed the directory's times
    pair.compare("sort -u -r", ["sort", "--parallel=1", "-u", "-r", "lines.txt", "small.txt"])
    pair.compare("sha256sum", ["sha256sum", "small.txt", "medium.bin", "big.bin", "sparse.img", "with space.txt",
                               "a/b/c/deep.txt", "empty.txt", "rel-link", "private/secret"])
    pair.compare("sha256sum missing", ["sha256sum", "nothing-here"], status=1)
    pair.compare("tar c", ["tar", "--sort=name", "-cf", "-", "."])
    pair.compare("tar tv", ["tar", "--sort=name", "-cvf", "/dev/null", "--sparse", "."])
    df_checks(pair)


def df_checks(pair):
    # The same host filesystem seen through the bind: the same size; used and available
    # space may move between the two runs, as other programs write to the disk meanwhile.
    fields = ["df", "-B1", "--output=size,used,avail", "."]
    native = pair.run_native(fields)
    cell = pair.run_cell(fields)
    try:
        n = [int(x) for x in native.stdout.split()[3:]]
        c = [int(x) for x in cell.stdout.split()[3:]]
        slack = 256 << 20
        if native.stdout.split()[:3] != cell.stdout.split()[:3] or n[0] != c[0] or abs(n[1] - c[1]) > slack or abs(n[2] - c[2]) > slack:
            fail("df on the bind", f"native {native.stdout!r}, cell {cell.stdout!r}")
    except (ValueError, IndexError):
        fail("df on the bind", f"native {native.stdout!r}, cell {cell.stdout!r} {cell.stderr!r}")
    r = pair.run_cell(["df", "-B1", "--output=target,size,used", "/tmp"])
    lines = r.stdout.decode().splitlines()
    if r.returncode != 0 or len(lines) != 2 or not lines[1].split() or lines[1].split()[0] != "/tmp":
        fail("df /tmp", f"status {r.returncode}, {r.stdout!r} {r.stderr!r}")
    r = pair.run_cell(["df"])
    if r.returncode != 0 or b"/tmp" not in r.stdout:
        fail("df", f"status {r.returncode}, {r.stdout!r} {r.stderr!r}")


def changing_commands(pair):
    steps = [
        ("cp -a", ["cp", "-a", "a", "copy-of-a"]),
        ("cp -a all", ["cp", "-a", "small.txt", "big.bin", "sparse.img", "rel-link", "dir-link", "private", "empty", "copy-of-a"]),
        ("mv file", ["mv", "with space.txt", "copy-of-a/moved name.txt"]),
        ("mv dir", ["mv", "copy-of-a/b", "b-moved"]),
        ("mv over", ["mv", "-f", "lines.txt", "medium.bin"]),
        ("ln -s", ["ln", "-s", "../small.txt", "b-moved/up-link"]),
        ("ln -sf", ["ln", "-sfn", "b-moved", "dir-link"]),
        ("ln", ["ln", "big.bin", "copy-of-a/big-hard"]),
        ("chmod", ["chmod", "-R", "go-rwx", "copy-of-a"]),
        ("chmod symbolic", ["chmod", "u=rwx,g=rx,o=,+t", "empty"]),
        ("chmod octal", ["chmod", "4755", "b-moved/exec.sh"]),
        ("touch -d", ["touch", "-d", "2001-02-03 04:05:06.789", "small.txt", "b-moved"]),
        ("touch -h -d", ["touch", "-h", "-d", "@1234567890", "rel-link"]),
        ("touch -m new", ["touch", "-m", "-d", "1999-12-31 23:59:59", "new-file"]),
        ("mkdir -p", ["mkdir", "-p", "-m", "0750", "x/y/z", "a/b/c/d"]),
        ("rm -r", ["rm", "-r", "a/b/c"]),
        ("rm -rf", ["rm", "-rf", "copy-of-a/private", "nothing-here"]),
        ("rm refused", ["rm", "empty"], 1),
    ]
    for what, argv, *status in steps:
        pair.compare(what, argv, status=status[0] if status else 0)
        # Times of directories touched by the step are now, and now differs between the
        # runs: put the directories that the step changed back on the fixed time.
        reset_dir_times(pair)
        pair.compare_trees(f"after {what}")

    # diff -r of a directory with its copy, then with a changed copy.
    pair.compare("cp -a for diff", ["cp", "-a", "b-moved", "b-copy"])
    pair.compare("diff -r same", ["diff", "-r", "b-moved", "b-copy"])
    # Overwriting keeps a set-user-ID bit: root has CAP_FSETID (the host, where the
    # sandbox's uid has none, clears it; the kernel puts it back).
    pair.compare("cp over a set-uid file", ["cp", "small.txt", "b-copy/exec.sh"])
    pair.compare("cp over a file", ["cp", "small.txt", "b-copy/c/deep.txt"])
    pair.compare("diff -r changed", ["diff", "-r", "b-moved", "b-copy"], status=1)
    pair.compare("diff -r trees", ["diff", "-r", "--no-dereference", "copy-of-a", "b-moved"], status=1)
    reset_dir_times(pair)

    # tar c of a tree to a file, then tar x of it elsewhere: the extracted tree must be
    # the same in both copies, and the same as the tree it came from.
    pair.compare("tar c", ["tar", "--sort=name", "-cf", "tree.tar", "b-moved", "copy-of-a", "x", "empty", "sparse.img"])
    pair.compare("mkdir out", ["mkdir", "out"])
    pair.compare("tar x", ["tar", "-xpf", "tree.tar", "-C", "out"])
    pair.compare("diff -r extracted", ["diff", "-r", "--no-dereference", "b-moved", "out/b-moved"])
    pair.compare("tar d", ["tar", "-df", "tree.tar", "-C", "out"])
    reset_dir_times(pair)
    pair.compare_trees("after tar x")
    pair.compare("ls -laR at the end", ["ls", "-laR", "--time-style=full-iso"])


def reset_dir_times(pair):
    """Puts every name whose mtime is "now" in both copies back on the fixed time.

    Steps that create names or change directories stamp them with the time of the step,
    which differs between the native run and the sandbox's. A name that is recent in one
    copy only is left alone, so that a time the sandbox failed to set still shows."""
    recent = time.time() - 3600
    for dirpath, dirnames, filenames in os.walk(pair.native):
        for name in dirnames + filenames + [""]:
            native = os.path.join(dirpath, name) if name else dirpath
            sandbox = os.path.join(pair.sandbox, os.path.relpath(native, pair.native))
            try:
                if os.lstat(native).st_mtime > recent and os.lstat(sandbox).st_mtime > recent:
                    for path in (native, sandbox):
                        os.utime(path, (FIXED_TIME, FIXED_TIME), follow_symlinks=False)
            except FileNotFoundError:
                pass

# Copies the tree into the directory sys.argv[2] (on memfs inside the sandbox) and
# changes it with os.* calls as cp, mv, ln, chmod, chown, touch, rm and tar would, then
# lists it. Times that the steps set to "now" differ between the runs and are listed as
# such; directory sizes and block counts are those of the filesystem (ext4 natively,
# memfs inside) and are left out.
MEMFS_SCENARIO = r"""
import hashlib, os, shutil, stat, sys, tarfile
src, top = sys.argv[1], sys.argv[2]
os.umask(0o022)
os.mkdir(top)
t = os.path.join(top, "t")
shutil.copytree(src, t, symlinks=True)
os.chdir(t)
os.rename("a/b", "ab-moved")
os.replace("new-file", "medium.bin")
os.link("big.bin", "ab-moved/big-hard")
os.symlink("../small.txt", "ab-moved/up-link")
os.chmod("ab-moved/exec.sh", 0o4755)
os.chmod("empty", 0o1750)
os.utime("small.txt", ns=(1234567890123456789, 981173106789000000))
os.utime("rel-link", ns=(1, 1234567890000000000), follow_symlinks=False)
os.makedirs("m/n/o", mode=0o750)
os.chown("ab-moved/exec.sh", 1000, 1001)
os.lchown("rel-link", 7, 8)
shutil.rmtree("a")
os.truncate("sparse.img", 5 * 1024 * 1024)
with open("copy-of-a/moved name.txt", "a") as f:
    f.write("appended\n")
os.utime("copy-of-a/moved name.txt", (1600000000, 1600000000))
with tarfile.open(os.path.join(top, "t.tar"), "w") as tar:
    tar.add("ab-moved")
    tar.add("m")
os.mkdir("unpacked")
with tarfile.open(os.path.join(top, "t.tar")) as tar:
    tar.extractall("unpacked", numeric_owner=True)
for dirpath, dirnames, filenames in sorted(os.walk(".")):
    dirnames.sort()
    for name in [""] + sorted(filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]):
        path = os.path.join(dirpath, name) if name else dirpath
        st = os.lstat(path)
        line = [path, stat.filemode(st.st_mode), str(st.st_uid), str(st.st_gid)]
        line.append("now" if st.st_mtime > 1700000000 else str(st.st_mtime_ns))
        if stat.S_ISDIR(st.st_mode):
            line.append(f"nlink {st.st_nlink}")
        elif stat.S_ISLNK(st.st_mode):
            line.append("-> " + os.readlink(path))
        else:
            with open(path, "rb") as f:
                line += [f"nlink {st.st_nlink}", f"size {st.st_size}", hashlib.sha256(f.read()).hexdigest()[:16]]
        print(" ".join(line))
"""


def memfs_commands(pair):
    """The tree copied into the sandbox's memfs /tmp and changed there. Natively the same
    happens in a fresh directory under the host's /tmp, and inside at the same path."""
    top = tempfile.mkdtemp(prefix="cell-coreutils-", dir="/tmp")
    try:
        os.rmdir(top)
        pair.compare("python3 scenario on memfs", ["/usr/bin/python3", "-c", MEMFS_SCENARIO, pair.native, top])
        shutil.rmtree(top, ignore_errors=True)
        # One command each, as /tmp inside does not outlive the run.
        # Sorted: cp follows each directory's readdir order, which differs between the two
        # host directories (ext4 places an entry by the directory's own history).
        pair.compare("cp -av to memfs", ["cp", "-av", ".", top], lambda t: b"".join(sorted(t.splitlines(True))))
        shutil.rmtree(top, ignore_errors=True)
        pair.compare("mkdir -pv on memfs", ["mkdir", "-pv", "-m", "0700", f"{top}/p/q/r"])
        shutil.rmtree(top, ignore_errors=True)
        pair.compare("tar x to memfs", ["tar", "-xvf", "tree.tar", "--one-top-level=" + top])
    finally:
        shutil.rmtree(top, ignore_errors=True)


# chown as root inside: the host cannot store another owner for the sandbox's files, the
# kernel keeps it for the sandbox's lifetime, so it is changed and read back in one run.
OWNERSHIP = r"""
import os, stat
def show(path):
    st = os.lstat(path)
    print(path, st.st_uid, st.st_gid, stat.filemode(st.st_mode))
# Writes and truncation by root keep the set-id bits (CAP_FSETID).
with open("b-moved/exec.sh", "r+b") as f:
    f.seek(0, 2)
    f.write(b"# more\n")
show("b-moved/exec.sh")
os.truncate("b-moved/exec.sh", 5)
show("b-moved/exec.sh")
os.chown("small.txt", 1234, 5678)
show("small.txt")
show("hard.txt")
os.chown("small.txt", -1, 42)
show("small.txt")
os.lchown("rel-link", 7, 8)
show("rel-link")
show("small.txt")
os.chown("b-moved", 100, 100)
show("b-moved")
os.chmod("copy-of-a/big.bin", 0o6755)
os.chown("copy-of-a/big.bin", 0, 0)
show("copy-of-a/big.bin")
os.chown("x", 3, 3)
os.chmod("x", 0o2775)
os.chown("x", 4, 4)
show("x")
try:
    os.chown("nothing-here", 1, 1)
except OSError as e:
    print("missing", e.errno)
"""


def ownership(pair):
    # After each run the native copy gets its owners back, as the sandbox's copy does
    # when the sandbox ends.
    for what, argv, *status in (("python3 chown and stat", ["/usr/bin/python3", "-c", OWNERSHIP]),
                       ("chown -v", ["chown", "-v", "1000:1000", "small.txt", "nothing-here"], 1),
                       ("chown -R", ["chown", "-R", "-c", "2000:3000", "b-moved"]),
                       ("chown -h", ["chown", "-h", "-v", "5:6", "rel-link"])):
        pair.compare(what, argv, status=status[0] if status else 0)
        chown_tree(pair.native, 0)
    reset_dir_times(pair)
    pair.compare_trees("after chown")


if __name__ == "__main__":
    sys.exit(main())
