#!/usr/bin/env python3
"""The mail benchmark: splitting and parsing a 100,000-message mbox with
zwgk (split_mbox + parse_message) beside Python's `email` package doing the
same job on the same file in the same run. Writes the "mail-parse" section of
docs/benchmarks.md.

    bench/mail_parse.py BUILD [--messages N] [--reps R] [--threads T] [--doc PATH]

BUILD is a Release build directory of this project (e.g. build/release):
the script builds its zwgk_bench_mail_parse target there, generates the mbox
once with bench/gen_mbox.py into BUILD/bench-data/ (kept for later runs;
regenerated when gen_mbox.py changes), and then, with the file in the page
cache, runs zwgk_bench_mail_parse (one thread) and
bench/baseline_mail_parse.py R times each (default 3), interleaved, and takes
the medians; then zwgk with --threads T (default: the number of CPUs) R
times. The first run of each tool also writes its per-message results,
which are compared message by message. The machine is shared: before each
timed run the script waits (up to $ZWGK_BENCH_IDLE_WAIT seconds, default
300) for the CPUs to be at least 90% idle and records how idle they were.

Environment: ZWGK_BENCH_IDLE_WAIT; ZWGK_BENCH_SOURCE_LABEL (what the
document says was measured; default: the git commit, noting uncommitted
changes in src/ and bench/).
"""
import argparse
import hashlib
import json
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import time

from doc_section import replace_section

ROOT = pathlib.Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = "/usr/bin/python3"  # Debian's interpreter, as the other baselines


def log(text):
    print(f"== {text}", file=sys.stderr, flush=True)


def cpu_times():
    fields = open("/proc/stat").readline().split()[1:9]
    values = list(map(int, fields))
    return sum(values), values[3] + values[4]  # total, idle + iowait


def idle_percent(seconds=2.0):
    t0, i0 = cpu_times()
    time.sleep(seconds)
    t1, i1 = cpu_times()
    return 100 if t1 == t0 else int(100 * (i1 - i0) / (t1 - t0))


def wait_idle():
    limit = float(os.environ.get("ZWGK_BENCH_IDLE_WAIT", "300"))
    start = time.monotonic()
    idle = idle_percent()
    while idle < 90 and time.monotonic() - start < limit:
        time.sleep(8)
        idle = idle_percent()
    if idle < 90:
        log(f"CPUs only {idle}% idle after waiting {time.monotonic() - start:.0f}s; measuring anyway")
    return idle


def run_json(cmd):
    """Runs a benchmark command; returns its last JSON line."""
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    line = [l for l in out.splitlines() if l.startswith("{")][-1]
    return json.loads(line)


def generate(build, count):
    data_dir = build / "bench-data"
    data_dir.mkdir(parents=True, exist_ok=True)
    mbox = data_dir / f"mail-{count}.mbox"
    stamp = pathlib.Path(str(mbox) + ".generated")
    gen_hash = hashlib.sha256((BENCH / "gen_mbox.py").read_bytes()).hexdigest()[:16]
    if mbox.exists() and stamp.exists() and stamp.read_text().strip() == gen_hash:
        log(f"using {mbox}")
    else:
        log(f"generating {mbox} ({count} messages)")
        t = time.perf_counter()
        subprocess.run([PYTHON, str(BENCH / "gen_mbox.py"), str(count), str(mbox)], check=True)
        log(f"generated in {time.perf_counter() - t:.0f} s")
        stamp.write_text(gen_hash + "\n")
    info = json.loads(pathlib.Path(str(mbox) + ".json").read_text(encoding="utf-8"))
    return mbox, info


