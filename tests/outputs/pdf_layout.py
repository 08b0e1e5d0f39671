#!/usr/bin/env python3
"""GB/T 9704 measured on 通报.pdf (LibreOffice's rendering), not asserted
from settings: poppler's `pdftotext -bbox-layout` gives every line's box.

- A page of body text holds 22 lines of 三号 at the grid's pitch (the text
  block's 225 mm over 22), and every full line of Chinese characters holds 28.
- 发文机关署名 and 成文日期 per 7.3.5.2 (the example: the issuer two characters
  from the right, the date's first character two right of the issuer's) and
  7.3.5.1 (the variant, 加盖印章: the date four from the right, the issuer
  centred over it).
- The variant's 版记 sits at the foot of the last page.
- Table headers break only between words: every line of a header cell as the
  DOCX states it (its own line breaks) is one line in the PDF."""
import re
import subprocess
import xml.etree.ElementTree as ET

import docx_text
from example_report import example_report, fail, report_variant

MM = 72 / 25.4
TOP, BOTTOM, LEFT, RIGHT = 37 * MM, 35 * MM, 28 * MM, 26 * MM
PAGE_W, PAGE_H = 210 * MM, 297 * MM
TEXT_W, TEXT_H = PAGE_W - LEFT - RIGHT, PAGE_H - TOP - BOTTOM
PITCH, CHAR = TEXT_H / 22, TEXT_W / 28
NS = "{http://www.w3.org/1999/xhtml}"


def pages(pdf):
    """Per page, its lines as (xMin, yMin, xMax, yMax, text, words)."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True).stdout
    root = ET.fromstring(xml)
    out = []
    for page in root.iter(NS + "page"):
        lines = []
        for line in page.iter(NS + "line"):
            words = [w.text or "" for w in line.iter(NS + "word")]
            box = [float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
            lines.append((*box, "".join(words), words))
        out.append(lines)
    return out


def body_lines(lines):
    """Lines of 三号 text (16 pt: a box about 21 pt high), top to bottom."""
    return sorted((l for l in lines if 19 <= l[3] - l[1] <= 23.5), key=lambda l: l[1])


# Chinese characters and full-width punctuation. Lines with quotation marks, dashes or ellipses
# are not measured: LibreOffice takes those marks for Western text and adds its spacing between
# Asian and Western text around them (it ignores w:autoSpaceDN), so such a line may hold 27.
FULL_WIDTH = re.compile(r"^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+$")


NO_LINE_START = "、，。；：？！）》」』】〕”’"
NO_LINE_END = "（《「『【〔“‘"


def check_characters_per_line(all_pages, name):
    """Every line of Chinese characters that runs from margin to margin holds 28, or 27 where
    the 28th character went down with a mark that may not start a line, or is a mark that may
    not end one (GB/T 9704 sets no punctuation past the margin)."""
    counted = 0
    for number, lines in enumerate(all_pages, 1):
        body = body_lines(lines)
        for i, (x0, y0, x1, y1, text, _) in enumerate(body):
            if not FULL_WIDTH.match(text) or x1 < LEFT + TEXT_W - CHAR / 2:
                continue
            indent = round((x0 - LEFT) / CHAR)
            following = body[i + 1][4] if i + 1 < len(body) else ""
            if len(text) + indent == 27 and following[1:2] and (following[1] in NO_LINE_START or following[0] in NO_LINE_END):
                counted += 1
                continue
            if len(text) + indent != 28:
                fail(f"{name}: page {number}: a full line holds {len(text)} characters after an indent of {indent}, "
                     f"not 28: {text}")
            counted += 1
    return counted


def check_full_page(all_pages, name):
    """The page that body text fills holds 22 lines at the grid's pitch."""
    lines = body_lines(all_pages[1])
    if len(lines) != 22:
        fail(f"{name}: page 2 holds {len(lines)} lines of 三号, expected 22: {[l[4][:6] for l in lines]}")
    pitch = (lines[-1][1] - lines[0][1]) / 21
    if abs(pitch - PITCH) > 0.2:
        fail(f"{name}: the lines are {pitch:.2f} pt apart, the grid's pitch is {PITCH:.2f} pt")
    if not (TOP <= lines[0][1] <= TOP + PITCH and lines[-1][3] <= PAGE_H - BOTTOM):
        fail(f"{name}: the 22 lines run from {lines[0][1]:.1f} to {lines[-1][3]:.1f} pt, "
             f"outside the text block {TOP:.1f}–{PAGE_H - BOTTOM:.1f} pt")
    return pitch


