#!/usr/bin/env python3
"""Writes a deterministic mbox of N submissions for the mail benchmark.

    bench/gen_mbox.py N OUT [--seed S]     (also writes OUT.json: counts of what was generated)

Each message is a Chinese government-affairs article of 300-1500 characters
as the district's offices send them: subjects as RFC 2047 encoded words in
UTF-8, GB2312 (with GBK bytes, as real clients do), GBK or GB18030, base64
or Q, and some raw 8-bit GBK; bodies in UTF-8, GB2312/GBK/GB18030 with
base64, quoted-printable or 8bit; single text/plain parts,
multipart/alternative (plain + HTML), HTML only in multipart/related with
inline images, multipart/mixed with image attachments of a few KB (JPEG or
PNG-looking bytes; nobody decodes them); some replies with quoted text and a
signature; two or three Received headers with dates in 2020 (mostly +0800,
some +0000). The file is mboxrd (">From " quoting), LF line ends.

Hand-written MIME with the standard library's base64/quopri codecs only, so
100,000 messages take well under two minutes. Same N and seed, same bytes.
"""
import argparse
import base64
import binascii
import collections
import datetime
import json
import random
import sys

UNITS = [
    ("区政府办公室", "zfb"), ("区发改局", "fgj"), ("区教体局", "jtj"), ("区科技局", "kjj"), ("区工信局", "gxj"),
    ("区民政局", "mzj"), ("区司法局", "sfj"), ("区财政局", "czj"), ("区人社局", "rsj"), ("区自然资源局", "zrzy"),
    ("临淄生态环境分局", "sthj"), ("区住建局", "zjj"), ("区交通运输局", "jtys"), ("区水利局", "slj"),
    ("区农业农村局", "nync"), ("区商务局", "swj"), ("区文化和旅游局", "wlj"), ("区卫生健康局", "wjj"),
    ("区退役军人事务局", "tyjr"), ("区应急管理局", "yjj"), ("区审计局", "sjj"), ("区市场监管局", "scjg"),
    ("区统计局", "tjj"), ("区医保局", "ybj"), ("区综合行政执法局", "zhzf"), ("区行政审批服务局", "xzsp"),
    ("区大数据中心", "dsj"), ("区信访局", "xfj"), ("辛店街道", "xdjd"), ("稷下街道", "jxjd"), ("齐都镇", "qdz"),
    ("皇城镇", "hcz"), ("敬仲镇", "jzz"), ("朱台镇", "ztz"), ("金岭回族镇", "jlz"), ("凤凰镇", "fhz"),
    ("金山镇", "jsz"), ("雪宫街道", "xgjd"), ("闻韶街道", "wsjd"), ("齐陵街道", "qljd"),
]
TOPICS = [
    "疫情防控", "安全生产", "乡村振兴", "营商环境", "文明城市创建", "就业创业", "扫黑除恶专项斗争", "河长制",
    "垃圾分类", "新旧动能转换", "政务公开", "“放管服”改革", "防汛抗旱", "秸秆禁烧", "冬季清洁取暖",
    "脱贫攻坚", "信访稳定", "食品安全", "大气污染防治", "双招双引", "项目建设", "人居环境整治",
    "养老服务", "义务教育均衡发展", "退役军人服务保障", "医疗保障", "“一网通办”", "12345政务服务便民热线",
    "根治欠薪", "消防安全", "森林防火", "全国文明城市复审", "第七次全国人口普查", "5G基站建设",
]
LEADERS = ["区委常委、副区长王建国", "副区长李红梅", "局党组书记、局长张伟", "党委书记刘洋", "镇长陈晓东",
           "街道党工委副书记赵敏", "分管负责同志孙立新", "主要负责同志周海涛", "副局长吴静", "四级调研员郑强"]
MEETINGS = ["工作推进会", "专题会议", "调度会", "动员部署会", "现场观摩会", "培训会", "座谈会", "联席会议",
            "工作会议", "视频会议"]
PLACES = ["齐都花园社区", "桓公路沿线", "齐鲁石化周边", "经济开发区", "太公广场", "稷下街道办事处",
          "区政务服务中心", "凤凰镇刘家终村", "皇城镇敬仲村", "齐文化博物院", "临淄大道", "朱台镇工业园"]
VERBS = ["排查", "整改", "走访", "培训", "检查", "发放", "受理", "办结", "督导", "慰问", "服务", "宣传"]
OBJECTS = ["企业", "隐患", "群众", "人次", "宣传材料", "诉求", "重点项目", "农户", "商户", "困难家庭",
           "在建工地", "校园"]