def compare_dumps(zwgk_dump, python_dump):
    """Per-message agreement of the two tools' results."""
    fields = ["sender", "subject", "received", "characters", "pictures", "attachments"]
    differ = {f: 0 for f in fields}
    examples = []
    z_lines = zwgk_dump.read_text(encoding="utf-8").splitlines()
    p_lines = python_dump.read_text(encoding="utf-8").splitlines()
    for z, p in zip(z_lines, p_lines):
        zc = z.split("\t")
        pc = p.split("\t")
        if zc[1] == "ERROR" or pc[0] == "ERROR":
            differ.setdefault("errors", 0)
            differ["errors"] += 1
            continue
        # zwgk: line, sender, subject, received, date, characters, pictures, attachments, hash, names, reasons
        # python: sender, subject, received, characters, pictures, attachments, names
        zv = [zc[1], zc[2], zc[3], zc[5], zc[6], zc[7]]
        pv = pc[:6]
        for f, a, b in zip(fields, zv, pv):
            if a != b:
                differ[f] += 1
                if len(examples) < 5:
                    examples.append(f"line {zc[0]}: {f} zwgk {a!r}, python {b!r}")
    return {"messages": min(len(z_lines), len(p_lines)), "count_mismatch": len(z_lines) != len(p_lines),
            "differ": differ, "examples": examples}


def machine(build):
    cache = (build / "CMakeCache.txt").read_text()

    def cache_value(key):
        for line in cache.splitlines():
            if line.startswith(key + ":"):
                return line.split("=", 1)[1]
        return ""

    compiler = cache_value("CMAKE_CXX_COMPILER") or "c++"
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem_kb = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal:"))
    try:
        os_name = next(l.split("=", 1)[1].strip().strip('"') for l in open("/etc/os-release")
                       if l.startswith("PRETTY_NAME="))
    except (OSError, StopIteration):
        os_name = platform.system()
    label = os.environ.get("ZWGK_BENCH_SOURCE_LABEL")
    if not label:
        git = ["git", "-C", str(ROOT)]
        label = subprocess.run(git + ["rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(git + ["status", "--porcelain", "--", "src", "bench"], capture_output=True,
                               text=True).stdout.strip()
        label = (label or "unknown") + (" with uncommitted changes in src/ or bench/" if dirty else "")
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "memory": f"{mem_kb / 1048576:.1f} GiB",
        "os": os_name,
        "kernel": platform.release(),
        "compiler": subprocess.run([compiler, "--version"], capture_output=True, text=True).stdout.splitlines()[0],
        "build": f"CMAKE_BUILD_TYPE={cache_value('CMAKE_BUILD_TYPE')} ({cache_value('CMAKE_CXX_FLAGS_RELEASE')})",
        "python": subprocess.run([PYTHON, "--version"], capture_output=True, text=True).stdout.strip(),
        "gmime": subprocess.run(["pkg-config", "--modversion", "gmime-3.0"], capture_output=True,
                                text=True).stdout.strip(),
        "icu": subprocess.run(["pkg-config", "--modversion", "icu-uc"], capture_output=True, text=True).stdout.strip(),
        "source": label,
    }


def fmt_int(n):
    return f"{n:,}"


