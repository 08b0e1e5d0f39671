"""Seeds of the text-file targets: scheme (考核方案.toml), calendar
(日历/YYYY.toml) and template (通报模板.txt).

Copies of every distinct such file of the example and the golden and
regression cases, plus hand-made ones: the example's scheme without its
comments and in other encodings, other TOML forms of the same keys (dotted
keys, inline tables, decimals as strings, dates as text), and templates
using every field and placeholder.
"""
import re

from .common import EXAMPLE, Corpus, found


def without_comments(toml):
    return "\n".join(line for line in toml.splitlines() if not line.lstrip().startswith("#")) + "\n"


def write_scheme():
    corpus = Corpus("scheme")
    for name, data in found("**/考核方案.toml"):
        corpus.copy(name, data)
    example = without_comments((EXAMPLE / "考核方案.toml").read_text("utf-8"))
    corpus.seed("example.toml", example)
    corpus.seed("example_gb18030.toml", example.encode("gb18030"))
    corpus.seed("example_bom_crlf.toml", b"\xef\xbb\xbf" + example.replace("\n", "\r\n").encode("utf-8"))
    # The same keys in other TOML forms.
    corpus.seed("strings_and_dotted.toml", re.sub(r"(points(?:_per_item)?|monthly_cap|penalty) = ([0-9.]+)",
                                                  r'\1 = "\2"', example)
                .replace("[publication]\n", "").replace("points_per_item =", "publication.points_per_item =")
                .replace("monthly_cap =", "publication.monthly_cap ="))
    corpus.seed("item_basis.toml", example.replace('basis = "month"', 'basis = "item"')
                .replace("min_pictures = 1", "min_pictures = 0"))
    sections = re.compile(r'\[\[sections\]\]\ncode = "(.*?)"\ntitle = "(.*?)"\n')
    corpus.seed("inline_tables.toml", "sections = [" + ", ".join(
        f'{{code = "{code}", title = "{title}"}}' for code, title in sections.findall(example)) + "]\n" +
        sections.sub("", example))
    corpus.seed("minimal.toml", '[scheme]\nname = "考核"\ndistrict = "某区"\nissuer = "某区政府办公室"\n'
                '[[sections]]\ncode = "部门"\ntitle = "各部门"\n[publication]\npoints_per_item = 1\n'
                '[[tables]]\nid = "附件1"\nkind = "scores"\ntitle = "{quarter}统计"\nsections = ["部门"]\n'
                'order = ["total desc", "name"]\n')
    corpus.seed("empty.toml", "")


def write_calendar():
    corpus = Corpus("calendar")
    for name, data in found("**/日历/*.toml"):
        corpus.copy(name, data)
    corpus.seed("text_dates.toml", 'year = 2020\n[[holidays]]\nname = "国庆节、中秋节"\nfrom = "2020年10月1日"\n'
                'to = "2020年10月8日"\n[[workdays]]\nname = "调休"\ndate = "2020/9/27"\n')
    corpus.seed("toml_dates.toml", "year = 2021\n[[holidays]]\nname = \"元旦\"\nfrom = 2021-01-01\nto = 2021-01-03\n"
                "[[workdays]]\nname = \"春节调休\"\ndate = 2021-02-07\n")
    corpus.seed("inline.toml", 'year = 2020\nholidays = [{name = "元旦", date = "2020-01-01"}, '
                '{name = "劳动节", from = "2020-05-01", to = "2020-05-05"}]\nworkdays = [{name = "调休", date = "2020-04-26"}]\n')
    corpus.seed("errors.toml", 'year = 2020\n[[holidays]]\nname = "倒序"\nfrom = "2020-10-08"\nto = "2020-10-01"\n'
                '[[holidays]]\nname = "跨年"\ndate = "2021-01-01"\n[[workdays]]\nname = "周三"\ndate = "2020-09-30"\n'
                '[[workdays]]\nname = "不是日期"\ndate = "国庆"\nunknown = 1\n')
    corpus.seed("gb18030.toml", '# 二〇二〇年\nyear = 2020\n[[holidays]]\nname = "元旦"\ndate = "2020-01-01"\n'
                .encode("gb18030"))
    example = (EXAMPLE / "日历" / "2020.toml").read_text("utf-8")
    corpus.seed("example_bom_crlf.toml", "\ufeff" + example.replace("\n", "\r\n"))
    corpus.seed("example_text_dates.toml", re.sub(r'"(\d{4})-0?(\d{1,2})-0?(\d{1,2})"', r'"\1年\2月\3日"', example))
    corpus.seed("no_year.toml", '[[holidays]]\nname = "元旦"\ndate = "2020-01-01"\n')
    corpus.seed("empty.toml", "")


TEMPLATE_ALL = """# 每个字段和占位符各用一次
标题：{地区}{年度}年{季度}政务公开工作情况通报
主送: 各镇人民政府、街道办事处，区政府各部门
发文机关：临淄区人民政府办公室
成文日期：2020年10月14日
整改期限：2020-10-16
正文：{年度}年{季度}，全区{单位数}个单位参加考核。
示范点：{单位:示范点}，每月任务数{任务数:示范点}篇，其他单位{任务数}篇。

未完成任务的每月减{投稿减分}分，稿件不少于{字数}字；每条信息{发布得分}分。
市级采用加{采用加分:市级}分，省级加{采用加分:省级}分。请于{整改期限}前整改，{发文机关}，{成文日期}。
"""


def write_template():
    corpus = Corpus("template")
    for name, data in found("**/通报模板.txt"):
        corpus.copy(name, data)
    corpus.seed("all_placeholders.txt", TEMPLATE_ALL)
    corpus.seed("all_placeholders_gb18030.txt", TEMPLATE_ALL.encode("gb18030"))
    corpus.seed("all_placeholders_crlf.txt", TEMPLATE_ALL.replace("\n", "\r\n"))
    corpus.seed("errors.txt", "标题：{未知}\n标题：重复\n落款：不认识的字段\n成文日期：十月\n正文：\n{年度\n{单位:没有的标签}\n"
                "{任务数:没有}{采用加分:国家级}{整改期限}\n")
    corpus.seed("dates_only.txt", "成文日期：2020年10月14日\n整改期限：2021年1月5日\n")
    corpus.seed("body_only.txt", "正文：\n\n第一段。\n  第二段，行首有空格。\n#不是注释的正文\n")
    corpus.seed("empty.txt", "")
