#include "scheme/scheme.h"

#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

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

namespace {

Date edge_date(YearMonth base, WindowEdge edge) {
  const YearMonth m = YearMonth::from_index(base.index() + edge.months);
  return {m.year, m.month, std::min(edge.day, days_in_month(m))};
}

} // namespace

DateWindow PeriodRule::window(Period period) const {
  DateWindow out = period.calendar_window();
  if (from) out.from = edge_date(period.first_month(), *from);
  if (to) out.to = edge_date(period.last_month(), *to);
  return out;
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

std::expected<Figure, std::string> Scheme::parse_figure(std::string_view text) const {
  static constexpr std::array<std::pair<std::string_view, FigureKind>, 6> k_plain = {{
      {"发布", FigureKind::Published}, {"投稿", FigureKind::Submissions}, {"采用", FigureKind::Adopted},
      {"加分", FigureKind::Bonus}, {"减分", FigureKind::Deduction}, {"合计", FigureKind::Total}}};
  const std::string_view written = trim(text);
  for (const auto& [word, kind] : k_plain)
    if (written == word) return Figure{kind, std::nullopt, std::string(written)};
  for (std::string_view colon : {":", "："}) {
    const auto at = written.find(colon);
    if (at == std::string_view::npos) continue;
    const std::string_view head = trim(written.substr(0, at)), arg = trim(written.substr(at + colon.size()));
    if (head == "采用") {
      if (auto level = find_level(arg)) return Figure{FigureKind::Adopted, level, std::string(written)};
      return std::unexpected(fmt::format("考核方案中没有采用级别“{}”", arg));
    }
    if (head == "指标") {
      if (auto i = find_indicator(arg)) return Figure{FigureKind::Indicator, i, std::string(written)};
      return std::unexpected(fmt::format("考核方案中没有指标“{}”", arg));
    }
  }
  return std::unexpected(fmt::format("不认识的数字“{}”；可以是：发布、投稿、采用、采用:级别、加分、减分、合计、指标:指标代码",
                                     written));
}

std::string Scheme::figure_heading(const Figure& f) const {
  switch (f.kind) {
    case FigureKind::Published: return "发布信息（条）";
    case FigureKind::Submissions: return "有效投稿（篇）";
    case FigureKind::Adopted:
      return f.index ? fmt::format("被{}采用（篇）", adoption_levels[*f.index].code) : "被采用（篇）";
    case FigureKind::Bonus: return "加分";
    case FigureKind::Deduction: return "减分";
    case FigureKind::Total: return "合计";
    case FigureKind::Indicator: break;
  }
  const Indicator& i = indicators[*f.index];
  return i.name.empty() ? i.code : i.name;
}

} // namespace zwgk
