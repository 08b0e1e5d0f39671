"""The writer of make_linzi_mailbox.py's outputs: the mailbox in every form
(Maildir, half Maildir, mbox, folder of .eml files, an unparseable message),
messages.csv, and the data/ directories of the golden mail cases. See the
docstring of make_linzi_mailbox.py for the list of paths."""
import csv
import datetime as dt
import io

from linzi_registry import EXAMPLE, HERE, ROOT, registry_csv, scheme_toml

OUT = HERE / "linzi-2020q3"
GOLDEN = ROOT / "tests" / "golden"

# Golden cases that get a data/ directory; True: keep the hand-counted 投稿.csv as well.
CASES = {
    "mail-linzi-2020q3": False,
    "mail-linzi-mbox": False,
    "mail-linzi-eml": False,
    "mail-import-twice": False,
    "mail-import-twice-report": False,
    "mail-import-other-source": False,
    "mail-import-interrupted": False,
    "mail-import-interrupted-report": False,
    "mail-list-not-counted": False,
    "mail-list-unassigned": False,
    "mail-list-needs-review": False,
    "mail-list-csv": False,
    "mail-decide-assign": False,
    "mail-decide-assign-report": False,
    "mail-decide-off-topic-report": False,
    "mail-decide-exclude-report": False,
    "mail-decide-unknown-unit": False,
    "mail-decide-no-reason": False,
    "mail-decide-bad-field": False,
    "mail-bad-source-missing": False,
    "mail-bad-source-mixed": False,
    "mail-hand-counts-conflict": True,
    "mail-hand-counts-conflict-report": True,
    # Sources that are not a tidy mbox (sources/, written by make_source_cases.py).
    "mail-mbox-no-blank-line": False,
    "mail-mbox-no-blank-line-list": False,
    "mail-mbox-content-length-list": False,
    "mail-mbox-unquoted-from-list": False,
    "mail-mbox-bom": False,
    "mail-mbox-leading-blank-line": False,
    "mail-eml-holds-several": False,
    "mail-eml-folder-skipped-files": False,
    "mail-msg-file": False,
    "mail-maildir-subfolders": False,
    "mail-maildir-subfolders-show": False,
    "mail-no-id-crlf-then-lf": False,
}


def write_outputs(everything, header, body):
    import shutil
    if OUT.exists():
        shutil.rmtree(OUT)
    for sub in ("maildir/cur", "maildir/new", "maildir-half/cur", "maildir-half/new", "eml", "bad"):
        (OUT / sub).mkdir(parents=True)
    half = (len(everything) + 1) // 2
    mbox = b""
    for m in everything:
        (OUT / "maildir" / m.maildir / m.filename).write_bytes(m.data)
        if m.seq <= half:
            (OUT / "maildir-half" / m.maildir / m.filename).write_bytes(m.data)
        (OUT / "eml" / f"{m.seq:03d}.eml").write_bytes(m.data)
        quoted = b"\n".join(b">" + line if line.lstrip(b">").startswith(b"From ") else line
                            for line in m.data.split(b"\n"))
        stamp = m.received.astimezone(dt.timezone.utc).strftime("%a %b %d %H:%M:%S %Y")
        mbox += f"From {m.sender} {stamp}\n".encode() + quoted + b"\n"
    (OUT / "收件箱.mbox").write_bytes(mbox)
    (OUT / "bad" / "空邮件.eml").write_bytes(b"")

    rows = [["序号", "Maildir", "文件", "收到时间（北京时间）", "单位", "月份", "种类", "结构", "正文字符集", "主题编码",
             "归属依据", "字数", "图片数", "应为", "说明"]]
    for m in everything:
        rows.append([str(m.seq), m.maildir, f"{m.seq:03d}.eml", m.received.strftime("%Y-%m-%d %H:%M"),
                     m.unit["name"] if m.unit else "", f"{m.month}月", m.kind, m.structure, m.charset,
                     m.subject_encoding, m.attributed, str(m.chars), str(m.pictures), m.expect, m.note])
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (OUT / "messages.csv").write_bytes(buf.getvalue().encode("utf-8"))

    registry = registry_csv(header, body)
    scheme = scheme_toml()
    for case, keep_counts in CASES.items():
        data = GOLDEN / case / "data"
        if data.exists():
            shutil.rmtree(data)
        (data / "2020Q3").mkdir(parents=True)
        (data / "单位名录.csv").write_bytes(registry)
        (data / "考核方案.toml").write_bytes(scheme)
        (data / "通报模板.txt").write_bytes((EXAMPLE / "通报模板.txt").read_bytes())
        names = ["网站发布.csv", "采用.csv", "检查.csv", "通报模板.txt"] + (["投稿.csv"] if keep_counts else [])
        for name in names:
            (data / "2020Q3" / name).write_bytes((EXAMPLE / "2020Q3" / name).read_bytes())
