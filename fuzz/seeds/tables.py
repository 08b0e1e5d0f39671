"""Seeds of the table targets: csv (a quarter's file), registry (单位名录.csv)
and xlsx (workbooks, as bytes and as "=== part" text; see xlsx_fuzzer.cpp).

Copies of every distinct such file of the example and the golden and
regression cases, plus hand-made ones for what those do not show: other
encodings (UTF-16, GB18030, BOM), tabs, CRLF and CR, quoted fields over
several lines, two-level headers, each layout of each kind, and the XML
forms of a workbook that Excel, WPS and other writers produce.
"""
import io
import zipfile

from .common import EXAMPLE, Corpus, found

ITEMS_SUBMISSIONS = (
    "单位,标题,收到时间,字数,图片数,是否切题\n"
    "区人社局,\"就业推进会，\"\"稳岗\"\"\n第二行\",2020-08-12 10:30,520,2,是\n"
    "区教体局,开学准备,2020年9月1日 08:00,380,0,否\n"
    "齐都镇,空字段,,,,\n")
ITEMS_PUBLISHED = (
    "单位,标题,发布日期,链接\n"
    "区自然资源局,土地征收公告,2020-07-03,http://www.linzi.gov.cn/a/1\n"
    "区自然资源局,土地征收公告,2020/07/03,http://www.linzi.gov.cn/a/1\n"
    "辛店街道,,44075,\n")
LONG_COUNTS = "单位,月份,数量\n区自然资源局,2020-07,90\n区自然资源局,8月,134\n区自然资源局,2020年9月,45\n"
TWO_LEVEL = (
    "单位,发布数量,,\n,7月,8月,9月\n区自然资源局,90,134,45\n"
    "临淄生态环境分局,\"54\",３７,44.0\n")
ADOPTIONS = "单位,级别,采用日期,标题\n区退役军人事务局,市级,2020-08-20,拥军优属\n区人社局,省级,2020-09-30,就业\n"
FINDINGS = "单位,问题类型,说明,数量\n齐都镇,目录未上传,,1\n辛店街道,表格混乱,\"表格\"\"混乱\"\"\",2\n"

REGISTRY = (
    "序号,单位名称,简称,别名,类别,示范点,标签,免考核,排序键,投稿邮箱\n"
    "1,区政府办公室,,,部门,,,投稿,,bgs@linzi.gov.cn\n"
    "2,区人力资源和社会保障局,区人社局,人社局、区人社,部门,是,示范点,,,rsj@linzi.gov.cn；xx@163.com\n"
    "3,齐都镇人民政府,齐都镇,,镇街,否,,,qidu,\n"
    "4,辛店街道办事处,辛店街道,,镇街,Y,,,,xd@linzi.gov.cn\n")


def encodings(name, text, corpus):
    """The text in the encodings staff save: UTF-8 with BOM, GB18030, UTF-16 LE and BE, CRLF, CR."""
    corpus.seed(f"{name}_bom.csv", b"\xef\xbb\xbf" + text.encode("utf-8"))
    corpus.seed(f"{name}_gb18030.csv", text.encode("gb18030"))
    corpus.seed(f"{name}_utf16le.csv", text.encode("utf-16"))  # with its BOM
    corpus.seed(f"{name}_utf16be.csv", b"\xfe\xff" + text.encode("utf-16-be"))
    corpus.seed(f"{name}_crlf.csv", text.replace("\n", "\r\n"))
    corpus.seed(f"{name}_cr.csv", text.replace("\n", "\r"))
    corpus.seed(f"{name}_tab.csv", text.replace(",", "\t"))


def write_csv():
    corpus = Corpus("csv")
    for name, data in found("**/20*Q*/*.csv"):
        corpus.copy(name, data)
    for name, text in [("items_submissions", ITEMS_SUBMISSIONS), ("items_published", ITEMS_PUBLISHED),
                       ("long_counts", LONG_COUNTS), ("two_level", TWO_LEVEL), ("adoptions", ADOPTIONS),
                       ("findings", FINDINGS)]:
        corpus.seed(f"{name}.csv", text)
    encodings("wide", (EXAMPLE / "2020Q3" / "网站发布.csv").read_text("utf-8"), corpus)
    corpus.seed("blank_lines.csv", "\n\n说明：本表由区政府办公室填报\n\n单位,7月\n,\n区自然资源局,1\n")
    corpus.seed("unterminated_quote.csv", "单位,7月\n\"区自然资源局,1\n")
    corpus.seed("quote_in_field.csv", "单位,7月\n区\"自然资源局,1\n")
    corpus.seed("header_only.csv", "单位,7月,8月,9月\n")
    corpus.seed("empty.csv", "")


def write_registry():
    corpus = Corpus("registry")
    for name, data in found("**/单位名录.csv"):
        corpus.copy(name, data)
    corpus.seed("all_columns.csv", REGISTRY)
    corpus.seed("all_columns_gb18030.csv", REGISTRY.encode("gb18030"))
    corpus.seed("all_columns_utf16.csv", REGISTRY.encode("utf-16"))
    corpus.seed("duplicates.csv", "单位名称,类别,投稿邮箱\n区人社局,部门,a@b.cn\n区人社局,部门,\n区教体局,镇街,A@B.CN\n"
                "区林业局,部委,c@\n")
    corpus.seed("no_section.csv", "单位名称,简称\n区人社局,人社\n")
    corpus.seed("two_level.csv", "单位,,\n单位名称,类别,序号\n区人社局,部门,1\n齐都镇,镇街,二\n")