def find_line(all_pages, text, name):
    for number, lines in enumerate(all_pages, 1):
        for line in lines:
            if line[4] == text:
                return number, line
    fail(f"{name}: no line «{text}» in the PDF")


def check_signature(all_pages, issuer, date, sealed, name):
    page_i, i = find_line(all_pages, issuer, name)
    page_d, d = find_line(all_pages, date, name)
    if page_d != page_i or not 0 < d[1] - i[1] < 1.5 * PITCH:
        fail(f"{name}: the date «{date}» is not on the line under the issuer «{issuer}»")
    right = LEFT + TEXT_W
    if sealed:  # 7.3.5.1
        if abs(right - d[2] - 4 * CHAR) > CHAR / 2:
            fail(f"{name}: the date ends {(right - d[2]) / CHAR:.2f} characters from the right, expected 4 (7.3.5.1)")
        if abs((i[0] + i[2]) / 2 - (d[0] + d[2]) / 2) > CHAR / 2:
            fail(f"{name}: the issuer is not centred over the date (7.3.5.1)")
    else:  # 7.3.5.2
        if abs(right - i[2] - 2 * CHAR) > CHAR / 2:
            fail(f"{name}: the issuer ends {(right - i[2]) / CHAR:.2f} characters from the right, expected 2 (7.3.5.2)")
        if abs(d[0] - i[0] - 2 * CHAR) > CHAR / 2:
            fail(f"{name}: the date starts {(d[0] - i[0]) / CHAR:.2f} characters right of the issuer, expected 2 (7.3.5.2)")


def check_colophon(all_pages, name):
    last = all_pages[-1]
    copy = [l for l in last if l[4].startswith("抄送：")]
    printed = [l for l in last if l[4].endswith("印发")]
    if not copy or not printed:
        fail(f"{name}: the last page has no 版记 (抄送 … 印发)")
    if PAGE_H - BOTTOM - printed[-1][3] > PITCH or copy[0][1] > printed[-1][1]:
        fail(f"{name}: the 版记 is not at the foot of the last page ({printed[-1][3]:.1f} pt, "
             f"the text block ends at {PAGE_H - BOTTOM:.1f} pt)")


def header_lines(docx):
    """Every line of every header cell as the DOCX breaks it."""
    out = []
    for kind, rows in docx_text.blocks(docx):
        if kind == "table":
            for is_header, cells in rows:
                if is_header:
                    out += [line for cell in cells for line in cell.split(" ") if line]
    return out


def runs(words):
    """Every run of consecutive words, joined (poppler splits "7月" where the font changes)."""
    return {"".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(len(words), i + 4) + 1)}


def check_headers(all_pages, docx, name):
    pieces = set()
    for lines in all_pages:
        for line in lines:
            pieces |= runs(line[5])
    missing = [h for h in header_lines(docx) if h not in pieces]
    if missing:
        fail(f"{name}: header lines not printed as one piece (broken inside a word?): {missing}")


def main():
    with example_report("--pdf") as out:
        example = pages(out / "通报.pdf")
        counted = check_characters_per_line(example, "example")
        check_signature(example, "临淄区人民政府办公室", "2020年10月14日", False, "example")
        check_headers(example, out / "通报.docx", "example")
    with report_variant("--pdf") as out:
        variant = pages(out / "通报.pdf")
        counted += check_characters_per_line(variant, "variant")
        pitch = check_full_page(variant, "variant")
        check_signature(variant, "临淄区人民政府办公室", "2020年10月14日", True, "variant")
        check_colophon(variant, "variant")
    if counted < 20:
        fail(f"only {counted} full lines of Chinese characters measured; the check needs more")
    print(f"22 lines a page {pitch:.2f} pt apart, {counted} full lines of 28 characters, "
          "署名 and 成文日期 per 7.3.5.2 and 7.3.5.1, 版记 at the foot, header words whole")
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
