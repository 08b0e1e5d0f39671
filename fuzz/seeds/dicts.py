"""The libFuzzer dictionaries of the targets (fuzz/dict/TARGET.dict), written
from the readable token lists below: libFuzzer's dictionary format takes only
printable ASCII inside the quotes, so Chinese tokens are written as \\xNN
escapes (with the token itself on the comment line above). message.dict is
hand-written and not generated here.
"""
from .common import ROOT

DICT = ROOT / "fuzz" / "dict"

CSV_SYNTAX = [",", "\t", "\"", "\"\"", "\r\n", "\n", "\r", "\ufeff", b"\xff\xfe", b"\xfe\xff", b"\x00"]
UNITS = ["区自然资源局", "区人社局", "区人力资源和社会保障局", "齐都镇", "辛店街道", "区政府办公室", "区（文旅）局"]

TOKENS = {
    "csv": CSV_SYNTAX + UNITS + [
        "单位", "单位名称", "单位全称", "部门", "部门名称", "月份", "月度", "年月", "数量", "发布数量", "条数",
        "信息数量", "发布日期", "发布时间", "日期", "标题", "信息标题", "名称", "链接", "网址", "URL", "地址",
        "收到时间", "收件时间", "收到日期", "投稿时间", "投稿日期", "件数", "投稿件数", "篇数", "稿件标题", "主题",
        "字数", "正文字数", "正文", "内容", "图片数", "图片", "图片张数", "是否切题", "切题", "与政务公开相关",
        "级别", "采用级别", "层级", "采用日期", "采用时间", "采用件数", "问题类型", "问题", "类型", "减分项",
        "扣分项", "说明", "备注", "具体问题", "次数", "7月", "8月", "9月", "10月", "2020-07", "2020年8月",
        "2020-08-31", "2020/8/31", "2020年8月31日", "2020-08-31 23:30", "23:30:05+08:00", "是", "否", "Y", "N",
        "√", "×", "市级", "省级", "目录未上传", "表格混乱", "0", "1", "-1", "1.0", "1e3", "99999999999999999999",
        "３７", "44075", "nan", "　"],
    "registry": CSV_SYNTAX + UNITS + [
        "序号", "机构序列", "顺序", "单位名称", "单位", "正式名称", "单位全称", "简称", "表格名称", "别名",
        "其他名称", "类别", "分组", "分类", "示范点", "是否示范点", "基层政务公开示范点", "标签", "免考核",
        "免考核项目", "豁免", "排序键", "排序名称", "投稿邮箱", "邮箱", "发件邮箱", "电子邮箱", "部门", "镇街",
        "投稿", "是", "否", "@", "a@b.cn", "、", "，", "；", ";", "／", "/", "|", "　", "(", "（", "）"],
    "xlsx": [
        "=== xl/worksheets/sheet1.xml\n", "=== xl/workbook.xml\n", "=== xl/_rels/workbook.xml.rels\n",
        "=== xl/sharedStrings.xml\n", "<row r=\"", "<row>", "</row>", "<c r=\"", "<c>", "</c>", " t=\"s\"",
        " t=\"inlineStr\"", " t=\"str\"", " t=\"n\"", " t=\"b\"", " t=\"e\"", "<v>", "</v>", "<is><t>", "</t></is>",
        "<si>", "</si>", "<r><t>", "</t></r>", "<rPh sb=\"0\" eb=\"1\"><t>", "<t xml:space=\"preserve\">",
        "<sheetData>", "</sheetData>", "<sheets>", "<sheet name=\"", " r:id=\"rId1\"", "<Relationship Id=\"rId1\"",
        " Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\"",
        "/chartsheet", " Target=\"", "worksheets/sheet1.xml", "/xl/worksheets/sheet1.xml", "XFD", "XFD1048576",
        "AA", "A1", "&#", "&#0;", "&amp;", "&lt;", "<![CDATA[", "]]>", "<?xml version=\"1.0\"?>", "<!DOCTYPE",
        "单位", "7月", "数据", "PK\x03\x04", "PK\x01\x02", "PK\x05\x06", "\x00\x00\x00\x00"],
    "scheme": [
        "[", "]", "[[", "]]", " = ", "\"", "'''", "\"\"\"", ".", "{", "}", ",", "#", "\n", "\r\n", "\\u0000",
        "true", "false", "inf", "nan", "1e309", "-0", "0x7fffffffffffffff", "9223372036854775807", "0.000001",
        "\"0.5\"", "2020-08-01", "2020-08", "\"2020-08\"", "[scheme]", "[collation]", "[[sections]]",
        "[publication]", "[submission]", "[[submission.quota]]", "[adoption]", "[[adoption.levels]]",
        "[[findings]]", "[[tables]]", "[rectification]", "[year]",
        "accrual", "adoption", "adoption_bonus", "adoptions", "asc", "basis", "bonus", "code", "collation",
        "contest_days", "count", "deduction", "deductions", "desc", "district", "exemption", "findings", "from",
        "id", "issuer", "item", "kind", "late_penalty", "levels", "locale", "min_characters", "min_pictures",
        "missed_text", "month", "monthly_cap", "name", "names", "note", "official", "official_order", "order",
        "penalty", "points", "points_per_item", "publication", "published:1", "published_total", "quarter",
        "quarters", "quota", "reason", "rectification", "require_on_topic", "scheme", "scores", "section",
        "sections", "short", "short_text", "submission", "submissions", "sum", "tables", "tag", "tailoring",
        "title", "to", "topic_keywords", "total", "total desc", "unrectified_penalty", "working_days", "year", "zh",
        "{quarter}", "{year}", "{months}", "部门", "镇街", "示范点", "市级", "省级", "附件1", "&杭<行政"],
    "calendar": [
        "[", "]", "[[", "]]", " = ", "\"", ".", "{", "}", ",", "#", "\n", "year = 2020", "year", "holidays",
        "workdays", "name", "from", "to", "date", "[[holidays]]", "[[workdays]]", "2020-10-01", "\"2020-10-01\"",
        "2020年10月1日", "2020/10/1", "1979-05-27T07:32:00Z", "2020-02-29", "2021-02-29", "国庆节", "调休上班",
        "2147483647", "-1", "0"],
    "template": [
        "标题", "主送", "发文机关", "成文日期", "整改期限", "正文", "：", ":", "\n", "\r\n", "#", "{", "}",
        "{年度}", "{季度}", "{地区}", "{发文机关}", "{成文日期}", "{整改期限}", "{单位数}", "{单位:示范点}",
        "{任务数}", "{任务数:示范点}", "{投稿减分}", "{字数}", "{发布得分}", "{月度上限}", "{采用加分:市级}",
        "{采用加分:省级}", "示范点", "市级", "2020年10月14日", "2020-10-16", "2021年1月5日", "\ufeff", "　"],
    "mbox": [
        "From ", ">From ", ">>From ", "\n\n", "\r\n\r\n", "\nFrom ", "\r\nFrom ", "From: ", "Subject: ",
        "Content-Length: ", "Content-Type: text/plain\n", "\ufeff", "a@x.cn Mon Aug 31 10:00:00 2020\n", "\n"],
    "multipart": [
        "; boundary=", "; boundary=\"", "boundary", "--", "\r\n", "\r\n\r\n", "\n",
        "Content-Disposition: form-data; name=\"", "\"; filename=\"", "; filename*=UTF-8''",
        "Content-Type: ", "text/plain", "application/octet-stream", "multipart/mixed", "name=\"file\"",
        "name=\"text\"", "name=\"reason\"", "name=\"link\"", "name=\"at\"", "name=\"mode\"", "commit",
        "../", "..\\", "C:\\", "%2e%2e%2f", "; charset=utf-8", "Content-Transfer-Encoding: base64", "证明.pdf",
        "\x00"],
}


def entry(token):
    data = token if isinstance(token, bytes) else token.encode("utf-8")
    quoted = "".join(chr(b) if 0x20 <= b < 0x7F and chr(b) not in "\\\"" else f"\\x{b:02x}" for b in data)
    readable = token if isinstance(token, str) and token.isprintable() and not token.isascii() else None
    return (f"# {readable}\n" if readable else "") + f"\"{quoted}\"\n"


def write_dict(target):
    head = (f"# libFuzzer dictionary of the {target} fuzzer (fuzz/{target}_fuzzer.cpp): written by\n"
            "# fuzz/make_seeds.py from fuzz/seeds/dicts.py; edit the list there. Chinese tokens are\n"
            "# \\xNN escapes (UTF-8), each under a comment with the token itself.\n")
    (DICT / f"{target}.dict").write_text(head + "".join(entry(t) for t in TOKENS[target]), "utf-8")
