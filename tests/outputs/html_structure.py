#!/usr/bin/env python3
"""Parses 通报.html with Python's own HTML parser and checks it against the
CSV attachments of the same `zwgk report` run: one section per attachment,
tables with a caption, column headers with scope and the bulletin's spans,
every unit as a row header and every figure equal; 附件4 as one paragraph per
unit; an SVG chart per score table; nothing loaded from outside the page."""
import csv
import html.parser
import pathlib
import sys

from example_report import example_report, fail


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.lists, self.svgs, self.captions, self.external = [], [], 0, [], []
        self.cell = None
        self.stack = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "href"):
            if key in a:
                self.external.append(a[key])
        if tag == "table":
            self.tables.append({"head": [], "body": []})
        elif tag == "ol":
            self.lists.append([])
        elif tag == "svg":
            self.svgs += 1
        elif tag in ("thead", "tbody"):
            self.stack.append(tag)
        elif tag == "tr" and self.tables:
            self.tables[-1]["head" if self.stack[-1:] == ["thead"] else "body"].append([])
        elif tag in ("th", "td", "li", "caption"):
            self.cell = {"tag": tag, "attrs": a, "text": ""}

    def handle_endtag(self, tag):
        if tag in ("thead", "tbody") and self.stack:
            self.stack.pop()
        elif self.cell and tag == self.cell["tag"]:
            if tag == "li":
                self.lists[-1].append(self.cell["text"])
            elif tag == "caption":
                self.captions.append(self.cell["text"])
            else:
                part = "head" if self.stack[-1:] == ["thead"] else "body"
                self.tables[-1][part][-1].append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data


def main():
    with example_report() as out:
        page = Page()
        page.feed((out / "通报.html").read_text(encoding="utf-8"))
        if page.external:
            fail(f"the page loads from outside: {page.external}")
        csvs = sorted(out.glob("附件*.csv"))
        tables = iter(page.tables)
        for path in csvs:
            rows = list(csv.reader(path.open(encoding="utf-8-sig")))
            title = path.stem.split("-", 1)[1]
            if path.name.startswith("附件4"):
                lines = page.lists[0]
                if [f"{r[0]}：{r[1]}" for r in rows[1:]] != lines:
                    fail("附件4 paragraphs differ from its CSV")
                continue
            table = next(tables)
            header_rows = len(table["head"])
            for row in table["head"]:
                for th in row:
                    if th["tag"] != "th" or "scope" not in th["attrs"]:
                        fail(f"{path.name}: header cell {th['text']!r} without scope")
            body = [[c["text"] for c in r] for r in table["body"]]
            if body != rows[header_rows:]:
                fail(f"{path.name}: table body differs from the CSV")
            for r in table["body"]:
                heads = [c for c in r if c["tag"] == "th"]
                if len(heads) != 1 or heads[0]["attrs"].get("scope") != "row":
                    fail(f"{path.name}: a row without its unit as row header")
            if title not in page.captions:
                fail(f"{path.name}: no caption {title!r}")
        if page.svgs != 2:
            fail(f"{page.svgs} charts, expected one per score table (2)")
        spans = {(c["text"], c["attrs"].get("colspan"), c["attrs"].get("rowspan")) for c in page.tables[0]["head"][0]}
        if ("政府网站信息公开发布情况", "4", None) not in spans or ("合计", None, "3") not in spans:
            fail(f"附件1's header spans: {sorted(spans, key=str)}")
        print(f"通报.html matches the CSV attachments ({len(csvs)} sections)")
        print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
