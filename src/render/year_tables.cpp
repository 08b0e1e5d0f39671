#include "render/year_tables.h"

#include "render/xlsx.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace zwgk {
namespace {

using annual::PeriodFollowup;
using annual::QuarterChange;
using annual::RectificationItem;
using annual::UnitYear;
using annual::YearResult;
using annual::YearSection;

std::string number(std::size_t n) { return std::to_string(n); }
std::string blank_zero(std::int64_t n) { return n == 0 ? std::string() : std::to_string(n); }
std::string blank_zero(Decimal d) { return d.is_zero() ? std::string() : d.to_string(); }
std::string signed_points(Decimal d) { return d.is_negative() || d.is_zero() ? d.to_string() : "+" + d.to_string(); }

std::string short_name(const Registry& registry, UnitId unit) {
  return registry.at(unit).display_name(NameStyle::Short);
}

std::string quarter_name(const YearResult& year, Period period) {
  return period.year == year.year ? period.chinese_name() : period.full_name();
}

// "三季度": the annual table's column, narrower than "第三季度" (all its quarters are of its year).
std::string short_quarter_name(Period period) {
  std::string name = period.chinese_name();
  constexpr std::string_view k_ordinal = "第";
  return name.starts_with(k_ordinal) ? name.substr(k_ordinal.size()) : name;
}

std::optional<std::size_t> quarter_index(const YearResult& year, Period period) {
  auto it = std::ranges::find(year.quarters, period);
  if (it == year.quarters.end()) return std::nullopt;
  return static_cast<std::size_t>(it - year.quarters.begin());
}

// Levels whose adoptions accrue to the year (the others are in the quarters' totals).
std::vector<std::size_t> year_levels(const Scheme& scheme) {
  std::vector<std::size_t> out;
  for (std::size_t l = 0; l < scheme.adoption_levels.size(); ++l)
    if (scheme.adoption_levels[l].accrual == Accrual::Year) out.push_back(l);
  return out;
}

// What a period of the year is called in the annual tables: 季度, or 月, 半年, 年度 (issue 16).
std::string_view noun(const YearResult& year) { return year.quarters.empty() ? "季度" : year.quarters.front().noun(); }
// The word of a column of periods: 季度, 月份, 半年, 年度.
std::string column_word(const YearResult& year) { return noun(year) == "月" ? "月份" : std::string(noun(year)); }

// What the combined column is called: the quarters' sum or their mean.
std::string combined_name(const Scheme& scheme) {
  return scheme.year.combine == QuarterCombine::Mean ? "平均" : "合计";
}

std::string section_note(const YearResult& year, const Scheme& scheme) {
  const std::string combined = combined_name(scheme);
  std::string note = fmt::format("注：“{}”为各{}得分{}；", combined, noun(year),
                                 scheme.year.combine == QuarterCombine::Mean ? "的平均数" : "之和");
  if (!year_levels(scheme).empty()) note += "上级采用各级别为全年被采用的篇数，“加分”为计入年度考核的加分；";
  note += fmt::format("逾期事项中“未整改”为过了整改期限仍未整改的事项数，“已整改”为过了期限才整改的事项数，"
                      "“减分”为其年度扣分；年度得分＝{}＋加分－减分，名次按年度得分排列。",
                      combined);
  for (const auto& line : missing_quarter_notes(year)) note += line;
  return note;
}

// The day of the last event of `kind` in the item's history (deadlines are days).
std::string last_event_day(const RectificationItem& item, FollowupKind kind) {
  for (auto it = item.history.rbegin(); it != item.history.rend(); ++it)
    if (it->kind == kind) return it->when.date.to_string();
  return {};
}

// The day of the reply that fixed the item; a reply still waiting for the
// office is shown as such; a rejected reply is not a fix and shows nothing.
std::string fix_day(const RectificationItem& item) {
  if (item.fixed_at) return item.fixed_at->date.to_string();
  if (item.awaiting_check)
    return last_event_day(item, FollowupKind::Reply) + (item.status == annual::ItemStatus::Replied ? "" : "（待核实）");
  return {};
}

std::string contest_text(const RectificationItem& item) {
  if (!item.contested) return {};
  if (!item.contest_outcome) return "申诉中";
  return std::string(followup_kind_name(*item.contest_outcome));
}

std::string rank_change(std::size_t from, std::size_t to) {
  if (from == to) return "持平";
  return from > to ? fmt::format("上升{}位", from - to) : fmt::format("下降{}位", to - from);
}

// The units of the year's sections, in the annual tables' order.
std::vector<UnitId> units_in_order(const YearResult& year) {
  std::vector<UnitId> out;
  for (const auto& section : year.sections) out.insert(out.end(), section.order.begin(), section.order.end());
  return out;
}

} // namespace

std::string year_section_title(const YearResult& year, const Section& section, const Scheme& scheme) {
  return section.title + substitute(scheme.year.title, {{"year", std::to_string(year.year)}});
}

