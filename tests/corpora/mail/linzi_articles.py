"""Deterministic Chinese article texts for make_linzi_mailbox.py: fixed
choices from SHA-256 of a label (no random module), and articles of a given
length in zwgk's counting (letters, digits and Han characters)."""
import hashlib


# ----------------------------------------------------------------- choices

def pick(label, seq):
    """A fixed choice from seq for this label."""
    h = int.from_bytes(hashlib.sha256(label.encode("utf-8")).digest()[:8], "big")
    return seq[h % len(seq)]


def number(label, lo, hi):
    return pick(label, list(range(lo, hi + 1)))


def count_chars(text):
    """zwgk's count_article_characters for the texts used here: letters, digits and Han characters."""
    return sum(1 for ch in text if ch.isalnum())


# ----------------------------------------------------------------- articles

# What each unit writes about: (topic, [headlines]). {t} is the topic.
TOPICS = {
    "区退役军人事务局": ("退役军人优抚政策公开", ["扎实推进优抚信息政务公开", "开展退役军人政策解读进村居活动",
                                          "公开光荣牌悬挂工作进展", "举办退役军人就业创业政策宣讲会"]),
    "临淄医疗保障分局": ("医保政策和基金使用信息公开", ["公开医保定点机构名单", "开展医保政策进万家活动",
                                           "推进医保经办服务事项公开"]),
    "临淄生态环境分局": ("环境质量信息公开", ["按月公开空气质量排名", "推进建设项目环评信息公开"]),
    "区机关事务服务中心": ("公共机构节能信息公开", ["公开公共机构节能工作情况", "规范公务用车管理信息公开"]),
    "区投资促进中心": ("招商引资政策公开", ["推进招商引资政策信息公开", "公开重点招商项目进展"]),
    "金岭回族镇": ("民生实事项目公开", ["推进民生实事项目政务公开", "开展政务公开进村居活动"]),
    "敬仲镇": ("惠农政策公开", ["扎实推进惠农政策信息公开", "推行村级事务阳光公示"]),
    "闻韶街道": ("社区服务事项公开", ["推进社区服务事项政务公开", "公开老旧小区改造进展"]),
    "区教体局": ("招生入学政策公开", ["做好义务教育招生入学政策公开", "公开秋季学期学生资助政策"]),
    "区农业农村局": ("强农惠农政策公开", ["扎实推进强农惠农政策公开", "公开秋粮生产服务措施"]),
    "区人社局": ("就业创业政策公开", ["多措并举做好就业创业政策公开", "公开高校毕业生就业服务信息"]),
    "区司法局": ("行政执法信息公示", ["全面推行行政执法公示制度", "公开法律援助服务事项"]),
    "朱台镇": ("基层政务公开标准化规范化", ["打造基层政务公开示范点", "完善便民服务中心公开专区"]),
    "区财政局": ("预决算信息公开", ["扎实推进预决算信息公开", "公开直达资金分配使用情况"]),
    "区国有资产监管局": ("国有企业信息公开", ["推进区属国有企业信息公开", "公开国有资产监管工作进展"]),
    "区自然资源局": ("国土空间规划和用地信息公开", ["推进自然资源领域政务公开", "公开土地征收信息"]),
    "稷下街道": ("城市管理信息公开", ["推进城市管理政务公开", "公开社区网格化服务信息"]),
    "区中小企业发展中心": ("惠企政策公开", ["开展惠企政策集中公开行动", "公开中小企业服务券申领信息"]),
    "临淄公安分局": ("公安行政管理服务事项公开", ["推进公安政务服务事项公开", "公开户籍办理服务指南"]),
    "区公路事业服务中心": ("公路建设养护信息公开", ["推进公路建设养护信息公开", "公开国省道大中修工程进展"]),
    "区地方金融事务协调服务中心": ("金融风险防范信息公开", ["开展防范非法集资宣传和信息公开", "公开地方金融监管信息"]),
    "区科技局": ("科技创新政策公开", ["推进科技创新政策信息公开", "公开高新技术企业认定信息"]),
    "区民政局": ("社会救助信息公开", ["推进社会救助领域政务公开", "公开低保特困供养标准"]),
    "区能源事业发展中心": ("能源项目信息公开", ["推进能源领域政务公开", "公开清洁取暖工程进展"]),
    "区体育事业发展中心": ("全民健身服务信息公开", ["推进全民健身信息公开", "公开体育场馆开放信息"]),
    "区市场监管局": ("市场监管执法信息公开", ["打造市场监管政务公开示范点", "公开食品安全抽检信息"]),
    "齐陵街道": ("征地拆迁信息公开", ["推进征地拆迁领域政务公开", "公开棚户区改造进展"]),
    "皇城镇": ("镇村事务公开", ["推进镇村事务政务公开", "规范村级公开栏建设"]),
    # Units of the noise messages.
    "区住建局": ("住房城乡建设领域信息公开", ["推进住房城乡建设领域政务公开"]),
    "区发改局": ("重大建设项目信息公开", ["推进重大建设项目批准和实施信息公开", "公开价格监测信息"]),
    "区工信局": ("工业和信息化政策公开", ["推进工业和信息化政策公开"]),
    "区商务局": ("商务领域政策公开", ["推进商务领域政务公开"]),
    "区审计局": ("审计结果公开", ["推进审计结果公告"]),
}

