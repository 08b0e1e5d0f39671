#!/usr/bin/env python3
"""`zwgk store import` and `zwgk store export` from the command line (issue 18).

    store_roundtrip.py ZWGK ROOT PG_URL_FILE

A copy of the example gets an account and a new period in its zwgk.db and is imported into
a new database; exported again into a new folder, that folder has the same data files,
byte for byte, and a zwgk.db with every record of the first one under the same ids (and
the versions the import recorded of files the directory had never recorded), so
`zwgk report` without --store works on it.
Exporting into a folder that is not empty, or importing into a database that has
records, is refused with exit 1 and changes nothing.
"""
import os
import pathlib
import shutil
import sqlite3
import subprocess
import sys
import tempfile

import pg_cluster
from checks import expect, finish

PASSWORD = "Round-Trip-Secret-4"



def run(zwgk, *args, env=None):
    return subprocess.run([zwgk, *args], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=600)


def data_files(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith("zwgk.db")}


def history(db_file):
    db = sqlite3.connect(db_file)
    rows = (db.execute("SELECT id, path, sha256 FROM file_versions ORDER BY id").fetchall(),
            db.execute("SELECT id, action, target FROM audit ORDER BY id").fetchall(),
            db.execute("SELECT id, name, role FROM users ORDER BY id").fetchall())
    db.close()
    return rows


def main():
    zwgk, root, url_file = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    server_url = url_file.read_text().strip()
    name = f"zwgk_roundtrip_{os.getpid()}"
    url = pg_cluster.create_database(server_url, name)
    try:
        with tempfile.TemporaryDirectory(prefix="zwgk-roundtrip-") as tmp:
            tmp = pathlib.Path(tmp)
            source = tmp / "source"
            shutil.copytree(root / "examples" / "linzi-2020q3", source)
            env = dict(os.environ, ZWGK_PASSWORD=PASSWORD)
            expect("user add", run(zwgk, "user", "add", "--data", str(source), "--name", "admin", "--role", "admin",
                                   env=env).returncode, 0)
            expect("period new", run(zwgk, "period", "new", "2020Q4", "--data", str(source), "--date",
                                     "2021-01-14").returncode, 0)
            imported = run(zwgk, "store", "import", "--store", url, "--data", str(source))
            expect("store import", imported.returncode, 0)
            print(imported.stdout, end="")
            again = run(zwgk, "store", "import", "--store", url, "--data", str(source))
            expect("a second import is refused", again.returncode, 1)
            expect("and says why", "不是空的" in again.stderr, True)

            target = tmp / "exported"
            target.mkdir()
            (target / "笔记.txt").write_text("不要覆盖")
            refused = run(zwgk, "store", "export", "--store", url, "--data", str(target))
            expect("export into a folder that is not empty", refused.returncode, 1)
            expect("the folder is left alone", sorted(p.name for p in target.iterdir()), ["笔记.txt"])

            target = tmp / "new"
            exported = run(zwgk, "store", "export", "--store", url, "--data", str(target))
            expect("store export", exported.returncode, 0)
            print(exported.stdout, end="")
            expect("the data files", data_files(target), data_files(source))
            # Every record of the directory's zwgk.db with its id, then what the import recorded:
            # the files the directory had never recorded (the example's), as new versions.
            before, after = history(source / "zwgk.db"), history(target / "zwgk.db")
            for kind, old, new in zip(("versions", "audit", "users"), before, after):
                expect(f"the {kind} of zwgk.db kept with their ids", new[:len(old)], old)
            expect("every data file has a version", {path for _, path, _ in after[0]} >= set(data_files(source)), True)
            report = run(zwgk, "report", "--data", str(target), "--out", str(tmp / "out"))
            expect("report on the exported folder", report.returncode, 0)
    finally:
        pg_cluster.drop_database(server_url, name)
    return finish('store round trip')


if __name__ == "__main__":
    sys.exit(main())
