#!/usr/bin/python3
"""Writes this case's two workbooks.

投稿.xlsx has the sheet asked for (汇总, after a 说明 sheet); 网站发布.xlsx
has a chart sheet in front, one worksheet per month and no 汇总, which is
the error to report, listing the worksheets it does have (a chart sheet
holds no table, so it is not listed). Run with Debian's python3 (python3-openpyxl); the
.xlsx files are committed, so the test itself does not need this script.
"""
import datetime
import pathlib

import openpyxl
from openpyxl.chart import BarChart, Reference

HERE = pathlib.Path(__file__).resolve().parent
QUARTER = HERE / "data" / "2020Q3"


def new_workbook(first_title):
    wb = openpyxl.Workbook()
    wb.properties.created = wb.properties.modified = datetime.datetime(2020, 10, 1)
    wb.active.title = first_title
    return wb


def main():
    published = new_workbook("7月")
    for month in ("7月", "8月", "9月"):
        sheet = published[month] if month in published.sheetnames else published.create_sheet(month)
        sheet.append(["单位", "发布数量"])
        sheet.append(["区发改局", 10])
    chart = BarChart()
    chart.add_data(Reference(published["7月"], min_col=2, min_row=1, max_row=2), titles_from_data=True)
    published.create_chartsheet("发布趋势", 0).add_chart(chart)
    published.save(QUARTER / "网站发布.xlsx")

    submissions = new_workbook("说明")
    submissions["说明"].append(["投稿件数以邮箱收到的日期为准"])
    summary = submissions.create_sheet("汇总")
    summary.append(["单位", "8月", "9月"])
    summary.append(["区发改局", 1, 2])
    submissions.save(QUARTER / "投稿.xlsx")


if __name__ == "__main__":
    main()