LaidOutTable lay_out_year_section(const YearResult& year, const YearSection& section, const Scheme& scheme,
                                  const Registry& registry) {
  const Section& info = scheme.sections.at(section.section);
  const std::size_t quarters = year.quarters.size();
  const auto levels = year_levels(scheme);
  LaidOutTable t;
  t.id = valid_sheet_name("年度考核-" + info.title);
  t.title = year_section_title(year, info, scheme);
  t.kind = TableKind::Submissions;  // no chart of the last column: it is the rank here
  t.header_rows = 2;
  std::size_t c = 0;
  // Groups over short headers, so that the many columns fit a page:
  // 季度得分 (each quarter, 合计) | 上级采用 (levels, 加分) | 逾期事项 (未整改, 已整改, 减分) | 年度 (得分, 名次).
  auto group = [&](std::string text, std::vector<std::string> columns) {
    t.header.push_back({std::move(text), 0, c, 1, columns.size()});
    for (auto& column : columns) t.header.push_back({std::move(column), 1, c++, 1, 1});
  };
  t.header.push_back({"序号", 0, c++, 2, 1});
  t.header.push_back({"单位", 0, c++, 2, 1});
  std::vector<std::string> quarter_columns;
  for (Period p : year.quarters) quarter_columns.push_back(short_quarter_name(p));
  quarter_columns.push_back(combined_name(scheme));
  group(noun(year) == "季度" ? std::string("季度得分") : fmt::format("各{}得分", noun(year)), std::move(quarter_columns));
  std::vector<std::string> level_columns;
  for (std::size_t l : levels) level_columns.push_back(scheme.adoption_levels[l].code);
  level_columns.push_back("加分");
  group("上级采用", std::move(level_columns));
  group("逾期事项", {"未整改", "已整改", "减分"});
  group("年度", {"得分", "名次"});
  t.columns = c;
  t.numeric_columns.assign(t.columns, true);
  t.numeric_columns[1] = false;
  for (std::size_t i = 0; i < section.order.size(); ++i) {
    const UnitYear& u = year.units.at(section.order[i]);
    std::vector<std::string> cells{number(i + 1), short_name(registry, u.unit)};
    for (std::size_t q = 0; q < quarters; ++q)
      cells.push_back(q < u.quarters.size() && u.quarters[q] ? u.quarters[q]->total.to_string() : "");
    cells.push_back(u.quarter_score.to_string());
    for (std::size_t l : levels) cells.push_back(l < u.adoptions.size() ? blank_zero(u.adoptions[l]) : "");
    cells.push_back(blank_zero(u.year_bonus));
    cells.push_back(blank_zero(u.unrectified));
    cells.push_back(blank_zero(u.late));
    cells.push_back(blank_zero(u.penalty));
    cells.push_back(u.total.to_string());
    cells.push_back(number(u.rank));
    t.rows.push_back(std::move(cells));
  }
  t.note = section_note(year, scheme);
  return t;
}

LaidOutTable lay_out_rectification(const YearResult& year, const std::vector<const PeriodFollowup*>& followups,
                                   const Scheme& scheme, const Registry& registry) {
  LaidOutTable t;
  t.id = "整改情况";
  t.title = fmt::format("{}年度整改情况", year.year);
  t.kind = TableKind::Submissions;
  t.header_rows = 1;
  // The day of the reply is what the deadline is compared with; the office's check
  // is in the JSON (verified_at). Short headers keep the table within a page.
  const std::vector<std::string> columns{column_word(year), "单位", "问题", "减分", "整改期限", "状态",
                                         "回复日期", "申诉", "年度减分"};
  t.columns = columns.size();
  for (std::size_t c = 0; c < columns.size(); ++c) t.header.push_back({columns[c], 0, c, 1, 1});
  t.numeric_columns.assign(t.columns, false);
  t.numeric_columns[3] = t.numeric_columns[8] = true;
  std::vector<const PeriodFollowup*> ordered;
  for (const auto* f : followups)
    if (f) ordered.push_back(f);
  std::ranges::stable_sort(ordered, {}, &PeriodFollowup::period);
  for (const auto* f : ordered)
    for (const auto& item : f->items)
      t.rows.push_back({quarter_name(year, item.period), short_name(registry, item.unit), item.reason,
                        item.points.to_string(), item.deadline ? item.deadline->to_string() : "",
                        std::string(annual::item_status_name(item.status)),
                        fix_day(item),
                        contest_text(item), blank_zero(item.annual_penalty)});
  const auto& rule = scheme.rectification;
  t.note = fmt::format("注：状态截至{}。逾期未整改的事项每项年度减{}分，逾期整改的每项年度减{}分。",
                       year.as_of.to_string(), rule.unrectified_penalty.to_string(), rule.late_penalty.to_string());
  if (t.rows.empty()) t.note = fmt::format("注：{}年度没有整改事项。", year.year);
  return t;
}

