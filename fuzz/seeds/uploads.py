"""Seeds of the mbox target (mbox files) and the multipart target (an upload's
Content-Type parameters on the first line, then the multipart/form-data body;
see multipart_fuzzer.cpp).

mbox: the first messages of tests/corpora/mail/linzi-2020q3/收件箱.mbox, and
hand-made files for each rule of src/mail/mbox.h (mboxrd quoting, CRLF,
blank lines and other bytes before the first "From " line, a "From " line
without an empty line before it, a Content-Length header, a "From " line at
the very end). multipart: bodies as browsers send them for each upload route
(a quarter's file, mail to import, a rectification reply with its evidence),
and the shapes the parser must survive.
"""
from .common import ROOT, Corpus

MBOX = ROOT / "tests" / "corpora" / "mail" / "linzi-2020q3" / "收件箱.mbox"


def mail(sender, subject, body, crlf=False):
    text = (f"From {sender} Mon Aug 31 10:00:00 2020\nFrom: {sender}\nSubject: {subject}\n"
            f"Content-Type: text/plain; charset=utf-8\n\n{body}\n")
    return text.replace("\n", "\r\n") if crlf else text


def write_mbox():
    corpus = Corpus("mbox")
    data = MBOX.read_bytes()
    starts = [i for i in range(len(data)) if data.startswith(b"From ", i) and (i == 0 or data[i - 1:i] == b"\n")]
    for count in (1, 2, 4):
        if len(starts) > count and starts[count] < 48 * 1024:
            corpus.copy(f"linzi_first_{count}.mbox", data[:starts[count]])
    a = mail("a@x.cn", "【区人社局】一", "正文一\n>From 引用\n>>From 两层\nFrom: 不是分隔")
    b = mail("b@x.cn", "【区教体局】二", "正文二")
    corpus.seed("two.mbox", a + "\n" + b)
    corpus.seed("two_crlf.mbox", mail("a@x.cn", "一", "正文", crlf=True) + "\r\n" + mail("b@x.cn", "二", "正文", crlf=True))
    corpus.seed("no_blank_before_from.mbox", a + b)
    corpus.seed("leading_blank_line.mbox", "\n" + a + "\n" + b)
    corpus.seed("leading_bom.mbox", "\ufeff" + a + "\n" + b)
    corpus.seed("leading_text.mbox", "导出说明\n\n" + a)
    corpus.seed("content_length.mbox", a.replace("Content-Type:", "Content-Length: 40\nContent-Type:") +
                "\nFrom c@x.cn Mon Aug 31 10:00:00 2020\n\n")
    corpus.seed("from_at_end.mbox", a + "\nFrom ")
    corpus.seed("eml_only.mbox", "From: a@x.cn\nSubject: 一\n\n正文\n")
    corpus.seed("blank.mbox", "\n\r\n \n")


def form(boundary, parts, parameters=None, crlf=True, close=True):
    """First line (the Content-Type parameters), then the body."""
    eol = "\r\n" if crlf else "\n"
    body = ""
    for headers, content in parts:
        body += f"--{boundary}{eol}" + "".join(h + eol for h in headers) + eol + content + eol
    if close:
        body += f"--{boundary}--{eol}"
    return (parameters if parameters is not None else f"; boundary={boundary}") + "\n" + body


def disposition(name, filename=None):
    return f'Content-Disposition: form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")


def write_multipart():
    corpus = Corpus("multipart")
    b = "----WebKitFormBoundary7MA4YWxkTrZu0gW"
    csv = "单位,7月,8月,9月\r\n区自然资源局,90,134,45\r\n"
    corpus.seed("upload_csv", form(b, [([disposition("file", "网站发布.csv"), "Content-Type: text/csv"], csv),
                                       ([disposition("mode")], "commit")]))
    corpus.seed("mail_import", form(b, [([disposition("file", "一.eml"), "Content-Type: message/rfc822"],
                                         "From: a@x.cn\r\nSubject: 一\r\n\r\n正文\r\n"),
                                        ([disposition("file", "收件箱.mbox"), "Content-Type: application/octet-stream"],
                                         mail("b@x.cn", "二", "正文"))]))
    corpus.seed("reply", form(b, [([disposition("text")], "  已整改，见附件。 "), ([disposition("link")], "http://x.cn/1"),
                                  ([disposition("at")], "2020-10-15 10:00"),
                                  ([disposition("file", "C:\\Users\\张三\\..\\证明.pdf"),
                                    "Content-Type: application/pdf"], "%PDF-1.4\n%%EOF")]))
    corpus.seed("reason_hidden_name", form(b, [([disposition("reason")], "申诉理由"),
                                               ([disposition("file", "../../.bashrc")], "x")]))
    corpus.seed("rfc2231_name", form(b, [(["Content-Disposition: form-data; name=\"file\"; "
                                           "filename*=UTF-8''%E8%AF%81%E6%98%8E.pdf"], "pdf")]))
    corpus.seed("quoted_boundary", form("a b\"c", [([disposition("text")], "引号")], parameters='; boundary="a b\\"c"'))
    corpus.seed("lf_only", form(b, [([disposition("text")], "只用换行")], crlf=False))
    corpus.seed("no_close", form(b, [([disposition("file", "a.csv")], csv)], close=False))
    corpus.seed("preamble_epilogue", "; boundary=x\n前言\r\n--x\r\n" + disposition("text") + "\r\n\r\n正文\r\n--x--\r\n结语")
    corpus.seed("empty_file", form(b, [([disposition("file", "")], "")]))
    corpus.seed("no_boundary", "\n--x\r\n" + disposition("text") + "\r\n\r\n无边界参数\r\n--x--\r\n")
    corpus.seed("charset_param", form(b, [([disposition("text"), "Content-Type: text/plain; charset=gbk"],
                                           "中文".encode("gbk").decode("latin-1"))],
                                      parameters=f"; charset=utf-8; boundary={b}"))
