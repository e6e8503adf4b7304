#!/usr/bin/env python3
"""Malformed executables, generated at test time, must be refused cleanly.

Usage: badelf.py --cell PATH --case NAME     (or --list, or --native-only)

Each case writes one or more files into a fresh temporary directory and runs the entry
file under `cell run`. Cell must exit with 126 or 127, print exactly one line on stderr,
starting with "cell: " and not mentioning an internal error, and print nothing on stdout.
Where Linux's own execve(2) refuses the same file, the status must be the one a shell
derives from that errno (127 for ENOENT, 126 otherwise) and the message must carry that
errno's text (for a directory, a shell's "Is a directory" is accepted too);
`--native-only` shows what Linux does with every case. The temporary directory is made
world-readable, so that only the file under test can be the reason for a refusal.
"""

import argparse
import errno
import os
import struct
import subprocess
import sys
import tempfile

BASE = 0x400000
# mov edi, 7; mov eax, 60; syscall: exit(7), so a file that Linux does run is recognisable.
CODE = bytes.fromhex("bf07000000b83c0000000f05")
EHDR_SIZE = 64
PHDR_SIZE = 56
PT_LOAD, PT_INTERP = 1, 3


def ehdr(phnum, entry, phoff=EHDR_SIZE, ei_class=2, machine=62, phentsize=PHDR_SIZE, e_type=2):
    ident = b"\x7fELF" + bytes([ei_class, 1, 1, 0]) + bytes(8)
    return ident + struct.pack("<HHIQQQIHHHHHH", e_type, machine, 1, entry, phoff, 0, 0, EHDR_SIZE,
                               phentsize, phnum, 64, 0, 0)


def phdr(p_type, offset, vaddr, filesz, memsz, flags=5, align=0x1000):
    return struct.pack("<IIQQQQQQ", p_type, flags, offset, vaddr, vaddr, filesz, memsz, align)


def elf(phdrs, entry=None, **header):
    """A static executable: header, program headers, then CODE at file offset 0x1000."""
    body = ehdr(len(phdrs), BASE + 0x1000 if entry is None else entry, **header) + b"".join(phdrs)
    return body.ljust(0x1000, b"\0") + CODE.ljust(0x1000, b"\0")


def good_load():
    return phdr(PT_LOAD, 0, BASE, 0x2000, 0x2000)


def elf32_i386():
    """A well-formed 32-bit executable (exit(7) via int 0x80): Cell runs x86-64 only."""
    code = bytes.fromhex("bb07000000b801000000cd80")
    ident = b"\x7fELF" + bytes([1, 1, 1, 0]) + bytes(8)
    header = ident + struct.pack("<HHIIIIIHHHHHH", 2, 3, 1, 0x08049000, 52, 0, 0, 52, 32, 1, 40, 0, 0)
    load = struct.pack("<IIIIIIII", PT_LOAD, 0, 0x08048000, 0x08048000, 0x2000, 0x2000, 5, 0x1000)
    return (header + load).ljust(0x1000, b"\0") + code.ljust(0x1000, b"\0")


def write(directory, name, data, mode=0o755):
    path = os.path.join(directory, name)
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, mode)
    return path


def case_files(case, d):
    """Creates the files of one case in directory d and returns the path to run."""
    if case == "truncated_header":
        return write(d, "prog", elf([good_load()])[:30])
    if case == "elf32":
        return write(d, "prog", elf32_i386())
    if case == "aarch64":
        return write(d, "prog", elf([good_load()], machine=183))
    if case == "bad_phentsize":
        return write(d, "prog", elf([good_load()], phentsize=32))
    if case == "huge_phnum":
        data = bytearray(elf([good_load()]))
        struct.pack_into("<H", data, 56, 0xffff)
        return write(d, "prog", bytes(data))
    if case == "phdrs_past_eof":
        return write(d, "prog", elf([good_load()], phoff=0x100000))
    if case == "overlapping_loads":
        return write(d, "prog", elf([phdr(PT_LOAD, 0, BASE, 0x2000, 0x3000),
                                     phdr(PT_LOAD, 0x1000, BASE + 0x1000, 0x1000, 0x1000, flags=6)]))
    if case == "filesz_above_memsz":
        return write(d, "prog", elf([phdr(PT_LOAD, 0, BASE, 0x2000, 0x1000)]))
    if case == "absurd_offset":
        return write(d, "prog", elf([phdr(PT_LOAD, 0x7fff_ffff_f000, BASE, 0x2000, 0x2000)]))
    if case == "absurd_memsz":
        return write(d, "prog", elf([phdr(PT_LOAD, 0, BASE, 0x2000, 0x7fff_ffff_ffff_f000)]))
    if case == "vaddr_in_kernel_half":
        return write(d, "prog", elf([phdr(PT_LOAD, 0, 0xffff_8000_0000_0000, 0x2000, 0x2000)],
                                    entry=0xffff_8000_0000_1000))
    if case == "missing_interp":
        interp = b"/nonexistent/ld-cell-test.so\0"
        data = bytearray(elf([phdr(PT_INTERP, 0x800, BASE + 0x800, len(interp), len(interp), flags=4, align=1),
                              good_load()]))
        data[0x800:0x800 + len(interp)] = interp
        return write(d, "prog", bytes(data))
    if case == "interp_not_terminated":
        interp = b"/lib64/ld-linux-x86-64.so.2"
        data = bytearray(elf([phdr(PT_INTERP, 0x800, BASE + 0x800, len(interp), len(interp), flags=4, align=1),
                              good_load()]))
        data[0x800:0x800 + len(interp)] = interp
        data[0x800 + len(interp)] = ord("X")
        return write(d, "prog", bytes(data))
    if case == "no_loads":
        return write(d, "prog", elf([phdr(6, 64, BASE + 64, 56, 56, flags=4, align=8)]))
    if case == "shebang_loop":
        path = os.path.join(d, "loop")
        return write(d, "loop", f"#!{path}\n".encode())
    if case == "shebang_chain6":
        previous = "/bin/true"
        for i in range(1, 7):
            path = write(d, f"script{i}", f"#!{previous}\n".encode())
            previous = path
        return previous
    if case == "shebang_missing_interpreter":
        return write(d, "script", b"#!/nonexistent/interpreter-cell-test\n")
    if case == "directory":
        path = os.path.join(d, "dir")
        os.mkdir(path)
        return path
    if case == "missing":
        return os.path.join(d, "no-such-program")
    if case == "not_executable":
        return write(d, "prog", elf([good_load()]), mode=0o644)
    if case == "empty":
        return write(d, "prog", b"")
    if case == "text_file":
        return write(d, "prog", b"this is not a program\n")
    raise SystemExit(f"unknown case {case}")


