#!/usr/bin/python3
"""Writes 网站发布.csv (one row per item) in which a title's opening quote is
never closed where it should be: the quoted field runs on over 1,900 rows to
a stray quote at the end of a row far below, more than a cell may hold
(Excel: 32,767 characters).
Run with python3; the file is committed."""
import pathlib

OUT = pathlib.Path(__file__).resolve().parent / "data" / "2020Q3" / "网站发布.csv"
rows = ["单位,发布日期,标题", "区发改局,2020-07-01,信息一", '区发改局,2020-07-02,"信息二']
rows += [f"区文旅局,2020-08-{1 + n % 28:02},关于做好第{n}批政务公开工作的通知" for n in range(1900)]
rows += ['齐都镇,2020-09-01,信息三"', "齐都镇,2020-09-02,信息四"]
OUT.write_text("\n".join(rows) + "\n", encoding="utf-8")
