#!/usr/bin/env python3
"""Parses 通报.html with Python's own HTML parser and checks it against the
other files of the same `zwgk report` run: its text (whitespace removed) is
通报.docx's text as docx_text.py reads it, in the same order; one section per
attachment named by its heading (aria-labelledby, no caption); column
headers with scope and the bulletin's spans; every unit as a row header,
every figure equal to the CSV and labelled (data-label) with its column's
headers; 附件4 as one paragraph per unit; the title in lines of word pieces;
no chart; nothing loaded from outside the page."""
import csv
import html.parser

from docx_text import text_without_space, without_space
from example_report import example_report, fail, report_variant


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.sections, self.external, self.text = [], [], [], []
        self.ids, self.title_lines, self.charts, self.captions = {}, [], 0, 0
        self.cell = None
        self.stack = []  # open thead/tbody
        self.skip = 0  # inside <head> or <style>
        self.element = None  # (tag, attrs) of the innermost element with an id, class or heading role

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "href"):
            if key in a and not a[key].startswith("#"):
                self.external.append(a[key])
        if tag in ("head", "style", "script"):
            self.skip += 1
        if tag in ("svg", "canvas", "img"):
            self.charts += 1
        if tag == "caption":
            self.captions += 1
        if "id" in a:
            self.ids[a["id"]] = {"tag": tag, "text": ""}
            self.element = a["id"]
        if tag == "section":
            self.sections.append({"labelledby": a.get("aria-labelledby"), "paragraphs": [], "tables": []})
        elif tag == "table":
            table = {"labelledby": a.get("aria-labelledby"), "head": [], "body": []}
            self.tables.append(table)
            self.sections[-1]["tables"].append(table)
        elif tag in ("thead", "tbody"):
            self.stack.append(tag)
        elif tag == "tr" and self.tables:
            self.tables[-1]["head" if self.stack[-1:] == ["thead"] else "body"].append([])
        elif tag in ("th", "td") or (tag == "p" and self.sections):
            self.cell = {"tag": tag, "attrs": a, "text": ""}
        elif tag == "span" and a.get("class") == "line":
            self.title_lines.append("")

    def handle_endtag(self, tag):
        if tag in ("head", "style", "script"):
            self.skip -= 1
        if tag in ("thead", "tbody") and self.stack:
            self.stack.pop()
        elif tag in ("h1", "h2"):
            self.element = None
        elif self.cell and tag == self.cell["tag"]:
            if tag == "p":
                self.sections[-1]["paragraphs"].append(self.cell)
            else:
                part = "head" if self.stack[-1:] == ["thead"] else "body"
                self.tables[-1][part][-1].append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.skip:
            return
        self.text.append(data)
        if self.cell is not None:
            self.cell["text"] += data
        if self.element:
            self.ids[self.element]["text"] += data
        if self.title_lines and self.element == "title":
            self.title_lines[-1] += data


def header_paths(head):
    """Each column's header texts, top to bottom, placing cells by colspan/rowspan as a browser does."""
    taken, paths = set(), {}
    for r, row in enumerate(head):
        c = 0
        for th in row:
            while (r, c) in taken:
                c += 1
            rows, cols = int(th["attrs"].get("rowspan", 1)), int(th["attrs"].get("colspan", 1))
            for dc in range(cols):
                paths.setdefault(c + dc, []).append(th["text"])
                taken.update((r + dr, c + dc) for dr in range(rows))
            c += cols
    return [" ".join(paths[c]) for c in sorted(paths)]


