"""The registry and scheme of the golden mail cases for make_linzi_mailbox.py:
the example's registry with a 投稿邮箱 column (one or two sender addresses
per unit) and its scheme with topic_keywords."""
import csv
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
EXAMPLE = ROOT / "examples" / "linzi-2020q3"
TOPIC_KEYWORDS = ["政务公开", "信息公开", "政府信息", "公开目录"]


# ----------------------------------------------------------------- registry

# Sender domains: pinyin initials of each unit (xxgk@<slug>.linzi.gov.cn).
SLUGS = {
    "区政府办公室": "zfb", "区发改局": "fgj", "区教体局": "jtj", "区科技局": "kjj", "区工信局": "gxj",
    "区民政局": "mzj", "区司法局": "sfj", "区财政局": "czj", "区人社局": "rsj", "区自然资源局": "zrzyj",
    "临淄生态环境分局": "sthj", "区住建局": "zjj", "区交通运输局": "jtysj", "区水利局": "slj",
    "区农业农村局": "nyncj", "区商务局": "swj", "区文化和旅游局": "wlj", "区卫生健康局": "wjj",
    "区退役军人事务局": "tyjrj", "区应急管理局": "yjglj", "区审计局": "sjj", "区国有资产监管局": "gzj",
    "区行政审批服务局": "xzspj", "区市场监管局": "scjgj", "区综合行政执法局": "zhzfj", "区统计局": "tjj",
    "临淄医疗保障分局": "ybj", "区信访局": "xfj", "区机关事务服务中心": "jgsw", "临淄公安分局": "gaj",
    "区气象局": "qxj", "区残联": "cl", "区供销社": "gxs", "齐鲁化工区管委会": "hgq", "齐城农业高新区": "qcny",
    "齐文化博物院": "qwhbwy", "区融媒体中心": "rmt", "区住房保障事务服务中心": "zfbz", "区经济发展研究中心": "jjyj",
    "区投资促进中心": "tzcj", "区地方金融事务协调服务中心": "jrzx", "区林业服务中心": "lyzx",
    "区粮食事务服务中心": "lszx", "区农业农村事业发展中心": "nyfz", "区畜牧农机服务中心": "xmnj",
    "区体育事业发展中心": "tyzx", "区公路事业服务中心": "glzx", "区城乡建设事务服务中心": "cxjs",
    "区中小企业发展中心": "zxqy", "区检验检测中心": "jyjc", "区重点项目服务中心": "zdxm",
    "区能源事业发展中心": "nyzx", "区市政园林环卫事务服务中心": "szyl", "区水资源服务中心": "szy",
    "区应急救援指挥中心": "yjjy", "齐都镇": "qdz", "辛店街道": "xdjd", "稷下街道": "jxjd", "皇城镇": "hcz",
    "齐陵街道": "qljd", "敬仲镇": "jzz", "凤凰镇": "fhz", "金山镇": "jsz", "雪宫街道": "xgjd",
    "闻韶街道": "wsjd", "朱台镇": "ztz", "金岭回族镇": "jlhzz",
}
# Units with a second registered address (a liaison's webmail), and the separator used in the cell.
SECOND = {"区退役军人事务局": ("tyjrj_xxy@163.com", "、"), "临淄医疗保障分局": ("lzybj2020@126.com", ";"),
          "区机关事务服务中心": ("jgsw_lz@163.com", "、"), "金岭回族镇": ("jlzzf_xx@163.com", "、"),
          "区财政局": ("czj_bgs@163.com", ";"), "朱台镇": ("ztzdzb@126.com", "、")}


def read_registry():
    with open(EXAMPLE / "单位名录.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    units = []
    for row in body:
        rec = dict(zip(header, row))
        names = [rec["单位名称"]] + ([rec["简称"]] if rec["简称"] else []) + \
                [a for a in rec["别名"].split("、") if a]
        units.append({"name": rec["单位名称"], "short": rec["简称"] or rec["单位名称"], "names": names})
    return header, body, units


def addresses(name):
    out = [f"xxgk@{SLUGS[name]}.linzi.gov.cn"]
    if name in SECOND:
        out.append(SECOND[name][0])
    return out


def registry_csv(header, body):
    lines = [",".join(header + ["投稿邮箱"])]
    for row in body:
        name = row[header.index("单位名称")]
        sep = SECOND.get(name, ("", "、"))[1]
        lines.append(",".join(row + [sep.join(addresses(name))]))
    return ("\n".join(lines) + "\n").encode("utf-8")


def scheme_toml():
    """The example's scheme with this mailbox's topic_keywords (replacing any the example has)."""
    lines = (EXAMPLE / "考核方案.toml").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = []
    for line in lines:
        if line.startswith("topic_keywords"):
            if kept and kept[-1].startswith("#") and "邮箱" in kept[-1]:
                kept.pop()   # the example's comment on its own keywords
            continue
        kept.append(line)
    at = next(i for i, line in enumerate(kept) if line.startswith("require_on_topic"))
    words = ", ".join(f'"{w}"' for w in TOPIC_KEYWORDS)
    kept[at + 1:at + 1] = ["# 邮箱导入的投稿：标题和正文都没有这些词时提示人工核实是否切题（只是提示，不会因此不计入）。\n",
                           f"topic_keywords = [{words}]\n"]
    return "".join(kept).encode("utf-8")