MEASURES = ["家", "处", "户", "人次", "份", "件", "个", "场", "次"]
GOALS = [
    "确保各项任务按时保质完成", "不断提升群众的获得感、幸福感、安全感", "为全区经济社会高质量发展提供有力保障",
    "推动工作落地见效", "切实把好事办好、实事办实", "坚决守住不发生重大事故的底线",
    "以优异成绩迎接上级检查验收", "持续优化营商环境",
]
ACTIONS = [
    "压实工作责任，细化任务分工", "坚持问题导向，强化源头治理", "建立健全长效机制", "加强部门协同联动",
    "强化督导检查，严格考核问责", "创新工作方式方法", "加大宣传力度，营造浓厚氛围", "聚焦重点领域和关键环节",
    "深入开展“我为群众办实事”实践活动", "充分发挥党员先锋模范作用", "扎实做好各项基础工作",
]
LATIN_BITS = ["APP", "5G", "PM2.5", "GDP", "ETC", "PPP", "VR", "LED", "CT", "Wi-Fi", "ISO9001", "O2O"]
NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵丽", "黄强", "周敏", "吴军", "徐婷", "孙涛"]


def gb_encodable(text):
    try:
        text.encode("gbk")
        return True
    except UnicodeEncodeError:
        return False


class Generator:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.stats = collections.defaultdict(collections.Counter)  # what was generated, for the docs
        # A pool of image payloads (base64 lines), shared by the messages.
        self.images = []
        for i in range(256):
            size = self.r.randint(800, 4000)
            if i % 3 == 0:
                data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + self.r.randbytes(size) + b"IEND\xaeB`\x82"
                kind = "png"
            else:
                data = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + \
                       self.r.randbytes(size) + b"\xff\xd9"
                kind = "jpeg"
            self.images.append((kind, base64.encodebytes(data)))

    # ------------------------------------------------------------ text

    def sentence(self, unit, topic, day):
        r = self.r
        k = r.randrange(10)
        if k == 0:
            return f"{day.month}月{day.day}日，{unit}召开{topic}{r.choice(MEETINGS)}，{r.choice(LEADERS)}出席会议并讲话。"
        if k == 1:
            return f"会议传达学习了上级关于{topic}工作的部署要求，通报了前一阶段工作进展情况，安排部署了下一步重点任务。"
        if k == 2:
            return (f"截至{day.month}月{r.randint(1, 28)}日，累计{r.choice(VERBS)}{r.choice(OBJECTS)}"
                    f"{r.randint(12, 9800)}{r.choice(MEASURES)}，同比增长{r.randint(1, 60)}.{r.randint(0, 9)}%。")
        if k == 3:
            return f"{r.choice(LEADERS)}强调，要提高政治站位，充分认识做好{topic}工作的重要性和紧迫性，{r.choice(ACTIONS)}，{r.choice(GOALS)}。"
        if k == 4:
            return f"一是{r.choice(ACTIONS)}；二是{r.choice(ACTIONS)}；三是{r.choice(ACTIONS)}。"
        if k == 5:
            return (f"工作人员深入{r.choice(PLACES)}，通过现场讲解、发放明白纸、{r.choice(LATIN_BITS)}线上推送等方式，"
                    f"{r.choice(VERBS)}{r.choice(OBJECTS)}{r.randint(3, 600)}{r.choice(MEASURES)}。")
        if k == 6:
            return f"下一步，{unit}将继续{r.choice(ACTIONS)}，{r.choice(GOALS)}。"
        if k == 7:
            return (f"活动现场共设置咨询台{r.randint(2, 20)}个，接受群众咨询{r.randint(50, 900)}人次，"
                    f"现场解决问题{r.randint(5, 80)}个。")
        if k == 8:
            return f"据了解，今年以来{unit}围绕{topic}，{r.choice(ACTIONS)}，{r.choice(ACTIONS)}，取得了阶段性成效。"
        return f"此次{r.choice(MEETINGS)}的召开，为{r.choice(GOALS)}奠定了坚实基础。"

    def article(self, unit, topic, day):
        """Paragraphs of an article of 300-1500 characters."""
        target = self.r.randint(300, 1500)
        paragraphs, length = [], 0
        while length < target:
            para = ""
            for _ in range(self.r.randint(2, 5)):
                sentence = self.sentence(unit, topic, day)
                if length + len(para) + len(sentence) > 1500:
                    break
                para += sentence
            if not para:
                break
            paragraphs.append(para)
            length += len(para)
        return paragraphs

    # ------------------------------------------------------------ encodings

    def encoded_words(self, text, charset, enc):
        """RFC 2047 encoded words for text, split at character boundaries."""
        codec = "gbk" if charset.lower() in ("gb2312", "gbk") else charset.lower()
        words, chunk = [], ""
        for ch in text:
            if len((chunk + ch).encode(codec)) > 42:
                words.append(chunk)
                chunk = ""
            chunk += ch
        if chunk:
            words.append(chunk)
        out = []
        for w in words:
            data = w.encode(codec)
            if enc == "B":
                payload = base64.b64encode(data).decode("ascii")
            else:
                payload = "".join(
                    chr(b) if (48 <= b <= 57 or 65 <= b <= 90 or 97 <= b <= 122) else ("_" if b == 32 else f"={b:02X}")
                    for b in data)
            out.append(f"=?{charset}?{enc}?{payload}?=")
        return "\r\n ".join(out).replace("\r\n", "\n")

    def subject_header(self, subject):
        """The Subject header's value: encoded words, or (6%) raw 8-bit GBK bytes."""
        r = self.r.random()
        charset, enc = ("UTF-8", "B") if r < 0.35 else ("UTF-8", "Q") if r < 0.50 else ("GB2312", "B") if r < 0.70 \
            else ("GBK", "B") if r < 0.82 else ("GB18030", self.r.choice("BQ")) if r < 0.94 else (None, None)
        if charset is None:
            self.stats["subject"]["raw 8-bit GBK"] += 1
            return subject.encode("gbk")
        self.stats["subject"][f"=?{charset}?{enc}?"] += 1
        return self.encoded_words(subject, charset, enc).encode("ascii")

    def text_part(self, text, subtype):
        """Headers + body bytes of a text part in a random charset and transfer encoding."""
        r = self.r
        c = r.random()
        charset = "utf-8" if c < 0.5 else "gb2312" if c < 0.7 else "gbk" if c < 0.85 else "gb18030"
        codec = "utf-8" if charset == "utf-8" else "gb18030"
        data = text.replace("\n", "\r\n").encode(codec)
        e = r.random()
        if e < 0.6:
            cte, body = "base64", base64.encodebytes(data)
        elif e < 0.85:
            cte, body = "quoted-printable", binascii.b2a_qp(data)
        else:
            cte, body = "8bit", data.replace(b"\r\n", b"\n") + b"\n"
        label = charset.upper() if r.random() < 0.5 else charset
        self.stats["text part charset"][charset] += 1
        self.stats["text part encoding"][cte] += 1
        head = f'Content-Type: text/{subtype}; charset="{label}"\nContent-Transfer-Encoding: {cte}\n\n'
        return head.encode("ascii") + body.replace(b"\r\n", b"\n")

    def image_part(self, index, inline, cid=None):
        kind, b64 = self.images[self.r.randrange(len(self.images))]
        ext = "png" if kind == "png" else "jpg"
        if inline:
            name = f"image{index + 1:03d}.{ext}"
            disp = f'inline; filename="{name}"'
        else:
            zh = f"现场照片{index + 1}.{ext}"
            style = self.r.randrange(3)
            if style == 0:
                name = self.encoded_words(zh, "UTF-8", "B").replace("\n ", "")
                disp = f'attachment; filename="{name}"'
            elif style == 1:
                quoted = "".join(f"%{b:02X}" for b in zh.encode("utf-8"))
                name = f"UTF-8''{quoted}"
                disp = f"attachment; filename*={name}"
            else:
                name = self.encoded_words(zh, "GBK", "B").replace("\n ", "")
                disp = f'attachment; filename="{name}"'
        head = f"Content-Type: image/{kind}; name=\"image{index + 1:03d}.{ext}\"\nContent-Transfer-Encoding: base64\n"
        self.stats["images"]["inline" if inline else "attached"] += 1
        if cid:
            head += f"Content-ID: <{cid}>\n"
        head += f"Content-Disposition: {disp}\n\n"
        return head.encode("ascii") + b64

    @staticmethod
    def multipart(subtype, boundary, parts, extra=""):
        out = [f'Content-Type: multipart/{subtype}; boundary="{boundary}"{extra}\n\n'.encode("ascii"),
               b"This is a multi-part message in MIME format.\n"]
        for p in parts:
            out.append(f"\n--{boundary}\n".encode("ascii"))
            out.append(p)
        out.append(f"\n--{boundary}--\n".encode("ascii"))
        return b"".join(out)

    # ------------------------------------------------------------ messages

    def message(self, n):
        r = self.r
        unit, box = r.choice(UNITS)
        topic = r.choice(TOPICS)
        start = datetime.datetime(2019, 12, 20, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
        received = start + datetime.timedelta(seconds=r.randrange(380 * 86400))
        paragraphs = self.article(unit, topic, received)
        kind = r.choice(["信息", "简报", "工作动态", "稿件"])
        subject = r.choice([f"{unit}召开{topic}{r.choice(MEETINGS)}", f"关于{unit}{topic}工作的{kind}",
                            f"{unit}：扎实推进{topic}", f"【{kind}】{unit}{topic}工作取得新进展"])
        reply = r.random() < 0.15
        if reply:
            subject = r.choice(["回复：", "Re: ", "答复: "]) + subject

        # Reply: the new text, then a signature and/or the quoted earlier mail.
        plain = "\n".join("　　" + p for p in paragraphs)
        html_paras = [f"<p style=\"text-indent:2em\">{p}</p>" for p in paragraphs]
        sender_name = r.choice(NAMES)
        if reply:
            old = self.article(unit, topic, received)[:2]
            style = r.randrange(3)
            signature = f"{sender_name}\n{unit}办公室\n电话：0533-71{r.randint(10000, 99999)}"
            if style == 0:
                plain += "\n\n-- \n" + signature
                html_paras.append("<div>-- <br>" + signature.replace("\n", "<br>") + "</div>")
            elif style == 1:
                quoted = "\n".join("> " + p for p in old)
                plain += f"\n\n{r.randint(2020, 2020)}年{received.month}月{received.day}日，信息科 写道：\n" + quoted
                html_paras.append("<blockquote>" + "".join(f"<p>{p}</p>" for p in old) + "</blockquote>")
            else:
                plain += ("\n\n-----原始邮件-----\n发件人：信息科 <xxk@linzi.gov.cn>\n"
                          f"发送时间：2020年{received.month}月{received.day}日 9:00\n主题：{subject}\n\n" + "\n".join(old))
                html_paras.append("<div>-----原始邮件-----<br>发件人：信息科</div>" +
                                  "".join(f"<p>{p}</p>" for p in old))
        if reply:
            self.stats["replies"][("signature", "\"> \" quote", "-----原始邮件-----")[style]] += 1
        self.stats["article characters"]["min"] = min(self.stats["article characters"].get("min", 10**9),
                                                      sum(map(len, paragraphs)))
        self.stats["article characters"]["max"] = max(self.stats["article characters"]["max"],
                                                      sum(map(len, paragraphs)))
        if r.random() < 0.03:  # an English line that an mboxrd writer must quote
            plain += "\n\nFrom the district office: please confirm receipt."
        html = ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">"
                f"<title>{subject}</title><style>p{{margin:0}}</style></head><body>"
                f"<div style=\"font-family:宋体;font-size:16px\">{''.join(html_paras)}</div>"
                f"<div><br></div><div>{'&nbsp;' * r.randint(0, 3)}{unit}&nbsp;{sender_name}</div></body></html>")

        b = f"zwgk{n:06d}"
        shape = r.random()
        if shape < 0.33:
            self.stats["structure"]["text/plain"] += 1
            body = self.text_part(plain, "plain")
        elif shape < 0.60:
            self.stats["structure"]["multipart/alternative (plain + html)"] += 1
            body = self.multipart("alternative", f"----=_Part_{b}_alt",
                                  [self.text_part(plain, "plain"), self.text_part(html, "html")])
        elif shape < 0.75:
            k = r.randint(1, 3)
            cids = [f"{b}.{i}@foxmail" for i in range(k)]
            html_img = html.replace("</body>", "".join(f'<img src="cid:{c}">' for c in cids) + "</body>")
            related = self.multipart("related", f"----=_Part_{b}_rel",
                                     [self.text_part(html_img, "html")] +
                                     [self.image_part(i, True, c) for i, c in enumerate(cids)],
                                     '; type="text/html"')
            if r.random() < 0.5:
                self.stats["structure"]["multipart/alternative (plain + related: html + inline images)"] += 1
                body = self.multipart("alternative", f"----=_Part_{b}_alt", [self.text_part(plain, "plain"), related])
            else:
                self.stats["structure"]["multipart/related (html only + inline images)"] += 1
                body = related
        else:
            self.stats["structure"]["multipart/mixed (text + attached images)"] += 1
            k = r.randint(1, 4)
            first = (self.text_part(plain, "plain") if r.random() < 0.4 else
                     self.multipart("alternative", f"----=_Part_{b}_alt",
                                    [self.text_part(plain, "plain"), self.text_part(html, "html")]))
            body = self.multipart("mixed", f"----=_Part_{b}_mix", [first] + [self.image_part(i, False) for i in range(k)])

        # Headers: the office's servers prepend Received headers, newest first.
        hops = r.randint(2, 3)
        utc = r.random() < 0.15
        self.stats["received"][f"{hops} Received headers"] += 1
        self.stats["received"]["topmost in +0000" if utc else "topmost in +0800"] += 1
        lines = []
        t = received
        for hop in range(hops):
            shown = t.astimezone(datetime.timezone.utc) if (utc and hop == 0) else t
            stamp = shown.strftime("%a, %d %b %Y %H:%M:%S %z")
            if hop == 0:
                lines.append(f"Received: from mx{r.randint(1, 4)}.linzi.gov.cn (unknown [10.18.{r.randint(0, 255)}."
                             f"{r.randint(1, 254)}])\n\tby mail.zwgk.linzi.gov.cn (Coremail) with SMTP id "
                             f"{b}AQ{r.randint(1000, 9999)}; {stamp}" + (" (CST)" if not utc else ""))
            else:
                lines.append(f"Received: from [192.168.{r.randint(0, 255)}.{r.randint(1, 254)}] (helo=PC-{r.randint(100, 999)})"
                             f"\n\tby smtp.{box}.linzi.gov.cn with ESMTPSA id {b}x{hop}; {stamp}")
            t = t - datetime.timedelta(seconds=r.randint(1, 90))
        address = f"{box}@linzi.gov.cn" if r.random() < 0.7 else f"{r.randint(10000000, 999999999)}@qq.com"
        name_style = r.random()
        if name_style < 0.6:
            from_header = f"{self.encoded_words(unit, r.choice(['UTF-8', 'GB2312']), 'B')} <{address}>"
        elif name_style < 0.8:
            from_header = f"\"{self.encoded_words(sender_name, 'UTF-8', 'B')}\" <{address}>"
        else:
            from_header = address
        lines.append(f"From: {from_header}")
        lines.append("To: \"zwgk\" <zwgk@linzi.gov.cn>")
        subject_line = b"Subject: " + self.subject_header(subject)
        lines.append("Date: " + t.strftime("%a, %d %b %Y %H:%M:%S %z"))
        lines.append(f"Message-ID: <{b}.{r.randint(100000, 999999)}@{box}.linzi.gov.cn>")
        lines.append("MIME-Version: 1.0")
        lines.append(f"X-Mailer: {r.choice(['Foxmail 7.2.20.258[cn]', 'Coremail Webmail Server Version XT5.0.13', 'Microsoft Outlook 16.0'])}")
        lines.insert(-4, subject_line.decode("latin-1"))
        head = "\n".join(lines).encode("latin-1")
        envelope = f"From {address} {received.astimezone(datetime.timezone.utc).strftime('%a %b %d %H:%M:%S %Y')}\n"
        return envelope.encode("ascii"), head + b"\n" + body


def mboxrd_quote(message):
    """'>'-quotes every line matching ^>*From (mboxrd)."""
    if b"From " not in message:
        return message
    lines = message.split(b"\n")
    for i, line in enumerate(lines):
        stripped = line.lstrip(b">")
        if stripped.startswith(b"From "):
            lines[i] = b">" + line
    return b"\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=20200101)
    args = parser.parse_args()
    gen = Generator(args.seed)
    total = 0
    with open(args.out, "wb", buffering=1 << 20) as out:
        for n in range(args.count):
            envelope, message = gen.message(n)
            message = mboxrd_quote(message)
            if not message.endswith(b"\n"):
                message += b"\n"
            data = envelope + message + b"\n"
            out.write(data)
            total += len(data)
    stats = {k: dict(sorted(v.items())) for k, v in sorted(gen.stats.items())}
    with open(args.out + ".json", "w", encoding="utf-8") as f:
        json.dump({"messages": args.count, "bytes": total, "seed": args.seed, "stats": stats}, f, ensure_ascii=False,
                  indent=1)
    print(f"gen_mbox: {args.count} messages, {total} bytes -> {args.out} (+ .json: what was generated)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
