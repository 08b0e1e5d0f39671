#!/usr/bin/env python3
"""Issue 17's end-to-end test: `zwgk crawl` against a generated portal on loopback
(portal.py) finds exactly the generated items of every unit and month, proposes exactly
the stale columns and adoptions generated, fetches only changed pages the second time,
and, killed with -9 half-way and run again, resumes and counts nothing twice.

usage: crawl_portal.py ZWGK SOURCE_DIR
"""
import csv
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from portal import Portal  # noqa: E402

ZWGK, SOURCE = sys.argv[1], sys.argv[2]
FAILURES = []

STALE_RULES = """
[[findings]]
code = "栏目未更新"
reason = "网站栏目长期未更新"
points = 0.5

[[stale_columns]]
kind = "动态要闻"
days = 14
finding = "栏目未更新"

[[stale_columns]]
kind = "通知公告"
days = 180
finding = "栏目未更新"

[[stale_columns]]
kind = "政策文件"
days = 180
finding = "栏目未更新"
"""


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print("FAIL:", message)


def registry_units(data):
    with open(os.path.join(data, "单位名录.csv"), encoding="utf-8-sig") as f:
        return [row["单位名称"] for row in csv.DictReader(f)]


def make_data_dir(portal):
    data = tempfile.mkdtemp(prefix="zwgk-crawl-")
    example = os.path.join(SOURCE, "examples", "linzi-2020q3")
    for name in ("单位名录.csv", "通报模板.txt", "日历"):
        src = os.path.join(example, name)
        (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, os.path.join(data, name))
    with open(os.path.join(example, "考核方案.toml"), encoding="utf-8") as f:
        scheme = f.read()
    with open(os.path.join(data, "考核方案.toml"), "w", encoding="utf-8") as f:
        f.write(scheme + STALE_RULES)
    os.makedirs(os.path.join(data, "2020Q3"))
    for name in ("通报模板.txt", "投稿.csv", "检查.csv"):
        shutil.copy(os.path.join(example, "2020Q3", name), os.path.join(data, "2020Q3", name))
    lines = ['[crawl]', 'user_agent = "zwgk-test（临淄区政务公开考核测试）"', 'retries = 1', 'timeout = 5', '']
    for unit, kind, path, _, selectors in portal.columns:
        lines += ['[[columns]]', f'unit = "{unit}"', f'kind = "{kind}"', f'url = "{portal.url}{path}"']
        if selectors:
            lines.append("selectors = { " + ", ".join(f'{k} = "{v}"' for k, v in selectors.items()) + " }")
        lines.append("")
    for level, path in portal.portals:
        lines += ['[[portals]]', f'level = "{level}"', f'url = "{portal.url}{path}"', '']
    with open(os.path.join(data, "站点.toml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    return data


def crawl(data, *extra):
    return subprocess.run([ZWGK, "crawl", "--data", data, "--period", "2020Q3", "--unthrottled", *extra],
                          capture_output=True, text=True, env=dict(os.environ, ZWGK_PROGRESS="off"))


def crawled_rows(data):
    path = os.path.join(data, "2020Q3", "网站发布-网站采集.csv")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return [(r["单位"], r["标题"], r["发布日期"], r["链接"]) for r in rows]


def proposals(data):
    db = sqlite3.connect(os.path.join(data, "zwgk.db"))
    try:
        return db.execute("SELECT kind, unit, detail FROM crawl_proposals ORDER BY id").fetchall()
    finally:
        db.close()


def test_first_and_second_crawl(portal):
    data = make_data_dir(portal)
    first = crawl(data)
    print(first.stdout, first.stderr)
    check(first.returncode == 1, f"a crawl with unreadable columns exits 1, got {first.returncode}")
    u = portal.units
    for words in (f"{u[6]} 通知公告", "返回 404，找不到页面", "robots.txt 不允许抓取 /private/u10/index.html",
                  "分页循环"):
        check(words in first.stdout, f"the report names: {words}")
    rows = crawled_rows(data)
    expected = portal.expected_rows()
    check(rows is not None and len(rows) == len(set(rows)), "no item is written twice")
    got = set(rows or [])
    check(got == expected, f"the crawl finds exactly the generated items: missing {sorted(expected - got)[:5]}, "
                           f"extra {sorted(got - expected)[:5]}")
    by_unit_month = {}
    for unit, _, date, _ in expected:
        by_unit_month[(unit, date[:7])] = by_unit_month.get((unit, date[:7]), 0) + 1
    got_unit_month = {}
    for unit, _, date, _ in got:
        got_unit_month[(unit, date[:7])] = got_unit_month.get((unit, date[:7]), 0) + 1
    check(by_unit_month == got_unit_month, "every unit's count per month is the generated one")

    found = proposals(data)
    stale = {(unit, __import__("json").loads(detail)["kind"]) for kind, unit, detail in found if kind == "stale"}
    check(stale == portal.expected_stale(), f"stale columns proposed: {stale}")
    import json
    adoptions = {(unit, json.loads(d)["level"], json.loads(d)["title"], json.loads(d)["date"])
                 for kind, unit, d in found if kind == "adoption"}
    truth = {(unit, level, a["title"], a["date"].isoformat()) for unit, level, a in portal.adopted}
    check(adoptions == truth, f"adoptions proposed {adoptions}, generated {truth}")

    check_report = subprocess.run([ZWGK, "check", "--data", data, "--period", "2020Q3"], capture_output=True, text=True)
    check(f"{len(expected)} 条逐条记录" in check_report.stdout,
          f"check counts the crawled file: {check_report.stdout} {check_report.stderr}")

    # A second run: the site has not changed, every list page answers 304.
    before = len(portal.list_requests())
    second = crawl(data)
    served = portal.list_requests()[before:]
    check(served and all(status in (304, 404, 301) for _, status in served),
          f"an unchanged site is fetched with 304s only: {[s for s in served if s[1] == 200][:5]}")
    check("与上次相同，未改动" in second.stdout, "an unchanged crawl leaves the file as it was")
    check(crawled_rows(data) == rows, "the second run writes the same rows")
    check(len(proposals(data)) == len(found), "the second run proposes nothing again")

    # One page changes: only it is fetched again, and its new item is counted.
    first_page = "/u1/index.html"
    status, headers, body = portal.pages[first_page]
    new_item = '<li><a href="./202009/t20200930_99.html" title="{0}新增的一条信息">x</a><span>2020-09-30</span></li>'
    portal.change(first_page, body.replace(b'<ul class="list">',
                                           ('<ul class="list">' + new_item.format(u[0])).encode()))
    before = len(portal.list_requests())
    crawl(data)
    fetched = [p for p, s in portal.list_requests()[before:] if s == 200]
    check(fetched == [first_page], f"a changed page is the only one fetched in full: {fetched}")
    check(len(crawled_rows(data)) == len(rows) + 1, "the changed page's new item is counted once")
    portal.change(first_page, body)
    test_decisions(data, portal)
    shutil.rmtree(data)


def test_decisions(data, portal):
    """Proposals decided at the command line: a confirmed stale column is a finding, a
    confirmed adoption a row of 采用-网站采集.csv; each decided once."""
    db = sqlite3.connect(os.path.join(data, "zwgk.db"))
    ids = {(kind, unit): pid for pid, kind, unit in db.execute("SELECT id, kind, unit FROM crawl_proposals")}
    db.close()
    u = portal.units
    zwgk = lambda *args: subprocess.run([ZWGK, "crawl", *args, "--data", data, "--period", "2020Q3"],
                                        capture_output=True, text=True)
    listed = zwgk("proposals")
    check(listed.returncode == 0 and "栏目未更新" in listed.stdout and "市级采用" in listed.stdout,
          f"proposals are listed: {listed.stdout}")
    stale, adoption, other = ids[("stale", u[3])], ids[("adoption", u[0])], ids[("adoption", u[2])]
    for args in (("confirm", str(stale)), ("confirm", str(adoption)), ("dismiss", str(other), "--reason", "转载，非采用")):
        done = zwgk(*args)
        check(done.returncode == 0, f"{args}: {done.stdout} {done.stderr}")
    again = zwgk("confirm", str(stale))
    check(again.returncode == 1 and "已经处理过" in again.stderr, f"a proposal is decided once: {again.stderr}")
    no_reason = zwgk("dismiss", str(ids[("stale", u[12])]))
    check(no_reason.returncode == 2, "dismissing needs a reason")
    report = subprocess.run([ZWGK, "check", "--data", data, "--period", "2020Q3"], capture_output=True, text=True)
    check("上级采用 0 项汇总、1 篇逐篇记录；检查发现 14 条" in report.stdout,
          f"the confirmed finding and adoption count: {report.stdout} {report.stderr}")
    with open(os.path.join(data, "2020Q3", "检查-在线录入.csv"), encoding="utf-8-sig") as f:
        finding = f.read()
    check(f"{u[3]},栏目未更新,1,“动态要闻”栏目最新一条信息发布于2020-09-10，至2020-09-30已20天未更新（规定14天）" in finding,
          f"the finding says what was found: {finding}")


def test_kill_and_resume(portal):
    data = make_data_dir(portal)
    portal.slow = 0.15
    before = len(portal.list_requests())
    child = subprocess.Popen([ZWGK, "crawl", "--data", data, "--period", "2020Q3", "--unthrottled"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while len(portal.list_requests()) - before < 12 and time.time() < deadline:
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    portal.slow = 0.0
    killed_fetches = len([1 for _, s in portal.list_requests()[before:] if s == 200])
    check(crawled_rows(data) is None, "a killed crawl has written no publication file")
    middle = len(portal.list_requests())
    again = crawl(data)
    check("接着上次中断的抓取" in again.stdout, f"the next run resumes the killed one: {again.stdout}")
    resumed_fetches = len([1 for _, s in portal.list_requests()[middle:] if s == 200])
    full = make_data_dir(portal)
    start = len(portal.list_requests())
    crawl(full)
    all_fetches = len([1 for _, s in portal.list_requests()[start:] if s == 200])
    check(killed_fetches >= 5 and resumed_fetches <= all_fetches - killed_fetches + 2,
          f"the resumed run does not fetch again what the killed one read: killed {killed_fetches}, "
          f"resumed {resumed_fetches}, whole {all_fetches}")
    rows = crawled_rows(data)
    check(rows is not None and set(rows) == portal.expected_rows() and len(rows) == len(set(rows)),
          "killed and repeated, the crawl counts every item once")
    shutil.rmtree(data)
    shutil.rmtree(full)


def main():
    example = os.path.join(SOURCE, "examples", "linzi-2020q3")
    portal = Portal(registry_units(example)[:13]).serve()
    try:
        test_first_and_second_crawl(portal)
        test_kill_and_resume(portal)
    finally:
        portal.stop()
    if FAILURES:
        print(f"{len(FAILURES)} failure(s)")
        return 1
    print("crawl portal: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
