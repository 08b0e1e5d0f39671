#!/usr/bin/env python3
"""The mail benchmark's baseline: the job of zwgk_bench_mail_parse done with
Python's standard `email` package.

    bench/baseline_mail_parse.py MBOX [--dump FILE]

Reads the whole mbox, splits it at "From " lines after an empty line (as
split_mbox does; mailbox.mbox would re-read the file line by line), undoes
the mboxrd quoting, and for every message: email.message_from_bytes with
policy.default; the sender's address; the subject decoded
(email.header.decode_header, gb2312/gbk read as gb18030); the date of the
topmost Received header that has one (email.utils) in China Standard Time;
the body: text/plain parts, else text/html converted to text with
html.parser, decoded with the declared charset (gb2312/gbk as gb18030;
invalid bytes: UTF-8, else GB18030, else replacement characters), without
quoted lines and signature (the rules of src/mail/body_text.h); characters
counted as letters, digits and ideographs (str.isalnum, which includes Han);
image parts counted (image/* or a picture file name), attachments listed.

Prints one JSON line with the fields of zwgk_bench_mail_parse:
  {"tool":"python","threads","bytes","messages","errors","read_s","split_s",
   "parse_s","seconds","cpu_s","mb_per_s","messages_per_s","characters",
   "pictures","received","senders","subjects","needs_review","peak_rss_kb"}
needs_review is always 0 here (the baseline does not collect reasons).
"""
import datetime
import email
import email.header
import email.policy
import email.utils
import html.parser
import json
import re
import resource
import sys
import time

CST = datetime.timezone(datetime.timedelta(hours=8))
SEPARATOR = re.compile(rb"\n\r?\nFrom ")
QUOTED_FROM = re.compile(rb"^>(>*From )", re.M)
PICTURE_EXT = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic")
GB = {"gb2312", "gbk", "cp936", "x-gbk", "euc-cn", "gb_2312-80", "x-euc-cn", "windows-936", "csgb2312", "gb18030"}


def charset_name(label):
    label = (label or "").strip().strip('"').lower()
    return "gb18030" if label in GB else ("utf-8" if label == "utf8" else label)


def decode_text(data, label):
    name = charset_name(label)
    if name:
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    for fallback in ("utf-8", "gb18030"):
        try:
            return data.decode(fallback)
        except UnicodeDecodeError:
            pass
    return data.decode("utf-8", "replace")


def decode_subject(raw):
    if raw is None:
        return ""
    # 8-bit header bytes arrive as surrogate escapes.
    raw = raw.encode("utf-8", "surrogateescape").decode("latin-1") if any(
        "\udc80" <= c <= "\udcff" for c in raw) else raw
    out = []
    for data, charset in email.header.decode_header(raw):
        if isinstance(data, str):
            data = data.encode("latin-1", "replace")
        out.append(decode_text(data, charset))
    return "".join(out).strip()


class HtmlText(html.parser.HTMLParser):
    BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "section",
             "article", "hr"}
    SKIP = {"script", "style", "head", "title", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def html_to_text(text):
    parser = HtmlText()
    parser.feed(text)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.out).split("\n"))
    return "\n".join(line for line in lines if line)


def strip_quotes_and_signature(text):
    out = []
    for line in text.split("\n"):
        line = line.rstrip("\r")
        if line in ("-- ", "--"):
            break
        t = line.strip()
        if t.startswith(("-----原始邮件-----", "-----Original Message-----", "发件人:", "发件人：",
                         "---- 回复的原邮件 ----")):
            break
        if t.startswith(">"):
            continue
        out.append(line)
    return "\n".join(out).rstrip("\n \t")


def count_characters(text):
    return sum(1 for c in text if c.isalnum())


def received_date(msg):
    for value in msg.get_all("received", []):
        value = str(value)
        if ";" not in value:
            continue
        try:
            when = email.utils.parsedate_to_datetime(value.rsplit(";", 1)[1].strip())
        except (TypeError, ValueError, IndexError):
            continue
        if when.tzinfo is None:
            when = when.replace(tzinfo=datetime.timezone.utc)
        return when.astimezone(CST)
    return None


