#!/usr/bin/env python3
"""A unit's short name that starts like a formula ("=HYPERLINK(…)", issue 12)
reaches the attachments as text that Excel does not run: in 附件1.csv it is
preceded by an apostrophe, and in 通报.xlsx, read back with openpyxl, it is a
string cell (not a formula) whose style has quotePrefix, so that editing it in
Excel keeps it text; the other names have no prefix and numbers stay numbers."""
import csv
import pathlib
import shutil
import subprocess
import sys
import tempfile

from example_report import fail

import openpyxl

EVIL = '=HYPERLINK("http://x.example/","点此")'


def main():
    zwgk, root = sys.argv[1], pathlib.Path(sys.argv[2])
    with tempfile.TemporaryDirectory(prefix="zwgk-formula-") as tmp:
        data, out = pathlib.Path(tmp) / "data", pathlib.Path(tmp) / "out"
        shutil.copytree(root / "examples/linzi-2020q3", data)
        registry = data / "单位名录.csv"
        rows = list(csv.reader(registry.open(encoding="utf-8-sig")))
        unit = next(r for r in rows if r[1] == "区科技局")
        unit[2] = EVIL
        with registry.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\r\n").writerows(rows)
        subprocess.run([zwgk, "report", "--data", str(data), "--out", str(out)], check=True, capture_output=True)

        attachment = next(out.glob("附件1-*.csv"))
        cells = [c for r in csv.reader(attachment.open(encoding="utf-8-sig")) for c in r]
        if "'" + EVIL not in cells or EVIL in cells:
            fail(f"{attachment.name}: the name is not preceded by an apostrophe")

        sheet = openpyxl.load_workbook(out / "通报.xlsx")["附件1"]
        found = [c for row in sheet.iter_rows() for c in row if c.value == EVIL]
        if len(found) != 1:
            fail(f"通报.xlsx: {len(found)} cells hold the name as text")
        cell = found[0]
        if cell.data_type != "s" or not cell.quotePrefix:
            fail(f"通报.xlsx {cell.coordinate}: type {cell.data_type!r}, quotePrefix {cell.quotePrefix}")
        others = [c for c in sheet[cell.column_letter] if isinstance(c.value, str) and c.row > cell.row]
        if not others or any(c.quotePrefix for c in others):
            fail("通报.xlsx: other names have the quote prefix too")
        total = sheet.cell(cell.row, sheet.max_column)
        if not isinstance(total.value, (int, float)):
            fail(f"通报.xlsx {total.coordinate}: the total {total.value!r} is not a number")
        print(f"{cell.coordinate} is text with quotePrefix; {attachment.name} has \"'{EVIL}\"")
        print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
