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
"""
import argparse
import decimal
import json
import os
import re
import resource
import sys
import time
import tomllib
import unicodedata

import numpy as np
import pandas as pd

try:
    import icu  # python3-icu
except ImportError:  # pragma: no cover - depends on the machine
    icu = None

SCALE = 1_000_000  # points are integers of millionths
KINDS = (("网站发布", "published"), ("投稿", "submissions"), ("采用", "adoptions"), ("检查", "findings"))
YES = {"是", "Y", "y", "yes", "YES", "1", "true", "TRUE", "√", "✓"}
NO = {"否", "N", "n", "no", "NO", "0", "false", "FALSE", "×", "✗"}
LIST_SEPARATORS = re.compile(r"[、，,；;／/| \u3000]")


class InputError(Exception):
    pass


def millionths(value):
    d = decimal.Decimal(str(value)) * SCALE
    if d != d.to_integral_value():
        raise InputError(f"more than six fractional digits: {value}")
    return int(d)


def format_points(units):
    """Like zwgk's Decimal::to_string: shortest exact form."""
    sign = "-" if units < 0 else ""
    whole, frac = divmod(abs(int(units)), SCALE)
    if frac == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole}." + f"{frac:06d}".rstrip("0")


def fold(name):
    text = unicodedata.normalize("NFKC", name.strip())
    return "".join(ch for ch in text if not ch.isspace())


def split_list(text):
    return [t.strip() for t in LIST_SEPARATORS.split(text) if t.strip()]


def month_index(text):
    y, m = text.split("-")
    return int(y) * 12 + int(m) - 1


def read_csv(path, **kw):
    # The C parser skips a UTF-8 BOM itself.
    return pd.read_csv(path, keep_default_na=False, na_filter=False, engine="c", **kw)


# ---------------------------------------------------------------- scheme
def load_scheme(path):
    with open(path, "rb") as f:
        t = tomllib.load(f)

    def month_range(d):
        lo = month_index(d["from"]) if "from" in d else -(10**9)
        hi = month_index(d["to"]) if "to" in d else 10**9
        return lo, hi

    pub = t["publication"]
    sub = t.get("submission", {})
    s = {
        "collation": t.get("collation", {}),
        "sections": [x["code"] for x in t["sections"]],
        "points_per_item": millionths(pub["points_per_item"]),
        "monthly_cap": millionths(pub["monthly_cap"]) if "monthly_cap" in pub else None,
        "publication_months": month_range(pub),
        "quotas": [(q.get("tag", ""), month_range(q), int(q["count"])) for q in sub.get("quota", [])],
        "penalty": millionths(sub.get("penalty", 0)),
        "per_item": sub.get("basis", "month") == "item",
        "min_characters": int(sub.get("min_characters", 0)),
        "min_pictures": int(sub.get("min_pictures", 0)),
        "require_on_topic": bool(sub.get("require_on_topic", False)),
        "exemption": sub.get("exemption", "投稿"),
        "levels": [(l["code"], millionths(l["points"]), l.get("accrual", "year"))
                   for l in t.get("adoption", {}).get("levels", [])],
        "findings": [(f["code"], f["reason"], millionths(f["points"])) for f in t.get("findings", [])],
        "tables": [],
    }
    for tab in t["tables"]:
        keys = []
        for text in tab.get("order", []):
            field, _, direction = text.partition(" ")
            keys.append((field, direction == "desc"))
        s["tables"].append({"id": tab["id"], "kind": tab["kind"], "sections": tab["sections"],
                            "names": tab.get("names", "short"), "order": keys})
    return s


# ---------------------------------------------------------------- registry
class Registry:
    def __init__(self, path, scheme):
        df = read_csv(path, dtype=str)
        n = len(df)
        self.name = df["单位名称"].str.strip().tolist()
        self.short = df["简称"].str.strip().tolist() if "简称" in df else [""] * n
        aliases = [split_list(a) for a in df["别名"]] if "别名" in df else [[]] * n
        self.section = df["类别"].str.strip().tolist()
        demo = [v.strip() in YES for v in df["示范点"]] if "示范点" in df else [False] * n
        self.tags = [set(split_list(t)) for t in df["标签"]] if "标签" in df else [set() for _ in range(n)]
        for i in range(n):
            if demo[i]:
                self.tags[i].add("示范点")
        exempt = [set(split_list(e)) for e in df["免考核"]] if "免考核" in df else [set()] * n
        word = scheme["exemption"]
        self.exempt = np.array([bool(word) and word in e for e in exempt])
        self.order = (df["序号"].astype(np.int64).to_numpy() if "序号" in df
                      else np.arange(1, n + 1, dtype=np.int64))
        self.short = [s if s != nm else "" for s, nm in zip(self.short, self.name)]
        self.exact, self.folded = {}, {}
        for i in range(n):
            for nm in [self.name[i], self.short[i], *aliases[i]]:
                if not nm:
                    continue
                if self.folded.get(fold(nm), i) != i:
                    raise InputError(f"单位名录: name {nm} belongs to two units")
                self.exact[nm] = i
                self.folded[fold(nm)] = i
        self.n = n

    def lookup(self, name):
        i = self.exact.get(name)
        if i is None:
            i = self.exact.get(name.strip())
        if i is None:
            i = self.folded.get(fold(name))
        return -1 if i is None else i

    def resolve(self, col, what):
        """Unit ids of a column (categorical: each distinct spelling is looked up once)."""
        if not isinstance(col.dtype, pd.CategoricalDtype):
            col = col.astype("category")
        ids = np.array([self.lookup(c) for c in col.cat.categories], dtype=np.int64)
        if (ids < 0).any():
            unknown = [c for c, i in zip(col.cat.categories, ids) if i < 0]
            raise InputError(f"{what}: unknown units {unknown[:5]}")
        return ids[col.cat.codes.to_numpy()]