def section(info, runs, threaded, agreement, mach, load, reps, threads):
    med = lambda rs, k: statistics.median(r[k] for r in rs)  # noqa: E731
    z, p = runs["zwgk"], runs["python"]
    z_s, p_s = med(z, "seconds"), med(p, "seconds")
    z_cpu, p_cpu = med(z, "cpu_s"), med(p, "cpu_s")
    nbytes, messages = z[0]["bytes"], z[0]["messages"]
    ratio = p_s / z_s
    cpu_ratio = p_cpu / z_cpu
    t_s = med(threaded, "seconds")
    mb = nbytes / 1e6

    def row(name, rs):
        s, c = med(rs, "seconds"), med(rs, "cpu_s")
        rss = max(r["peak_rss_kb"] for r in rs) / 1024
        return (f"| {name} | {mb / s:.1f} | {fmt_int(round(messages / s))} | {s:.2f} s | {c:.2f} s | "
                f"{rss:,.0f} MiB |")

    stats = info["stats"]

    def counts(key):
        return ", ".join(f"{k} {fmt_int(v)}" for k, v in stats.get(key, {}).items())

    zt, pt = z[0], p[0]
    totals_rows = "\n".join(
        f"| {label} | {fmt_int(zt[k])} | {fmt_int(pt[k])} |"
        for label, k in [("messages", "messages"), ("errors", "errors"), ("characters (letters, digits, Han)",
                                                                           "characters"),
                         ("pictures", "pictures"), ("with a Received date", "received"), ("with a sender", "senders"),
                         ("with a subject", "subjects")])
    differ = agreement["differ"]
    if agreement["count_mismatch"]:
        agree_text = "**the two tools found a different number of messages**"
    elif not any(differ.values()):
        agree_text = (f"all {fmt_int(agreement['messages'])} messages agree field by field: sender, subject, "
                      "topmost Received date in CST (to the minute), characters, pictures and number of attachments")
    else:
        agree_text = ("messages that differ, per field: " + ", ".join(f"{k} {v}" for k, v in differ.items()) +
                      " (e.g. " + "; ".join(agreement["examples"]) + ")")
    reps_table = "\n".join(
        f"| {i + 1} | {z[i]['seconds']:.2f} / {z[i]['cpu_s']:.2f} | {z[i]['idle_before']}% | "
        f"{p[i]['seconds']:.2f} / {p[i]['cpu_s']:.2f} | {p[i]['idle_before']}% | "
        f"{threaded[i]['seconds']:.2f} / {threaded[i]['cpu_s']:.2f} | {threaded[i]['idle_before']}% |"
        for i in range(reps))
    met = "met" if ratio >= 10 else "**not met**"
    machine_lines = "\n".join(f"- {k}: {v}" for k, v in mach.items())
    return f"""<!-- Generated by bench/mail_parse.py; edits are overwritten. -->

## Splitting and parsing a {fmt_int(messages)}-message mbox

`bench/mail_parse.py BUILD`: `zwgk_bench_mail_parse` maps a generated mbox, splits it with
`zwgk::mail::split_mbox` and parses every message with `zwgk::mail::parse_message` (GMime 3 + ICU:
sender, decoded subject, topmost Received date in CST, article text without quotes and signature,
characters, pictures, attachments, review reasons). `bench/baseline_mail_parse.py` does the same job
with Python's standard `email` package (`message_from_bytes` with `policy.default`,
`email.header.decode_header`, `email.utils`, `html.parser`; gb2312/gbk read as GB18030) on the same
file in the same run. Times are wall-clock for the whole job (reading the file from the page cache,
splitting, parsing, summing) in one process, single-threaded; MB/s is 10^6 bytes per second.
Each tool ran {reps} time{"s" if reps > 1 else ""}, interleaved; the table shows the median{"s" if reps > 1 else ""}.

| tool | MB/s | messages/s | wall time | CPU time | peak RSS |
|---|---:|---:|---:|---:|---:|
{row("zwgk (`zwgk_bench_mail_parse`)", z)}
{row(f"Python `email` ({mach['python']}, `baseline_mail_parse.py`)", p)}
| **speed-up** | **{ratio:.1f}×** | **{ratio:.1f}×** | | CPU: {cpu_ratio:.1f}× | |
{row(f"zwgk, `--threads {threads}` (for reference)", threaded)}

Target of the issue: zwgk at least 10× faster than Python, single-threaded — {met} ({ratio:.1f}×
wall time, {cpu_ratio:.1f}× CPU time). With {threads} threads zwgk takes {t_s:.2f} s
({mb / t_s:.0f} MB/s, {fmt_int(round(messages / t_s))} messages/s). Peak RSS includes the mapped file
and the split messages' copies for zwgk (`split_mbox()` copies each message out; `zwgk mail import` reads one
message at a time instead: see the mail-import section) and the file read into memory for Python.

### Same results

Totals of the first run of each tool:

| | zwgk | Python |
|---|---:|---:|
{totals_rows}

Per message: {agree_text}. (The review reasons and the .docx text, which the baseline does not
implement, are not compared; the generated mail has no .docx attachments.)

### Data set

`bench/gen_mbox.py {fmt_int(info['messages'])} OUT` (seed {info['seed']}, deterministic):
{fmt_int(info['messages'])} messages, {fmt_int(nbytes)} bytes ({nbytes / 1e6:,.0f} MB, mboxrd, LF), an average of
{nbytes / info['messages'] / 1000:.1f} kB per message. Chinese government-affairs articles of
{stats['article characters']['min']}–{stats['article characters']['max']} characters from the district's offices:

- structure: {counts("structure")}
- text parts by charset: {counts("text part charset")} (gb2312 labels on GBK bytes, as clients send them)
- text parts by transfer encoding: {counts("text part encoding")}
- subjects: {counts("subject")}
- images (JPEG/PNG-like payloads of 0.8–4 kB): {counts("images")}
- replies: {counts("replies")}
- Received headers: {counts("received")}

### All repetitions

Wall s / CPU s, and how idle the CPUs were just before each run (the machine is shared; the
1-minute load average was {load[0]} before the runs, {load[1]} after):

| run | zwgk | idle | Python | idle | zwgk --threads {threads} | idle |
|---|---:|---:|---:|---:|---:|---:|
{reps_table}

### Machine

{machine_lines}

### Reproduce

```sh
cmake --preset release && bench/mail_parse.py build/release   # generates the mbox once under build/release/bench-data/
bench/mail_parse.py build/release --messages 2000 --reps 1 --doc /tmp/b.md   # a quick run
```
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("build", type=pathlib.Path)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--doc", type=pathlib.Path, default=ROOT / "docs/benchmarks.md")
    args = parser.parse_args()
    build = args.build.resolve()

    cache = (build / "CMakeCache.txt").read_text()
    if "CMAKE_BUILD_TYPE:STRING=Release" not in cache:
        sys.exit(f"{build} is not a Release build")
    log(f"building zwgk_bench_mail_parse in {build}")
    subprocess.run(["cmake", "--build", str(build), "--target", "zwgk_bench_mail_parse"], check=True,
                   stdout=subprocess.DEVNULL)
    bench = build / "bench" / "zwgk_bench_mail_parse"
    mbox, info = generate(build, args.messages)

    results = build / "bench-results" / "mail-parse"
    results.mkdir(parents=True, exist_ok=True)
    log("warming the page cache")
    with open(mbox, "rb") as f:
        while f.read(1 << 24):
            pass

    load_before = open("/proc/loadavg").read().split()[0]
    runs = {"zwgk": [], "python": []}
    threaded = []
    for i in range(args.reps):
        first = i == 0
        idle = wait_idle()
        log(f"run {i + 1}/{args.reps}: zwgk (CPUs {idle}% idle before)")
        r = run_json([str(bench), str(mbox)] + (["--dump", str(results / "zwgk.tsv")] if first else []))
        r["idle_before"] = idle
        runs["zwgk"].append(r)
        log(json.dumps(r))
        idle = wait_idle()
        log(f"run {i + 1}/{args.reps}: python (CPUs {idle}% idle before)")
        r = run_json([PYTHON, str(BENCH / "baseline_mail_parse.py"), str(mbox)] +
                     (["--dump", str(results / "python.tsv")] if first else []))
        r["idle_before"] = idle
        runs["python"].append(r)
        log(json.dumps(r))
    for i in range(args.reps):
        idle = wait_idle()
        log(f"run {i + 1}/{args.reps}: zwgk --threads {args.threads} (CPUs {idle}% idle before)")
        r = run_json([str(bench), str(mbox), "--threads", str(args.threads)])
        r["idle_before"] = idle
        threaded.append(r)
        log(json.dumps(r))
    load_after = open("/proc/loadavg").read().split()[0]

    agreement = compare_dumps(results / "zwgk.tsv", results / "python.tsv")
    (results / "runs.json").write_text(json.dumps({"runs": runs, "threaded": threaded, "agreement": agreement},
                                                  ensure_ascii=False, indent=1), encoding="utf-8")
    text = section(info, runs, threaded, agreement, machine(build), (load_before, load_after), args.reps,
                   args.threads)
    replace_section(args.doc, "mail-parse", text)
    z = statistics.median(r["seconds"] for r in runs["zwgk"])
    p = statistics.median(r["seconds"] for r in runs["python"])
    print(f"mail_parse: zwgk {runs['zwgk'][0]['bytes'] / 1e6 / z:.1f} MB/s, python "
          f"{runs['python'][0]['bytes'] / 1e6 / p:.2f} MB/s, speed-up {p / z:.1f}x; "
          f"differences: {agreement['differ']}; written to {args.doc}")


if __name__ == "__main__":
    main()