def check_table(path, table, rows):
    """A table against its CSV: header cells with scope, data rows equal, units as row headers, labels."""
    header_rows = len(table["head"])
    for row in table["head"]:
        for th in row:
            if th["tag"] != "th" or th["attrs"].get("scope") not in ("col", "colgroup"):
                fail(f"{path.name}: header cell {th['text']!r} without scope")
    grid = [[h for h in row] for row in rows[:header_rows]]
    if [[c for c in row if c] for row in grid] != [[th["text"] for th in row] for row in table["head"]]:
        fail(f"{path.name}: header cells differ from the CSV's header")
    body = [[c["text"] for c in r] for r in table["body"]]
    if body != rows[header_rows:]:
        fail(f"{path.name}: table body differs from the CSV")
    labels = header_paths(table["head"])
    for r in table["body"]:
        heads = [c for c in r if c["tag"] == "th"]
        if len(heads) != 1 or heads[0]["attrs"].get("scope") != "row":
            fail(f"{path.name}: a row without its unit as row header")
        for column, cell in enumerate(r):
            if cell["tag"] == "td" and cell["attrs"].get("data-label") != labels[column]:
                fail(f"{path.name}: column {column} labelled {cell['attrs'].get('data-label')!r}, "
                     f"expected {labels[column]!r}")


def check_sections(page, out):
    csvs = sorted(out.glob("附件*.csv"))
    if len(page.sections) != len(csvs):
        fail(f"{len(page.sections)} sections for {len(csvs)} attachments")
    for path, section in zip(csvs, page.sections):
        rows = list(csv.reader(path.open(encoding="utf-8-sig")))
        title = path.stem.split("-", 1)[1]
        heading = page.ids.get(section["labelledby"] or "", {})
        if heading.get("tag") != "h2" or heading.get("text") != title:
            fail(f"{path.name}: the section is not labelled by its title {title!r}: {heading}")
        if path.name.startswith("附件4"):
            lines = [p["text"] for p in section["paragraphs"] if p["attrs"].get("class") == "body"]
            if [f"{r[0]}：{r[1]}" for r in rows[1:]] != lines:
                fail("附件4 paragraphs differ from its CSV")
            continue
        if len(section["tables"]) != 1 or section["tables"][0]["labelledby"] != section["labelledby"]:
            fail(f"{path.name}: the table is not named by the section's heading")
        check_table(path, section["tables"][0], rows)
    return len(csvs)


def same_text(out, name):
    """The page's text equals 通报.docx's, whitespace aside; the parsed page is returned."""
    page = Page()
    page.feed((out / "通报.html").read_text(encoding="utf-8"))
    if page.external:
        fail(f"{name}: the page loads from outside: {page.external}")
    if page.charts or page.captions:
        fail(f"{name}: {page.charts} charts/images and {page.captions} captions: text the DOCX does not have")
    html_text, docx = without_space("".join(page.text)), text_without_space(out / "通报.docx")
    if html_text != docx:
        at = next((i for i, (a, b) in enumerate(zip(html_text, docx)) if a != b), min(len(html_text), len(docx)))
        fail(f"{name}: the page's text differs from 通报.docx's at character {at}:\n"
             f"  html: …{html_text[max(0, at - 30):at + 30]}…\n  docx: …{docx[max(0, at - 30):at + 30]}…")
    return page, docx


def main():
    # Every optional part (发文字号, 加盖印章, 抄送, 印发机关, 印发日期) in both documents alike.
    with report_variant() as out:
        variant, _ = same_text(out, "variant")
        text = without_space("".join(variant.text))
        if "临政公办〔2020〕5号" not in text or "抄送：" not in text or "2020年10月15日印发" not in text:
            fail("variant: the page lacks its 发文字号 or its 版记")
    with example_report() as out:
        page, docx = same_text(out, "example")
        if page.title_lines != ["临淄区2020年第三季度", "政务公开工作情况通报"]:
            fail(f"the title's lines: {page.title_lines}")
        sections = check_sections(page, out)
        spans = {(c["text"], c["attrs"].get("colspan"), c["attrs"].get("rowspan")) for c in page.tables[0]["head"][0]}
        if ("政府网站信息公开发布情况", "4", None) not in spans or ("合计", None, "3") not in spans:
            fail(f"附件1's header spans: {sorted(spans, key=str)}")
        print(f"通报.html has 通报.docx's text ({len(docx)} characters) and matches the CSV attachments "
              f"({sections} sections)")
        print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
