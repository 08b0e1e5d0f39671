#!/usr/bin/env python3
"""Reads 通报.xlsx back with an independent reader (openpyxl) and checks it
against the CSV attachments written by the same `zwgk report` run: the same
title, headers and figures (numbers as numbers, blanks as blanks), the merged
header cells, frozen headers, and an A4 page set-up repeating title and
header rows with page numbers in the footer."""
import csv
import pathlib
import sys

from example_report import example_report, fail

import openpyxl


def main():
    with example_report() as out:
        book = openpyxl.load_workbook(out / "通报.xlsx")
        csvs = sorted(out.glob("附件*.csv"))
        if [p.name.split("-")[0] for p in csvs] != book.sheetnames:
            fail(f"sheets {book.sheetnames} vs CSVs {[p.name for p in csvs]}")
        checked = 0
        for path in csvs:
            sheet_id, title = path.stem.split("-", 1)
            ws = book[sheet_id]
            rows = list(csv.reader(path.open(encoding="utf-8-sig")))
            header_rows = 3 if sheet_id in ("附件1", "附件2") else (2 if sheet_id == "附件3" else 1)
            if ws.cell(1, 1).value != title:
                fail(f"{sheet_id}: title {ws.cell(1, 1).value!r}, expected {title!r}")
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    value = ws.cell(r + 2, c + 1).value
                    if text == "":
                        if value not in (None, ""):
                            fail(f"{sheet_id} R{r + 2}C{c + 1}: {value!r}, expected blank")
                    elif r >= header_rows and text.replace(".", "", 1).isdigit():
                        if not isinstance(value, (int, float)) or abs(value - float(text)) > 1e-9:
                            fail(f"{sheet_id} R{r + 2}C{c + 1}: {value!r}, expected the number {text}")
                    elif value != text:
                        fail(f"{sheet_id} R{r + 2}C{c + 1}: {value!r}, expected {text!r}")
                    checked += 1
            data_row = 2 + header_rows
            frozen_col = "C" if header_rows == 3 else "B"
            if ws.freeze_panes != f"{frozen_col}{data_row}":
                fail(f"{sheet_id}: frozen at {ws.freeze_panes}, expected {frozen_col}{data_row}")
            if ws.print_title_rows.replace("$", "") != f"1:{data_row - 1}":
                fail(f"{sheet_id}: print titles {ws.print_title_rows}, expected 1:{data_row - 1}")
            footer = ws.oddFooter.center.text
            if footer != "第 &P 页 共 &N 页":
                fail(f"{sheet_id}: print footer {footer!r}, expected page numbers 第 &P 页 共 &N 页")
            if str(ws.page_setup.paperSize) != "9":
                fail(f"{sheet_id}: paper size {ws.page_setup.paperSize}, expected 9 (A4)")
            if header_rows == 3:
                merged = {str(m) for m in ws.merged_cells.ranges}
                for want in ("C2:F2", "C3:E3", "F3:F4", "A2:A4", "B2:B4"):
                    if want not in merged:
                        fail(f"{sheet_id}: header cells {want} not merged ({sorted(merged)})")
        print(f"通报.xlsx matches the CSV attachments ({checked} cells in {len(csvs)} sheets)")
        print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
