// Issue 16: the facts of ratio, check and manual indicators entered in the web
// (指标-在线录入.csv, read like any 指标*.csv: docs/inputs.md), through the entered-row
// file of entered_rows.cpp — checked as the pipeline reads it before it is saved.
#include "app/workspace.h"

#include <fmt/format.h>

namespace zwgk::app {
namespace {

constexpr std::string_view k_facts_file = "指标-在线录入.csv";
const std::vector<std::string> k_facts_header{"单位", "指标", "事项", "分子", "分母", "结果", "得分"};

IndicatorFactEntry fact_of(const EnteredRow& r) {
  return {r.cells[0], r.cells[1], r.cells[2], r.cells[3], r.cells[4], r.cells[5], r.cells[6]};
}

// "按时答复 11/12（依申请公开答复）", "答复规范 是", "组织保障 9分".
std::string described(const IndicatorFactEntry& f) {
  std::string value = !f.numerator.empty() || !f.denominator.empty() ? f.numerator + "/" + f.denominator
                      : !f.result.empty()                            ? f.result
                                                                     : f.points + "分";
  return fmt::format("{} {}{}", f.indicator, value, f.item.empty() ? "" : "（" + f.item + "）");
}

} // namespace

std::expected<void, Error> Workspace::add_indicator_fact(Period period, const IndicatorFactEntry& f, const Actor& actor) {
  return append_entered_row(period, k_facts_file, k_facts_header,
                            {f.unit, f.indicator, f.item, f.numerator, f.denominator, f.result, f.points}, actor,
                            "录入指标数据", "指标数据未保存", f.unit, described(f));
}

std::expected<std::vector<EnteredIndicatorFact>, Error> Workspace::entered_indicator_facts(Period period) const {
  auto rows = entered_rows(period, k_facts_file, k_facts_header);
  if (!rows) return std::unexpected(rows.error());
  std::vector<EnteredIndicatorFact> out;
  for (const auto& r : *rows) out.push_back({r.line, fact_of(r)});
  return out;
}

std::expected<EnteredIndicatorFact, Error> Workspace::delete_indicator_fact(Period period, std::size_t line,
                                                                            const Actor& actor) {
  auto deleted = delete_entered_row(period, k_facts_file, k_facts_header, line, actor, "删除指标数据",
                                    [](const EnteredRow& r) { return fmt::format("第{}行：{} {}", r.line, r.cells[0],
                                                                                 described(fact_of(r))); });
  if (!deleted) return std::unexpected(deleted.error());
  return EnteredIndicatorFact{deleted->line, fact_of(*deleted)};
}

} // namespace zwgk::app