# ---------------------------------------------------------------- one quarter
def quarter_months(year, quarter):
    first = year * 12 + (quarter - 1) * 3
    return [first, first + 1, first + 2]


def months_of(dates, first, what):
    mi = (dates.dt.year.to_numpy() * 12 + dates.dt.month.to_numpy() - 1) - first
    if len(mi) and (mi.min() < 0 or mi.max() > 2):
        raise InputError(f"{what}: dates outside the quarter")
    return mi


def load_quarter(data_dir, qdir, year, quarter):
    scheme = load_scheme(os.path.join(data_dir, "考核方案.toml"))
    reg = Registry(os.path.join(data_dir, "单位名录.csv"), scheme)
    first = quarter_months(year, quarter)[0]
    parts = {k: [] for _, k in KINDS}
    for fname in sorted(os.listdir(qdir)):
        path = os.path.join(qdir, fname)
        kind = next((k for prefix, k in KINDS if fname.startswith(prefix)), None)
        if kind is None or not fname.lower().endswith(".csv") or not os.path.isfile(path):
            continue
        if kind == "published":
            df = read_csv(path, usecols=["单位", "发布日期", "链接"],
                          dtype={"单位": "category", "发布日期": str, "链接": str})
            df["uid"] = reg.resolve(df["单位"], fname)
            dates = pd.to_datetime(df["发布日期"], format="%Y-%m-%d")
            df["mi"] = months_of(dates, first, fname)
            parts[kind].append(df[["uid", "mi", "链接"]])
        elif kind == "submissions":
            df = read_csv(path, dtype={"单位": "category", "标题": str, "收到时间": str, "字数": np.int64,
                                       "图片数": np.int64, "是否切题": "category"})
            df["uid"] = reg.resolve(df["单位"], fname)
            dates = pd.to_datetime(df["收到时间"], format="%Y-%m-%d %H:%M")
            df["mi"] = months_of(dates, first, fname)
            topic = df["是否切题"].cat.categories
            bad = [c for c in topic if c.strip() and c.strip() not in YES | NO]
            if bad:
                raise InputError(f"{fname}: 是否切题 {bad}")
            yes = np.array([not c.strip() or c.strip() in YES for c in topic])
            df["on_topic"] = yes[df["是否切题"].cat.codes.to_numpy()]
            parts[kind].append(df[["uid", "mi", "标题", "收到时间", "字数", "图片数", "on_topic"]])
        elif kind == "adoptions":
            df = read_csv(path, dtype={"单位": "category", "标题": str, "级别": str, "采用日期": str})
            df["uid"] = reg.resolve(df["单位"], fname)
            codes = {fold(c): i for i, (c, _, _) in enumerate(scheme["levels"])}
            codes.update({fold(c + "采用"): i for i, (c, _, _) in enumerate(scheme["levels"])})
            df["level"] = df["级别"].map(lambda v: codes.get(fold(v), -1))
            if (df["level"] < 0).any():
                raise InputError(f"{fname}: unknown adoption level")
            dates = pd.to_datetime(df["采用日期"], format="%Y-%m-%d")
            df["mi"] = months_of(dates, first, fname)
            parts[kind].append(df[["uid", "level", "标题", "mi"]])
        else:
            df = read_csv(path, dtype=str)
            df["uid"] = reg.resolve(df["单位"], fname)
            types = {}
            for i, (code, reason, _) in enumerate(scheme["findings"]):
                types.setdefault(fold(code), i)
                types.setdefault(fold(reason), i)
            df["type"] = df["问题类型"].map(lambda v: types.get(fold(v), -1))
            if (df["type"] < 0).any():
                raise InputError(f"{fname}: unknown finding type")
            df["quantity"] = df["数量"].replace("", "1").astype(np.int64) if "数量" in df else 1
            df["note"] = df["说明"].str.strip() if "说明" in df else ""
            parts[kind].append(df[["uid", "type", "note", "quantity"]])
    data = {k: (pd.concat(v, ignore_index=True) if v else None) for k, v in parts.items()}
    return scheme, reg, data


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
