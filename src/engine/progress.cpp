#include "engine/progress.h"

#include <algorithm>

namespace zwgk {
namespace {

// The mean of `sum` over `count` to two decimals, rounded half away from zero.
Decimal mean_to_hundredths(Decimal sum, std::int64_t count) {
  const std::int64_t per_hundredth = count * 10000;  // millionths in a hundredth, times count
  const std::int64_t half = sum.millionths() >= 0 ? per_hundredth / 2 : -per_hundredth / 2;
  return Decimal::from_millionths((sum.millionths() + half) / per_hundredth * 10000);
}

} // namespace

std::optional<std::int64_t> full_marks_items(const PublicationRule& rule) {
  if (!rule.monthly_cap || rule.points_per_item.millionths() <= 0) return std::nullopt;
  const auto cap = rule.monthly_cap->millionths(), per = rule.points_per_item.millionths();
  return cap <= 0 ? 0 : (cap + per - 1) / per;
}

YearMonth last_month_with_data(const Result& result) {
  YearMonth last = result.period.months().front();
  for (const auto& s : result.units)
    for (const auto& m : s.months)
      if ((m.published > 0 || m.submissions > 0) && m.month > last) last = m.month;
  return last;
}

MonthProgress month_progress(const Result& result, const Scheme& scheme, std::optional<YearMonth> month) {
  MonthProgress out{month.value_or(last_month_with_data(result)), {}};
  const auto full = full_marks_items(scheme.publication);
  for (const auto& s : result.units) {
    auto it = std::ranges::find(s.months, out.month, &MonthFigures::month);
    if (it == s.months.end()) continue;
    out.units.push_back({s.unit, *it, full, full && it->published < *full,
                         it->quota && it->submissions < *it->quota});
  }
  return out;
}

std::vector<SectionFigures> section_figures(const Result& result, const Scheme& scheme, const Registry& registry) {
  std::vector<SectionFigures> out;
  for (const auto& section : scheme.sections) {
    std::vector<Decimal> totals;
    for (const auto& s : result.units)
      if (registry.at(s.unit).section == section.code) totals.push_back(s.total);
    if (totals.empty()) continue;
    Decimal sum;
    for (auto t : totals) sum += t;
    const auto count = static_cast<std::int64_t>(totals.size());
    out.push_back({section.code, count, mean_to_hundredths(sum, count), *std::ranges::min_element(totals),
                   *std::ranges::max_element(totals)});
  }
  return out;
}

} // namespace zwgk
