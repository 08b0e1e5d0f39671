#include "render/layout.h"

#include "engine/narrative.h"
#include "render/text_queries.h"
#include "util/text.h"

#include <fmt/format.h>

namespace zwgk {
namespace {

std::string number(std::int64_t n) { return std::to_string(n); }
std::string blank_zero(std::int64_t n) { return n == 0 ? std::string() : number(n); }
std::string blank_zero(Decimal d) { return d.is_zero() ? std::string() : d.to_string(); }
std::string month_label(YearMonth m) { return fmt::format("{}月", m.month); }

void lay_out_scores(LaidOutTable& t, const Result& result, const TableResult& table,
                    const Registry& registry, NameStyle names) {
  const std::size_t months = table.months.size();
  t.header_rows = 3;
  t.columns = 2 + months + 1 + 3;
  t.header = {{"序号", 0, 0, 3, 1}, {"单位", 0, 1, 3, 1},
              {"政府网站信息公开发布情况", 0, 2, 1, months + 1},
              {"加分", 0, 3 + months, 3, 1}, {"减分", 0, 4 + months, 3, 1},
              {"合计", 0, 5 + months, 3, 1}, {"数量", 1, 2, 1, months},
              {"累计得分", 1, 2 + months, 2, 1}};
  for (std::size_t i = 0; i < months; ++i) t.header.push_back({month_label(table.months[i]), 2, 2 + i, 1, 1});
  t.numeric_columns.assign(t.columns, true);
  t.numeric_columns[1] = false;
  for (const auto& row : table.rows) {
    const UnitScore& s = result.units[row.unit];
    std::vector<std::string> cells{number(static_cast<std::int64_t>(row.seq)),
                                   registry.at(row.unit).display_name(names)};
    for (const auto& m : s.months) cells.push_back(number(m.published));
    cells.push_back(s.publication.to_string());
    cells.push_back(blank_zero(s.bonus));
    cells.push_back(blank_zero(s.deduction));
    cells.push_back(s.total.to_string());
    t.rows.push_back(std::move(cells));
  }
}

void lay_out_submissions(LaidOutTable& t, const Result& result, const TableResult& table,
                         const Scheme& scheme, const Registry& registry, NameStyle names) {
  const std::size_t months = table.months.size();
  const std::size_t levels = scheme.adoption_levels.size();
  t.header_rows = 2;
  t.columns = 1 + months + levels + 1;
  t.header = {{"单位", 0, 0, 2, 1}, {"投稿件数", 0, 1, 1, months}};
  for (std::size_t i = 0; i < months; ++i) t.header.push_back({month_label(table.months[i]), 1, 1 + i, 1, 1});
  for (std::size_t l = 0; l < levels; ++l)
    t.header.push_back({scheme.adoption_levels[l].code + "采用件数", 0, 1 + months + l, 2, 1});
  t.header.push_back({"加分", 0, 1 + months + levels, 2, 1});
  t.numeric_columns.assign(t.columns, true);
  t.numeric_columns[0] = false;
  for (const auto& row : table.rows) {
    const UnitScore& s = result.units[row.unit];
    std::vector<std::string> cells{registry.at(row.unit).display_name(names)};
    for (auto month : table.months)
      for (const auto& m : s.months)
        if (m.month == month) cells.push_back(blank_zero(m.submissions));
    for (const auto& a : s.adoptions) cells.push_back(blank_zero(a.count));
    cells.push_back(blank_zero(s.adoption_bonus));
    t.rows.push_back(std::move(cells));
  }
}

void lay_out_deductions(LaidOutTable& t, const Result& result, const TableResult& table,
                        const Registry& registry, NameStyle names) {
  t.header_rows = 1;
  t.columns = 3;
  t.header = {{"单位", 0, 0, 1, 1}, {"减分情况", 0, 1, 1, 1}, {"共减分", 0, 2, 1, 1}};
  t.numeric_columns = {false, false, true};
  for (const auto& row : table.rows) {
    const UnitScore& s = result.units[row.unit];
    const std::string& name = registry.at(row.unit).display_name(names);
    t.rows.push_back({name, deduction_text(s.deductions), s.deduction.to_string()});
    t.lines.push_back(deduction_line(name, s.deductions));
  }
}

// One cell per column code: the unit's points in that indicator; blank when
// the result holds no score for it (never read out of range).
std::string indicator_cell(const Scheme& scheme, const UnitScore& s, const std::string& code) {
  auto index = scheme.find_indicator(code);
  if (!index || *index >= s.indicators.size()) return {};
  return s.indicators[*index].points.to_string();
}

// 序号, 单位, one column per indicator of the spec, 合计, and 评级 when the scheme rates.
void lay_out_indicators(LaidOutTable& t, const Result& result, const TableResult& table,
                        const Scheme& scheme, const Registry& registry, const TableSpec& spec) {
  const std::size_t indicators = spec.indicators.size();
  const bool rated = !scheme.ratings.empty();
  // Two header rows: the indicators' names, and under each its full marks (a narrow column
  // then need not hold "主动公开（40分）" on one line).
  t.header_rows = 2;
  t.columns = 2 + indicators + 1 + (rated ? 1 : 0);
  t.header = {{"序号", 0, 0, 2, 1}, {"单位", 0, 1, 2, 1}};
  for (std::size_t i = 0; i < indicators; ++i) {
    t.header.push_back({indicator_heading(scheme, spec.indicators[i]), 0, 2 + i, 1, 1});
    t.header.push_back({full_marks_heading(scheme, spec.indicators[i]), 1, 2 + i, 1, 1});
  }
  t.header.push_back({"合计", 0, 2 + indicators, 2, 1});
  if (rated) t.header.push_back({"评级", 0, 3 + indicators, 2, 1});
  t.numeric_columns.assign(t.columns, true);
  t.numeric_columns[1] = false;
  if (rated) t.numeric_columns.back() = false;
  for (const auto& row : table.rows) {
    const UnitScore& s = result.units[row.unit];
    std::vector<std::string> cells{number(static_cast<std::int64_t>(row.seq)),
                                   registry.at(row.unit).display_name(spec.names)};
    for (const auto& code : spec.indicators) cells.push_back(indicator_cell(scheme, s, code));
    cells.push_back(s.total.to_string());
    if (rated) cells.push_back(s.rating);
    t.rows.push_back(std::move(cells));
  }
}

// 序号, 单位, one column per figure of the spec (a count-only bulletin).
void lay_out_counts(LaidOutTable& t, const Result& result, const TableResult& table, const Scheme& scheme,
                    const Registry& registry, const TableSpec& spec) {
  t.columns = 2 + spec.figures.size();
  t.header = {{"序号", 0, 0, 1, 1}, {"单位", 0, 1, 1, 1}};
  for (std::size_t i = 0; i < spec.figures.size(); ++i)
    t.header.push_back({scheme.figure_heading(spec.figures[i]), 0, 2 + i, 1, 1});
  t.numeric_columns.assign(t.columns, true);
  t.numeric_columns[1] = false;
  for (const auto& row : table.rows) {
    std::vector<std::string> cells{number(static_cast<std::int64_t>(row.seq)),
                                   registry.at(row.unit).display_name(spec.names)};
    for (const auto& figure : spec.figures)
      cells.push_back(figure_value(scheme, result.units[row.unit], figure).to_string());
    t.rows.push_back(std::move(cells));
  }
}

// A 合计 row: under each column of figures its sum (blank where no row has a figure); the label
// in the units' column; 序号 and other text left blank.
void add_totals_row(LaidOutTable& t) {
  if (t.rows.empty() || t.columns < 2) return;
  std::vector<std::string> totals(t.columns);
  for (std::size_t c = 1; c < t.columns; ++c) {
    if (c >= t.numeric_columns.size() || !t.numeric_columns[c]) continue;
    Decimal sum;
    bool any = false;
    for (const auto& row : t.rows)
      if (c < row.size())
        if (auto value = Decimal::parse(row[c])) sum += *value, any = true;
    if (any) totals[c] = sum.to_string();
  }
  std::size_t label = 1;
  while (label < t.columns && label < t.numeric_columns.size() && t.numeric_columns[label]) ++label;
  if (label < t.columns) totals[label] = "合计";
  t.rows.push_back(std::move(totals));
}

} // namespace

std::string indicator_heading(const Scheme& scheme, const std::string& code) {
  auto index = scheme.find_indicator(code);
  if (!index) return code;
  const Indicator& indicator = scheme.indicators[*index];
  return indicator.name.empty() ? indicator.code : indicator.name;
}

// The second header row: its full marks ("40分"), with its weight when it has one ("100分×0.1");
// blank when it has none.
std::string full_marks_heading(const Scheme& scheme, const std::string& code) {
  auto index = scheme.find_indicator(code);
  if (!index || !scheme.indicators[*index].full_marks) return {};
  const Indicator& indicator = scheme.indicators[*index];
  std::string out = indicator.full_marks->to_string() + "分";
  if (indicator.weight != Decimal::from_int(1)) out += "×" + indicator.weight.to_string();
  return out;
}

std::string expand_title(const std::string& title, Period period) {
  return substitute(title, {{"quarter", period.chinese_name()}, {"year", std::to_string(period.year)}});
}

LaidOutTable lay_out(const Result& result, const TableResult& table, const Scheme& scheme,
                     const Registry& registry) {
  const TableSpec& spec = scheme.tables[table.spec];
  LaidOutTable t;
  t.id = spec.id;
  t.title = expand_title(spec.title, result.period);
  t.kind = spec.kind;
  t.note = expand_title(spec.note, result.period);
  switch (spec.kind) {
    case TableKind::Scores: lay_out_scores(t, result, table, registry, spec.names); break;
    case TableKind::Submissions: lay_out_submissions(t, result, table, scheme, registry, spec.names); break;
    case TableKind::Deductions: lay_out_deductions(t, result, table, registry, spec.names); break;
    case TableKind::Indicators: lay_out_indicators(t, result, table, scheme, registry, spec); break;
    case TableKind::Counts: lay_out_counts(t, result, table, scheme, registry, spec); break;
  }
  if (spec.totals) add_totals_row(t);
  return t;
}

std::vector<std::vector<std::string>> header_grid(const LaidOutTable& table) {
  std::vector<std::vector<std::string>> grid(table.header_rows, std::vector<std::string>(table.columns));
  for (const auto& cell : table.header) grid[cell.row][cell.column] = cell.text;
  return grid;
}

} // namespace zwgk
