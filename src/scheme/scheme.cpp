#include "scheme/scheme.h"

#include "util/text.h"

namespace zwgk {

std::optional<std::int64_t> SubmissionRule::quota_for(const Unit& unit, YearMonth month) const {
  if (!exemption.empty() && unit.is_exempt(exemption)) return std::nullopt;
  for (const auto& rule : quotas)
    if (!rule.tag.empty() && unit.has_tag(rule.tag) && rule.months.contains(month))
      return rule.count;
  for (const auto& rule : quotas)
    if (rule.tag.empty() && rule.months.contains(month)) return rule.count;
  return std::nullopt;
}

std::optional<std::int64_t> SubmissionRule::quota_for_tag(std::string_view tag, YearMonth month) const {
  if (!tag.empty())
    for (const auto& rule : quotas)
      if (rule.tag == tag && rule.months.contains(month)) return rule.count;
  for (const auto& rule : quotas)
    if (rule.tag.empty() && rule.months.contains(month)) return rule.count;
  return std::nullopt;
}

const Section* Scheme::find_section(std::string_view code) const {
  for (const auto& s : sections)
    if (s.code == code || s.title == code) return &s;
  return nullptr;
}

std::optional<std::size_t> Scheme::find_level(std::string_view code) const {
  auto key = fold_name(code);
  for (std::size_t i = 0; i < adoption_levels.size(); ++i) {
    const auto& level = adoption_levels[i].code;
    if (fold_name(level) == key || fold_name(level + "采用") == key ||
        fold_name(level + "采用件数") == key)
      return i;
  }
  return std::nullopt;
}

std::optional<std::size_t> Scheme::find_finding(std::string_view code_or_reason) const {
  auto key = fold_name(code_or_reason);
  for (std::size_t i = 0; i < finding_types.size(); ++i)
    if (fold_name(finding_types[i].code) == key || fold_name(finding_types[i].reason) == key)
      return i;
  return std::nullopt;
}

} // namespace zwgk

namespace zwgk {

std::optional<std::size_t> Scheme::find_indicator(std::string_view code) const {
  for (std::size_t i = 0; i < indicators.size(); ++i)
    if (indicators[i].code == code) return i;
  return std::nullopt;
}

} // namespace zwgk
