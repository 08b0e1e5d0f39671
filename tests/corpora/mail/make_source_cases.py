#!/usr/bin/env python3
"""Writes the mail sources of the golden cases about reading mailboxes (tests/corpora/mail/sources/).

Run from anywhere: python3 make_source_cases.py. Standard library only; the
messages are built like those of linzi-2020q3 (make_linzi_mailbox.py) and the
output is deterministic. The data/ folders of the cases are written by
make_linzi_mailbox.py (its CASES). README.md next to this file lists the files.

Each file is one way a real mailbox export differs from a tidy mboxrd file,
with realistic submissions in it, so that a mistake shows as a wrong count:
  no-blank-line.mbox       three units' messages, no empty line before the
                           second and third "From " lines (issue 12)
  content-length.mbox      Netscape style: "From - <date>" lines and
                           Content-Length headers; a body holds a line shaped
                           like an envelope line, one count is wrong (issue 12)
  unquoted-from.mbox       a body line "From now on，…" after an empty line,
                           not quoted (mboxo written carelessly) (issue 12)
  bom.mbox                 a UTF-8 BOM before the first "From " line (issue 13)
  leading-blank-line.mbox  one empty line before the first "From " line (issue 13)
  several.eml              the three messages of bom.mbox without the BOM,
                           saved as one .eml (issue 13)
  导出/                     an Outlook export: a .msg, a text file and a
                           subfolder, no .eml at the top (issue 15)
  单位报送.msg               an Outlook .msg given on its own (issue 15)
  maildir/                 a Maildir with Maildir++ subfolders: 投稿 (.&YpV6Pw-),
                           已发送 (.&XfJT0ZAB-) and .Trash (issue 15)
  no-id-crlf.eml           a message without Message-ID saved with CRLF line ends,
  no-id-maildir/           and the same message in a Maildir with LF (issue 15)
"""
import base64
import datetime as dt
import hashlib
import shutil

from linzi_articles import article, exact_length
from linzi_registry import HERE, read_registry
from make_linzi_mailbox import CST, Mail, build

OUT = HERE / "sources"


def message(units, key, unit, when, *, chars=None, charset="utf-8", extra=None, with_message_id=True):
    """One submission (a Mail with .data) of `unit` received at `when` (CST, 2020)."""
    u = units[unit]
    m = Mail(key, u, when.month, when, "", "", "")
    title, paras = article(u, key, when, measures=4)
    if chars is not None:
        paras = exact_length([title] + paras, chars)[1:]
    if extra is not None:
        paras = paras[:1] + [extra] + paras[1:]
    build(m, u, title, paras, structure="plain+jpg", charset=charset, subject_style="bracket",
          with_message_id=with_message_id)
    return m


def envelope(m, sender=None):
    stamp = m.received.astimezone(dt.timezone.utc).strftime("%a %b %d %H:%M:%S %Y")
    return f"From {sender or m.sender} {stamp}\n".encode()


def mboxrd(mails):
    out = b""
    for m in mails:
        quoted = b"\n".join(b">" + line if line.lstrip(b">").startswith(b"From ") else line
                            for line in m.data.split(b"\n"))
        out += envelope(m) + quoted + b"\n"
    return out


def with_content_length(m, count=None):
    """m.data with a Content-Length header giving its body's length (or `count`)."""
    head, body = m.data.split(b"\n\n", 1)
    return head + f"\nContent-Length: {len(body) if count is None else count}".encode() + b"\n\n" + body


def mutf7(name):
    """IMAP's modified UTF-7 (RFC 3501 5.1.3) of a name without ASCII: 投稿 -> &YpV6Pw-."""
    b64 = base64.b64encode(name.encode("utf-16-be")).decode().rstrip("=").replace("/", ",")
    return f"&{b64}-"


def maildir_file(folder, m, n):
    folder.mkdir(parents=True, exist_ok=True)
    epoch = int(m.received.timestamp())
    (folder / f"{epoch}.M{n:03d}P2020.mail.linzi.gov.cn,S={len(m.data)}:2,S").write_bytes(m.data)


