#!/usr/bin/python3
"""Writes this case's 单位名录.xlsx with mistakes in three cells.

The registry sits on the sheet 名录 (after a 说明 sheet, so the command
names it with --sheet) under a title row. Row 5 has a 类别 that is not a
section of the scheme, row 6 an unreadable 示范点 and row 7 a name already
used as another unit's short name: each error must name the sheet, row and
column. Run with Debian's python3 (python3-openpyxl); the .xlsx file is
committed, so the test itself does not need this script.
"""
import datetime
import pathlib

import openpyxl

DATA = pathlib.Path(__file__).resolve().parent / "data"
ROWS = [
    ["测试区政务公开考核单位名录"],
    [],
    ["序号", "单位名称", "简称", "类别", "示范点"],
    [1, "区发展和改革局", "区发改局", "部门", None],
    [2, "区文化和旅游局", "区文旅局", "科室", None],
    [3, "区人力资源和社会保障局", "区人社局", "部门", "待定"],
    [4, "区发改局", None, "部门", None],
    [5, "齐都镇", None, "镇街", "是"],
]


def main():
    wb = openpyxl.Workbook()
    wb.properties.created = wb.properties.modified = datetime.datetime(2020, 10, 1)
    wb.active.title = "说明"
    wb.active.append(["类别填“部门”或“镇街”"])
    sheet = wb.create_sheet("名录")
    for row in ROWS:
        sheet.append(row)
    wb.save(DATA / "单位名录.xlsx")


if __name__ == "__main__":
    main()
