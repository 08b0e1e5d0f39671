#!/usr/bin/env python3
"""Opens 通报.docx as a ZIP with Python's own readers and checks it: every XML
part well-formed; the GB/T 9704 page set-up (A4, margins 37/35/28/26 mm) and
formats (title 方正小标宋简体 二号, body 仿宋_GB2312 三号 on the document grid of
22 lines of 28 characters with a two-character indent, no punctuation
hanging past the margin, 附件 labels in 黑体 starting a page, page numbers
"— N —" on the outer side of odd and even pages); the body text equal to the
seed bulletin's (tests/outputs/expected/通报正文.txt); and each attachment's
table equal to its CSV: header rows repeated and merged as in the CSV, no
row allowed to split, every data cell in order."""
import csv
import pathlib
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

from example_report import example_report, fail

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HERE = pathlib.Path(__file__).parent


def attr(node, name):
    return None if node is None else node.get(W + name)


def styles_by_id(package):
    root = ET.fromstring(package.read("word/styles.xml"))
    return {s.get(W + "styleId"): s for s in root.iter(W + "style")}, root


def check_styles(package):
    styles, root = styles_by_id(package)

    def font(style_id):
        s = styles[style_id]
        return attr(s.find(f"{W}rPr/{W}rFonts"), "eastAsia"), attr(s.find(f"{W}rPr/{W}sz"), "val")

    if font("DocTitle") != ("方正小标宋简体", "44"):
        fail(f"title style {font('DocTitle')}, expected 方正小标宋简体 二号 (44 half-points)")
    if font("Body") != ("仿宋_GB2312", "32"):
        fail(f"body style {font('Body')}, expected 仿宋_GB2312 三号 (32 half-points)")
    if font("AttachmentLabel")[0] != "黑体" or styles["AttachmentLabel"].find(f"{W}pPr/{W}pageBreakBefore") is None:
        fail("附件 label must be 黑体 and start a new page")
    defaults = root.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")
    spacing = defaults.find(W + "spacing")
    if (attr(spacing, "line"), attr(spacing, "lineRule")) != ("240", "auto"):
        fail("body text must be single-spaced, so that each line takes one line of the document grid")
    if attr(defaults.find(W + "overflowPunct"), "val") != "0":
        fail("punctuation must not hang past the margin (w:overflowPunct 0)")
    for off_grid in ("DocTitle", "TableHeader", "TableText", "AttachmentTitle"):
        if attr(styles[off_grid].find(f"{W}pPr/{W}snapToGrid"), "val") != "0":
            fail(f"{off_grid} is not 三号 and must leave the grid (w:snapToGrid 0)")
    indent = styles["Body"].find(f"{W}pPr/{W}ind")
    if attr(indent, "firstLine") != str(2 * 8844 // 28):
        fail(f"body paragraphs need a first-line indent of two grid characters, not {attr(indent, 'firstLine')}")
    fonts = ET.fromstring(package.read("word/fontTable.xml"))
    alt = {f.get(W + "name"): attr(f.find(W + "altName"), "val") for f in fonts.iter(W + "font")}
    if not alt.get("方正小标宋简体") or not alt.get("仿宋_GB2312"):
        fail(f"the font table must name fallbacks for the official fonts: {alt}")


def check_page(package, body):
    sect = body.find(W + "sectPr")
    size, margins = sect.find(W + "pgSz"), sect.find(W + "pgMar")
    if (attr(size, "w"), attr(size, "h")) != ("11906", "16838"):
        fail("page must be A4 portrait")
    mm = {k: round(int(attr(margins, k)) * 25.4 / 1440) for k in ("top", "bottom", "left", "right")}
    if mm != {"top": 37, "bottom": 35, "left": 28, "right": 26}:
        fail(f"margins {mm} mm, expected top 37, bottom 35, left 28, right 26")
    # 22 lines of 28 characters: the pitch is the text block over 22, and the character
    # pitch (16 pt + charSpace/4096 pt) fits 28 to the text width but not 29.
    grid = sect.find(W + "docGrid")
    height = int(attr(size, "h")) - int(attr(margins, "top")) - int(attr(margins, "bottom"))
    width = int(attr(size, "w")) - int(attr(margins, "left")) - int(attr(margins, "right"))
    char_pitch = (16 + int(attr(grid, "charSpace") or 0) / 4096) * 20
    if attr(grid, "type") != "linesAndChars" or int(attr(grid, "linePitch")) * 22 > height \
            or int(attr(grid, "linePitch")) * 23 <= height or not 28 * char_pitch <= width < 29 * char_pitch:
        fail(f"document grid {grid.attrib if grid is not None else None}: expected 22 lines of 28 characters")
    if ET.fromstring(package.read("word/settings.xml")).find(W + "evenAndOddHeaders") is None:
        fail("odd and even pages need their own footers")
    rels = ET.fromstring(package.read("word/_rels/document.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    sides = {}
    for ref in sect.findall(W + "footerReference"):
        footer = ET.fromstring(package.read("word/" + targets[ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")]))
        text = "".join(t.text or "" for t in footer.iter(W + "t"))
        if text != "— 1 —" or footer.find(f".//{W}fldSimple") is None:
            fail(f"footer text {text!r}: expected a PAGE field as — N —")
        sides[attr(ref, "type")] = attr(footer.find(f".//{W}jc"), "val")
    if sides != {"default": "right", "even": "left"}:
        fail(f"page numbers on {sides}: odd pages right, even pages left")


def paragraph_text(p):
    return "".join(t.text or "" for t in p.iter(W + "t"))


def style_of(p):
    return attr(p.find(f"{W}pPr/{W}pStyle"), "val")


def check_front(paragraphs):
    expected = (HERE / "expected/通报正文.txt").read_text(encoding="utf-8").splitlines()
    front = []
    for p in paragraphs:
        if style_of(p) == "AttachmentLabel":
            break
        if style_of(p) != "DocTitle" and paragraph_text(p):
            front.append(paragraph_text(p))
    # The seed writes "2. 各镇…" with a space after the number; zwgk writes every entry alike.
    normalise = lambda line: re.sub(r"^(\d)\. ", r"\1.", line)
    if [normalise(x) for x in expected] != front:
        for want, got in zip(expected, front + [""] * len(expected)):
            if normalise(want) != got:
                fail(f"bulletin text differs from the seed:\n  seed: {want}\n  docx: {got}")
        fail(f"bulletin text has {len(front)} paragraphs, the seed {len(expected)}")
    title = paragraph_text(paragraphs[0])
    if style_of(paragraphs[0]) != "DocTitle" or "第三季度" not in title:
        fail(f"the first paragraph must be the title, got {title!r}")


def grid_of(table):
    """The table as rows of (text, gridSpan, vMerge) per cell."""
    rows = []
    for tr in table.findall(W + "tr"):
        cells = []
        for tc in tr.findall(W + "tc"):
            span = int(attr(tc.find(f"{W}tcPr/{W}gridSpan"), "val") or 1)
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            cells.append((paragraph_text(tc), span, None if merge is None else (attr(merge, "val") or "continue")))
        rows.append((tr, cells))
    return rows


def expand(cells):
    """Cells to a flat row as the CSV writes it (merged cells blank beyond their first)."""
    out = []
    for text, span, merge in cells:
        out.append("" if merge == "continue" else text)
        out.extend([""] * (span - 1))
    return out


def check_tables(body, out):
    tables = body.findall(W + "tbl")
    table_csvs = [p for p in sorted(out.glob("附件*.csv")) if not p.name.startswith("附件4")]
    if len(tables) != len(table_csvs):
        fail(f"{len(tables)} tables in the document, {len(table_csvs)} table attachments")
    for table, path in zip(tables, table_csvs):
        rows = list(csv.reader(path.open(encoding="utf-8-sig")))
        grid = grid_of(table)
        header_rows = sum(1 for tr, _ in grid if tr.find(f"{W}trPr/{W}tblHeader") is not None)
        for i, (tr, cells) in enumerate(grid):
            if tr.find(f"{W}trPr/{W}cantSplit") is None:
                fail(f"{path.name} row {i + 1} may split across pages")
            if (tr.find(f"{W}trPr/{W}tblHeader") is not None) != (i < header_rows):
                fail(f"{path.name}: header rows must come first and repeat")
            if expand(cells) != rows[i]:
                fail(f"{path.name} row {i + 1}: {expand(cells)} vs CSV {rows[i]}")
        if len(grid) != len(rows):
            fail(f"{path.name}: {len(grid)} rows in the document, {len(rows)} in the CSV")
        if header_rows < 2:
            fail(f"{path.name}: the bulletin's merged header has at least two rows")


def check_deductions(paragraphs, out):
    path = next(out.glob("附件4*.csv"))
    lines = [f"{row[0]}：{row[1]}" for row in list(csv.reader(path.open(encoding="utf-8-sig")))[1:]]
    labels = [i for i, p in enumerate(paragraphs) if style_of(p) == "AttachmentLabel"]
    last = [paragraph_text(p) for p in paragraphs[labels[-1] + 2:]]
    if last != lines:
        fail(f"附件4 paragraphs differ from its CSV: {last[:3]}… vs {lines[:3]}…")
    if [paragraph_text(paragraphs[i]) for i in labels] != ["附件1", "附件2", "附件3", "附件4"]:
        fail("each attachment needs its label 附件N")


def main():
    with example_report() as out:
        with zipfile.ZipFile(out / "通报.docx") as package:
            if package.testzip() is not None:
                fail("corrupt ZIP entry")
            for name in package.namelist():
                if name.endswith(".xml") or name.endswith(".rels"):
                    ET.fromstring(package.read(name))  # raises on malformed XML
            if package.namelist()[0] != "[Content_Types].xml":
                fail("[Content_Types].xml must come first")
            check_styles(package)
            body = ET.fromstring(package.read("word/document.xml")).find(W + "body")
            paragraphs = body.findall(W + "p")
            check_page(package, body)
            check_front(paragraphs)
            check_tables(body, out)
            check_deductions(paragraphs, out)
    print("通报.docx: structure, page set-up, fonts, text and tables as expected")


if __name__ == "__main__":
    main()
