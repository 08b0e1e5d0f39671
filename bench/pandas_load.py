"""Reading and resolving for bench/baseline_pandas.py (its timed "load" step).

load_quarter reads one quarter folder of a data directory written by
bench/gen_province.cpp: the scheme (tomllib), the unit registry and the
quarter's CSV files, with every unit name resolved to its registry row
(official, short, alias; then the folded spelling). Points are exact
integers of millionths (SCALE), like zwgk's Decimal. Invalid input raises
InputError.
"""
import decimal
import os
import re
import tomllib
import unicodedata

import numpy as np
import pandas as pd

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
