"""The hand-made seeds of the message fuzzer's corpus (fuzz/corpus/message/seed_*.eml).

The corpus also holds copies of tests/corpora/mail/*.eml (copied, not
generated here), regress_*.eml (inputs of bugs found) and inputs libFuzzer
found (hex names), merged in with scripts/fuzz.sh --merge. Each seed is small
and aims at one path of src/mail/: MIME structures, transfer encodings,
charsets of encoded words, a .docx attachment, odd Received dates, the mbox
"From " line, damage.
"""
import base64
import io
import quopri
import zipfile

from .common import Corpus

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")

HEAD = ("Received: from mx.example.gov.cn by mail.zwgk.example.gov.cn; Mon, 31 Aug 2020 10:00:00 +0800\n"
        "From: =?utf-8?B?5Yy65Lq656S+5bGA?= <xinxi@rsj.example.gov.cn>\n"
        "To: zwgk@example.gov.cn\n"
        "Date: Mon, 31 Aug 2020 09:59:00 +0800\n")


def b64(data: bytes) -> str:
    return base64.encodebytes(data).decode("ascii")


def qp(data: bytes) -> str:
    return quopri.encodestring(data).decode("ascii")


def ew(text: str, charset: str, enc: str = "B") -> str:
    """One RFC 2047 encoded word."""
    raw = text.encode(charset)
    if enc == "B":
        return f"=?{charset}?B?{base64.b64encode(raw).decode()}?="
    return f"=?{charset}?Q?{''.join(f'={c:02X}' for c in raw)}?="


