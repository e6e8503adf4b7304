#!/usr/bin/env python3
"""`cell run --image`: a tar archive as the root filesystem.

Builds the test image (tools/make-test-image) in a fresh temporary directory, extracts it
natively there with the host's tar, and runs the same busybox commands twice: under
`cell run --image` (plain and gzip-compressed) and natively chrooted into the extracted
copy. Outputs and exit statuses must be identical. Nothing outside the temporary
directory is written. Then checks that a missing, malformed or corrupt image is refused
with a one-line message and status 125 before the guest starts.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

LONG_DIR = "/deep/" + "d" * 90 + "/" + "e" * 90

# Commands run inside the image. Listings of / itself differ (cell mounts /dev and /proc
# there), so / is listed by name only and `find` stays on the image's filesystem.
COMMANDS = [
    ["/bin/busybox", "ls", "-a", "/"],
    ["/bin/busybox", "ls", "-lan", "/bin", "/etc", "/data", "/nodes", "/empty"],
    ["/bin/busybox", "ls", "-lanR", "/data"],
    ["/bin/ls", "-1a", "/deep/" + "d" * 90],
    ["/bin/cat", "/etc/passwd", "/data/hello.txt", "/data/hello-hardlink", "/data/hello-symlink"],
    ["/bin/cat", "/data/pax-ünïcode.txt", "/data/replaced.txt", LONG_DIR + "/inside.txt", "/data/long-link"],
    ["/bin/find", "/", "-xdev"],
    ["/bin/find", "/data", "/etc", "-type", "l"],
    "SHA256SUM",
    ["/bin/stat", "-c", "%n %s %h %u %g %a %F %t %T %Y", "/data/hello.txt", "/data/hello-hardlink", "/data/owned-by-user",
     "/data/setuid-like", "/data/pax-ünïcode.txt", "/data/pax-hardlink", "/nodes/fifo", "/nodes/null", "/empty",
     "/etc/busybox-link", "/data/big.bin"],
    ["/bin/readlink", "/data/hello-symlink", "/data/dangling", "/etc/busybox-link"],
    ["/bin/cat", "/data/dangling"],
    ["/bin/sh", "-c", "cd /data && pwd && cd /etc/../data/.. && pwd && cd /data/hello-symlink"],
    ["/usr/bin/true"],
    ["/bin/md5sum", "/lib/x86_64-linux-gnu/libc.so.6"],
]


def run(argv, timeout=60):
    result = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    return result.returncode, result.stdout, result.stderr


def expand(argv, native_root):
    # sha256sum of every regular file of the image, named as the guest sees them.
    if argv != "SHA256SUM":
        return argv
    files = []
    for top, dirs, names in os.walk(native_root):
        for name in names:
            path = os.path.join(top, name)
            if os.path.isfile(path) and not os.path.islink(path):
                files.append("/" + os.path.relpath(path, native_root))
    return ["/bin/sha256sum"] + sorted(files)


def compare(cell, image, native_root, argv, failures):
    argv = expand(argv, native_root)
    env = {"PATH": "/bin:/usr/bin"}
    native = subprocess.run([shutil.which("chroot"), native_root] + argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, timeout=60)
    native = (native.returncode, native.stdout, native.stderr)
    sandboxed = run([cell, "run", "--clearenv", "--env", "PATH=/bin:/usr/bin", "--image", image, "--"] + argv)
    if argv[0] == "/bin/find":
        # Directory order differs between the host filesystem and the image.
        native = (native[0], b"".join(sorted(native[1].splitlines(True))), native[2])
        sandboxed = (sandboxed[0], b"".join(sorted(sandboxed[1].splitlines(True))), sandboxed[2])
    if native != sandboxed:
        failures.append(argv)
        print(f"FAIL {' '.join(argv)} with {os.path.basename(image)}")
        print(f"  native: status {native[0]}\n{native[1].decode(errors='replace')}{native[2].decode(errors='replace')}")
        print(f"  cell:   status {sandboxed[0]}\n{sandboxed[1].decode(errors='replace')}{sandboxed[2].decode(errors='replace')}")
    else:
        print(f"ok   {' '.join(argv)[:100]} ({os.path.basename(image)})")


def expect_refusal(cell, image, needle, failures):
    status, out, err = run([cell, "run", "--image", image, "--", "/bin/busybox", "true"])
    lines = err.decode(errors="replace").strip().splitlines()
    if status != 125 or len(lines) != 1 or needle not in lines[0]:
        failures.append(["refusal", image])
        print(f"FAIL refusal of {image}: status {status}, stderr {lines}")
    else:
        print(f"ok   refused {os.path.basename(image)}: {lines[0]}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cell", required=True)
    parser.add_argument("--busybox", default="/bin/busybox")
    parser.add_argument("--tools", required=True)
    args = parser.parse_args()

    failures = []
    workdir = tempfile.mkdtemp(prefix="cell-image-test-")
    try:
        subprocess.run([os.path.join(args.tools, "make-test-image"), workdir, args.busybox], check=True)
        native_root = os.path.join(workdir, "native")
        os.mkdir(native_root)
        subprocess.run(["tar", "-xpf", os.path.join(workdir, "image.tar"), "-C", native_root, "--numeric-owner",
                        "--same-owner"], check=True)
        # GNU tar leaves the extraction time on directories in which it later makes
        # symlinks or nodes; the archive's times are the reference.
        with tarfile.open(os.path.join(workdir, "image.tar")) as archive:
            for member in archive.getmembers():
                if member.isdir():
                    os.utime(os.path.join(native_root, member.name), (member.mtime, member.mtime), follow_symlinks=False)
        for image in ["image.tar", "image.tar.gz"]:
            path = os.path.join(workdir, image)
            for argv in COMMANDS if image == "image.tar" else COMMANDS[:3] + COMMANDS[6:9]:
                compare(args.cell, path, native_root, argv, failures)

        expect_refusal(args.cell, os.path.join(workdir, "missing.tar"), "No such file or directory", failures)
        garbage = os.path.join(workdir, "garbage.tar")
        with open(garbage, "wb") as f:
            f.write(b"this is not a tar archive\n" * 40)
        expect_refusal(args.cell, garbage, "checksum", failures)
        truncated = os.path.join(workdir, "truncated.tar")
        with open(os.path.join(workdir, "image.tar"), "rb") as f:
            data = f.read()
        with open(truncated, "wb") as f:
            f.write(data[: 512 * 40 + 100])
        expect_refusal(args.cell, truncated, "not a valid tar archive", failures)
        corrupt = os.path.join(workdir, "corrupt.tar.gz")
        with open(os.path.join(workdir, "image.tar.gz"), "rb") as f:
            gz = bytearray(f.read())
        gz[len(gz) // 2] ^= 0xFF
        with open(corrupt, "wb") as f:
            f.write(gz)
        expect_refusal(args.cell, corrupt, "gzip", failures)
        expect_refusal(args.cell, workdir, "not a regular file", failures)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
