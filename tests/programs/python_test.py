#!/usr/bin/env python3
"""Debian's python3 natively and under `cell run`: importing json, sqlite3, asyncio and
ssl and using each, then `python3 -m compileall` over a tree in /tmp.

The sandbox's /tmp is its own memfs and vanishes when the run ends, so the compileall
run is one python3 program that writes the tree, runs the compileall module as `-m`
would, and prints every file it finds afterwards with its bytes' digest. Natively the
same program runs on a fresh directory under the host's /tmp, and inside the sandbox on
a directory of the same name in its /tmp: the paths compiled into the .pyc files are then
the same, and so are the source mtimes (fixed by the program), so the .pyc files must be
identical byte for byte.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

PYTHON = "/usr/bin/python3"
ENVIRONMENT = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "HOME": "/", "PYTHONHASHSEED": "0"}

IMPORTS = r"""
import json, sqlite3, asyncio, ssl
data = json.loads('{"b": [1, 2.5, null, true], "a": "\\u00e9t\\u00e9"}')
print(json.dumps(data, sort_keys=True), json.dumps(data, ensure_ascii=False, indent=1))
db = sqlite3.connect(":memory:")
db.execute("create table t(k text primary key, v integer)")
db.executemany("insert into t values (?, ?)", [("x", 1), ("y", 2), ("z", 3)])
print(sqlite3.sqlite_version, db.execute("select group_concat(k), sum(v) from t").fetchone())
print(asyncio.iscoroutinefunction(asyncio.sleep), asyncio.Queue().qsize(), asyncio.Future.__name__)
print(ssl.OPENSSL_VERSION, ssl.HAS_TLSv1_3)
context = ssl.create_default_context()
print(context.verify_mode == ssl.CERT_REQUIRED, context.check_hostname, context.minimum_version)
print(len(context.get_ca_certs()) == len(ssl.create_default_context().get_ca_certs()))
"""

# Writes a package tree under sys.argv[1], compiles it as `python3 -m compileall -q DIR`
# does, and lists what is there afterwards.
COMPILEALL = r"""
import hashlib, os, runpy, sys
top = sys.argv[1]
os.makedirs(top + "/pkg/sub", exist_ok=True)
os.makedirs(top + "/pkg/empty", exist_ok=True)
sources = {
    "pkg/__init__.py": "VERSION = (1, 2)\n",
    "pkg/mod.py": "import json\n\ndef f(x):\n    return json.dumps({'x': x, 'doubled': [x] * 2})\n",
    "pkg/sub/__init__.py": "",
    "pkg/sub/deep.py": "class C:\n    '''doc'''\n    def m(self):\n        return [i * i for i in range(10)]\n" * 20,
    "pkg/sub/broken.py": "def f(:\n",
    "pkg/data.txt": "not python\n",
    "top.py": "print('top')\n",
}
for name, text in sources.items():
    with open(os.path.join(top, name), "w") as f:
        f.write(text)
    os.utime(os.path.join(top, name), (1600000000, 1600000000))
sys.argv = ["compileall", "-q", top]
try:
    runpy.run_module("compileall", run_name="__main__", alter_sys=True)
except SystemExit as e:
    print("compileall exit", e.code)
for dirpath, dirnames, filenames in sorted(os.walk(top)):
    dirnames.sort()
    for name in sorted(filenames):
        path = os.path.join(dirpath, name)
        with open(path, "rb") as f:
            data = f.read()
        print(os.path.relpath(path, top), len(data), hashlib.sha256(data).hexdigest())
sys.path.insert(0, top)
import pkg.mod
print(pkg.mod.f(3), pkg.mod.__cached__.startswith(top), pkg.VERSION)
"""

failures = []


def run(argv, cell=None):
    command = [cell, "run", "--", *argv] if cell else argv
    r = subprocess.run(command, capture_output=True, text=True, env=ENVIRONMENT, timeout=60)
    return r.returncode, r.stdout, r.stderr


def compare(what, argv, cell):
    native = run(argv)
    inside = run(argv, cell)
    if native != inside:
        failures.append(f"{what}:\n  native {native!r:.3000}\n  cell   {inside!r:.3000}")
    return native


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cell", required=True)
    args = parser.parse_args()

    native = compare("imports", [PYTHON, "-c", IMPORTS], args.cell)
    if native[0] != 0:
        failures.append(f"imports: the native run failed: {native!r}")

    # A fresh host directory for the native run; under Cell the same name in its memfs /tmp.
    top = tempfile.mkdtemp(prefix="cell-compileall-", dir="/tmp")
    try:
        shutil.rmtree(top)
        native = compare("compileall", [PYTHON, "-c", COMPILEALL, top], args.cell)
        # The tree must have been compiled at all: a .pyc for each good module, and the
        # syntax error reported.
        if native[1].count(".cpython-") != 5 or "compileall exit 1" not in native[1] or "SyntaxError" not in native[1] + native[2]:
            failures.append(f"compileall: unexpected native result {native!r:.2000}")
    finally:
        shutil.rmtree(top, ignore_errors=True)

    for failure in failures:
        print("FAIL:", failure)
    print("ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
