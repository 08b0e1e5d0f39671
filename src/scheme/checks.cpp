#include "scheme/checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace zwgk {
namespace {

class Warnings {
public:
  explicit Warnings(const Scheme& scheme) : m_file(scheme.file) {}

  void at(SchemePlace place, std::string message) {
    m_out.warning({m_file, {}, place.line, place.column, {}}, std::move(message));
  }
  Diagnostics take() { return std::move(m_out); }

private:
  std::string m_file;
  Diagnostics m_out;
};

bool applies_in(const MonthRange& months, Period period) {
  return std::ranges::any_of(period.months(), [&](YearMonth m) { return months.contains(m); });
}

std::string range_text(const MonthRange& months) {
  if (months.from && months.to) return fmt::format("{} 至 {}", months.from->to_string(), months.to->to_string());
  if (months.from) return fmt::format("{} 起", months.from->to_string());
  if (months.to) return fmt::format("{} 及以前", months.to->to_string());
  return "不限";
}

void check_publication(const PublicationRule& rule, Period period, Warnings& out) {
  if (rule.monthly_cap && *rule.monthly_cap < rule.points_per_item)
    out.at(rule.cap_at, fmt::format("每月上限（{} 分）小于每条信息的分值（{} 分）：只要发布一条，当月就得上限分，"
                                    "与发布多少条无关；请检查 monthly_cap 和 points_per_item",
                                    rule.monthly_cap->to_string(), rule.points_per_item.to_string()));
  if (!applies_in(rule.months, period))
    out.at(rule.months_at, fmt::format("网站发布的计分月份（{}）都不在本季度 {} 内：所有单位本季度的网站发布得分都是 0；"
                                       "请检查 publication 的 from 和 to",
                                       range_text(rule.months), period.to_string()));
}

void check_quotas(const SubmissionRule& rule, const Registry& registry, Period period, Warnings& out) {
  const QuotaRule* untagged = nullptr;
  bool untagged_applies = false, tagged_applies = false;
  std::set<std::string> reported;
  for (const auto& quota : rule.quotas) {
    const bool applies = applies_in(quota.months, period);
    if (quota.tag.empty()) {
      untagged = untagged ? untagged : &quota;
      untagged_applies = untagged_applies || applies;
      continue;
    }
    tagged_applies = tagged_applies || applies;
    const bool someone = std::ranges::any_of(registry.units(), [&](const Unit& u) { return u.has_tag(quota.tag); });
    if (!someone && reported.insert(quota.tag).second)
      out.at(quota.tag_at, fmt::format("单位名录中没有任何单位带“{}”标签，这条任务数规则不会用到；"
                                       "标签写错时，这些单位会按不带标签的规则考核",
                                       quota.tag));
  }
  if (untagged && !untagged_applies && tagged_applies)
    out.at(untagged->at, fmt::format("不带标签的任务数规则都不适用于本季度 {}，只有带标签的单位考核投稿；"
                                     "请检查这些规则的 from 和 to",
                                     period.to_string()));
}

// Σ weight × full marks of the non-bonus children of each capped sum, in
// 10^-12 points (two six-place decimals multiplied exactly, within 128 bits).
__extension__ typedef __int128 Wide;  // __extension__: -Wpedantic accepts GCC's 128-bit integer

void check_indicator_caps(const Scheme& scheme, Warnings& out) {
  constexpr Wide k_scale = Decimal::k_scale;
  std::vector<Wide> children(scheme.indicators.size(), 0);
  std::vector<bool> known(scheme.indicators.size(), true);  // every non-bonus child has full marks
  std::vector<bool> any(scheme.indicators.size(), false);
  for (const auto& ind : scheme.indicators) {
    if (!ind.parent || ind.bonus) continue;
    any[*ind.parent] = true;
    if (!ind.full_marks) known[*ind.parent] = false;
    else children[*ind.parent] += Wide(ind.weight.millionths()) * ind.full_marks->millionths();
  }
  for (std::size_t i = 0; i < scheme.indicators.size(); ++i) {
    const Indicator& ind = scheme.indicators[i];
    if (!ind.full_marks || !any[i] || !known[i] || children[i] <= Wide(ind.full_marks->millionths()) * k_scale)
      continue;
    const bool exact = children[i] % k_scale == 0;
    const Decimal total = Decimal::from_millionths(static_cast<std::int64_t>(children[i] / k_scale));
    out.at(ind.at, fmt::format("指标“{}”的下级指标（不含加分项，已乘权重）满分合计{} {} 分，超过它的满分 {} 分："
                               "得分封顶在 {} 分，下级指标的分数不能全部计入；请检查各指标的 full_marks 和 weight",
                               ind.code, exact ? "" : "约", total.to_string(), ind.full_marks->to_string(),
                               ind.full_marks->to_string()));
  }
}

} // namespace

Diagnostics indicator_warnings(const Scheme& scheme) {
  Warnings out(scheme);
  check_indicator_caps(scheme, out);
  return out.take();
}

Diagnostics scheme_warnings(const Scheme& scheme, const Registry& registry, Period period) {
  Warnings out(scheme);
  check_publication(scheme.publication, period, out);
  check_quotas(scheme.submission, registry, period, out);
  Diagnostics all = out.take();
  all.append(indicator_warnings(scheme));
  return all;
}

} // namespace zwgk
