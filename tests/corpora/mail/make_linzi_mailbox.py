#!/usr/bin/env python3
"""Writes the mailbox that reproduces the seed bulletin's 附件3 (tests/corpora/mail/linzi-2020q3/)
and the data directories of the golden cases tests/golden/mail-*/data/.

Run from anywhere: python3 make_linzi_mailbox.py. Standard library only; the
article texts are in linzi_articles.py, the MIME pieces in linzi_mime.py, the
registry and scheme of the cases in linzi_registry.py, the message builders in
linzi_messages.py and the writer of the outputs in linzi_outputs.py; this file
plans the corpus (which unit sends what, when, and the noise). The
output is deterministic (no clock, no random module, no zlib compression:
every choice comes from SHA-256 of a fixed label, .docx files are stored
uncompressed and PNG pictures use stored deflate blocks), so running it again
gives identical bytes. README.md next to this file describes what is written.

Inputs (read, never written):
  examples/linzi-2020q3/2020Q3/投稿.csv  the seed's 附件3 counts: VALID submissions per unit and month
  examples/linzi-2020q3/单位名录.csv      the registry
  examples/linzi-2020q3/考核方案.toml, 通报模板.txt and 2020Q3/{网站发布,采用,检查}.csv, 2020Q3/通报模板.txt

Outputs:
  linzi-2020q3/maildir/{cur,new}/  every message, as a mail server delivers them
  linzi-2020q3/maildir-half/       the first half of them (in the order zwgk reads the Maildir)
  linzi-2020q3/收件箱.mbox          the same messages in one mbox file (same order)
  linzi-2020q3/eml/NNN.eml         the same messages as a folder of .eml files (same order)
  linzi-2020q3/bad/空邮件.eml       an empty file: a message that cannot be parsed
  linzi-2020q3/messages.csv        what each message is and what it must count for
  tests/golden/<case>/data/        the registry with 投稿邮箱, the scheme with topic_keywords,
                                   the templates and the 2020Q3 files except 投稿.csv
                                   (the mail-hand-counts-conflict cases keep 投稿.csv)
"""
import csv
import datetime as dt
import hashlib
import pathlib
import sys

# The sibling modules are imported from this file's folder, wherever it is run from.
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from linzi_articles import TOPICS, article, cn_date, exact_length, number  # noqa: E402
from linzi_messages import CST, OFFICE, Mail, build  # noqa: E402
from linzi_mime import rfc2822  # noqa: E402
from linzi_outputs import write_outputs  # noqa: E402
from linzi_registry import EXAMPLE, addresses, read_registry  # noqa: E402


# Valid messages: how each one is dressed, by its position in the list of valid messages.
STYLES = [
    # (structure, body charset, subject style, subject charset, subject encoding, sender: 0/1 registered, "p" personal)
    ("plain+jpg", "utf-8", "bracket", "UTF-8", "B", 0),
    ("alternative+png", "utf-8", "title", "UTF-8", "B", 0),
    ("related", "utf-8", "bracket", "GBK", "B", "p"),
    ("docx", "utf-8", "title", "UTF-8", "B", 0),
    ("plain+jpg", "gbk", "title", "GB2312", "Q", 0),
    ("html+jpg", "utf-8", "colon", "UTF-8", "B", 0),
    ("plain+jpg", "gb18030", "bracket", "GB18030", "B", "p"),
    ("related", "gb2312", "title", "UTF-8", "B", 1),
    ("docx+jpg", "utf-8", "bracket", "UTF-8", "B", 0),
    ("plain+2png", "utf-8", "title", "UTF-8", "B", 1),
    ("alternative+png", "utf-8", "ascii-bracket", "UTF-8", "B", 0),
]

PERSONAL = ["wangli_lz@163.com", "zhangqiang1987@126.com", "lz_liuhong@163.com", "13905330123@139.com",
            "chenjing_zb@qq.com", "sunyan.lz@163.com"]


