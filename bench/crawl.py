#!/usr/bin/env python3
"""Issue 17's benchmark: `zwgk crawl` of a 67-unit portal over a quarter, and the list
pages parsed per second, each beside a baseline measured in the same run.

  bench/crawl.py [BUILD] [--reps N]      (BUILD: a Release build folder, default build/bench)

The portal is generated (tests/crawl/portal.py's page styles) for Linzi's 67 units, two
columns each (动态要闻 every day, 通知公告 every third day, from 2020-09-30 back past
July 1st), a quarter of list pages in the four recognised forms (static pages, data
island + paging proxy, JSON API, 下一页 links), served by Python's ThreadingHTTPServer on
loopback. Measured:
  - the crawl with politeness limits lifted (`--unthrottled`, 8 requests at once), from a
    fresh data directory, and a second crawl of the unchanged site (every page a 304);
  - baseline: curl fetching the same pages (`curl --parallel --parallel-max 8`), the
    floor any crawler has on this server;
  - list pages parsed per second (zwgk_bench_list_pages) against Python's html.parser
    pulling every link and the text beside it from the same pages.
Writes the section `crawl` of docs/benchmarks.md.
"""
import argparse
import datetime as dt
import html.parser
import json
import os
import pathlib
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "crawl"))
sys.path.insert(0, str(ROOT / "bench"))
import portal as portal_mod  # noqa: E402
from doc_section import replace_section  # noqa: E402


class BenchPortal(portal_mod.Portal):
    def build(self):
        self.proxies, self.delays = {}, {}
        self.put("/robots.txt", b"User-agent: *\nAllow: /\n")
        d = dt.date(2020, 9, 30)
        for i, unit in enumerate(self.units):
            news = portal_mod.items_for(unit, 100, d, 1, f"/n{i}/")
            notes = portal_mod.items_for(unit, 36, d, 3, f"/g{i}/")
            for kind, items, tag in (("动态要闻", news, "n"), ("通知公告", notes, "g")):
                style = (i + (tag == "g")) % 4
                base = f"/{tag}{i}/"
                if style == 0:
                    path = self.static_column(unit, kind, base, items)
                elif style == 1:
                    path = self.island_column(unit, kind, f"/col/{tag}{i}/", f"{i}{tag == 'g' and 1 or 0}", items)
                elif style == 2:
                    path = self.json_column(unit, kind, f"{tag}{i}", items)
                else:
                    path = self.next_link_column(unit, kind, base, items)
                self.columns.append((unit, kind, path, items, None))


def machine(build):
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem_kb = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal:"))
    label = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                           text=True).stdout.strip()
    return {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cpu": cpu, "nproc": os.cpu_count(),
            "memory": f"{mem_kb / 1024 / 1024:.1f} GiB", "load": f"{os.getloadavg()[0]:.2f} before the runs",
            "kernel": platform.release(), "python": platform.python_version(), "curl": subprocess.run(
                ["curl", "--version"], capture_output=True, text=True).stdout.split()[1], "source": label}


def data_dir(portal):
    data = pathlib.Path(tempfile.mkdtemp(prefix="zwgk-bench-crawl-"))
    example = ROOT / "examples" / "linzi-2020q3"
    shutil.copytree(example, data, dirs_exist_ok=True)
    (data / "2020Q3" / "网站发布.csv").unlink()
    lines = ['[crawl]', 'user_agent = "zwgk-bench"', 'concurrency = 8', 'max_pages = 100000', '']
    for unit, kind, path, _, _ in portal.columns:
        lines += ['[[columns]]', f'unit = "{unit}"', f'kind = "{kind}"', f'url = "{portal.url}{path}"', '']
    (data / "站点.toml").write_text("\n".join(lines), encoding="utf-8")
    return data


def timed(cmd, **kw):
    start = time.perf_counter()
    before = os.times()
    done = subprocess.run(cmd, capture_output=True, text=True, **kw)
    after = os.times()
    return time.perf_counter() - start, (after.children_user - before.children_user) + \
        (after.children_system - before.children_system), done


class Links(html.parser.HTMLParser):
    """The baseline's reading of a list page: every link with the text after it."""
    DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")

    def __init__(self):
        super().__init__()
        self.items, self.href, self.text = 0, None, ""

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.flush()
            self.href = dict(attrs).get("href")

    def handle_data(self, data):
        if self.href is not None:
            self.text += data

    def flush(self):
        if self.href and self.DATE.search(self.text):
            self.items += 1
        self.href, self.text = None, ""


