#!/usr/bin/env python3
"""The expected indicator table of examples/base100-2021q2, worked out from
its raw files by the rules as docs/scheme.md and DESIGN-16 state them, with
no zwgk code: a second, independent implementation of the scoring that the
golden case's expected/ CSV is checked against.

    python3 tests/golden/base100-2021q2-report/hand_check.py          # prints the CSV
    python3 tests/golden/base100-2021q2-report/hand_check.py --check  # compares with expected/

Rules used (exact decimals, no floating point):
  deduct  full − min(full, Σ points × 数量 of the findings naming the indicator)
  ratio   round_half_up(full × Σ分子 / Σ分母, decimals); no entry or Σ分母 = 0: full (empty = "full")
  check   full if the unit has entries and every 结果 is 是, else 0
  manual  the entered 得分 clamped to [0, full]; no entry: 0
  sum     min(full, max(0, Σ weight × non-bonus children)) + Σ bonus children
  total   the top-level indicator (here the root 总分)
  rating  a veto finding forces its rating; the other units in order of the bands: top_share → the
          first floor(share × units not vetoed) by total (ties share the better band); min → total ≥ min;
          the last band takes the rest. (Here 11 units, 1 vetoed: floor(0.2 × 10) = floor(0.2 × 11) = 2,
          so whether vetoed units count does not matter.)
  order   total descending, then the name by pinyin (here only 白沙镇 / 区住建局 tie: bai < qu)
"""
import csv
import pathlib
import sys
import tomllib
from decimal import Decimal, ROUND_HALF_UP, ROUND_FLOOR

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE.parents[2] / "examples" / "base100-2021q2"
QUARTER = DATA / "2021Q2"


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def text(d):
    """As zwgk prints a Decimal: no trailing zeros, no trailing point."""
    s = format(d.normalize(), "f") if d != 0 else "0"
    return s


def main():
    scheme = tomllib.loads((DATA / "考核方案.toml").read_text(encoding="utf-8"))
    registry = rows(DATA / "单位名录.csv")
    short = {r["单位名称"]: (r["简称"] or r["单位名称"]) for r in registry}
    by_any = {**{n: n for n in short}, **{s: n for n, s in short.items()}}
    units = [r["单位名称"] for r in registry]
    indicators = scheme["indicators"]
    findings = {f["code"]: f for f in scheme["findings"]}
    found = rows(QUARTER / "检查.csv")
    entries = rows(QUARTER / "指标.csv")

    def score(unit, ind):
        full = Decimal(str(ind["full_marks"])) if "full_marks" in ind else None
        rule = ind.get("rule", "sum")
        mine = [e for e in entries if by_any[e["单位"]] == unit and e["指标"] == ind["code"]]
        if rule == "deduct":
            lost = sum((Decimal(str(findings[f["问题类型"]]["points"])) * int(f["数量"] or 1)
                        for f in found if by_any[f["单位"]] == unit
                        and findings[f["问题类型"]].get("indicator") == ind["code"]), Decimal(0))
            return full - min(full, lost)
        if rule == "ratio":
            num = sum(int(e["分子"]) for e in mine)
            den = sum(int(e["分母"]) for e in mine)
            if den == 0:
                return full if ind.get("empty", "full") == "full" else Decimal(0)
            places = Decimal(1).scaleb(-ind.get("decimals", 2))
            return (full * num / den).quantize(places, rounding=ROUND_HALF_UP)
        if rule == "check":
            return full if mine and all(e["结果"] == "是" for e in mine) else Decimal(0)
        if rule == "manual":
            assert len(mine) <= 1, (unit, ind["code"])
            return min(full, max(Decimal(0), Decimal(mine[0]["得分"]))) if mine else Decimal(0)
        assert rule == "sum", rule
        children = [c for c in indicators if c.get("parent") == ind["code"]]
        base = sum((Decimal(str(c.get("weight", 1))) * score(unit, c) for c in children if not c.get("bonus")),
                   Decimal(0))
        base = max(Decimal(0), base if full is None else min(full, base))
        return base + sum((score(unit, c) for c in children if c.get("bonus")), Decimal(0))

    top = [i for i in indicators if not i.get("parent")]
    totals = {u: sum((Decimal(str(i.get("weight", 1))) * score(u, i) for i in top), Decimal(0)) for u in units}
    # Pinyin of the first characters is enough to order this example's only tie.
    pinyin = {"白沙镇": "bai", "区住建局": "qu"}
    order = sorted(units, key=lambda u: (-totals[u], pinyin.get(short[u], short[u])))

    ratings = {}
    for f in found:
        veto = findings[f["问题类型"]].get("veto")
        if veto:
            ratings[by_any[f["单位"]]] = veto
    open_units = [u for u in order if u not in ratings]
    for band in scheme["ratings"]:
        for u in open_units:
            if u in ratings:
                continue
            if "top_share" in band:
                n = int((Decimal(str(band["top_share"])) * len(open_units)).to_integral_value(rounding=ROUND_FLOOR))
                cut = totals[open_units[n - 1]] if n > 0 else None
                if cut is not None and totals[u] >= cut:
                    ratings[u] = band["name"]
            elif "min" in band:
                if totals[u] >= Decimal(str(band["min"])):
                    ratings[u] = band["name"]
            else:
                ratings[u] = band["name"]

    table = scheme["tables"][0]
    cols = [next(i for i in indicators if i["code"] == c) for c in table["indicators"]]
    header = ["序号", "单位"] + [c.get("name", c["code"]) for c in cols] + ["合计", "评级"]
    marks = ["", ""] + [f'{c["full_marks"]}分' for c in cols] + ["", ""]
    lines = [",".join(header), ",".join(marks)]
    for seq, u in enumerate(order, 1):
        lines.append(",".join([str(seq), short[u]] + [text(score(u, c)) for c in cols]
                              + [text(totals[u]), ratings[u]]))
    out = "\ufeff" + "".join(l + "\r\n" for l in lines)
    name = f'{table["id"]}-{table["title"].replace("{quarter}", "第二季度")}.csv'
    if "--check" in sys.argv:
        expected = (HERE / "expected" / name).read_bytes().decode("utf-8")
        if expected != out:
            sys.stdout.write(out)
            sys.exit(f"expected/{name} differs from the hand computation above")
        print(f"expected/{name} agrees with the hand computation")
    else:
        sys.stdout.write(out)


if __name__ == "__main__":
    main()
