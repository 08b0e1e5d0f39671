"""Hand-written .xlsx workbooks for golden cases about the XLSX reader.

openpyxl only writes well-formed workbooks; the reader's cases need parts
exactly as a careless or hostile producer writes them (cells without r=,
shared-string indexes out of range, formulas without a value, bytes that are
not UTF-8, a DOCTYPE). A case's make_xlsx.py builds its sheet XML and calls
write(); the .xlsx is committed, so the tests do not need this module.
The zip is deterministic (fixed timestamps, fixed order).
"""
import zipfile
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"

# Cell format 1: a date (built-in 14); 2: a custom date and time.
DATE_STYLES = (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">'
               '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/m/d h:mm"/></numFmts>'
               '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs>'
               '</styleSheet>')


def inline(text, ref=None):
    """An inline-string cell."""
    r = f' r="{ref}"' if ref else ""
    return f'<c{r} t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def number(value, ref=None, style=None):
    r = f' r="{ref}"' if ref else ""
    s = f' s="{style}"' if style is not None else ""
    return f"<c{r}{s}><v>{value}</v></c>"


def row(cells, number_=None):
    r = f' r="{number_}"' if number_ is not None else ""
    return f"<row{r}>{''.join(cells)}</row>"


def worksheet(rows):
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
            + "".join(rows) + "</sheetData></worksheet>")


def write(path, sheet_xml, shared=None, styles=None, sheet_name="Sheet1"):
    """sheet_xml: str or bytes (bytes are written as they are); shared: list of
    str or bytes, each one <si>."""
    rels = [f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>']
    parts = []
    if styles is not None:
        rels.append(f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/>')
        parts.append(("xl/styles.xml", styles))
    if shared is not None:
        rels.append(f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
        items = b"".join(b"<si><t>" + (s if isinstance(s, bytes) else escape(s).encode()) + b"</t></si>"
                         for s in shared)
        parts.append(("xl/sharedStrings.xml",
                      f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode() + items + b"</sst>"))
    entries = [
        ("[Content_Types].xml",
         f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CT}">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" '
         'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
         '<Override PartName="/xl/worksheets/sheet1.xml" '
         'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        ("_rels/.rels",
         f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
         f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        ("xl/workbook.xml",
         f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
         f'<sheet name="{escape(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels",
         f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">' + "".join(rels) + "</Relationships>"),
        ("xl/worksheets/sheet1.xml", sheet_xml),
    ] + parts
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2020, 10, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data if isinstance(data, bytes) else data.encode("utf-8"))