def python_parse(folder, reps):
    files = [(folder / line.split("\t")[0]).read_bytes() for line in (folder / "pages.tsv").read_text().splitlines()]
    start, items = time.perf_counter(), 0
    for r in range(reps):
        for body in files:
            p = Links()
            text = body.decode("utf-8", errors="replace")
            p.feed(text)
            p.flush()
            if r == 0:
                items += p.items
    seconds = time.perf_counter() - start
    return {"pages": len(files) * reps, "seconds": seconds, "pages_per_s": len(files) * reps / seconds,
            "items": items}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build", nargs="?", default=str(ROOT / "build" / "bench"))
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--doc", default=str(ROOT / "docs" / "benchmarks.md"))
    args = ap.parse_args()
    build = pathlib.Path(args.build)
    zwgk, parser = build / "src" / "zwgk", build / "bench" / "zwgk_bench_list_pages"
    import csv
    units = [r["单位名称"] for r in csv.DictReader(open(ROOT / "examples/linzi-2020q3/单位名录.csv", encoding="utf-8-sig"))]
    portal = BenchPortal(units).serve()
    pages = [p for p in portal.pages if p != "/robots.txt"]
    folder = pathlib.Path(tempfile.mkdtemp(prefix="zwgk-bench-pages-"))
    with open(folder / "pages.tsv", "w") as index:
        for n, p in enumerate(pages):
            (folder / f"{n}.html").write_bytes(portal.pages[p][2])
            index.write(f"{n}.html\t{portal.url}{p}\n")
    urls = folder / "urls.txt"
    runs = []
    expected = len(portal.expected_rows())
    for rep in range(args.reps):
        data = data_dir(portal)
        before = len(portal.list_requests())
        cold = timed([str(zwgk), "crawl", "--data", str(data), "--period", "2020Q3", "--unthrottled"],
                     env=dict(os.environ, ZWGK_PROGRESS="off"))
        requested = [p for p, _ in portal.list_requests()[before:]]
        served = len(requested)
        # The baseline fetches exactly the pages this crawl requested.
        urls.write_text("".join(f"url = \"{portal.url}{p}\"\noutput = \"/dev/null\"\n" for p in requested))
        warm = timed([str(zwgk), "crawl", "--data", str(data), "--period", "2020Q3", "--unthrottled"],
                     env=dict(os.environ, ZWGK_PROGRESS="off"))
        rows = sum(1 for _ in open(data / "2020Q3" / "网站发布-网站采集.csv", encoding="utf-8-sig")) - 1
        assert cold[2].returncode == 0 and rows == expected, (cold[2].stdout, cold[2].stderr, rows, expected)
        curl = timed(["curl", "--parallel", "--parallel-max", "8", "-s", "-K", str(urls)])
        runs.append({"cold_s": cold[0], "cold_cpu_s": cold[1], "warm_s": warm[0], "warm_cpu_s": warm[1],
                     "curl_s": curl[0], "curl_cpu_s": curl[1], "rows": rows})
        shutil.rmtree(data)
        print(json.dumps(runs[-1]), file=sys.stderr)
    zparse = json.loads(subprocess.run([str(parser), str(folder), "--reps", "5"], capture_output=True,
                                       text=True).stdout)
    pparse = python_parse(folder, 5)
    portal.stop()
    mach = machine(build)
    med = lambda key: sorted(r[key] for r in runs)[len(runs) // 2]
    fetched = served  # list pages of one cold crawl (the last one), robots.txt not counted
    rows_md = "\n".join(f"| {i + 1} | {r['cold_s']:.2f} s ({r['cold_cpu_s']:.2f} s CPU) | "
                        f"{r['warm_s']:.2f} s ({r['warm_cpu_s']:.2f} s CPU) | {r['curl_s']:.2f} s |" for i, r in enumerate(runs))
    text = f"""<!-- Generated by bench/crawl.py; edits are overwritten. -->

## Crawling a 67-unit portal for a quarter (issue 17)

`bench/crawl.py build/bench`: a portal generated for Linzi's 67 units, two columns each
(动态要闻 daily, 通知公告 every third day, back past 2020-07-01) in the four list-page forms
(static pages, data island + paging proxy, JSON API, 下一页 links): {len(pages)} list pages
besides the paging proxy's answers, {expected} items in the quarter. Served by Python's ThreadingHTTPServer on loopback, same
machine. `zwgk crawl --unthrottled` (politeness limits lifted: no rate limit, 8 requests at
once) from a fresh data directory, then again over the unchanged site (conditional requests:
every page answers 304); the baseline is curl fetching the pages the first run requested, 8
at once — the floor of any crawler on this server. Medians of {args.reps}:

| | wall | CPU |
|---|---:|---:|
| `zwgk crawl`, first run (fetch, parse, write, propose) | {med('cold_s'):.2f} s | {med('cold_cpu_s'):.2f} s |
| `zwgk crawl`, second run (all 304) | {med('warm_s'):.2f} s | {med('warm_cpu_s'):.2f} s |
| curl, the same pages (baseline) | {med('curl_s'):.2f} s | {med('curl_cpu_s'):.2f} s |

Every run wrote the {expected} items of the quarter, each once; the first run requested
{fetched} list pages.

| run | first crawl | second crawl | curl |
|---|---:|---:|---:|
{rows_md}

### List pages parsed per second

The same {len(pages)} pages read 5 times each by `zwgk_bench_list_pages` (libxml2's HTML parser
and XPath: each item's title, absolute link and date) against Python's `html.parser`
finding each link and a date in the text after it (a lighter job), one thread each:

| parser | pages/s | items per pass |
|---|---:|---:|
| zwgk (`crawl::parse_list_page`) | {zparse['pages_per_s']:,.0f} ({zparse['mb_per_s']:.1f} MB/s) | {zparse['items']:,} |
| Python 3 `html.parser` (baseline) | {pparse['pages_per_s']:,.0f} | {pparse['items']:,} |

### Machine

""" + "\n".join(f"- {k}: {v}" for k, v in mach.items()) + """

### Reproduce

```sh
cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DZWGK_BUILD_TESTS=OFF
cmake --build build/bench --target zwgk zwgk_bench_list_pages
bench/crawl.py build/bench
```
"""
    replace_section(args.doc, "crawl", text)
    shutil.rmtree(folder)
    print(text)


if __name__ == "__main__":
    main()