LEADS = [
    "{date}，{unit}召开政务公开工作专题会议，传达学习全区政务公开工作会议精神，研究部署{t}相关工作。",
    "为深入贯彻落实《中华人民共和国政府信息公开条例》，{date}，{unit}组织召开{t}工作推进会，对下一阶段重点任务进行再安排、再部署。",
    "近日，{unit}围绕{t}，对照全区政务公开工作要点逐项梳理任务清单，明确责任科室和完成时限，推动各项任务落地见效。",
    "{date}，{unit}举办政务公开业务培训班，邀请区政府办公室政务公开科负责同志围绕{t}进行专题辅导，全体中层干部和信息员共{n}人参加培训。",
]
MEASURES = [
    "健全工作机制。成立由主要负责同志任组长的政务公开工作领导小组，明确一名分管负责同志和{n}名专职信息员，实行信息发布“一审二核三签发”制度，确保公开信息准确无误。",
    "规范公开目录。对照基层政务公开标准目录，逐项核对公开事项的名称、依据、时限和公开主体，共梳理公开事项{n}项，全部在区政府门户网站相应栏目上传。",
    "拓宽公开渠道。在利用区政府门户网站集中发布信息的同时，通过微信公众号、政务服务大厅电子显示屏和村居公开栏同步发布，方便群众随时查阅。",
    "加强政策解读。对出台的重要政策文件，坚持解读材料与文件同步起草、同步审签、同步发布，采用图表、问答等形式解读{n}次，让群众看得懂、用得上。",
    "做好依申请公开。严格按照法定程序和时限办理政府信息公开申请，建立受理、审查、答复全流程台账，今年以来共办理依申请公开事项{n}件，均在法定期限内答复。",
    "强化信息审核。严格落实保密审查制度，对拟公开信息逐条进行合法性、保密性审查，杜绝涉密信息和个人隐私信息上网。",
    "开展自查整改。对照第二季度全区政务公开通报指出的问题，对栏目更新不及时、内容不完整等问题逐条整改，共更新栏目信息{n}条。",
    "回应社会关切。围绕群众关心的{t}，及时发布权威信息，通过12345政务服务热线转办件收集意见建议{n}条，全部按期办结反馈。",
    "推进基层公开。指导所属站所和村居落实公开要求，开展“政务公开进社区”活动{n}场次，发放宣传资料{m}余份。",
    "加强队伍建设。组织信息员参加全区政务公开业务培训，开展“以干代训”，提升信息员的政策水平和写作能力。",
]
ORDINALS = ["一是", "二是", "三是", "四是", "五是", "六是"]
RESULTS = [
    "截至{mon}月底，{unit}已在区政府门户网站主动公开{t}相关信息{n}条，信息发布的及时性和规范性明显提升。",
    "通过一系列措施，{unit}{mon}月份累计主动公开政府信息{n}条，办事群众对公开工作的满意度进一步提高。",
]
CLOSINGS = [
    "下一步，{unit}将继续坚持以公开为常态、不公开为例外，持续深化{t}，推动政务公开工作提质增效。",
    "下一步，{unit}将认真落实全区政务公开工作部署，进一步丰富公开内容、创新公开方式，切实保障群众的知情权、参与权和监督权。",
]


def cn_date(d):
    return f"{d.month}月{d.day}日"


def article(unit, label, when, headline=None, measures=3, at_least=450):
    """(title, paragraphs) of one article; every choice keyed by label. More measures are added
    until the article has at_least counted characters."""
    short = unit["short"]
    topic, headlines = TOPICS[unit["name"]]
    title = short + (headline or pick(label + "/headline", headlines))
    fill = {"unit": short, "t": topic, "date": cn_date(when), "mon": when.month}
    lead = pick(label + "/lead", LEADS).format(n=number(label + "/n0", 30, 80), **fill)
    first = number(label + "/m", 0, len(MEASURES) - 1)
    result = pick(label + "/result", RESULTS).format(n=number(label + "/nr", 12, 140), **fill)
    closing = pick(label + "/closing", CLOSINGS).format(**fill)
    while True:
        chosen = [MEASURES[(first + i * 3) % len(MEASURES)] for i in range(measures)]
        body = [ORDINALS[i] + m.format(n=number(f"{label}/n{i + 1}", 3, 60), m=number(f"{label}/k{i}", 2, 9) * 100,
                                       **fill) for i, m in enumerate(chosen)]
        paragraphs = [lead] + body + [result, closing]
        if count_chars(title + "".join(paragraphs)) >= at_least or measures == len(ORDINALS):
            return title, paragraphs
        measures += 1


def exact_length(paragraphs, target):
    """The paragraphs cut so that they hold exactly `target` counted characters (ending with 。)."""
    out, total = [], 0
    for p in paragraphs:
        n = count_chars(p)
        if total + n <= target:
            out.append(p)
            total += n
            continue
        need = target - total
        cut, seen = "", 0
        for ch in p:
            if seen == need:
                break
            cut += ch
            seen += ch.isalnum()
        out.append(cut.rstrip("，、；：") + "。")
        total += need
        break
    assert total == target, (total, target)
    return out