# A minimal workbook's parts: the sheet's XML is filled in.
CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="xml" ContentType="application/xml"/></Types>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets>{sheets}</sheets></workbook>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
WS_REL = ('<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
          '{kind}" Target="{target}"/>')
SHEET = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}'
         '</sheetData></worksheet>')
SST = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{items}</sst>')


def parts_text(parts):
    """The "=== NAME" text form of a workbook's parts."""
    return "".join(f"=== {name}\n{content}\n" for name, content in parts)


def workbook(rows, shared=None, sheets=None, rels=None):
    """Parts of a workbook with one worksheet (or the given sheets and relationships)."""
    sheets = sheets or '<sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
    rels = rels or WS_REL.format(n=1, kind="worksheet", target="worksheets/sheet1.xml")
    parts = [("[Content_Types].xml", CONTENT_TYPES), ("xl/workbook.xml", WORKBOOK.format(sheets=sheets)),
             ("xl/_rels/workbook.xml.rels", RELS.format(rels=rels)),
             ("xl/worksheets/sheet1.xml", SHEET.format(rows=rows))]
    if shared is not None:
        parts.append(("xl/sharedStrings.xml", SST.format(items=shared)))
    return parts


def row(number, cells):
    """<row> of (ref, attributes, inner XML) cells."""
    return f'<row r="{number}">' + "".join(f'<c r="{ref}"{attrs}>{inner}</c>' for ref, attrs, inner in cells) + "</row>"


def inline(text):
    return ' t="inlineStr"', f"<is><t>{text}</t></is>"


def read_by_zwgk(part):
    """The parts src/ingest/xlsx.cpp reads (styles, themes and properties are left out of the text form)."""
    return part in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml") or (
        part.startswith("xl/worksheets/") and part.endswith(".xml"))


def write_xlsx():
    corpus = Corpus("xlsx")
    for name, data in found("**/*.xlsx"):
        corpus.copy(name, data)
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                parts = [(i.filename, zf.read(i).decode("utf-8")) for i in zf.infolist() if read_by_zwgk(i.filename)]
            corpus.copy(name + ".parts", parts_text(parts))
        except (zipfile.BadZipFile, UnicodeDecodeError):
            pass  # e.g. the golden case of a file that is not a ZIP
    header = row(1, [("A1", *inline("单位")), ("B1", *inline("7月")), ("C1", *inline("8月"))])
    corpus.seed("inline.parts", parts_text(workbook(header + row(2, [
        ("A2", *inline("区自然资源局")), ("B2", "", "<v>90</v>"), ("C2", ' t="n"', "<v>134.0</v>")]))))
    shared = ("<si><t>单位</t></si><si><r><rPr><b/></rPr><t>7</t></r><r><t>月</t></r></si>"
              "<si><t>区自然资源局</t><rPh sb=\"0\" eb=\"1\"><t>く</t></rPh></si>")
    corpus.seed("shared.parts", parts_text(workbook(
        row(1, [("A1", ' t="s"', "<v>0</v>"), ("B1", ' t="s"', "<v>1</v>")]) +
        row(2, [("A2", ' t="s"', "<v>2</v>"), ("B2", "", "<v>90</v>")]), shared=shared)))
    corpus.seed("items_dates.parts", parts_text(workbook(
        row(1, [("A1", *inline("单位")), ("B1", *inline("标题")), ("C1", *inline("发布日期"))]) +
        row(2, [("A2", *inline("区自然资源局")), ("B2", *inline("公告")), ("C2", "", "<v>44075</v>")]) +
        row(3, [("A3", *inline("辛店街道")), ("B3", *inline("通知")), ("C3", ' t="str"', "<v>2020-07-03</v>")]))))
    corpus.seed("no_refs.parts", parts_text(workbook(
        '<row><c t="inlineStr"><is><t>单位</t></is></c><c t="inlineStr"><is><t>7月</t></is></c></row>'
        '<row><c t="inlineStr"><is><t>区自然资源局</t></is></c><c><v>1</v></c></row>')))
    corpus.seed("two_sheets.parts", parts_text(workbook(
        header, sheets='<sheet name="图表" sheetId="1" r:id="rId2"/><sheet name="数据" sheetId="2" x:id="rId1"/>',
        rels=WS_REL.format(n=1, kind="worksheet", target="/xl/worksheets/sheet1.xml") +
        WS_REL.format(n=2, kind="chartsheet", target="chartsheets/sheet1.xml"))))
    corpus.seed("far_column.parts", parts_text(workbook(header + row(2, [("A2", *inline("区自然资源局")),
                                                                         ("XFD2", "", "<v>1</v>")]))))
    corpus.seed("empty_sheet.parts", parts_text(workbook("")))
    corpus.seed("no_workbook.parts", parts_text([("[Content_Types].xml", CONTENT_TYPES)]))
