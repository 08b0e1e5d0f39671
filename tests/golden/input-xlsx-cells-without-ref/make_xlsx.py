#!/usr/bin/python3
"""Writes 网站发布.xlsx: input-crlf's 网站发布.csv as a sheet whose rows and cells
mostly have no r= attribute (legal OOXML: a row follows the previous row, a
cell the previous cell). A few cells and rows name their place, as some
producers write them. Run with Debian's python3; the .xlsx is committed."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
import xlsx_parts as x  # noqa: E402

DATA = pathlib.Path(__file__).resolve().parent / "data"

rows = [
    x.row([x.inline("测试区第三季度网站发布统计")], 1),
    x.row([x.inline("单位"), x.inline("7月"), x.inline("8月"), x.inline("9月")]),                 # row 2
    x.row([x.inline("区政府办公室"), x.number(12), x.number(8), x.number(3)]),                    # row 3
    x.row([x.inline("区发改局"), x.number(4), x.number(6, "C4"), x.number(0)], 4),
    x.row([x.inline("区文旅局"), x.number(9), x.number(2), x.number(5, "D5")]),                   # row 5
    x.row([x.inline("区人社局", "A6"), x.number(3), x.number(3), x.number(3)]),
    x.row([x.inline("区卫健委"), x.number(0), x.number(1), x.number(2)]),
    x.row([x.inline("齐都镇"), x.number(10), x.number(12), x.number(1)], 8),
    x.row([x.inline("辛店街道"), x.number(2), x.number(0), x.number(7)]),
]
x.write(DATA / "2020Q3" / "网站发布.xlsx", x.worksheet(rows))
