#!/usr/bin/python3
"""Writes 网站发布.xlsx with rows and cells that are not where Excel keeps them:
row numbers 0 and 1048577, a row given twice, a row out of order, a cell
whose reference names another row, cells out of order or repeated, and a
cell past column XFD. Run with Debian python3."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
import xlsx_parts as x  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent / "data" / "2020Q3"

rows = [
    x.row([x.inline("单位", "A1"), x.inline("7月", "B1"), x.inline("8月", "C1"), x.inline("9月", "D1")], 1),
    x.row([x.inline("区发改局", "A2"), x.number(1, "B2"), x.number(2, "C2"), x.number(3, "D2")], 2),
    x.row([x.inline("区文旅局", "A0"), x.number(1, "B0")], 0),
    x.row([x.inline("区文旅局", "A1048577")], 1048577),
    x.row([x.inline("区发改局", "A2"), x.number(9, "B2")], 2),
    x.row([x.inline("齐都镇", "A4"), x.number(1, "B4"), x.number(5, "B4"), x.number(2, "C5"),
           x.number(3, "D4"), x.number(7, "C4"), x.number(8, "XFE4")], 4),
    x.row([x.inline("辛店街道", "A3"), x.number(1, "B3")], 3),
]
x.write(OUT / "网站发布.xlsx", x.worksheet(rows))
