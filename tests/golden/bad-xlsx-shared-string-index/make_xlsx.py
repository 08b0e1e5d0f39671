#!/usr/bin/python3
"""Writes 网站发布.xlsx (wide layout, shared strings) in which two cells point
past the shared strings: a unit name and a count. Run with Debian python3."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
import xlsx_parts as x  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent / "data" / "2020Q3"

shared = ["单位", "7月", "8月", "9月", "区发改局", "3", "齐都镇"]
s = lambda i, ref: f'<c r="{ref}" t="s"><v>{i}</v></c>'
rows = [
    x.row([s(0, "A1"), s(1, "B1"), s(2, "C1"), s(3, "D1")], 1),
    x.row([s(4, "A2"), s(5, "B2"), s(9, "C2"), x.number(1, "D2")], 2),
    x.row([s(17, "A3"), x.number(1, "B3"), x.number(2, "C3"), x.number(3, "D3")], 3),
    x.row([s(6, "A4"), x.number(1, "B4"), x.number(2, "C4"), x.number(3, "D4")], 4),
]
x.write(OUT / "网站发布.xlsx", x.worksheet(rows), shared=shared)
