#!/usr/bin/env python3
"""The text of 通报.pdf equals the text of 通报.docx, every character in
order, whitespace aside (issue 15: LibreOffice dropped a "，" or "；" that
ended a justified line).

The PDF's text is poppler's `pdftotext -raw` (content-stream order, which is
the order LibreOffice lays the document out), page by page; from each page
the number "— N —" is taken out, and where a table continues on a new page,
its repeated header rows. The DOCX's text is read by docx_text.py. Checked
for the shipped example and for a variant with every optional part of the
template (发文字号, 加盖印章, 抄送, 印发机关 and 印发日期) and a long body, and
for the golden test that uses every placeholder (another scheme, a title of
four lines, one unit per table), and for the examples with indicator tables."""
import re
import subprocess

import docx_text
from example_report import example_report, fail, report_of, report_variant

PAGE_NUMBER = re.compile(r"—\d+—")


def pdf_pages(pdf):
    """The text of each page, whitespace removed."""
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True).stdout
    return [docx_text.without_space(page) for page in raw.decode("utf-8").split("\f")[:-1]]


def header_texts(docx):
    out = []
    for kind, value in docx_text.blocks(docx):
        if kind == "table":
            header = "".join(c for is_header, cells in value if is_header for c in cells)
            if header:
                out.append(docx_text.without_space(header))
    return out


def compare(docx, pdf, name):
    """Fails at the first character where the PDF's text leaves the DOCX's."""
    want = docx_text.text_without_space(docx)
    headers = header_texts(docx)
    position = 0
    pages = pdf_pages(pdf)
    for number, page in enumerate(pages, 1):
        numbers = PAGE_NUMBER.findall(page)
        if numbers != [f"—{number}—"]:
            fail(f"{name}: page {number} carries {numbers} as its number, expected — {number} —")
        page = PAGE_NUMBER.sub("", page)
        for header in headers:
            if page.startswith(header) and not want.startswith(header, position):
                page = page[len(header):]
                break
        if not want.startswith(page, position):
            at = next(i for i in range(len(page)) if position + i >= len(want) or want[position + i] != page[i])
            fail(f"{name}: page {number} differs from the DOCX after «{want[max(0, position + at - 20):position + at]}»:\n"
                 f"  DOCX: «{want[position + at:position + at + 20]}»\n  PDF:  «{page[at:at + 20]}»")
        position += len(page)
    if position != len(want):
        fail(f"{name}: the PDF ends before the DOCX's «{want[position:position + 30]}»")
    # Each attachment starts a page: as many pages begin with its label as the DOCX has attachments.
    labels = [docx_text.without_space(text) for kind, text in docx_text.blocks(docx)
              if kind == "p" and re.fullmatch(r"附件\d*", docx_text.without_space(text))]
    starts = [n for n, page in enumerate(pages, 1) if re.match(r"(—\d+—)?附件\d*(?![：:])", page)
              and not page.startswith("附件：")]
    if len(starts) != len(labels):
        fail(f"{name}: {len(labels)} attachments, but pages {starts} begin with an attachment's label")
    return len(pages), len(want)


def main():
    results = []
    with example_report("--pdf") as out:
        results.append(("example", *compare(out / "通报.docx", out / "通报.pdf", "example")))
    with report_variant("--pdf") as out:
        results.append(("variant", *compare(out / "通报.docx", out / "通报.pdf", "variant")))
    with report_of("tests/golden/template-fields-all-check/data", "--pdf") as out:
        results.append(("template-fields-all", *compare(out / "通报.docx", out / "通报.pdf", "template-fields-all")))
    for example in ("base100-2021q2", "weighted-2021q4"):  # issue 16: indicator tables
        with report_of(f"examples/{example}", "--pdf") as out:
            results.append((example, *compare(out / "通报.docx", out / "通报.pdf", example)))
    for name, pages, chars in results:
        print(f"{name}: 通报.pdf has the DOCX's {chars} characters in order on {pages} pages")
    print(f"{len(results)} passed, 0 failed")


if __name__ == "__main__":
    main()