LaidOutTable lay_out_quarter_changes(const YearResult& year, const Scheme& scheme, const Registry& registry) {
  LaidOutTable t;
  t.id = fmt::format("{}对比", noun(year));
  t.title = fmt::format("{}年度各{}对比", year.year, noun(year));
  t.kind = TableKind::Submissions;
  t.header_rows = 2;
  t.header = {{"序号", 0, 0, 2, 1}, {"单位", 0, 1, 2, 1}, {"类别", 0, 2, 2, 1}};
  t.numeric_columns = {true, false, false};
  std::size_t c = 3;
  bool any_changed = false;
  for (const auto& change : year.changes) {
    if (!change.rules.empty()) {
      any_changed = true;
      t.header.push_back({quarter_change_name(change), 0, c++, 2, 1});
      t.numeric_columns.push_back(false);
      continue;
    }
    t.header.push_back({quarter_change_name(change), 0, c, 1, 2});
    t.header.push_back({"合计增减", 1, c++, 1, 1});
    t.header.push_back({"名次变化", 1, c++, 1, 1});
    t.numeric_columns.push_back(true);
    t.numeric_columns.push_back(false);
  }
  t.columns = c;
  const auto order = units_in_order(year);
  for (std::size_t i = 0; i < order.size(); ++i) {
    const UnitYear& u = year.units.at(order[i]);
    const Unit& unit = registry.at(u.unit);
    std::vector<std::string> cells{number(i + 1), unit.display_name(NameStyle::Short), unit.section};
    for (const auto& change : year.changes) {
      auto from = quarter_index(year, change.from);
      auto to = quarter_index(year, change.to);
      const bool both = from && to && *from < u.quarters.size() && *to < u.quarters.size() &&
                        u.quarters[*from] && u.quarters[*to];
      if (!change.rules.empty()) {
        cells.push_back(both ? std::string(k_year_rules_changed) : "");
        continue;
      }
      cells.push_back(both ? signed_points(u.quarters[*to]->total - u.quarters[*from]->total) : "");
      cells.push_back(both ? rank_change(u.quarters[*from]->rank, u.quarters[*to]->rank) : "");
    }
    t.rows.push_back(std::move(cells));
  }
  for (const auto& change : year.changes)
    for (const auto& rule : change.rules) t.lines.push_back(fmt::format("{}：{}", quarter_change_name(change), rule));
  std::vector<std::string> codes;
  for (const auto& s : scheme.sections) codes.push_back(s.code);
  t.note = fmt::format("注：合计增减为后一{0}合计减前一{0}合计；名次变化为单位在本类别（{1}）内按{0}合计排名的升降。",
                       noun(year), join(codes, "、"));
  if (any_changed) t.note += fmt::format("规则有变化的两个{}之间不比较合计和名次，变化见“规则变化”。", noun(year));
  return t;
}

LaidOutTable lay_out_rule_changes(const YearResult& year) {
  LaidOutTable t;
  t.id = "规则变化";
  t.title = fmt::format("{}年度各{}之间的规则变化", year.year, noun(year));
  t.kind = TableKind::Submissions;
  t.header_rows = 1;
  t.columns = 2;
  t.header = {{column_word(year), 0, 0, 1, 1}, {"规则变化", 0, 1, 1, 1}};
  t.numeric_columns = {false, false};
  for (const auto& change : year.changes)
    for (const auto& rule : change.rules) {
      t.rows.push_back({quarter_change_name(change), rule});
      t.lines.push_back(fmt::format("{}：{}", quarter_change_name(change), rule));
    }
  return t;
}

std::vector<LaidOutTable> lay_out_year(const YearResult& year, const std::vector<const PeriodFollowup*>& followups,
                                       const Scheme& scheme, const Registry& registry) {
  std::vector<LaidOutTable> out;
  for (const auto& section : year.sections) {
    out.push_back(lay_out_year_section(year, section, scheme, registry));
    // Two sections of one title must not share a worksheet name.
    for (std::size_t n = 2; std::ranges::count(out, out.back().id, &LaidOutTable::id) > 1; ++n)
      out.back().id = valid_sheet_name(fmt::format("年度考核{}-{}", n, scheme.sections.at(section.section).title));
  }
  out.push_back(lay_out_rectification(year, followups, scheme, registry));
  if (!year.changes.empty()) out.push_back(lay_out_quarter_changes(year, scheme, registry));
  const bool any_changed = std::ranges::any_of(year.changes, [](const QuarterChange& c) { return !c.rules.empty(); });
  if (any_changed) out.push_back(lay_out_rule_changes(year));
  return out;
}

std::vector<std::string> missing_quarter_notes(const YearResult& year) {
  std::vector<std::string> out;
  for (Period p : year.missing) out.push_back(fmt::format("{}没有数据，未计入。", p.full_name()));
  return out;
}

std::string quarter_change_name(const QuarterChange& change) {
  if (change.from.year == change.to.year)
    return fmt::format("{}较{}", change.to.chinese_name(), change.from.chinese_name());
  return fmt::format("{}较{}", change.to.full_name(), change.from.full_name());
}

std::string year_csv_file_name(const LaidOutTable& table) {
  std::string name = table.id + ".csv";
  for (char& c : name)
    if (std::string_view("/\\:*?\"<>|").find(c) != std::string_view::npos) c = '_';
  return name;
}

} // namespace zwgk
