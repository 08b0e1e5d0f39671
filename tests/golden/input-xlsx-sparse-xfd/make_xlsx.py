#!/usr/bin/python3
"""Writes 网站发布.xlsx: 20,000 published items (one row each: unit, date as a
date-formatted number, title; shared strings, cells mostly without r=) with
one more cell in column XFD in every row, the shape that made the reader
allocate 16,384 cells a row (6 GB). Run with Debian python3."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
import xlsx_parts as x  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent / "data" / "2020Q3"

units = ["区政府办公室", "区发改局", "区文旅局", "区人社局", "区卫健局", "齐都镇", "辛店街道"]
shared = units + ["单位", "发布日期", "标题", "备注", "x"]
s = lambda i: f'<c t="s"><v>{i}</v></c>'  # cells without r= follow the previous one
rows = [x.row([s(7), s(8), s(9), f'<c r="XFD1" t="s"><v>10</v></c>'], 1)]
for n in range(2, 20_002):  # the title is the row number: items are told apart
    rows.append(f'<row><c t="s"><v>{n % 7}</v></c><c s="1"><v>{44013 + n % 92}</v></c><c><v>{n}</v></c>'
                f'<c r="XFD{n}" t="s"><v>11</v></c></row>')
x.write(OUT / "网站发布.xlsx", x.worksheet(rows), shared=shared, styles=x.DATE_STYLES)
