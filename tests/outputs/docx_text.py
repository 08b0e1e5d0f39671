#!/usr/bin/env python3
"""The text of a .docx in reading order, read with Python's own ZIP and XML
readers (not zwgk's): each paragraph of the body, and each table's cells row
by row (a merged cell once). What the PDF and the HTML of the same bulletin
must say, character for character (`text_without_space`).

Usable as a program: `docx_text.py 通报.docx` prints one paragraph a line."""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def paragraph_text(p):
    out = []
    for node in p.iter():
        if node.tag == W + "t" and node.text:
            out.append(node.text)
        elif node.tag == W + "br" or node.tag == W + "tab":
            out.append(" ")
    return "".join(out)


def table_blocks(tbl):
    """[(is_header_row, [cell texts])] of one table, merged continuation cells left out."""
    rows = []
    for tr in tbl.findall(W + "tr"):
        header = tr.find(f"{W}trPr/{W}tblHeader") is not None
        cells = []
        for tc in tr.findall(W + "tc"):
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            if merge is not None and merge.get(W + "val") != "restart":
                continue
            cells.append(" ".join(paragraph_text(p) for p in tc.findall(W + "p")))
        rows.append((header, cells))
    return rows


def blocks(path):
    """The body in order: ("p", text) for a paragraph, ("table", rows) for a table."""
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("word/document.xml"))
    out = []
    for node in root.find(W + "body"):
        if node.tag == W + "p":
            out.append(("p", paragraph_text(node)))
        elif node.tag == W + "tbl":
            out.append(("table", table_blocks(node)))
    return out


def paragraphs(path):
    """Every paragraph and every table cell, in reading order."""
    out = []
    for kind, value in blocks(path):
        if kind == "p":
            out.append(value)
        else:
            for _, cells in value:
                out.extend(cells)
    return out


def without_space(text):
    return re.sub(r"\s+", "", text)


def text_without_space(path):
    return without_space("".join(paragraphs(path)))


if __name__ == "__main__":
    for line in paragraphs(sys.argv[1]):
        print(line)
