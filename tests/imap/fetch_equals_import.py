#!/usr/bin/env python3
"""`zwgk mail fetch` from a real Dovecot gives what `zwgk mail import` gives.

    fetch_equals_import.py ZWGK ROOT DATA_DIR MAILBOX

Starts a private Dovecot (tests/imap/dovecot.py) serving MAILBOX (a Maildir
or a folder of .eml), copies DATA_DIR three times, fetches over IMAPS into
one and over STARTTLS into another, imports MAILBOX from disk into the
third, and compares what the review says of every message
(`mail list --csv`: unit, received time, counts, verdict and reason; not the
编号 and 来源 columns, which follow where and in which order a message was
read, nor the hints: a message without a Received header is dated by the
sender's Date header from a file, which asks for a look, but by the
server's INTERNALDATE over IMAP, which does not) and the bulletin's four
tables (`report`). Fetching again
must add nothing.
"""
import csv
import io
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile


def run(args, **kw):
    done = subprocess.run(args, capture_output=True, text=True, **kw)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(map(str, args))}\n{done.stdout}\n{done.stderr}")
    return done.stdout


def review(zwgk, data, out):
    run([zwgk, "mail", "list", "--data", data, "--csv", out])
    text = pathlib.Path(out).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    keep = [i for i, name in enumerate(header) if name not in ("编号", "来源", "提示", "待核实")]
    # "与第19封邮件正文相同": ledger numbers follow the order messages arrived in.
    return sorted(tuple(re.sub(r"第\d+封", "第N封", row[i]) for i in keep) for row in rows[1:])


def tables(zwgk, data, out):
    run([zwgk, "report", "--data", data, "--out", out])
    return {p.name: p.read_bytes() for p in sorted(pathlib.Path(out).glob("附件*.csv"))}


def main():
    zwgk, root, data_dir, mailbox = sys.argv[1:5]
    root = pathlib.Path(root)
    with tempfile.TemporaryDirectory(prefix="zwgk-imap-eq-") as tmp:
        tmp = pathlib.Path(tmp)
        tmp.chmod(0o755)  # as root, Dovecot's mail processes run as nobody and must reach the state dir
        state = tmp / "dovecot"
        started = run(["/usr/bin/python3", root / "tests/imap/dovecot.py", "start", state, mailbox])
        server = json.loads(started.strip().splitlines()[-1])
        try:
            copies = {name: tmp / name for name in ("imaps", "starttls", "files")}
            for path in copies.values():
                shutil.copytree(data_dir, path)
            common = ["--host", "127.0.0.1", "--user", server["user"], "--password-file", server["password_file"],
                      "--ca-file", server["ca_file"]]
            run([zwgk, "mail", "fetch", "--data", copies["imaps"], "--port", str(server["imaps_port"])] + common)
            again = run([zwgk, "mail", "fetch", "--data", copies["imaps"], "--port", str(server["imaps_port"])] + common)
            if "新增 0 封" not in again:
                sys.exit(f"fetching again added messages:\n{again}")
            run([zwgk, "mail", "fetch", "--data", copies["starttls"], "--security", "starttls",
                 "--port", str(server["imap_port"])] + common)
        finally:
            subprocess.run(["/usr/bin/python3", root / "tests/imap/dovecot.py", "stop", state])
        run([zwgk, "mail", "import", "--data", copies["files"], mailbox])
        expected_review = review(zwgk, copies["files"], tmp / "files.csv")
        expected_tables = tables(zwgk, copies["files"], tmp / "out-files")
        if not expected_review:
            sys.exit("the mailbox gave no messages")
        for name in ("imaps", "starttls"):
            got = review(zwgk, copies[name], tmp / f"{name}.csv")
            if got != expected_review:
                missing = [r for r in expected_review if r not in got]
                extra = [r for r in got if r not in expected_review]
                sys.exit(f"{name}: review differs\nonly from files: {missing[:5]}\nonly from IMAP: {extra[:5]}")
            if tables(zwgk, copies[name], tmp / f"out-{name}") != expected_tables:
                sys.exit(f"{name}: the bulletin's tables differ from the Maildir import's")
        print(f"{len(expected_review)} messages: IMAPS, STARTTLS and the files give the same review and tables")


if __name__ == "__main__":
    main()
