#!/usr/bin/python3
"""Writes this case's workbooks from the seed example's CSV files.

Every workbook (the registry and the four quarter files) has three sheets:
填表说明 (prose, no table), 2020Q2 (a stale table: the first half of the
rows, which would change the results if it were read) and 2020Q3 (the
example's table under a title row). `--sheet 2020Q3` must give exactly the
example's attachments. Run with Debian's python3 (python3-openpyxl); the
.xlsx files are committed, so the test itself does not need this script.
"""
import csv
import datetime
import pathlib

import openpyxl

HERE = pathlib.Path(__file__).resolve().parent
EXAMPLE = HERE.parents[2] / "examples" / "linzi-2020q3"
FILES = ["单位名录", "2020Q3/网站发布", "2020Q3/投稿", "2020Q3/采用", "2020Q3/检查"]


def cell(text):
    return int(text) if text.isdigit() else (text or None)


def write_workbook(name):
    with open(EXAMPLE / f"{name}.csv", encoding="utf-8-sig", newline="") as f:
        rows = [[cell(c) for c in row] for row in csv.reader(f)]
    wb = openpyxl.Workbook()
    wb.properties.created = wb.properties.modified = datetime.datetime(2020, 10, 1)
    notes = wb.active
    notes.title = "填表说明"
    notes.append([f"{pathlib.Path(name).name}：每季度一个工作表，工作表名称为季度（如 2020Q3）。"])
    notes.append(["数量填非负整数，没有的留空。"])
    stale = wb.create_sheet("2020Q2")
    for row in rows[: 1 + (len(rows) - 1) // 2]:
        stale.append(row)
    current = wb.create_sheet("2020Q3")
    current.append([f"2020年第三季度 {pathlib.Path(name).name}"])
    for row in rows:
        current.append(row)
    wb.save(HERE / "data" / f"{name}.xlsx")


def main():
    for name in FILES:
        write_workbook(name)


if __name__ == "__main__":
    main()
