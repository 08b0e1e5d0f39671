#!/usr/bin/python3
"""The pandas baseline of the province benchmark (bench/run.sh).

    /usr/bin/python3 bench/baseline_pandas.py DATA_DIR [--totals-dir DIR]

Does what zwgk_bench_assess does, in pandas, on the same data directory: for
every quarter folder it reads the scheme (tomllib), the unit registry and the
quarter's CSV files, resolves unit names (official, short, alias; then the
folded spelling), counts website items per unit and month after dropping
duplicate URLs, scores min(cap, points x count) per month, applies the
submission quality gates and the quota rules (per month, tag-specific,
exemptions) with their penalties, adds adoption bonuses and deducts
inspection findings, totals, and ranks every table of the scheme by its
order keys.

"load" is reading and resolving (what zwgk's importers do); "assess" is
de-duplication, counting, scoring and ranking. Points are exact integers of
millionths, like zwgk's Decimal. The pinyin name key uses PyICU (Debian's
python3-icu) with the scheme's tailoring when it is installed; otherwise
names sort by their UTF-8 bytes, which only changes the order of rows that
tie on every other key (the "name_order" field says which was used).

Only the layouts the generator writes are supported (one row per item, the
column names of bench/gen_province.cpp, dates as 2020-07-15 and
2020-07-15 08:30); zwgk accepts many more.

Prints a plain-text table and, as its last line, one JSON object with the
same fields as zwgk_bench_assess. With --totals-dir, writes
totals-<period>.csv (per unit: total, its parts, and in every table its
seq, rank and the range of positions its block of rows tied on every key
before the name key occupies) for bench/compare_totals.py, after the timed
part.

Reading and resolving (the "load" step) live in bench/pandas_load.py.
"""
import argparse
import json
import os
import re
import resource
import sys
import time

import numpy as np
import pandas as pd

from pandas_load import SCALE, InputError, load_quarter, quarter_months

try:
    import icu  # python3-icu
except ImportError:  # pragma: no cover - depends on the machine
    icu = None


def format_points(units):
    """Like zwgk's Decimal::to_string: shortest exact form."""
    sign = "-" if units < 0 else ""
    whole, frac = divmod(abs(int(units)), SCALE)
    if frac == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole}." + f"{frac:06d}".rstrip("0")


def per_unit_month(df, n):
    """units x 3 counts from a frame with uid and mi columns."""
    counts = df.groupby(["uid", "mi"]).size().unstack(fill_value=0)
    counts = counts.reindex(index=range(n), columns=range(3), fill_value=0)
    return counts.to_numpy(dtype=np.int64)


