#!/usr/bin/python3
"""Writes 网站发布.xlsx with a byte that is not UTF-8 in an inline string (row 3,
column 1), and 检查.xlsx whose second shared string has one (used in row 3,
column 2). Run with Debian python3."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
import xlsx_parts as x  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent / "data" / "2020Q3"

sheet = x.worksheet([
    x.row([x.inline("单位", "A1"), x.inline("7月", "B1")], 1),
    x.row([x.inline("齐都镇", "A2"), x.number(1, "B2")], 2),
    x.row(["@BAD@", x.number(1, "B3")], 3),
]).encode("utf-8").replace(b"@BAD@", '<c r="A3" t="inlineStr"><is><t>区发改'.encode() + b"\xff</t></is></c>")
x.write(OUT / "网站发布.xlsx", sheet)
s = lambda i, ref: f'<c r="{ref}" t="s"><v>{i}</v></c>'
x.write(OUT / "检查.xlsx", x.worksheet([
    x.row([s(0, "A1"), s(1, "B1")], 1),
    x.row([s(2, "A2"), s(3, "B2")], 2),
    x.row([s(2, "A3"), s(4, "B3")], 3),
]), shared=["单位", "问题类型", "辛店街道", "表格混乱", "目录" .encode() + b"\xc0\x80"])
