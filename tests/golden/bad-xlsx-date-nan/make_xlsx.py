#!/usr/bin/python3
"""Writes 网站发布.xlsx (one row per item) whose 发布日期 cells are numbers in a
date format: NaN, infinities, negative, huge and past Excel's last day, next
to good dates (a date, a date and time) and a date serial in General format.
Run with Debian python3."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
import xlsx_parts as x  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent / "data" / "2020Q3"

header = x.row([x.inline("单位", "A1"), x.inline("发布日期", "B1"), x.inline("标题", "C1")], 1)
values = [("44075", 1), ("44075.75", 2), ("nan", 1), ("inf", 1), ("-inf", 2), ("-1", 1), ("1e300", 1),
          ("2958466", 1), ("44075", 0), ("44075", None)]
rows = [header] + [
    x.row([x.inline("区发改局", f"A{n}"), x.number(v, f"B{n}", style), x.inline(f"信息{n}", f"C{n}")], n)
    for n, (v, style) in enumerate(values, start=2)
]
x.write(OUT / "网站发布.xlsx", x.worksheet(rows), styles=x.DATE_STYLES)