def assess_quarter(scheme, reg, data, year, quarter):
    n = reg.n
    months = quarter_months(year, quarter)
    zero3 = np.zeros((n, 3), dtype=np.int64)

    # Website publications: unique URLs per unit, counted per month, capped.
    pub = data["published"]
    published = zero3.copy()
    duplicates = 0
    if pub is not None and len(pub):
        dup = pub.duplicated(subset=["uid", "链接"])
        duplicates = int(dup.sum())
        published = per_unit_month(pub[~dup], n)
    lo, hi = scheme["publication_months"]
    applies = np.array([lo <= m <= hi for m in months])
    points = published * scheme["points_per_item"]
    if scheme["monthly_cap"] is not None:
        points = np.minimum(points, scheme["monthly_cap"])
    publication = (points * applies).sum(axis=1)

    # Submissions that pass every quality gate, per month.
    sub = data["submissions"]
    valid_subs = zero3.copy()
    if sub is not None and len(sub):
        if sub.duplicated(subset=["uid", "标题", "收到时间"]).any():
            raise InputError("duplicate submissions")
        ok = (sub["字数"] >= scheme["min_characters"]) & (sub["图片数"] >= scheme["min_pictures"])
        if scheme["require_on_topic"]:
            ok &= sub["on_topic"]
        valid_subs = per_unit_month(sub[ok], n)

    # Quota in force per unit and month (-1: none): a tagged rule first,
    # else the first untagged rule; exempt units have none.
    quota = np.full((n, 3), -1, dtype=np.int64)
    for j, m in enumerate(months):
        for tag, (qlo, qhi), count in reversed(scheme["quotas"]):
            if not tag and qlo <= m <= qhi:
                quota[:, j] = count
        for tag, (qlo, qhi), count in reversed(scheme["quotas"]):
            if tag and qlo <= m <= qhi:
                has = np.array([tag in t for t in reg.tags])
                quota[has, j] = count
    quota[reg.exempt, :] = -1
    short = (quota >= 0) & (valid_subs < quota)
    missed = short & (valid_subs == 0)
    short_only = short & (valid_subs > 0)
    if scheme["per_item"]:
        shortfall = np.where(short, quota - valid_subs, 0)
        quota_deduction = scheme["penalty"] * shortfall.sum(axis=1)
    else:
        quota_deduction = scheme["penalty"] * (missed.sum(axis=1) + short_only.sum(axis=1))

    # Adoptions by higher levels.
    levels = scheme["levels"]
    adopted = np.zeros((n, len(levels)), dtype=np.int64)
    ado = data["adoptions"]
    if ado is not None and len(ado):
        if ado.duplicated(subset=["uid", "level", "标题"]).any():
            raise InputError("duplicate adoptions")
        c = ado.groupby(["uid", "level"]).size().unstack(fill_value=0)
        adopted = c.reindex(index=range(n), columns=range(len(levels)), fill_value=0).to_numpy(np.int64)
    level_points = np.array([p for _, p, _ in levels], dtype=np.int64)
    quarter_level = np.array([a == "quarter" for _, _, a in levels])
    adoption_points = adopted * level_points
    adoption_bonus = adoption_points.sum(axis=1)
    bonus = (adoption_points * quarter_level).sum(axis=1)

    # Inspection findings.
    finding_deduction = np.zeros(n, dtype=np.int64)
    has_finding = np.zeros(n, dtype=bool)
    fin = data["findings"]
    if fin is not None and len(fin):
        if fin.duplicated(subset=["uid", "type", "note"]).any():
            raise InputError("duplicate findings")
        type_points = np.array([p for _, _, p in scheme["findings"]], dtype=np.int64)
        pts = type_points[fin["type"].to_numpy()] * fin["quantity"].to_numpy()
        finding_deduction = pd.Series(pts).groupby(fin["uid"].to_numpy()).sum().reindex(
            range(n), fill_value=0).to_numpy(np.int64)
        has_finding[fin["uid"].unique()] = True

    deduction = finding_deduction + quota_deduction
    total = publication + bonus - deduction
    units = pd.DataFrame({
        "name": reg.name, "short": reg.short, "section": reg.section, "official_order": reg.order,
        "total": total, "publication": publication, "bonus": bonus, "deduction": deduction,
        "adoption_bonus": adoption_bonus, "adoptions": adopted.sum(axis=1),
        "published_total": published.sum(axis=1), "submissions": valid_subs.sum(axis=1),
        "p1": published[:, 0], "p2": published[:, 1], "p3": published[:, 2],
        "has_deduction": has_finding | short.any(axis=1),
    })
    units.index.name = "uid"
    tables = rank_tables(scheme, units)
    return units, tables, duplicates


# ---------------------------------------------------------------- ranking
def make_name_key(scheme):
    if icu is None:
        return None
    coll = scheme["collation"]
    base = icu.Collator.createInstance(icu.Locale(coll.get("locale", "zh")))
    tailoring = coll.get("tailoring", "")
    if tailoring:
        base = icu.RuleBasedCollator(base.getRules() + tailoring)
    return lambda text: bytes(base.getSortKey(text)).rstrip(b"\0")


def rank_tables(scheme, units):
    name_key = make_name_key(scheme)
    out = {}
    for spec in scheme["tables"]:
        section_pos = {code: i for i, code in enumerate(spec["sections"])}
        t = units[units["section"].isin(section_pos)].copy()
        if spec["kind"] == "submissions":
            t = t[(t["submissions"] > 0) | (t["adoptions"] > 0)]
        elif spec["kind"] == "deductions":
            t = t[t["has_deduction"]]
        t["section_pos"] = t["section"].map(section_pos)
        display = t["name"] if spec["names"] == "official" else t["short"].where(t["short"] != "", t["name"])
        t["name_key"] = display.map(name_key) if name_key else display
        by, ascending = [], []
        for field, desc in spec["order"]:
            column = {"section": "section_pos", "name": "name_key"}.get(field, field)
            if field.startswith("published:"):
                column = "p" + field.split(":")[1]
            by.append(column)
            ascending.append(not desc)
        t = t.reset_index().sort_values(by + ["uid"], ascending=ascending + [True], kind="mergesort")
        seq = np.arange(1, len(t) + 1)
        if by:
            first = t[by[0]].to_numpy()
            new = np.ones(len(t), dtype=bool)
            new[1:] = first[1:] != first[:-1]
            rank = np.maximum.accumulate(np.where(new, seq, 0))
        else:
            rank = seq
        # The positions a row may take whatever the name order: rows equal on
        # every key before the name key form a block (checked without PyICU).
        before_name = by[:by.index("name_key")] if "name_key" in by else None
        if before_name is None:
            lo = hi = seq
        elif not before_name:
            lo, hi = np.ones_like(seq), np.full_like(seq, len(t))
        else:
            values = t[before_name].to_numpy()
            start = np.ones(len(t), dtype=bool)
            start[1:] = (values[1:] != values[:-1]).any(axis=1)
            lo = np.maximum.accumulate(np.where(start, seq, 0))
            end = np.ones(len(t), dtype=bool)
            end[:-1] = start[1:]
            hi = np.minimum.accumulate(np.where(end, seq, len(t) + 1)[::-1])[::-1]
        out[spec["id"]] = pd.DataFrame({"seq": seq, "rank": rank, "lo": lo, "hi": hi},
                                       index=t["uid"].to_numpy())
    return out


