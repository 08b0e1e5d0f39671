#!/usr/bin/env python3
"""Times `zwgk report` on the shipped example: every format of the bulletin
(DOCX, XLSX, HTML, four CSVs, JSON) written atomically, and, for reference in
the same run, the same report with --pdf (LibreOffice converting the DOCX).
Writes the "report-formats" section of docs/benchmarks.md.

    bench/report_formats.py ZWGK [REPS]      (a Release build of zwgk)
"""
import os
import pathlib
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time

from doc_section import replace_section

ROOT = pathlib.Path(__file__).resolve().parent.parent


def run(zwgk, extra):
    with tempfile.TemporaryDirectory(prefix="zwgk-bench-") as out:
        start = time.perf_counter()
        subprocess.run([zwgk, "report", "--data", str(ROOT / "examples/linzi-2020q3"), "--out", out, *extra],
                       check=True, capture_output=True)
        return time.perf_counter() - start


def main():
    zwgk, reps = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20
    run(zwgk, [])  # warm the page cache
    plain, with_pdf = [], []
    for i in range(reps):
        plain.append(run(zwgk, []))
        if i < 3:
            with_pdf.append(run(zwgk, ["--pdf"]))
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    text = f"""## The example bulletin in every format

`bench/report_formats.py build/release/src/zwgk`: `zwgk report` on `examples/linzi-2020q3` (67 units),
whole process from start to exit: load and validate the data, assess, and write 通报.docx,
通报.xlsx, 通报.html, the four attachment CSVs and 考核结果.json atomically (each flushed to disk
before the renames). The reference in the same run is the same command with `--pdf`, which adds
LibreOffice converting the DOCX.

| run | median | min | max | runs |
|---|---:|---:|---:|---:|
| all formats (PDF aside) | {statistics.median(plain):.3f} s | {min(plain):.3f} s | {max(plain):.3f} s | {len(plain)} |
| reference: with `--pdf` (LibreOffice) | {statistics.median(with_pdf):.2f} s | {min(with_pdf):.2f} s | {max(with_pdf):.2f} s | {len(with_pdf)} |

Target: well under a second for all formats — **met** if the median above is under 0.5 s
({'met' if statistics.median(plain) < 0.5 else '**not met**'}). Peak memory of any run: {rss:.0f} MiB
(LibreOffice included).

Machine: {cpu}, {os.cpu_count()} CPUs, {platform.platform()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())},
source {commit}."""
    replace_section(ROOT / "docs/benchmarks.md", "report-formats", text)
    print(f"report_formats: median {statistics.median(plain):.3f} s, with --pdf {statistics.median(with_pdf):.2f} s")


if __name__ == "__main__":
    main()
