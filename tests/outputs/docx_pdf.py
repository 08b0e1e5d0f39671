#!/usr/bin/env python3
"""`zwgk report --pdf`: LibreOffice converts 通报.docx to 通报.pdf, and
pdftotext (poppler) reads it back. Every unit of 附件1 and 附件2 must appear
in the CSV's order with its figures on its line; the header row appears
again on each page a table continues on; no page holds a table's tail of
fewer than three rows; the body's fixed parts (title,
issuer, date) are there; and every page carries its number as "— N —"."""
import csv
import re
import subprocess

from example_report import example_report, fail


def pages_of(pdf):
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True).stdout
    return text.decode("utf-8").split("\f")[:-1]


def check_table(pages, path):
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    data = [r for r in rows if r[0].isdigit()]
    lines = [(p, line.split()) for p, page in enumerate(pages) for line in page.splitlines()]
    position, pages_used, rows_on = 0, set(), {}
    for row in data:
        want = [cell for cell in row if cell]
        while position < len(lines) and lines[position][1] != want:
            position += 1
        if position == len(lines):
            fail(f"{path.name}: row {want} not found in order in the PDF")
        pages_used.add(lines[position][0])
        rows_on[lines[position][0]] = rows_on.get(lines[position][0], 0) + 1
        position += 1
    header = [cell for cell in rows[0] if cell]
    for p in sorted(pages_used)[1:]:
        flat = re.sub(r"\s+", "", pages[p])
        if not all(cell in flat for cell in header):
            fail(f"{path.name}: page {p + 1} continues the table without its header {header}")
    # No tail of fewer than three rows alone on a page (the last rows keep together).
    tail = rows_on[max(pages_used)]
    if len(pages_used) > 1 and tail < 3:
        fail(f"{path.name}: page {max(pages_used) + 1} holds only the table's last {tail} row(s)")
    return len(pages_used)


def main():
    with example_report("--pdf") as out:
        pages = pages_of(out / "通报.pdf")
        front = re.sub(r"\s+", "", "".join(pages[:3]))
        if "临淄区人民政府办公室2020年10月14日" not in front or "临淄区2020年第三季度政务公开工作情况通报" not in front:
            fail("title, issuer and date not found on the first pages")
        for n, page in enumerate(pages, 1):
            if not re.search(rf"—\s*{n}\s*—", page):
                fail(f"page {n} has no page number — {n} —")
        spans = [check_table(pages, p) for p in sorted(out.glob("附件[12]-*.csv"))]
        if spans[0] < 2:
            fail("附件1 should run over more than one page (it has 55 units)")
    print(f"通报.pdf: {len(pages)} pages, 附件1 and 附件2 in order with their figures, headers repeated")


if __name__ == "__main__":
    main()