def docx_bytes(paragraphs, image=True) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        def put(name, data):
            zf.writestr(zipfile.ZipInfo(name, (2020, 8, 31, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
        put("[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        body = "".join(f"<w:p><w:r><w:t>{p}</w:t><w:tab/><w:t>A1</w:t><w:br/></w:r></w:p>" for p in paragraphs)
        put("word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
        if image:
            put("word/media/image1.png", PNG)
    return buf.getvalue()


def text_part(text: str, subtype="plain", charset="utf-8", cte="base64", extra="") -> str:
    raw = text.encode(charset)
    body = b64(raw) if cte == "base64" else qp(raw) if cte == "quoted-printable" else raw.decode(charset)
    return (f"Content-Type: text/{subtype}; charset=\"{charset}\"\nContent-Transfer-Encoding: {cte}\n{extra}\n"
            f"{body}\n")


def multipart(subtype: str, boundary: str, parts, extra="") -> str:
    out = f"Content-Type: multipart/{subtype}; boundary=\"{boundary}\"\n{extra}\n前言不计。\n"
    for p in parts:
        out += f"--{boundary}\n{p}"
    return out + f"--{boundary}--\n结语不计。\n"


def message(subject: str, mid: str, body: str, head: str = HEAD) -> str:
    return f"{head}Subject: {subject}\nMessage-ID: <{mid}>\nMIME-Version: 1.0\n{body}"


def write_seeds():
    corpus = Corpus("message")

    def write(name: str, data) -> None:
        corpus.seed(f"{name}.eml", data)

    html = ("<html><head><title>不计</title><script>var a='<p>x</p>';</script></head><body>"
            "<p>网页正文&nbsp;&lt;一&gt;&#x4E00;&#19968;&amp;</p><div>第二段<br/>换行</div>"
            "<img src=\"cid:img1@x\"><blockquote>旧邮件</blockquote></body></html>")
    image = ("Content-Type: image/png; name=\"p.png\"\nContent-Transfer-Encoding: base64\n"
             "Content-ID: <img1@x>\nContent-Disposition: inline\n\n" + b64(PNG))

    # multipart/alternative: quoted-printable plain + base64 GB18030 HTML.
    write("alternative", message(ew("备选正文", "utf-8", "Q"), "alt@seed", multipart("alternative", "alt", [
        text_part("纯文本稿件，第一段。\n第二段=结束。\n", cte="quoted-printable"),
        text_part(html, "html", "gb18030")])))
    # multipart/related: HTML with an inline cid picture.
    write("related", message("related", "rel@seed", multipart("related", "rel", [
        text_part(html, "html"), image], extra="")))
    # multipart/mixed: text, a PDF, a picture file, a .doc, a .wps and an unnamed msword part.
    write("mixed", message("mixed", "mix@seed", multipart("mixed", "mix", [
        text_part("请见附件。\n"),
        "Content-Type: application/pdf\nContent-Disposition: attachment; filename=\"通知.pdf\"\n"
        "Content-Transfer-Encoding: base64\n\n" + b64(b"%PDF-1.4\n%%EOF\n"),
        "Content-Type: application/octet-stream\nContent-Disposition: attachment; filename*=utf-8''%E7%85%A7%E7%89%87.JPEG\n\nxx\n",
        "Content-Type: application/msword; name=\"稿件.doc\"\nContent-Transfer-Encoding: base64\n\n" + b64(b"\xd0\xcf\x11\xe0"),
        "Content-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"旧稿.WPS\"\n\nwps\n",
        "Content-Type: application/msword\n\nno name\n"])))
    # Nested: mixed > (alternative > (plain, related > (html, image)), message/rfc822, docx).
    inner_msg = "From: old@example.com\nSubject: 旧邮件\n\n被转发的邮件不计。\n"
    write("nested", message("nested", "nest@seed", multipart("mixed", "n1", [
        multipart("alternative", "n2", [
            text_part("嵌套的纯文本。\n", cte="8bit"),
            multipart("related", "n3", [text_part(html, "html", cte="quoted-printable"), image])]),
        "Content-Type: message/rfc822\nContent-Disposition: attachment; filename=\"转发.eml\"\n\n" + inner_msg,
        "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\n"
        "Content-Disposition: attachment; filename=\"=?utf-8?B?56i/5Lu2LmRvY3g=?=\"\n"
        "Content-Transfer-Encoding: base64\n\n" + b64(docx_bytes(["嵌套附件"], image=False))])))
    # A .docx attachment alone (with a picture under word/media/), RFC 2231 GB18030 file name.
    name = "".join(f"%{c:02X}" for c in "稿件.docx".encode("gb18030"))
    write("docx", message("docx", "docx@seed", multipart("mixed", "d", [
        text_part("正文见附件。\n"),
        "Content-Type: application/octet-stream\n"
        f"Content-Disposition: attachment; filename*=gb18030''{name}\n"
        "Content-Transfer-Encoding: base64\n\n" + b64(docx_bytes(["区政务公开工作要点", "第二段&amp;<w:t>"]))])))
    # A damaged .docx (not a ZIP) and a ZIP without word/document.xml.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("word/media/a.png", (2020, 1, 1, 0, 0, 0)), PNG)
    write("docx_bad", message("docx bad", "docxbad@seed", multipart("mixed", "d", [
        "Content-Type: application/octet-stream; name=\"a.docx\"\nContent-Transfer-Encoding: base64\n\n"
        + b64(b"PK\x03\x04broken"),
        "Content-Type: application/octet-stream; name=\"b.docx\"\nContent-Transfer-Encoding: base64\n\n"
        + b64(buf.getvalue())])))
    # Bodies: base64 GBK (labelled gb2312), quoted-printable GB18030 with soft breaks, Big5, x-uuencode.
    write("base64_gbk", message("base64", "b64@seed", text_part("朱镕基同志视察我区。" * 8, charset="gbk")
                                .replace('charset="gbk"', 'charset="gb2312"')))
    write("qp_gb18030", message("qp", "qp@seed", text_part("国庆期间全区接待游客12万人次。" * 6 + "\n",
                                                           charset="gb18030", cte="quoted-printable")))
    write("big5", message(ew("繁體標題", "big5"), "big5@seed", text_part("臺灣同胞來訪。", charset="big5")))
    write("uuencode", message("uu", "uu@seed", "Content-Type: text/plain; charset=utf-8\n"
                              "Content-Transfer-Encoding: x-uuencode\n\n"
                              "begin 644 a.txt\n#86)C\n`\nend\n"))
    # Encoded-word subjects: GB18030, GBK (split inside a character), Big5, UTF-8, mixed with raw 8-bit.
    gbk = "【区文旅局】国庆".encode("gbk")
    split = "".join(f"={c:02X}" for c in gbk[:5]), "".join(f"={c:02X}" for c in gbk[5:])
    subjects = [
        ew("【区人社局】就业推进会", "gb18030"),
        f"=?GBK?Q?{split[0]}?= =?GBK?Q?{split[1]}?=",
        ew("繁體中文標題", "big5") + " " + ew("標題", "BIG5", "Q"),
        ew("政务公开", "utf-8", "Q") + "\n\t" + ew("第3季度", "UTF-8"),
        "前缀 " + ew("编码", "gb2312") + " 后缀 =?unknown-x?B?AAAA?= =?utf-8?B?broken",
    ]
    for i, s in enumerate(subjects):
        write(f"subject_{i}", message(s, f"subj{i}@seed", text_part(f"主题测试{i}。\n")))
    raw8 = (HEAD + "Subject: ").encode() + "原始八位标题".encode("gb18030") + \
        b"\nMessage-ID: <raw8@seed>\nContent-Type: text/plain; charset=utf-8\n\n" + "标签错误".encode("gbk") + b"\n"
    write("subject_raw8bit", raw8)
    # Received headers with odd dates: the topmost one without a date, two-digit and
    # four-digit years, obsolete zones, comments, no ';', out-of-range fields, the epoch.
    dates = [
        "from a by b; 31 Aug 20 23:30:00 EDT",
        "from a by b (comment; with semicolon); Mon, 31 Aug 2020 16:30:00 GMT (UTC)",
        "from a by b id x",
        "from a by b; 32 Feb 2020 25:61:61 +9999",
        "from a by b; Thu, 01 Jan 1970 00:00:00 +0000",
        "from a by b; Fri, 31 Dec 9999 23:59:59 -1200",
        "from a by b;\n\tMon,\n\t31 Aug 2020 23:30 +0800 (CST)",
        "from a by b; 2020-08-31T23:30:00+08:00",
        "from a by b; ;;",
    ]
    for i in range(0, len(dates), 3):
        head = "".join(f"Received: {d}\n" for d in dates[i:i + 3]) + "From: a@example.gov.cn\nDate: garbage\n"
        write(f"received_{i // 3}", message("received", f"recv{i}@seed", text_part("收到时间。\n"), head=head))
    # An mbox entry: "From " line first, a ">From " body line, CRLF line ends.
    mbox = ("From xinxi@rsj.example.gov.cn Mon Aug 31 10:00:00 2020\n" +
            message("mbox", "mbox@seed", "Content-Type: text/plain; charset=utf-8\n\n正文\n>From here\n"))
    write("mbox_from", mbox)
    write("crlf", message("crlf", "crlf@seed", text_part("回车换行。\n", cte="8bit")).replace("\n", "\r\n"))
    # Damage: junk before the headers, a boundary that never occurs but "--token" does,
    # a multipart without parts, an unterminated header, deep nesting.
    write("junk_before", "\x00\xff垃圾行\n" + message("junk", "junk@seed", text_part("正文。\n")))
    write("wrong_boundary", message("wrong", "wrong@seed",
                                    "Content-Type: multipart/mixed; boundary=\"declared\"\n\n--used\n"
                                    + text_part("真正的分隔线。\n") + "--used\n" + image + "--used--\n"))
    write("truncated_header", message("cut", "cut@seed", "").rstrip("\n") + "\nX-Cut: abc\n\tdef")
    deep = "正文\n"
    for i in range(40):
        deep = f"Content-Type: multipart/mixed; boundary=\"d{i}\"\n\n--d{i}\n" + deep + f"--d{i}--\n"
    write("deep", message("deep", "deep@seed", deep))
    # Signature, quoted lines and a forwarded block.
    write("quotes", message("quotes", "q@seed", text_part(
        "正文一。\n> 引用\n-----Original Message-----\nFrom: x\n旧内容\n", cte="8bit")))
    write("signature", message("sig", "sig@seed", text_part("正文二。\n\n发件人：张三\n-- \n签名\n", cte="8bit")))
    # From as a group, encoded display names, an empty Message-ID.
    write("group_from", "From: 办公室: =?gb2312?B?1cXI/Q==?= <Zhang@Example.GOV.CN>, li@x.cn;\n"
          "Message-ID: <>\nSubject:\nContent-Type: text/plain\n\nbody\n")
