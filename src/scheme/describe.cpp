#include "scheme/describe.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>

namespace zwgk {

std::string chinese_number(std::size_t n) {
  static constexpr std::array<std::string_view, 10> k_digits = {"零", "一", "二", "三", "四",
                                                                "五", "六", "七", "八", "九"};
  if (n == 0 || n > 999) return std::to_string(n);
  std::string out;
  if (n >= 100) {
    out += std::string(k_digits[n / 100]) + "百";
    n %= 100;
    if (n == 0) return out;
    if (n < 10) return out + "零" + std::string(k_digits[n]);
    out += std::string(k_digits[n / 10]) + "十";
    return n % 10 ? out + std::string(k_digits[n % 10]) : out;
  }
  if (n >= 10) {
    if (n >= 20) out += k_digits[n / 10];
    out += "十";
    n %= 10;
    if (n == 0) return out;
  }
  return out + std::string(k_digits[n]);
}

namespace {

std::string points(Decimal d) { return d.to_string() + "分"; }

// "一、", "（一）", "1.", "(1)", "①": the number of the n-th (1-based) sibling at `level`.
std::string numbering(std::size_t level, std::size_t n) {
  static constexpr std::array<std::string_view, 20> k_circled = {
      "①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩", "⑪", "⑫", "⑬", "⑭", "⑮", "⑯", "⑰", "⑱", "⑲", "⑳"};
  switch (level) {
  case 0: return chinese_number(n) + "、";
  case 1: return "（" + chinese_number(n) + "）";
  case 2: return fmt::format("{}. ", n);
  case 3: return fmt::format("({}) ", n);
  default: return n <= k_circled.size() ? std::string(k_circled[n - 1]) : fmt::format("{}) ", n);
  }
}

std::string month_range(const MonthRange& months) {
  if (months.from && months.to)
    return *months.from == *months.to ? months.from->to_string()
                                       : fmt::format("{} 至 {}", months.from->to_string(), months.to->to_string());
  if (months.from) return months.from->to_string() + " 起";
  if (months.to) return months.to->to_string() + " 及以前";
  return {};
}

std::string publication_words(const PublicationRule& rule) {
  std::string out = fmt::format("网站每发布一条信息得{}", points(rule.points_per_item));
  if (rule.monthly_cap) out += fmt::format("，每月最多{}", points(*rule.monthly_cap));
  if (auto months = month_range(rule.months); !months.empty()) out += fmt::format("（{}计分）", months);
  return out;
}

std::string adoption_words(const Scheme& s, Accrual only) {
  std::string out;
  for (const auto& level : s.adoption_levels)
    if (level.accrual == only) out += fmt::format("{}{}每篇加{}", out.empty() ? "" : "，", level.code, points(level.points));
  return out;
}

std::string count_words(const Indicator& ind) {
  std::string what;
  if (ind.metric == "发布") what = fmt::format("网站每发布一条信息得{}", points(ind.points));
  else if (ind.metric == "投稿") what = fmt::format("每篇有效投稿得{}", points(ind.points));
  else if (ind.metric == "采用") what = fmt::format("被上级采用每篇得{}", points(ind.points));
  else what = fmt::format("被{}采用每篇得{}", ind.metric.substr(ind.metric.find(':') + 1), points(ind.points));
  return ind.full_marks ? what + fmt::format("，最多{}", points(*ind.full_marks)) : what;
}

std::string ratio_words(const Indicator& ind) {
  const std::string rounding = ind.decimals == 0 ? "四舍五入取整数" : fmt::format("保留{}位小数", ind.decimals);
  return fmt::format("指标.csv 中本单位的分子合计÷分母合计×{}，{}；分母为0（没有填报）时得{}",
                     points(ind.full_marks.value_or(Decimal{})), rounding,
                     ind.empty_ratio == EmptyRatio::Full ? "满分" : "0分");
}

bool has_children(const Scheme& s, std::size_t i, bool bonus) {
  return std::ranges::any_of(s.indicators, [&](const Indicator& c) { return c.parent == i && c.bonus == bonus; });
}

bool weighted_children(const Scheme& s, std::size_t i) {
  return std::ranges::any_of(s.indicators,
                             [&](const Indicator& c) { return c.parent == i && c.weight != Decimal::from_int(1); });
}

std::string sum_words(const Scheme& s, std::size_t i) {
  const Indicator& ind = s.indicators[i];
  std::string out = weighted_children(s, i) ? "下列各项得分乘以权重后相加" : "下列各项得分相加";
  if (ind.full_marks) out += fmt::format("，最高{}", points(*ind.full_marks));
  out += "（不低于0分）";
  if (has_children(s, i, true)) out += "，再加上加分项";
  return out;
}

std::string rule_words(const Scheme& s, std::size_t i) {
  const Indicator& ind = s.indicators[i];
  const std::string full = points(ind.full_marks.value_or(Decimal{}));
  switch (ind.rule) {
  case IndicatorRule::Sum: return sum_words(s, i);
  case IndicatorRule::Deduct: return "按检查发现的问题扣分，扣完为止（不低于0分）";
  case IndicatorRule::Count: return count_words(ind);
  case IndicatorRule::Ratio: return ratio_words(ind);
  case IndicatorRule::Check:
    return fmt::format("指标.csv 中本单位各项结果都为“是”时得{}，否则得0分；没有填报时得0分", full);
  case IndicatorRule::Manual: return "由考核人员评定（在 指标.csv 中填写得分）";
  case IndicatorRule::Publication: return publication_words(s.publication);
  case IndicatorRule::Adoption: {
    auto levels = adoption_words(s, Accrual::Quarter);
    return levels.empty() ? "方案中没有计入季度的采用级别，得0分" : "被上级采用：" + levels;
  }
  case IndicatorRule::Deductions: return "减去检查发现的问题和投稿未完成任务的全部减分";
  }
  return {};
}

// "主动公开（40分）", "工作亮点（最多5分）", "网站发布（权重0.5）".
std::string heading(const Indicator& ind) {
  std::vector<std::string> parts;
  if (ind.full_marks) parts.push_back((ind.bonus ? "最多" : "") + points(*ind.full_marks));
  if (ind.weight != Decimal::from_int(1)) parts.push_back("权重" + ind.weight.to_string());
  std::string out = ind.name;
  if (!parts.empty()) out += "（" + fmt::format("{}", fmt::join(parts, "，")) + "）";
  return out;
}

void describe_subtree(const Scheme& s, std::optional<std::size_t> parent, std::size_t level,
                      std::vector<std::string>& out) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.indicators.size(); ++i) {
    const Indicator& ind = s.indicators[i];
    if (ind.parent != parent) continue;
    const std::string indent(2 * level, ' ');
    const std::string number = ind.bonus ? "加分项：" : numbering(level, ++n);
    out.push_back(fmt::format("{}{}{}：{}", indent, number, heading(ind), rule_words(s, i)));
    describe_subtree(s, i, level + 1, out);
  }
}

