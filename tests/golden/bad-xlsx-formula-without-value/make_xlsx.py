#!/usr/bin/python3
"""Writes 网站发布.xlsx whose counts are formulas: one without a cached value
(as some generators write them), one with a cached value, one whose cached
value is an Excel error. Run with Debian python3."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
import xlsx_parts as x  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent / "data" / "2020Q3"

rows = [
    x.row([x.inline("单位", "A1"), x.inline("7月", "B1"), x.inline("8月", "C1"), x.inline("9月", "D1")], 1),
    x.row([x.inline("区发改局", "A2"), '<c r="B2"><f>SUM(E2:F2)</f></c>', '<c r="C2"><f>1+1</f><v>2</v></c>',
           '<c r="D2" t="e"><f>#REF!+1</f><v>#REF!</v></c>'], 2),
    x.row([x.inline("齐都镇", "A3"), x.number(1, "B3"), x.number(2, "C3"), x.number(3, "D3")], 3),
]
x.write(OUT / "网站发布.xlsx", x.worksheet(rows))
