#!/usr/bin/env python3
"""sqlite3 creating, filling and querying a database on memfs (/tmp inside the sandbox)
and on a read-write bind of a fresh host directory; the bound database must be intact
and readable natively after `cell` exits."""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

SQL = ("create table t(id integer primary key, name text);"
       "insert into t(name) values ('alpha'),('beta'),('gamma');"
       "update t set name = upper(name) where id = 2;"
       "select id, name from t order by id;")
EXPECTED = "1|alpha\n2|BETA\n3|gamma\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cell", required=True)
    args = parser.parse_args()
    sqlite = shutil.which("sqlite3")
    if not sqlite:
        sys.exit("sqlite_test: sqlite3 is not installed (tools/bootstrap installs it)")
    failures = []

    memfs = subprocess.run([args.cell, "run", "--", sqlite, "/tmp/test.db", SQL], capture_output=True, text=True, timeout=60)
    if (memfs.returncode, memfs.stdout) != (0, EXPECTED):
        failures.append(f"memfs: status {memfs.returncode}, stdout {memfs.stdout!r}, stderr {memfs.stderr!r}")

    # The sandbox runs as an unprivileged host user: the directory must be writable for it.
    # /var/tmp, because the sandbox's /tmp is its own.
    top = tempfile.mkdtemp(prefix="cell-sqlite-", dir="/var/tmp")
    try:
        os.chmod(top, 0o777)
        database = os.path.join(top, "test.db")
        bound = subprocess.run([args.cell, "run", "--bind", f"{top}:{top}", "--", sqlite, database, SQL],
                               capture_output=True, text=True, timeout=60)
        if (bound.returncode, bound.stdout) != (0, EXPECTED):
            failures.append(f"bind: status {bound.returncode}, stdout {bound.stdout!r}, stderr {bound.stderr!r}")
        native = subprocess.run([sqlite, database, "pragma integrity_check; select id, name from t order by id;"],
                                capture_output=True, text=True, timeout=60)
        if (native.returncode, native.stdout) != (0, "ok\n" + EXPECTED):
            failures.append(f"native read-back: status {native.returncode}, stdout {native.stdout!r}, stderr {native.stderr!r}")
    finally:
        shutil.rmtree(top, ignore_errors=True)

    for failure in failures:
        print(f"FAIL {failure}")
    print("ok" if not failures else "failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
