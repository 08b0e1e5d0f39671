// rule_changes(): what makes two quarters' totals unlike.
#include "annual/year.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace zwgk::annual {
namespace {

std::string points(const std::optional<Decimal>& value) {
  return value ? value->to_string() + "分" : "不设上限";
}

// How many of the period's months a range covers, as words.
std::string month_words(const std::vector<YearMonth>& months) {
  if (months.empty()) return "无";
  std::string out;
  for (const auto& m : months) out += (out.empty() ? "" : "、") + std::to_string(m.month);
  return out + "月";
}

void publication_changes(const Scheme& a, Period pa, const Scheme& b, Period pb, std::vector<std::string>& out) {
  const auto& ra = a.publication;
  const auto& rb = b.publication;
  if (ra.points_per_item != rb.points_per_item)
    out.push_back(fmt::format("网站发布每条得分由{}分变为{}分", ra.points_per_item.to_string(),
                              rb.points_per_item.to_string()));
  if (ra.monthly_cap != rb.monthly_cap)
    out.push_back(fmt::format("网站发布每月上限由{}变为{}", points(ra.monthly_cap), points(rb.monthly_cap)));
  std::vector<YearMonth> ma, mb;
  for (auto m : pa.months())
    if (ra.months.contains(m)) ma.push_back(m);
  for (auto m : pb.months())
    if (rb.months.contains(m)) mb.push_back(m);
  if (ma.size() != mb.size())
    out.push_back(fmt::format("网站发布计分月份由{}（{}个月）变为{}（{}个月）", month_words(ma), ma.size(),
                              month_words(mb), mb.size()));
}

// A tag's quotas over a period's months: "8、9月每月1篇" or "7月1篇，8月2篇".
std::string quota_words(const SubmissionRule& rule, std::string_view tag, Period period) {
  std::vector<std::pair<YearMonth, std::int64_t>> in_force;
  for (auto m : period.months())
    if (auto q = rule.quota_for_tag(tag, m)) in_force.emplace_back(m, *q);
  if (in_force.empty()) return "不考核";
  bool uniform = true;
  for (const auto& [m, q] : in_force) uniform = uniform && q == in_force.front().second;
  std::string out;
  if (uniform) {
    for (const auto& [m, q] : in_force) out += (out.empty() ? "" : "、") + std::to_string(m.month);
    return fmt::format("{}月每月{}篇", out, in_force.front().second);
  }
  for (const auto& [m, q] : in_force) out += fmt::format("{}{}月{}篇", out.empty() ? "" : "，", m.month, q);
  return out;
}

void submission_changes(const Scheme& a, Period pa, const Scheme& b, Period pb, std::vector<std::string>& out) {
  const auto& ra = a.submission;
  const auto& rb = b.submission;
  std::set<std::string> tags{""};
  for (const auto& q : ra.quotas) tags.insert(q.tag);
  for (const auto& q : rb.quotas) tags.insert(q.tag);
  for (const auto& tag : tags) {
    auto wa = quota_words(ra, tag, pa), wb = quota_words(rb, tag, pb);
    // Months differ between quarters by name; compare the shape (how many months, how many each).
    auto shape = [&](const SubmissionRule& r, Period p) {
      std::vector<std::int64_t> counts;
      for (auto m : p.months()) counts.push_back(r.quota_for_tag(tag, m).value_or(-1));
      std::sort(counts.begin(), counts.end());
      return counts;
    };
    if (shape(ra, pa) != shape(rb, pb))
      out.push_back(fmt::format("{}投稿任务由{}变为{}", tag.empty() ? "各单位" : tag + "单位", wa, wb));
  }
  if (ra.penalty != rb.penalty || ra.basis != rb.basis)
    out.push_back(fmt::format("未完成投稿任务的减分由{}{}分变为{}{}分",
                              ra.basis == PenaltyBasis::PerMonth ? "每月" : "每篇", ra.penalty.to_string(),
                              rb.basis == PenaltyBasis::PerMonth ? "每月" : "每篇", rb.penalty.to_string()));
  if (ra.min_characters != rb.min_characters)
    out.push_back(fmt::format("投稿字数要求由{}字变为{}字", ra.min_characters, rb.min_characters));
  if (ra.min_pictures != rb.min_pictures)
    out.push_back(fmt::format("投稿图片要求由{}张变为{}张", ra.min_pictures, rb.min_pictures));
  if (ra.require_on_topic != rb.require_on_topic)
    out.push_back(rb.require_on_topic ? "投稿增加了切题要求" : "投稿取消了切题要求");
}

void finding_changes(const Scheme& a, const Scheme& b, std::vector<std::string>& out) {
  for (const auto& ta : a.finding_types) {
    auto i = b.find_finding(ta.code);
    if (!i)
      out.push_back(fmt::format("取消检查问题“{}”（原减{}分）", ta.reason, ta.points.to_string()));
    else if (b.finding_types[*i].points != ta.points)
      out.push_back(fmt::format("检查问题“{}”由减{}分变为减{}分", ta.reason, ta.points.to_string(),
                                b.finding_types[*i].points.to_string()));
  }
  for (const auto& tb : b.finding_types)
    if (!a.find_finding(tb.code))
      out.push_back(fmt::format("新增检查问题“{}”（减{}分）", tb.reason, tb.points.to_string()));
}

std::string_view accrual_words(Accrual accrual) {
  return accrual == Accrual::Quarter ? "计入季度合计" : "计入年度考核";
}

void adoption_changes(const Scheme& a, const Scheme& b, std::vector<std::string>& out) {
  for (const auto& la : a.adoption_levels) {
    auto i = b.find_level(la.code);
    if (!i) {
      out.push_back(fmt::format("取消{}采用加分", la.code));
      continue;
    }
    const auto& lb = b.adoption_levels[*i];
    if (la.points != lb.points)
      out.push_back(fmt::format("{}采用每篇加分由{}分变为{}分", la.code, la.points.to_string(), lb.points.to_string()));
    if (la.accrual != lb.accrual)
      out.push_back(fmt::format("{}采用加分由{}变为{}", la.code, accrual_words(la.accrual), accrual_words(lb.accrual)));
  }
  for (const auto& lb : b.adoption_levels)
    if (!a.find_level(lb.code)) out.push_back(fmt::format("新增{}采用加分（每篇{}分）", lb.code, lb.points.to_string()));
}

} // namespace

std::vector<std::string> rule_changes(const Scheme& a, Period pa, const Scheme& b, Period pb) {
  std::vector<std::string> out;
  publication_changes(a, pa, b, pb, out);
  submission_changes(a, pa, b, pb, out);
  finding_changes(a, b, out);
  adoption_changes(a, b, out);
  return out;
}

} // namespace zwgk::annual