def valid_day(unit_name, month, k, n):
    """Day, hour, minute of the k-th (of n) valid message of a unit in a month (CST)."""
    label = f"{unit_name}/{month}/{k}"
    if month == 8:
        lo, hi = (11, 31)       # the call for articles went out on 10 August
    else:
        lo, hi = (1, 30)
    span = (hi - lo + 1) // n
    day = lo + k * span + number(label + "/d", 0, max(0, span - 1))
    return dt.datetime(2020, month, day, number(label + "/h", 8, 17), number(label + "/mi", 0, 59),
                       number(label + "/s", 0, 59), tzinfo=CST)


def plan(units_by_name):
    with open(EXAMPLE / "2020Q3" / "投稿.csv", encoding="utf-8-sig", newline="") as f:
        seed = [(r["单位"], int(r["8月"] or 0), int(r["9月"] or 0)) for r in csv.DictReader(f)]

    def unit(name):
        for u in units_by_name.values():
            if name in u["names"]:
                return u
        raise KeyError(name)

    mails = []
    valid_index = 0
    for name, aug, sep in seed:
        u = unit(name)
        for month, n in ((8, aug), (9, sep)):
            for k in range(n):
                key = f"{u['short']}-{month}月-{k + 1}"
                when = valid_day(u["name"], month, k, n)
                m = Mail(key, u, month, when, "有效", "计入", "")
                m.style = STYLES[valid_index % len(STYLES)]
                m.headline_index = (0 if month == 8 else 1) + k * 2
                valid_index += 1
                mails.append(m)
    seed_counts = {(unit(n)["name"], 8): a for n, a, s in seed}
    seed_counts.update({(unit(n)["name"], 9): s for n, a, s in seed})
    return mails, seed_counts, unit


