#!/usr/bin/env python3
"""The whole `zwgk mail import` (read the mbox, parse, attribute, store in the ledger) of
generated mboxes of growing size, into an empty ledger and again with every message already
there: wall time, CPU time, MB/s and the process's peak RSS, which must not grow with the
file (issue 19). Writes the "mail-import" section of docs/benchmarks.md.

    bench/mail_import.py build/bench/src/zwgk [--messages 20000,100000] [--reps 3] [--doc FILE]

The mboxes come from bench/gen_mbox.py (deterministic), generated once into
build/bench/bench-data/. Each run imports into a fresh copy of examples/linzi-2020q3.
"""
import argparse
import os
import pathlib
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from doc_section import replace_section

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "build/bench/bench-data"


def mbox_of(messages):
    """The generated mbox of `messages` messages (made once)."""
    path = DATA / f"mail-{messages}.mbox"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(ROOT / "bench/gen_mbox.py"), str(messages), str(path)], check=True,
                       stdout=subprocess.DEVNULL)
    return path


def timed(args):
    """Runs `args`; (wall s, CPU s, peak RSS MiB) of that process alone (wait4)."""
    begun = time.monotonic()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - begun
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(map(str, args))} failed ({status})")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure(zwgk, messages, reps):
    """{"bytes", "new": [(wall, cpu, rss)…], "again": […]} for `reps` fresh workspaces."""
    mbox = mbox_of(messages)
    out = {"bytes": mbox.stat().st_size, "new": [], "again": []}
    for _ in range(reps):
        with tempfile.TemporaryDirectory(prefix="zwgk-mail-import-") as tmp:
            ws = pathlib.Path(tmp) / "ws"
            shutil.copytree(ROOT / "examples/linzi-2020q3", ws)
            command = [zwgk, "mail", "import", "--data", str(ws), str(mbox)]
            out["new"].append(timed(command))
            out["again"].append(timed(command))
    return out


def row(messages, size, runs, what):
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    rss = max(r[2] for r in runs)
    return (f"| {messages:,} | {size / 1e6:,.0f} MB | {what} | {wall:.2f} s | {cpu:.2f} s | {size / 1e6 / wall:.1f} | "
            f"{messages / wall:,.0f} | {rss:.0f} MiB |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("zwgk")
    ap.add_argument("--messages", default="20000,100000")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--doc", default=str(ROOT / "docs/benchmarks.md"))
    args = ap.parse_args()
    counts = [int(n) for n in args.messages.split(",")]
    load_before = os.getloadavg()[0]
    results = {n: measure(args.zwgk, n, args.reps) for n in counts}
    load_after = os.getloadavg()[0]
    rows, reps = [], []
    for n in counts:
        r = results[n]
        rows.append(row(n, r["bytes"], r["new"], "into an empty ledger"))
        rows.append(row(n, r["bytes"], r["again"], "again (all already there)"))
        for kind in ("new", "again"):
            reps.append(f"| {n:,} | {kind} | " + " · ".join(f"{w:.2f} s / {c:.2f} s / {m:.0f} MiB" for w, c, m in r[kind]) + " |")
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    rows_text, reps_text = "\n".join(rows), "\n".join(reps)
    text = f"""## `zwgk mail import` of a large mbox

`bench/mail_import.py build/bench/src/zwgk --messages {args.messages} --reps {args.reps}`: the whole import
(the mbox read one message at a time, each message parsed, attributed to its unit and stored in the ledger in
batches with their audit entries, then the closing hints) of mboxes made by `bench/gen_mbox.py` (the mail
benchmark's generator: Chinese articles in UTF-8/GBK/GB18030, base64 and quoted-printable, images), into a fresh
copy of the Linzi example, then the same file again with every message already in the ledger. One process per
run; wall and CPU time (user + system) are medians of {args.reps} runs, peak RSS the largest of them (`wait4`).

| messages | mbox | import | wall time | CPU time | MB/s | messages/s | peak RSS |
|---|---:|---|---:|---:|---:|---:|---:|
{rows_text}

Before issue 19 the closing hint ("有 N 封邮件收到于 2021Q1…") read every message of the ledger with its text,
so the peak RSS grew with the ledger: 180 MiB for 20,000 messages (219 MB), 483 MiB for 60,000 (657 MB); it
now reads the received times alone.

Every run (wall / CPU / peak RSS):

| messages | import | runs |
|---|---|---|
{reps_text}

Machine: {cpu}, {os.cpu_count()} CPUs, {platform.platform()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())},
source {commit}; 1-minute load average {load_before:.2f} before the runs, {load_after:.2f} after."""
    replace_section(args.doc, "mail-import", text)
    for line in rows:
        print(line)


if __name__ == "__main__":
    main()
