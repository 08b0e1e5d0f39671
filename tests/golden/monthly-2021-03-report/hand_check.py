#!/usr/bin/env python3
"""The expected count tables of examples/monthly-2021-03, worked out from its raw
files by the rules its 考核方案.toml states, with no zwgk code: a second,
independent implementation that the golden case's expected/ CSVs are checked against.

    python3 tests/golden/monthly-2021-03-report/hand_check.py          # prints the CSVs
    python3 tests/golden/monthly-2021-03-report/hand_check.py --check  # compares with expected/

Rules used:
  window   [period] length "month", from { months = -1, day = 26 }, to { day = 25 }:
           2021-03 counts items dated 2021-02-26 to 2021-03-25 inclusive; others are not counted
  figures  发布 = items of 网站发布*.csv in the window; 采用:市级 / 采用:省级 = rows of 采用.csv
           of that level in the window
  order    发布 descending, then the registry's 序号 (official_order)
  totals   a 合计 row under each table: the sum of each column
"""
import csv
import datetime
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE.parents[2] / "examples" / "monthly-2021-03"
FROM, TO = datetime.date(2021, 2, 26), datetime.date(2021, 3, 25)
TABLES = [("附件1-区直各部门2021年3月政府网站信息发布情况.csv", "部门"),
          ("附件2-各镇、街道2021年3月政府网站信息发布情况.csv", "镇街")]


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def in_window(text):
    return FROM <= datetime.date.fromisoformat(text) <= TO


def tables():
    units = rows(DATA / "单位名录.csv")
    published = {u["简称"]: 0 for u in units}
    adopted = {(u["简称"], level): 0 for u in units for level in ("市级", "省级")}
    for file in sorted((DATA / "2021-03").glob("网站发布*.csv")):
        for r in rows(file):
            if in_window(r["发布日期"]):
                published[r["单位"]] += 1
    for r in rows(DATA / "2021-03" / "采用.csv"):
        if in_window(r["采用日期"]):
            adopted[(r["单位"], r["级别"])] += 1
    out = {}
    for name, section in TABLES:
        members = sorted((u for u in units if u["类别"] == section), key=lambda u: (-published[u["简称"]], int(u["序号"])))
        lines = ["序号,单位,发布信息（条）,被市级采用（篇）,被省级采用（篇）"]
        sums = [0, 0, 0]
        for seq, u in enumerate(members, 1):
            figures = [published[u["简称"]], adopted[(u["简称"], "市级")], adopted[(u["简称"], "省级")]]
            sums = [a + b for a, b in zip(sums, figures)]
            lines.append(",".join([str(seq), u["简称"]] + [str(x) for x in figures]))
        lines.append(",".join(["", "合计"] + [str(x) for x in sums]))
        out[name] = "\ufeff" + "\r\n".join(lines) + "\r\n"
    return out


def main():
    computed = tables()
    if "--check" not in sys.argv:
        for name, text in computed.items():
            print(name)
            print(text.lstrip("\ufeff"))
        return 0
    bad = 0
    for name, text in computed.items():
        expected = (HERE / "expected" / name).read_bytes().decode("utf-8")
        if expected != text:
            print(f"{name}: the hand-worked table differs from expected/:\n{text}\n---\n{expected}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