def main():
    header, body, unit_list = read_registry()
    units_by_name = {u["name"]: u for u in unit_list}
    mails, seed_counts, unit = plan(units_by_name)
    by_key = {m.key: m for m in mails}

    def find(short, month, k=1):
        return by_key[f"{short}-{month}月-{k}"]

    # ---- special valid messages (the unit/month must have the seed count for them)
    specials = {}
    aug31 = find("区退役军人事务局", 8)
    aug31.received = dt.datetime(2020, 8, 31, 23, 30, 0, tzinfo=CST)
    specials[aug31.key] = dict(zone=8, note="Received 2020-08-31 23:30 +0800：8月")
    utc = find("区退役军人事务局", 9, 1)
    utc.received = dt.datetime(2020, 9, 1, 0, 30, 0, tzinfo=CST)
    specials[utc.key] = dict(zone=0, relay=True, note="Received 2020-08-31 16:30:00 +0000 即北京时间9月1日0:30：9月")
    specials[find("区自然资源局", 8).key] = dict(zone=9, relay=True, note="Received 的时区为 +0900")
    specials[find("临淄医疗保障分局", 9).key] = dict(zone=-4, relay=True, note="Received 的时区为 -0400")
    specials[find("齐陵街道", 8).key] = dict(with_received=False, note="没有 Received 头，按 Date 计（提示核实）")
    specials[find("金岭回族镇", 9).key] = dict(with_message_id=False, note="没有 Message-ID（按内容的 SHA-256 去重）")
    specials[find("区国有资产监管局", 9).key] = dict(
        sender=addresses("区财政局")[0], sender_name="区财政局", style_subject="bracket",
        note="从区财政局的邮箱代发，主题写明【区国有资产监管局】：按主题归属（提示核实）")
    specials[find("区科技局", 8).key] = dict(style_subject="colon", note="主题以“区科技局：”开头")
    specials[find("区人社局", 8).key] = dict(style_subject="bracket-alias",
                                            note="主题用别名【区人力资源和社会保障局】")
    specials[find("临淄公路事业服务中心", 8).key] = dict(style_subject="ascii-bracket",
                                                 note="主题用简称 [临淄公路事业服务中心]")
    specials[find("闻韶街道", 9).key] = dict(subject_encoding="8bit-gbk", note="主题是未编码的8位 GBK 字节")
    specials[find("稷下街道", 9).key] = dict(subject_encoding="8bit-utf8", note="主题是未编码的8位 UTF-8 字节")
    specials[find("区体育事业发展中心", 8).key] = dict(exact=400, structure="plain+jpg", charset="utf-8",
                                                 signature="区体育事业发展中心办公室 联系电话：0533-7181234",
                                                 note="正文恰好400字（签名不计）")
    specials[find("敬仲镇", 9).key] = dict(no_keywords=True, note="标题和正文没有方案的关键词（只提示核实，照常计入）")
    specials[find("区能源事业发展中心", 8).key] = dict(from_line=True, structure="plain+jpg", charset="gbk", note="正文有一行以“From ”开头（mbox 中写成“>From ”）")
    for key, s in specials.items():
        by_key[key].note = s["note"]

    sig_pool = [None, "联系人：李明 电话：0533-7212345", None, "信息员 王芳\n手机：13805331234", None]

    for i, m in enumerate(mails):
        s = specials.get(m.key, {})
        u = m.unit
        structure, charset, sstyle, scharset, senc, who = m.style
        structure = s.get("structure", structure)
        charset = s.get("charset", charset)
        sstyle = s.get("style_subject", sstyle)
        senc = s.get("subject_encoding", senc)
        if senc in ("8bit-gbk", "8bit-utf8"):
            sstyle = "bracket"
        if who == "p" and sstyle == "title":
            sstyle = "bracket"   # a personal address needs the unit in the subject
        sender = s.get("sender")
        if not sender:
            regs = addresses(u["name"])
            sender = PERSONAL[i % len(PERSONAL)] if who == "p" else regs[min(who, len(regs) - 1)]
        headlines = TOPICS[u["name"]][1]
        headline = headlines[m.headline_index % len(headlines)]
        if s.get("no_keywords"):
            title = u["short"] + "推行村级事务阳光公示"
            paras = [
                f"{cn_date(m.received)}，敬仲镇召开村级事务阳光公示工作推进会，要求各村对照清单，把群众最关心的事项晒在阳光下。",
                "一是统一公示内容。全镇各村统一设置党务、村务、财务公示栏，按月公示集体资产资源、低保评议、土地流转、工程项目等事项，做到应示尽示。",
                "二是规范公示程序。实行村级事务“四议两公开”，公示内容经村民代表会议审议后张贴，公示期满无异议的方可实施，接受群众监督。",
                "三是创新公示方式。在传统公示栏基础上，开通村级微信群和镇公众号专栏，外出务工人员通过手机即可随时查看本村收支明细。",
                "四是强化监督检查。镇纪委会同经管站每月对各村公示情况进行抽查，对公示不及时、内容不完整的村限期整改，并纳入年度考核。",
                "五是建立长效机制。把村级事务公示纳入村干部述职评议内容，群众对公示内容有疑问的，村务监督委员会在三个工作日内调查核实并当面答复。",
                "截至9月底，全镇46个村累计公示各类事项1300余条，收集群众意见建议86条，全部及时答复办理，干群关系更加融洽。",
                "下一步，敬仲镇将持续规范村级事务公示工作，让群众明明白白、干部清清白白，为乡村振兴营造风清气正的良好环境。",
            ]
        else:
            title, paras = article(u, m.key, m.received, headline=headline, measures=3 if i % 3 else 4)
        if s.get("from_line"):
            paras = paras[:-1] + ["From 8月1日起，本中心英文网页同步发布能源项目公示信息，方便外资企业查阅。"] + paras[-1:]
        if "exact" in s:
            paras = exact_length([title] + paras, s["exact"])[1:]
        signature = s.get("signature", sig_pool[i % len(sig_pool)] if structure.startswith("plain") else None)
        build(m, u, title, paras, structure=structure, charset=charset, subject_style=sstyle,
              subject_charset=scharset, subject_encoding=senc,
              sender=sender, sender_name=s.get("sender_name"), zone=s.get("zone", 8), relay=s.get("relay", False),
              with_received=s.get("with_received", True), with_message_id=s.get("with_message_id", True),
              signature=signature)
        assert m.chars >= 400, (m.key, m.chars)
        m.article = (title, paras)

    # ---- noise: none of these may change a count
    noise = []

    # N1: the same message delivered twice (same Message-ID), the copy two hours later.
    orig = find("区司法局", 8)
    copy = Mail("区司法局-8月-1-再次投递", orig.unit, 8, orig.received + dt.timedelta(hours=2), "同一 Message-ID 重复投递",
                "不入库", "与“区司法局-8月-1”的 Message-ID 相同：导入时只存一封")
    top_end = orig.data.index(b"\nReceived: ", 1)
    redelivered = (f"Received: from mail.sfj.linzi.gov.cn (unknown [10.3.3.7])\n\tby mail.linzi.gov.cn (Coremail) "
                   f"with SMTP id REDELIVERY01;\n\t{rfc2822(copy.received)}\n").encode()
    copy.data = redelivered + orig.data[top_end + 1:]
    copy.chars, copy.pictures, copy.subject, copy.sender = orig.chars, orig.pictures, orig.subject, orig.sender
    copy.structure, copy.charset, copy.subject_encoding = orig.structure, orig.charset, orig.subject_encoding
    copy.attributed = orig.attributed
    copy.maildir = "new"
    noise.append(copy)

    # N2: the same article resent with a new Message-ID in September, as HTML. (The original is in the
    # message body: an article first sent as .docx and resent in the body is not recognised, see README.md.)
    orig = find("区民政局", 8)
    assert not orig.style[0].startswith("docx"), orig.style
    m = Mail("区民政局-9月-重发", orig.unit, 9, dt.datetime(2020, 9, 3, 9, 12, 5, tzinfo=CST), "重发（新 Message-ID、正文相同）",
             "重复", "8月稿件的正文换成网页格式在9月重发：与8月那封正文相同，只计一次（区民政局9月仍为0）")
    title, paras = orig.article
    build(m, orig.unit, title, paras, structure="related", subject=f"【区民政局】（重发）{title[len('区民政局'):]}")
    noise.append(m)

    # N3: 399 characters (a signature that would make it 400+ is not counted).
    u = units_by_name["区发改局"]
    m = Mail("区发改局-8月-字数不足", u, 8, dt.datetime(2020, 8, 26, 15, 40, 11, tzinfo=CST), "字数不足", "不合格",
             "正文399字（少于400字），有1张图片；签名不计入字数")
    title, paras = article(u, m.key, m.received, measures=4)
    paras = exact_length([title] + paras, 399)[1:]
    build(m, u, title, paras, structure="plain+jpg", subject_style="bracket",
          signature="区发展和改革局办公室 信息员：赵磊 电话：0533-7180001 传真：0533-7180002")
    noise.append(m)

    # N4: long enough, no picture.
    u = units_by_name["区工信局"]
    m = Mail("区工信局-9月-无图片", u, 9, dt.datetime(2020, 9, 17, 10, 5, 42, tzinfo=CST), "没有图片", "不合格",
             "字数足够但没有图片")
    title, paras = article(u, m.key, m.received, measures=4)
    build(m, u, title, paras, structure="plain-only")
    noise.append(m)

    # N5: an unregistered personal address and no unit in the subject.
    u = units_by_name["区住建局"]
    m = Mail("未归属-住建", None, 8, dt.datetime(2020, 8, 25, 16, 22, 9, tzinfo=CST), "发件人未登记、主题无单位",
             "未归属", "区住建局新任信息员用个人邮箱投稿，主题没有单位名称：列为未归属，等人工指定")
    title, paras = article(u, m.key, m.received, measures=3)
    build(m, u, title, paras, structure="plain+jpg", sender="zhangli1990@163.com", sender_name="张丽",
          subject="关于住房城乡建设领域政务公开工作的投稿")
    noise.append(m)

    # N14: an unknown unit name in the subject (the old name 区发改委), from a personal address.
    u = units_by_name["区发改局"]
    m = Mail("未归属-发改委", None, 9, dt.datetime(2020, 9, 15, 11, 8, 30, tzinfo=CST), "主题中的单位名称未登记",
             "未归属", "主题写【区发改委】（未登记的旧称），发件人是个人邮箱：未归属，提示“是否指：区发改局”")
    title, paras = article(u, m.key, m.received, headline="公开价格监测信息", measures=3)
    build(m, u, title, paras, structure="alternative+png", sender="liuyang_lz@126.com", sender_name="刘洋",
          subject=f"【区发改委】{title[len('区发改局'):]}")
    noise.append(m)

    # N6: a reply quoting the whole August article; the new text is short.
    orig = find("区农业农村局", 8)
    u = orig.unit
    m = Mail("区农业农村局-9月-回复", u, 9, dt.datetime(2020, 9, 8, 14, 2, 51, tzinfo=CST), "回复中引用整篇旧稿",
             "不合格", "回复只写了一句话并补了一张图片，下面引用了8月整篇稿件：引用部分不计字数")
    otitle, oparas = orig.article
    reply = ("您好！按要求补充现场图片一张，请查收。\n\n-----原始邮件-----\n"
             f"发件人：\"区农业农村局\" <{orig.sender}>\n发送时间：2020年8月{orig.received.day}日\n"
             f"收件人：<{OFFICE}>\n主题：{orig.subject}\n\n" + "\n\n".join([otitle] + oparas))
    build(m, u, otitle, oparas, structure="text+jpg", subject=f"回复：{orig.subject}", body_text=reply)
    noise.append(m)

    # N7: a valid article received in June (2020Q2): outside the quarter.
    u = units_by_name["区商务局"]
    m = Mail("区商务局-6月", u, 6, dt.datetime(2020, 6, 28, 10, 30, 0, tzinfo=CST), "季度以外（6月）", "不在本季度",
             "6月收到，属于2020年第二季度：不出现在2020Q3的审核和通报中")
    title, paras = article(u, m.key, m.received, measures=3)
    build(m, u, title, paras, structure="plain+jpg", subject_style="bracket")
    noise.append(m)

    # N8: the article is in a .doc attachment: flagged, not counted until a person looks.
    u = units_by_name["区审计局"]
    m = Mail("区审计局-8月-doc", u, 8, dt.datetime(2020, 8, 27, 9, 46, 18, tzinfo=CST), ".doc 附件", "不合格",
             "稿件在 .doc 附件中（无法读取）：正文字数不足、没有图片，提示人工查看")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + hashlib.sha256(b"doc").digest() * 16
    build(m, u, "区审计局推进审计结果公告", [], structure="text+doc", subject_style="bracket", attachment=ole,
          body_text="各位领导：\n区审计局8月份政务公开稿件见附件（Word 2003 格式），请审阅。")
    noise.append(m)

    everything = mails + noise

    # ---- order: a Maildir is read cur/ then new/, each by file name (= delivery time)
    for m in everything:
        if m.received >= dt.datetime(2020, 9, 24, tzinfo=CST) and m.maildir == "cur":
            m.maildir = "new"       # the last week's mail is still unread
    for m in everything:
        m.epoch = int(m.received.timestamp())
    everything.sort(key=lambda m: (m.maildir != "cur", m.epoch, m.key))
    for n, m in enumerate(everything, 1):
        m.seq = n
        base = f"{m.epoch}.M{n:03d}P2020.mail.linzi.gov.cn,S={len(m.data)}"
        m.filename = base + (":2,S" if m.maildir == "cur" else "")
        assert m.data.endswith(b"\n")

    write_outputs(everything, header, body)
    check_counts(everything, seed_counts)


def check_counts(everything, seed_counts):
    got = {}
    for m in everything:
        if m.expect == "计入":
            got[(m.unit["name"], m.month)] = got.get((m.unit["name"], m.month), 0) + 1
    want = {k: v for k, v in seed_counts.items() if v}
    assert got == want, (got, want)


if __name__ == "__main__":
    main()
