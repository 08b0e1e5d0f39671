#!/usr/bin/python3
"""Writes this case's 单位名录.xlsx from the seed example's 单位名录.csv.

One sheet, named 名录, with a title row above the header, as an office
would keep it in Excel; 序号 as numbers. The quarter's files are the
example's CSVs, so the attachments must equal the example's. Run with
Debian's python3 (python3-openpyxl); the .xlsx file is committed, so the
test itself does not need this script.
"""
import csv
import datetime
import pathlib

import openpyxl

HERE = pathlib.Path(__file__).resolve().parent
EXAMPLE = HERE.parents[2] / "examples" / "linzi-2020q3"


def cell(text):
    return int(text) if text.isdigit() else (text or None)


def main():
    with open(EXAMPLE / "单位名录.csv", encoding="utf-8-sig", newline="") as f:
        rows = [[cell(c) for c in row] for row in csv.reader(f)]
    wb = openpyxl.Workbook()
    wb.properties.created = wb.properties.modified = datetime.datetime(2020, 10, 1)
    sheet = wb.active
    sheet.title = "名录"
    sheet.append(["临淄区政务公开考核单位名录"])
    for row in rows:
        sheet.append(row)
    wb.save(HERE / "data" / "单位名录.xlsx")


if __name__ == "__main__":
    main()
