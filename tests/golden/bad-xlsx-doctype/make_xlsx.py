#!/usr/bin/python3
"""Writes 网站发布.xlsx whose sheet declares a DOCTYPE with nested entities (a
"billion laughs" in small), and 投稿.xlsx whose sheet nests elements 2,000
deep. Run with Debian python3."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
import xlsx_parts as x  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent / "data" / "2020Q3"

laughs = ('<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
          + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
          + f']><worksheet xmlns="{x.MAIN}"><sheetData><row r="1">'
          '<c r="A1" t="inlineStr"><is><t>单位</t></is></c></row><row r="2">'
          '<c r="A2" t="inlineStr"><is><t>&i;</t></is></c></row></sheetData></worksheet>')
x.write(OUT / "网站发布.xlsx", laughs)
deep = f'<?xml version="1.0"?><worksheet xmlns="{x.MAIN}">' + "".join(f"<e{i}>" for i in range(2000))
x.write(OUT / "投稿.xlsx", deep)
