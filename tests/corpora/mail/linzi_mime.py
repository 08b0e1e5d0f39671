"""MIME and file pieces for make_linzi_mailbox.py, written by hand so the
bytes are fixed: tiny PNG/JPEG pictures (stored deflate blocks), an
uncompressed .docx, base64 and quoted-printable bodies, encoded words, and
multipart assembly. Standard library only."""
import base64
import datetime as dt
import hashlib
import io
import struct
import zipfile
import zlib

# ----------------------------------------------------------------- MIME pieces

def png(label, width=24, height=16):
    """A small valid PNG (colour bands keyed by label), with stored (uncompressed) deflate blocks."""
    r, g, b = hashlib.sha256(label.encode()).digest()[:3]
    raw = b""
    for y in range(height):
        raw += b"\x00" + bytes([(r + 5 * y) % 256, (g + 3 * y) % 256, b]) * width
    stored = b"\x78\x01" + b"\x01" + struct.pack("<HH", len(raw), 0xFFFF ^ len(raw)) + raw + \
        struct.pack(">I", zlib.adler32(raw))
    assert len(raw) < 65536

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + \
        chunk(b"IDAT", stored) + chunk(b"IEND", b"")


def jpeg(label):
    """JPEG-framed bytes (SOI, APP0/JFIF, a comment, EOI); the parser counts image parts, it never decodes them."""
    comment = hashlib.sha256(label.encode()).hexdigest().encode() * 4
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x48\x00\x48\x00\x00" + \
        b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + b"\xff\xd9"


def docx(title, paragraphs, picture):
    """A minimal valid .docx: the title, the paragraphs and one inline picture (word/media/image1.png)."""
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    runs = [f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>{esc(title)}</w:t></w:r></w:p>']
    runs += [f'<w:p><w:pPr><w:ind w:firstLine="640"/></w:pPr><w:r><w:t>{esc(p)}</w:t></w:r></w:p>' for p in paragraphs]
    drawing = (
        '<w:p><w:r><w:drawing><wp:inline><wp:extent cx="2286000" cy="1524000"/><wp:docPr id="1" name="图片 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
        '<pic:nvPicPr><pic:cNvPr id="1" name="image1.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        '<pic:blipFill><a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2286000" cy="1524000"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        '</wp:inline></w:drawing></w:r></w:p>')
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<w:body>{runs[0]}{drawing}{"".join(runs[1:])}<w:sectPr/></w:body></w:document>')
    files = [
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
         '<Override PartName="/word/document.xml" '
         'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
        ("_rels/.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="word/document.xml"/></Relationships>'),
        ("word/_rels/document.xml.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
         'Target="media/image1.png"/></Relationships>'),
        ("word/document.xml", document),
        ("word/media/image1.png", picture),
    ]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for name, data in files:
            info = zipfile.ZipInfo(name, (2020, 8, 1, 0, 0, 0))
            info.create_system = 0
            info.external_attr = 0
            zf.writestr(info, data.encode("utf-8") if isinstance(data, str) else data, zipfile.ZIP_STORED)
    return buf.getvalue()


def b64_lines(data):
    return base64.encodebytes(data).decode("ascii")


def qp(data):
    """Quoted-printable (RFC 2045) of bytes with "\\n" line ends; lines at most 76 characters."""
    out_lines = []
    for line in data.split(b"\n"):
        enc = []
        for i, c in enumerate(line):
            if (33 <= c <= 126 and c != 61) or (c == 32 and i != len(line) - 1):
                enc.append(chr(c))
            else:
                enc.append(f"={c:02X}")
        cur = ""
        for piece in enc:
            if len(cur) + len(piece) > 75:
                out_lines.append(cur + "=")
                cur = ""
            cur += piece
        out_lines.append(cur)
    return "\n".join(out_lines)


def encoded_words(text, charset="UTF-8", encoding="B"):
    """RFC 2047 encoded words, split on character boundaries, folded."""
    words, chunk = [], ""
    limit = 15 if encoding == "B" else 8
    for ch in text:
        chunk += ch
        if len(chunk) >= limit:
            words.append(chunk)
            chunk = ""
    if chunk:
        words.append(chunk)
    codec = {"UTF-8": "utf-8", "GBK": "gbk", "GB2312": "gb2312", "GB18030": "gb18030"}[charset]
    out = []
    for w in words:
        raw = w.encode(codec)
        payload = base64.b64encode(raw).decode() if encoding == "B" else \
            "".join(chr(c) if (48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122) else f"={c:02X}" for c in raw)
        out.append(f"=?{charset}?{encoding}?{payload}?=")
    return "\n ".join(out)


def rfc2822(moment):
    return moment.strftime("%a, ") + str(moment.day) + moment.strftime(" %b %Y %H:%M:%S %z")


def in_zone(cst, hours):
    return cst.astimezone(dt.timezone(dt.timedelta(hours=hours)))


class Part:
    """A MIME entity as header lines and a body (bytes); multiparts hold children."""

    def __init__(self, headers, body=b"", children=None, boundary=None):
        self.headers, self.body, self.children, self.boundary = headers, body, children or [], boundary

    def render(self):
        head = "".join(f"{h}\n" for h in self.headers).encode("utf-8")
        if not self.children:
            return head + b"\n" + self.body
        out = head + b"\n"
        for child in self.children:
            out += f"--{self.boundary}\n".encode() + child.render()
            if not out.endswith(b"\n"):
                out += b"\n"
        return out + f"--{self.boundary}--\n".encode()


def text_part(text, subtype="plain", charset="utf-8", cte="base64"):
    codec = {"utf-8": "utf-8", "gbk": "gbk", "gb2312": "gbk", "gb18030": "gb18030"}[charset]
    raw = text.encode(codec)
    if cte == "base64":
        body = b64_lines(raw).encode()
    elif cte == "quoted-printable":
        body = (qp(raw) + "\n").encode()
    else:
        body = raw if raw.endswith(b"\n") else raw + b"\n"
    return Part([f'Content-Type: text/{subtype}; charset="{charset}"', f"Content-Transfer-Encoding: {cte}"], body)


def image_part(data, kind, name, inline_cid=None):
    headers = [f'Content-Type: image/{kind}; name="{name}"', "Content-Transfer-Encoding: base64"]
    if inline_cid:
        headers += [f"Content-ID: <{inline_cid}>", f'Content-Disposition: inline; filename="{name}"']
    else:
        headers += [f'Content-Disposition: attachment; filename="{name}"']
    return Part(headers, b64_lines(data).encode())


def attachment_part(data, mime, name):
    ascii_name = name.isascii()
    disp = f'filename="{name}"' if ascii_name else "filename*=utf-8''" + "".join(
        f"%{b:02X}" for b in name.encode("utf-8"))
    return Part([f"Content-Type: {mime}; name=\"{'attachment' if not ascii_name else name}\"",
                 "Content-Transfer-Encoding: base64", f"Content-Disposition: attachment; {disp}"],
                b64_lines(data).encode())


def multipart(kind, boundary, children):
    return Part([f'Content-Type: multipart/{kind};\n\tboundary="{boundary}"'], children=children, boundary=boundary)


def html_of(lines, charset="utf-8"):
    body = "".join(f"<p style=\"text-indent:2em\">{l}</p>\n" for l in lines)
    return (f"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\">"
            "<style>p{font-family:仿宋_GB2312;font-size:16pt}</style></head>\n<body>\n" + body + "</body></html>\n")