# ---------------------------------------------------------------- main
def main():
    start = time.perf_counter()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir")
    ap.add_argument("--totals-dir", help="write totals-<period>.csv here (after timing)")
    args = ap.parse_args()

    periods = []
    for entry in sorted(os.listdir(args.data_dir)):
        m = re.fullmatch(r"(\d{4})Q([1-4])", entry)
        if m and os.path.isdir(os.path.join(args.data_dir, entry)):
            periods.append((int(m.group(1)), int(m.group(2)), entry))
    if not periods:
        sys.exit(f"baseline_pandas: no quarter folders in {args.data_dir}")

    runs, kept = [], []
    for year, quarter, entry in periods:
        t0 = time.perf_counter()
        scheme, reg, data = load_quarter(args.data_dir, os.path.join(args.data_dir, entry), year, quarter)
        t1 = time.perf_counter()
        units, tables, duplicates = assess_quarter(scheme, reg, data, year, quarter)
        t2 = time.perf_counter()
        def rows(k):
            return 0 if data[k] is None else len(data[k])
        runs.append({"period": entry, "load_s": round(t1 - t0, 4), "assess_s": round(t2 - t1, 4),
                     "units": reg.n, "published_items": rows("published"),
                     "submissions": rows("submissions"), "adoptions": rows("adoptions"),
                     "findings": rows("findings"), "duplicate_urls": duplicates,
                     "table_rows": sum(len(t) for t in tables.values()),
                     "total_sum": format_points(int(units["total"].sum()))})
        if args.totals_dir:
            kept.append((entry, units, tables))
        del data
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    rss, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime

    name_order = "icu" if icu is not None else "bytes"
    if args.totals_dir:
        os.makedirs(args.totals_dir, exist_ok=True)
        for entry, units, tables in kept:
            out = pd.DataFrame({"unit": units["name"]})
            for col in ("total", "publication", "bonus", "deduction", "adoption_bonus"):
                out[col] = units[col].map(format_points)
            for tid, t in tables.items():
                out[f"{tid}.seq"] = t["seq"].reindex(units.index).astype("Int64")
                out[f"{tid}.rank"] = t["rank"].reindex(units.index).astype("Int64")
                out[f"{tid}.seq_lo"] = t["lo"].reindex(units.index).astype("Int64")
                out[f"{tid}.seq_hi"] = t["hi"].reindex(units.index).astype("Int64")
            out.to_csv(os.path.join(args.totals_dir, f"totals-{entry}.csv"), index=False)
        with open(os.path.join(args.totals_dir, "meta.json"), "w") as f:
            json.dump({"name_order": name_order}, f)

    print(f"baseline_pandas {args.data_dir} (pandas {pd.__version__}, name order: {name_order})")
    print(f"{'period':8} {'units':>8} {'items':>10} {'submissions':>11} {'load s':>9} {'assess s':>9} "
          f"{'rows':>8} {'findings':>9} {'sum total':>10}")
    for r in runs:
        print(f"{r['period']:8} {r['units']:8} {r['published_items']:10} {r['submissions']:11} "
              f"{r['load_s']:9.3f} {r['assess_s']:9.3f} {r['table_rows']:8} {r['findings']:9} "
              f"{r['total_sum']:>10}")
    load = sum(r["load_s"] for r in runs)
    assess = sum(r["assess_s"] for r in runs)
    print(f"load {load:.3f} s + assess {assess:.3f} s; wall {wall:.3f} s; cpu {cpu:.3f} s; "
          f"peak RSS {rss / 1024:.1f} MiB")
    print(json.dumps({"tool": "pandas", "pandas": pd.__version__, "name_order": name_order,
                      "quarters": runs, "load_s": round(load, 4), "assess_s": round(assess, 4),
                      "wall_s": round(wall, 4), "cpu_s": round(cpu, 4), "peak_rss_kb": rss}, ensure_ascii=False,
                     separators=(",", ":")))


if __name__ == "__main__":
    try:
        main()
    except InputError as e:
        sys.exit(f"baseline_pandas: {e}")