std::string rating_words(const RatingBand& band) {
  if (band.top_share)
    return fmt::format("{}：得分前{}%的单位", band.name,
                       Decimal::from_millionths(band.top_share->millionths() * 100).to_string());
  if (band.min) return fmt::format("{}：{}及以上", band.name, points(*band.min));
  return band.name + "：其余单位";
}

std::string finding_words(const FindingType& f) {
  std::string out = f.reason + "：";
  out += f.points.is_zero() ? "不减分" : "每处减" + points(f.points);
  if (!f.veto.empty()) out += fmt::format("，一票否决（{}）", f.veto);
  return out;
}

// The ratings in order, then each veto.
void describe_ratings(const Scheme& s, std::vector<std::string>& out) {
  if (!s.ratings.empty()) {
    out.push_back("等次（按合计从高到低，依次判定）：");
    for (const auto& band : s.ratings) out.push_back("  " + rating_words(band));
  }
  for (const auto& f : s.finding_types)
    if (!f.veto.empty()) out.push_back(fmt::format("一票否决：{} → {}", f.reason, f.veto));
}

void describe_findings(const Scheme& s, std::vector<std::string>& out) {
  bool heading_done = false;
  auto section = [&](std::string title, auto&& belongs) {
    bool first = true;
    for (const auto& f : s.finding_types) {
      if (!belongs(f)) continue;
      if (!heading_done) out.push_back("扣分问题：");
      heading_done = true;
      if (first) out.push_back("  " + title);
      first = false;
      out.push_back("    " + finding_words(f));
    }
  };
  for (const auto& ind : s.indicators)
    if (ind.rule == IndicatorRule::Deduct)
      section(ind.name + "：", [&](const FindingType& f) { return f.indicator == ind.code; });
  section("不属于任何指标（从合计中减）：", [](const FindingType& f) { return f.indicator.empty(); });
}