def main():
    _, _, unit_list = read_registry()
    units = {u["name"]: u for u in unit_list}
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir()
    at = lambda day, hour, minute: dt.datetime(2020, 8, day, hour, minute, 0, tzinfo=CST)

    # Issue 12: the article of 区司法局 has 372 characters; merged with the next two it would pass 400.
    three = [message(units, "来源-司法-372字", "区司法局", at(17, 9, 12), chars=372),
             message(units, "来源-人社", "区人社局", at(18, 10, 3)),
             message(units, "来源-敬仲", "敬仲镇", at(19, 15, 41))]
    (OUT / "no-blank-line.mbox").write_bytes(b"".join(envelope(m) + m.data for m in three))

    # Issue 12, Content-Length: a forwarded notice in a raw 8-bit body starts a line the way an
    # mbox separator does; the counts of the first and last messages are right, the second's is not.
    notice = "From xxgk@sfj.linzi.gov.cn Mon Aug 24 09:00:00 2020"
    netscape = [message(units, "来源-教体-转发", "区教体局", at(24, 9, 30), charset="gbk",
                        extra=f"附：转发的通知原文如下。\n\n{notice}\n区司法局关于报送政务公开信息的通知"),
                message(units, "来源-农业", "区农业农村局", at(25, 11, 5)),
                message(units, "来源-闻韶", "闻韶街道", at(26, 16, 20))]
    content_length = b""
    for i, m in enumerate(netscape):
        stamp = m.received.astimezone(dt.timezone.utc).strftime("%a %b %d %H:%M:%S %Y")
        data = with_content_length(m, len(m.data.split(b"\n\n", 1)[1]) - 40 if i == 1 else None)
        content_length += f"From - {stamp}\n".encode() + data + b"\n"
    (OUT / "content-length.mbox").write_bytes(content_length)

    # Issue 12, mboxo written carelessly: a body line starting "From " after an empty line, unquoted.
    careless = [message(units, "来源-退役-英文", "区退役军人事务局", at(20, 8, 50), charset="gbk",
                        extra="From now on，本局每月在门户网站同步发布英文版优抚政策解读。"),
                message(units, "来源-医保", "临淄医疗保障分局", at(21, 14, 7))]
    (OUT / "unquoted-from.mbox").write_bytes(b"".join(envelope(m) + m.data + b"\n" for m in careless))

    # Issue 13: a BOM, or one empty line, before the first "From " line; the same messages as one .eml.
    (OUT / "bom.mbox").write_bytes(b"\xef\xbb\xbf" + mboxrd(three))
    (OUT / "leading-blank-line.mbox").write_bytes(b"\n" + mboxrd(three))
    (OUT / "several.eml").write_bytes(mboxrd(three))

    # Issue 15: an Outlook export without .eml files, and a .msg on its own.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + hashlib.sha256(b"msg").digest() * 16
    (OUT / "导出" / "旧稿").mkdir(parents=True)
    (OUT / "导出" / "区司法局投稿.msg").write_bytes(ole)
    (OUT / "导出" / "说明.txt").write_bytes("8月投稿，Outlook 导出。\n".encode())
    (OUT / "导出" / "旧稿" / "7月投稿.eml").write_bytes(three[0].data)
    (OUT / "单位报送.msg").write_bytes(ole)

    # Issue 15: a Maildir whose server files mail into Maildir++ subfolders.
    box = OUT / "maildir"
    maildir_file(box / "cur", message(units, "来源-收件箱", "区机关事务服务中心", at(12, 9, 0)), 1)
    maildir_file(box / f".{mutf7('投稿')}" / "cur", message(units, "来源-投稿-1", "区投资促进中心", at(13, 10, 0)), 2)
    maildir_file(box / f".{mutf7('投稿')}" / "cur", message(units, "来源-投稿-2", "金岭回族镇", at(14, 11, 0)), 3)
    maildir_file(box / f".{mutf7('已发送')}" / "cur", message(units, "来源-已发送", "区司法局", at(15, 12, 0)), 4)
    maildir_file(box / ".Trash" / "cur", message(units, "来源-已删除", "临淄生态环境分局", at(16, 13, 0)), 5)

    # Issue 15: one message without Message-ID, as a CRLF .eml and in a Maildir (LF).
    plain = message(units, "来源-无编号", "临淄生态环境分局", at(27, 10, 10), with_message_id=False)
    (OUT / "no-id-crlf.eml").write_bytes(plain.data.replace(b"\n", b"\r\n"))
    maildir_file(OUT / "no-id-maildir" / "cur", plain, 1)


if __name__ == "__main__":
    main()
