#!/usr/bin/python3
"""Writes this case's 单位名录.xlsx: the same registry as its 单位名录.csv.

With both files in the data directory the program must not guess which
one is current. Run with Debian's python3 (python3-openpyxl); the .xlsx
file is committed, so the test itself does not need this script.
"""
import csv
import datetime
import pathlib

import openpyxl

DATA = pathlib.Path(__file__).resolve().parent / "data"


def main():
    wb = openpyxl.Workbook()
    wb.properties.created = wb.properties.modified = datetime.datetime(2020, 10, 1)
    with open(DATA / "单位名录.csv", encoding="utf-8", newline="") as f:
        for row in csv.reader(f):
            wb.active.append([int(c) if c.isdigit() else (c or None) for c in row])
    wb.save(DATA / "单位名录.xlsx")


if __name__ == "__main__":
    main()