std::vector<std::string> describe_indicators(const Scheme& s) {
  std::vector<std::string> out;
  out.push_back("指标体系：");
  describe_subtree(s, std::nullopt, 0, out);
  const bool weighted = std::ranges::any_of(
      s.indicators, [](const Indicator& i) { return !i.parent && i.weight != Decimal::from_int(1); });
  out.push_back(weighted ? "合计 = 各一级指标得分乘以权重后相加" : "合计 = 各一级指标得分相加");
  describe_ratings(s, out);
  describe_findings(s, out);
  return out;
}

std::string quota_words(const QuotaRule& q) {
  const std::string who = q.tag.empty() ? "其他单位" : fmt::format("带“{}”标签的单位", q.tag);
  const std::string months = month_range(q.months);
  return fmt::format("{}{}每月至少{}篇", who, months.empty() ? "" : " " + months + " ", q.count);
}

// A count-only scheme (a monthly 通报 of numbers): nothing earns or costs points.
bool scores_nothing(const Scheme& s) {
  return s.publication.points_per_item.is_zero() && s.submission.quotas.empty() && s.finding_types.empty() &&
         std::ranges::all_of(s.adoption_levels, [](const AdoptionLevel& l) { return l.points.is_zero(); });
}

std::vector<std::string> describe_fixed(const Scheme& s) {
  std::vector<std::string> out;
  if (scores_nothing(s)) return {"不计分，只统计数字（网站发布条数、被采用篇数等）"};
  const std::string_view noun = Period{2000, 1, s.period.length}.noun();  // 季度, 月, …
  std::size_t n = 0;
  out.push_back(numbering(0, ++n) + "累计得分（网站发布）：" + publication_words(s.publication));
  const SubmissionRule& sub = s.submission;
  if (!sub.quotas.empty()) {
    std::vector<std::string> quotas;
    for (const auto& q : sub.quotas) quotas.push_back(quota_words(q));
    out.push_back(fmt::format("{}投稿：{}；{}", numbering(0, ++n), fmt::join(quotas, "；"),
                              sub.basis == PenaltyBasis::PerMonth
                                  ? fmt::format("未完成任务的月份每月减{}", points(sub.penalty))
                                  : fmt::format("每少一篇减{}", points(sub.penalty))));
    std::vector<std::string> valid;
    if (sub.min_characters > 0) valid.push_back(fmt::format("不少于{}字", sub.min_characters));
    if (sub.min_pictures > 0) valid.push_back(fmt::format("至少{}张图片", sub.min_pictures));
    if (sub.require_on_topic) valid.push_back("内容与政务公开工作有关");
    if (!valid.empty()) out.push_back(fmt::format("  有效投稿：{}", fmt::join(valid, "，")));
    if (!sub.exemption.empty())
      out.push_back(fmt::format("  单位名录“免考核”列写“{}”的单位不考核投稿", sub.exemption));
  }
  if (!s.adoption_levels.empty()) {
    out.push_back(numbering(0, ++n) + "被上级采用加分：");
    if (auto q = adoption_words(s, Accrual::Quarter); !q.empty()) out.push_back(fmt::format("  计入{}合计：{}", noun, q));
    if (auto y = adoption_words(s, Accrual::Year); !y.empty())
      out.push_back(fmt::format("  计入年度考核（不计入{}合计）：{}{}", noun, y,
                                s.year.bonus_cap ? fmt::format("，全年最多{}", points(*s.year.bonus_cap)) : ""));
  }
  if (!s.finding_types.empty()) {
    out.push_back(numbering(0, ++n) + "检查发现的问题（减分）：");
    std::size_t k = 0;
    for (const auto& f : s.finding_types) out.push_back("  " + numbering(2, ++k) + finding_words(f));
  }
  out.push_back(fmt::format("合计 = 累计得分 + 加分 − 减分（加分只含计入{}合计的采用加分；减分含检查发现的问题和投稿未完成任务）",
                            noun));
  describe_ratings(s, out);
  return out;
}

