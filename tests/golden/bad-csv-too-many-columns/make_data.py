#!/usr/bin/python3
"""Writes 网站发布.csv whose third row has 20,000 cells (a row of separators
gone wrong): more than Excel's 16,384 columns. Run with python3; the file is
committed."""
import pathlib

OUT = pathlib.Path(__file__).resolve().parent / "data" / "2020Q3" / "网站发布.csv"
rows = ["单位,7月,8月,9月", "区发改局,1,2,3", "区文旅局,1,2,3" + ",0" * 19_997, "齐都镇,1,2,3"]
OUT.write_text("\n".join(rows) + "\n", encoding="utf-8")