CASES = ["truncated_header", "elf32", "aarch64", "bad_phentsize", "huge_phnum", "phdrs_past_eof",
         "overlapping_loads", "filesz_above_memsz", "absurd_offset", "absurd_memsz", "vaddr_in_kernel_half",
         "missing_interp", "interp_not_terminated", "no_loads", "shebang_loop", "shebang_chain6",
         "shebang_missing_interpreter", "directory", "missing", "not_executable", "empty", "text_file"]


def native(path):
    """What Linux's execve(2) does with the file: ('errno', name) or ('status', shell status)."""
    try:
        proc = subprocess.run([path], stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
    except OSError as error:
        return "errno", errno.errorcode.get(error.errno, str(error.errno))
    return "status", proc.returncode if proc.returncode >= 0 else 128 - proc.returncode


# The sandbox's /tmp is its own memfs, so the programs it must find are made where the
# host's files show through.
SCRATCH = "/var/tmp"


def check(cell, case):
    with tempfile.TemporaryDirectory(prefix="cell-badelf-", dir=SCRATCH) as d:
        os.chmod(d, 0o755)
        path = case_files(case, d)
        kind, value = native(path)
        try:
            proc = subprocess.run([cell, "run", "--", path], stdin=subprocess.DEVNULL, capture_output=True, timeout=20)
        except subprocess.TimeoutExpired:
            print(f"FAIL: {case}: cell run timed out")
            return 1
        except OSError as error:
            print(f"FAIL: cannot start {cell}: {error}")
            return 1
    status = proc.returncode if proc.returncode >= 0 else 128 - proc.returncode
    stderr = proc.stderr.decode(errors="replace")
    lines = stderr.splitlines()
    problems = []
    if status not in (126, 127):
        problems.append(f"exit status {status}, expected 126 or 127")
    if kind == "errno":
        expected = 127 if value == "ENOENT" else 126
        if status != expected:
            problems.append(f"Linux's execve fails with {value}, so a shell gives {expected}; cell gave {status}")
        texts = [os.strerror(getattr(errno, value))]
        if case == "directory":
            texts.append(os.strerror(errno.EISDIR))
        if not any(text in stderr for text in texts):
            problems.append(f"the message does not say {' or '.join(repr(t) for t in texts)}")
    if len(lines) != 1 or not lines[0].startswith("cell: "):
        problems.append("stderr is not exactly one line starting with 'cell: '")
    if "internal error" in stderr:
        problems.append("stderr reports an internal error")
    if proc.stdout:
        problems.append(f"unexpected stdout {proc.stdout[:200]!r}")
    native_text = f"execve fails with {value}" if kind == "errno" else f"Linux runs it, status {value}"
    if problems:
        print(f"FAIL: {case} ({native_text})")
        for p in problems:
            print(f"  {p}")
        print("--- stderr of cell run ---")
        sys.stdout.write(stderr)
        return 1
    print(f"ok: {case}: status {status}, {lines[0]!r} ({native_text})")
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cell")
    parser.add_argument("--case")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--native-only", action="store_true")
    args = parser.parse_args()
    if args.list:
        print("\n".join(CASES))
        return 0
    if args.native_only:
        for case in CASES:
            with tempfile.TemporaryDirectory(prefix="cell-badelf-", dir=SCRATCH) as d:
                os.chmod(d, 0o755)
                print(f"{case}: {native(case_files(case, d))}")
        return 0
    if not args.cell or not args.case:
        parser.error("--cell and --case are required")
    return check(args.cell, args.case)


if __name__ == "__main__":
    sys.exit(main())