// "上月26日", "本期最后一个月月末", "本期结束后的第1个月9日": a window edge.
std::string edge_words(const WindowEdge& edge, bool from, PeriodLength length) {
  std::string month;
  if (length == PeriodLength::Month) {
    month = edge.months == -1 ? "上月" : edge.months == 0 ? "本月" : edge.months == 1 ? "下月"
            : edge.months < 0 ? fmt::format("{}个月前", -edge.months) : fmt::format("{}个月后", edge.months);
  } else if (edge.months == 0) {
    month = from ? "本期第一个月" : "本期最后一个月";
  } else {
    month = edge.months < 0 ? fmt::format("本期开始前的第{}个月", -edge.months)
                            : fmt::format("本期结束后的第{}个月", edge.months);
  }
  return month + (edge.day >= 31 ? "月末" : fmt::format("{}日", edge.day));
}

// "考核周期：按月；考核期为上月26日至本月25日": only when the scheme writes [period].
void describe_period(const Scheme& s, std::vector<std::string>& out) {
  const PeriodRule& p = s.period;
  if (p.at.line == 0) return;
  const std::string length(period_length_name(p.length));
  if (!p.from && !p.to) return out.push_back(fmt::format("考核周期：{}（考核期为自然{}）", length, Period{2000, 1, p.length}.noun()));
  out.push_back(fmt::format("考核周期：{}；考核期为{}至{}", length,
                            p.from ? edge_words(*p.from, true, p.length) : std::string("本期第一天"),
                            p.to ? edge_words(*p.to, false, p.length) : std::string("本期最后一天")));
}

// "附件1（区直各部门）只统计数字：发布信息（条）、被市级采用（篇）；末行合计".
void describe_count_tables(const Scheme& s, std::vector<std::string>& out) {
  for (const auto& t : s.tables) {
    if (t.kind != TableKind::Counts) continue;
    std::vector<std::string> headings;
    for (const auto& f : t.figures) headings.push_back(s.figure_heading(f));
    out.push_back(fmt::format("{}只统计数字：{}{}", t.id, fmt::join(headings, "、"), t.totals ? "；末行合计" : ""));
  }
}

// Issue 17: "网站抓取时，“动态要闻”栏目超过14天未更新的，提出“网站栏目长期未更新”的检查问题，经确认后计入".
void describe_stale_columns(const Scheme& s, std::vector<std::string>& out) {
  for (const auto& rule : s.stale_columns) {
    const auto finding = s.find_finding(rule.finding);
    const std::string reason = finding ? s.finding_types[*finding].reason : rule.finding;
    out.push_back(fmt::format("网站抓取时，“{}”栏目超过{}天未更新的，提出“{}”的检查问题，经确认后计入", rule.kind,
                              rule.days, reason));
  }
}

} // namespace

std::vector<std::string> describe_scheme(const Scheme& scheme) {
  std::vector<std::string> out;
  out.push_back(fmt::format("考核方案：{}{}", scheme.name,
                            scheme.issuer.empty() ? "" : fmt::format("（{}）", scheme.issuer)));
  describe_period(scheme, out);
  auto body = scheme.indicators.empty() ? describe_fixed(scheme) : describe_indicators(scheme);
  out.insert(out.end(), body.begin(), body.end());
  describe_count_tables(scheme, out);
  describe_stale_columns(scheme, out);
  return out;
}

} // namespace zwgk
