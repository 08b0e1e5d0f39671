"""The message builders of make_linzi_mailbox.py: one submission as the bytes a
mail server delivers (Received, From, Subject, Date and Message-ID headers over
a MIME body of a given structure), and the Mail record of what it must count
for. Deterministic: every choice comes from SHA-256 of a fixed label (see
linzi_articles.number and pick)."""
import base64
import datetime as dt
import hashlib

from linzi_articles import count_chars, number, pick
from linzi_mime import (attachment_part, docx, encoded_words, html_of, image_part, in_zone, jpeg, multipart, png,
                        rfc2822, text_part)
from linzi_registry import SLUGS, addresses

OFFICE = "zwgk@linzi.gov.cn"
CST = dt.timezone(dt.timedelta(hours=8))


# ----------------------------------------------------------------- messages

class Mail:
    """One message to write, with what it must count for."""

    def __init__(self, key, unit, month, received, kind, expect, note):
        self.key, self.unit, self.month, self.received = key, unit, month, received
        self.kind, self.expect, self.note = kind, expect, note
        self.data = b""
        self.maildir = "cur"
        self.chars = 0
        self.pictures = 0
        self.sender = ""


def envelope(sender, sender_name, subject_bytes, received_lines, date, message_id):
    h = list(received_lines)
    h.append(f"From: {encoded_words(sender_name)} <{sender}>")
    h.append(f"To: =?UTF-8?B?{base64.b64encode('区政务公开投稿'.encode()).decode()}?= <{OFFICE}>")
    h.append("Subject: \0")
    if date:
        h.append(f"Date: {date}")
    if message_id:
        h.append(f"Message-ID: <{message_id}>")
    h.append("X-Mailer: " + pick(sender + "/mailer", ["Foxmail 7.2.19.158[cn]", "Coremail Webmail Server",
                                                     "Microsoft Outlook 16.0", "QQMail 2.x"]))
    h.append("MIME-Version: 1.0")
    return "".join(f"{line}\n" for line in h).encode("utf-8").replace(b"\0", subject_bytes, 1)


def received_header(sender, cst, zone_hours, label, relay=False):
    """The office server's Received header (topmost), in the given zone; and the sender's server below it."""
    slug = sender.split("@")[1]
    sid = hashlib.sha256(label.encode()).hexdigest()[:12].upper()
    at = in_zone(cst, zone_hours)
    via = "relay.mail.gov.cn" if relay else f"mail.{slug}"
    top = (f"Received: from {via} (unknown [10.{number(label + '/ip1', 1, 250)}.{number(label + '/ip2', 1, 250)}.7])\n"
           f"\tby mail.linzi.gov.cn (Coremail) with SMTP id {sid};\n\t{rfc2822(at)}")
    below = (f"Received: from pc (unknown [192.168.{number(label + '/ip3', 1, 250)}.20])\n"
             f"\tby {via} with ESMTPA;\n\t{rfc2822(in_zone(cst - dt.timedelta(seconds=37), 8))}")
    return [top, below]


def message_id(cst, label, sender):
    return f"{cst.strftime('%Y%m%d%H%M%S')}.{hashlib.sha256(label.encode()).hexdigest()[:10]}@{sender.split('@')[1]}"


def subject_for(style, unit, title):
    """(Subject header value, decoded subject). Styles: see README.md."""
    short = unit["short"]
    headline = title[len(short):]
    if style == "bracket":
        s = f"【{short}】{headline}"
    elif style == "bracket-alias":
        s = f"【{unit['names'][-1]}】{headline}"
    elif style == "ascii-bracket":
        s = f"[{short}]{headline}"
    elif style == "colon":
        s = f"{short}：{headline}"
    else:  # "title": the article title, attributed by the sender address
        s = title
    return s


