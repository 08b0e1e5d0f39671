#!/usr/bin/python3
"""Writes this case's 单位名录.xlsx, whose only sheet is Sheet1.

The command asks for --sheet 2020Q3, which the registry lacks: reading
stops there (no registry, nothing else can be checked) and the error lists
the sheets the workbook has. Run with Debian's python3 (python3-openpyxl);
the .xlsx file is committed, so the test itself does not need this script.
"""
import datetime
import pathlib

import openpyxl

DATA = pathlib.Path(__file__).resolve().parent / "data"


def main():
    wb = openpyxl.Workbook()
    wb.properties.created = wb.properties.modified = datetime.datetime(2020, 10, 1)
    wb.active.title = "Sheet1"
    wb.active.append(["单位名称", "类别"])
    wb.active.append(["区发展和改革局", "部门"])
    wb.save(DATA / "单位名录.xlsx")


if __name__ == "__main__":
    main()