def parse(data):
    msg = email.message_from_bytes(data, policy=email.policy.default)
    sender = ""
    from_header = msg["from"]
    if from_header is not None:
        try:
            addresses = from_header.addresses
            if addresses:
                sender = addresses[0].addr_spec.lower()
        except (AttributeError, IndexError):
            pass
    subject = None
    for name, value in msg.raw_items():
        if name.lower() == "subject":
            subject = value
            break
    subject = decode_subject(subject)
    received = received_date(msg)

    plain, html, pictures, attachments = [], [], 0, []
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            attachments.append(part.get_filename() or "附带的邮件.eml")
            continue
        name = part.get_filename() or ""
        if name:
            attachments.append(name)
        if ctype.startswith("image/") or name.lower().endswith(PICTURE_EXT):
            pictures += 1
            continue
        if name or part.get_content_disposition() == "attachment":
            continue
        if ctype not in ("text/plain", "text/html"):
            continue
        text = decode_text(part.get_payload(decode=True) or b"", part.get_param("charset"))
        (plain if ctype == "text/plain" else html).append(text if ctype == "text/plain" else html_to_text(text))
    bodies = plain or html
    text = "\n".join(s for s in (strip_quotes_and_signature(b) for b in bodies) if s)
    return {"from": sender, "subject": subject, "received": received, "characters": count_characters(text),
            "pictures": pictures, "attachments": attachments, "text": text}


def main():
    path = sys.argv[1]
    dump_path = sys.argv[sys.argv.index("--dump") + 1] if "--dump" in sys.argv else None
    start, cpu_start = time.perf_counter(), time.process_time()
    with open(path, "rb") as f:
        data = f.read()
    read_s = time.perf_counter() - start

    t = time.perf_counter()
    # Separators: "From " at the start of the file or after an empty line;
    # an entry runs to the empty line before the next one.
    bounds = [(0, 0)] if data.startswith(b"From ") else []
    bounds += [(m.start() + 1, m.end() - 5) for m in SEPARATOR.finditer(data)]
    split_s = time.perf_counter() - t

    t = time.perf_counter()
    totals = dict(messages=0, errors=0, characters=0, pictures=0, received=0, senders=0, subjects=0)
    dump = []
    for i, (_, start_at) in enumerate(bounds):
        end = bounds[i + 1][0] if i + 1 < len(bounds) else len(data)
        nl = data.find(b"\n", start_at, end)
        message = data[nl + 1:end] if nl >= 0 else b""
        if b">From " in message:
            message = QUOTED_FROM.sub(rb"\1", message)
        totals["messages"] += 1
        try:
            m = parse(message)
        except Exception as e:  # noqa: BLE001 - a message that breaks the baseline is counted
            totals["errors"] += 1
            dump.append(f"ERROR\t{e!r}")
            continue
        totals["characters"] += m["characters"]
        totals["pictures"] += m["pictures"]
        totals["received"] += m["received"] is not None
        totals["senders"] += bool(m["from"])
        totals["subjects"] += bool(m["subject"])
        if dump_path:
            received = m["received"].strftime("%Y-%m-%d %H:%M") if m["received"] else "-"
            dump.append("\t".join([m["from"], m["subject"].replace("\t", " "), received, str(m["characters"]),
                                   str(m["pictures"]), str(len(m["attachments"])), "|".join(m["attachments"])]))
    parse_s = time.perf_counter() - t
    seconds = time.perf_counter() - start
    cpu_s = time.process_time() - cpu_start
    if dump_path:
        with open(dump_path, "w", encoding="utf-8") as f:
            f.write("\n".join(dump) + "\n")
    print(json.dumps(dict(tool="python", threads=1, bytes=len(data), messages=totals["messages"],
                          errors=totals["errors"], read_s=round(read_s, 4), split_s=round(split_s, 4),
                          parse_s=round(parse_s, 4), seconds=round(seconds, 4), cpu_s=round(cpu_s, 4),
                          mb_per_s=round(len(data) / 1e6 / seconds, 3),
                          messages_per_s=round(totals["messages"] / seconds, 1),
                          characters=totals["characters"], pictures=totals["pictures"],
                          received=totals["received"], senders=totals["senders"], subjects=totals["subjects"],
                          needs_review=0, peak_rss_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)),
          flush=True)


if __name__ == "__main__":
    main()