def build(m, unit, title, paras, *, structure, charset="utf-8", subject_style="title", subject_charset="UTF-8",
          subject_encoding="B", sender=None, sender_name=None, zone=8, relay=False, with_received=True,
          with_message_id=True, signature=None, subject=None, body_text=None, attachment=None):
    """Writes m.data: one message of the given structure (see README.md); sets m.chars and m.pictures."""
    label = m.key
    sender = sender or addresses(unit["name"])[0]
    m.sender = sender
    sender_name = sender_name or unit["short"]
    cst = m.received
    subject = subject or subject_for(subject_style, unit, title)
    if subject_encoding == "8bit-gbk":
        subject_bytes = subject.encode("gbk")
    elif subject_encoding == "8bit-utf8":
        subject_bytes = subject.encode("utf-8")
    else:
        subject_bytes = encoded_words(subject, subject_charset, subject_encoding).encode("ascii")
    received = received_header(sender, cst, zone, label, relay) if with_received else []
    lag = dt.timedelta(seconds=number(label + "/lag", 20, 90) if with_received else 0)  # else Date is the time
    date = rfc2822(in_zone(cst - lag, 8))
    mid = message_id(cst, label, sender) if with_message_id else None
    text = body_text if body_text is not None else "\n\n".join([title] + paras)
    sig = f"\n\n-- \n{signature}" if signature else ""
    stamp = cst.strftime("%Y%m%d_%H%M%S")
    b = lambda i: f"----=_Part_{hashlib.sha256(label.encode()).hexdigest()[:16]}_{i}"
    plain_cte = {"gb18030": "quoted-printable", "gbk": "8bit"}.get(charset, "base64")
    docx_mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    # A .docx submission's covering note names the article (and says it is a 政务公开 article).
    note = f"各位领导：\n报送我单位政务公开信息稿件《{title}》，正文及图片见附件，请审阅。"

    if structure == "plain+jpg":
        parts = [text_part(text + sig + "\n", charset=charset, cte=plain_cte),
                 image_part(jpeg(label), "jpeg", f"IMG_{stamp}.jpg")]
    elif structure == "plain+2png":
        parts = [text_part(text + sig + "\n", charset=charset, cte=plain_cte),
                 image_part(png(label + "1"), "png", "photo1.png"), image_part(png(label + "2"), "png", "photo2.png")]
    elif structure == "alternative+png":
        alt = multipart("alternative", b(1), [text_part(text + sig + "\n", cte="quoted-printable"),
                                              text_part(html_of([title] + paras), "html", cte="quoted-printable")])
        parts = [alt, image_part(png(label), "png", f"Screenshot_{stamp}.png")]
    elif structure == "related":
        lines = [f"<p style=\"text-indent:2em\">{p}</p>\n" for p in [title] + paras]
        lines.insert(min(3, len(lines)), '<p><img src="cid:img001@zwgk" width="480"></p>\n')
        html = html_of([], charset).replace("<body>\n", "<body>\n" + "".join(lines))
        parts = None
        body = multipart("related", b(1), [text_part(html, "html", charset=charset, cte="base64"),
                                           image_part(jpeg(label), "jpeg", "img001.jpg", inline_cid="img001@zwgk")])
    elif structure == "html+jpg":
        parts = [text_part(html_of([title] + paras), "html", cte="quoted-printable"),
                 image_part(jpeg(label), "jpeg", f"DSC_{number(label + '/dsc', 1000, 9999)}.JPG")]
    elif structure == "docx":
        parts = [text_part(note + sig + "\n", charset=charset, cte=plain_cte),
                 attachment_part(docx(title, paras, png(label)), docx_mime, title + ".docx")]
        text = note + "\n" + title + "".join(paras)
    elif structure == "docx+jpg":
        parts = [text_part(note + sig + "\n", charset=charset, cte="quoted-printable"),
                 attachment_part(docx(title, paras, png(label)), docx_mime, "稿件.docx"),
                 image_part(jpeg(label), "jpeg", f"IMG_{stamp}.jpg")]
        text = note + "\n" + title + "".join(paras)
    elif structure == "text+jpg":    # body_text as it is (a reply), and a picture
        parts = [text_part(text + "\n", cte="base64"), image_part(jpeg(label), "jpeg", f"IMG_{stamp}.jpg")]
    elif structure == "text+doc":    # body_text and a .doc attachment
        parts = [text_part(text + "\n", cte="base64"), attachment_part(attachment, "application/msword",
                                                                        f"{unit['short']}8月稿件.doc")]
    elif structure == "plain-only":
        parts = None
        body = text_part(text + sig + "\n", charset=charset, cte=plain_cte)
    else:
        raise ValueError(structure)
    if parts is not None:
        body = multipart("mixed", b(0), parts)
    m.pictures = {"plain+2png": 2, "docx+jpg": 2, "plain-only": 0, "text+doc": 0}.get(structure, 1)
    counted = text.split("\n-----原始邮件-----")[0] if structure == "text+jpg" else text
    m.chars = count_chars(counted)
    head = envelope(sender, sender_name, subject_bytes, received, date, mid)
    m.data = head + body.render()
    m.subject = subject
    m.structure = structure
    m.charset = charset if structure not in ("alternative+png", "html+jpg", "text+jpg", "text+doc") else "utf-8"
    m.subject_encoding = {"B": f"{subject_charset} B", "Q": f"{subject_charset} Q", "8bit-gbk": "8位 GBK",
                          "8bit-utf8": "8位 UTF-8"}[subject_encoding]
    registered = sender in {a for name in SLUGS for a in addresses(name)}
    bracketed = subject.startswith(("【", "[")) or (subject.startswith(unit["short"] + "："))
    m.attributed = "" if m.expect == "未归属" else "主题" if bracketed else ("发件邮箱" if registered else "")
    return m
