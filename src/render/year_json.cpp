#include "render/year_json.h"

#include "render/year_tables.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>

namespace zwgk {
namespace {

using nlohmann::ordered_json;
using annual::PeriodFollowup;
using annual::RectificationItem;
using annual::YearResult;

ordered_json optional_text(const std::string& text) { return text.empty() ? ordered_json(nullptr) : ordered_json(text); }
ordered_json rank_json(std::size_t rank) { return rank == 0 ? ordered_json(nullptr) : ordered_json(rank); }

ordered_json period_json(Period p) {
  return {{"id", p.to_string()}, {"name", fmt::format("{}年{}", p.year, p.chinese_name())}};
}

std::string last_event_time(const RectificationItem& item, FollowupKind kind) {
  for (auto it = item.history.rbegin(); it != item.history.rend(); ++it)
    if (it->kind == kind) return it->when.to_string();
  return {};
}

ordered_json unit_json(const annual::UnitYear& u, const YearResult& year, const Scheme& scheme,
                       const Registry& registry) {
  const Unit& info = registry.at(u.unit);
  ordered_json j{{"name", info.name}, {"short_name", info.display_name(NameStyle::Short)}, {"section", info.section}};
  j["quarters"] = ordered_json::array();
  for (std::size_t q = 0; q < year.quarters.size(); ++q) {
    if (q < u.quarters.size() && u.quarters[q])
      j["quarters"].push_back({{"period", year.quarters[q].to_string()},
                               {"total", u.quarters[q]->total.to_string()},
                               {"rank", rank_json(u.quarters[q]->rank)}});
    else
      j["quarters"].push_back(nullptr);
  }
  j["quarter_score"] = u.quarter_score.to_string();
  j["adoptions"] = ordered_json::array();
  for (std::size_t l = 0; l < scheme.adoption_levels.size(); ++l) {
    const auto& level = scheme.adoption_levels[l];
    j["adoptions"].push_back({{"level", level.code},
                              {"count", l < u.adoptions.size() ? u.adoptions[l] : 0},
                              {"accrual", level.accrual == Accrual::Quarter ? "quarter" : "year"}});
  }
  j["year_bonus"] = u.year_bonus.to_string();
  j["unrectified"] = u.unrectified;
  j["late"] = u.late;
  j["penalty"] = u.penalty.to_string();
  j["total"] = u.total.to_string();
  j["rank"] = rank_json(u.rank);
  return j;
}

ordered_json item_json(const RectificationItem& item, const Registry& registry) {
  return {{"id", item.id},
          {"period", item.period.to_string()},
          {"unit", registry.at(item.unit).name},
          {"kind", item.kind == DeductionKind::Finding ? "finding" : "quota"},
          {"code", item.code},
          {"reason", item.reason},
          {"points", item.points.to_string()},
          {"deadline", item.deadline ? ordered_json(item.deadline->to_string()) : ordered_json(nullptr)},
          {"status", annual::item_status_name(item.status)},
          {"status_code", annual::item_status_code(item.status)},
          {"awaiting_check", item.awaiting_check},
          {"contested", item.contested},
          {"contest_outcome",
           item.contest_outcome ? ordered_json(followup_kind_code(*item.contest_outcome)) : ordered_json(nullptr)},
          {"replied_at", optional_text(last_event_time(item, FollowupKind::Reply))},
          {"verified_at", optional_text(last_event_time(item, FollowupKind::Verify))},
          {"fixed_at", item.fixed_at ? ordered_json(item.fixed_at->to_string()) : ordered_json(nullptr)},
          {"annual_penalty", item.annual_penalty.to_string()}};
}

} // namespace

ordered_json year_json(const YearResult& year, const std::vector<const PeriodFollowup*>& followups,
                       const Scheme& scheme, const Registry& registry) {
  ordered_json j;
  j["schema"] = k_year_schema_name;
  j["version"] = k_year_schema_version;
  j["scheme"] = {{"name", scheme.name}, {"district", scheme.district}, {"issuer", scheme.issuer}};
  j["year"] = year.year;
  j["title"] = substitute(scheme.year.title, {{"year", std::to_string(year.year)}});
  j["as_of"] = year.as_of.to_string();
  j["combine"] = scheme.year.combine == QuarterCombine::Mean ? "mean" : "sum";
  j["rectification"] = {{"unrectified_penalty", scheme.rectification.unrectified_penalty.to_string()},
                        {"late_penalty", scheme.rectification.late_penalty.to_string()}};
  j["quarters"] = ordered_json::array();
  for (Period p : year.quarters) j["quarters"].push_back(period_json(p));
  j["missing"] = ordered_json::array();
  for (Period p : year.missing) j["missing"].push_back(p.to_string());
  j["sections"] = ordered_json::array();
  for (const auto& section : year.sections) {
    const Section& info = scheme.sections.at(section.section);
    ordered_json rows = ordered_json::array();
    for (std::size_t i = 0; i < section.order.size(); ++i)
      rows.push_back({{"seq", i + 1},
                      {"rank", rank_json(year.units.at(section.order[i]).rank)},
                      {"unit", registry.at(section.order[i]).name}});
    j["sections"].push_back({{"code", info.code},
                             {"title", year_section_title(year, info, scheme)},
                             {"rows", rows}});
  }
  j["units"] = ordered_json::array();
  for (const auto& u : year.units) j["units"].push_back(unit_json(u, year, scheme, registry));
  std::vector<const PeriodFollowup*> ordered;
  for (const auto* f : followups)
    if (f) ordered.push_back(f);
  std::ranges::stable_sort(ordered, {}, &PeriodFollowup::period);
  j["items"] = ordered_json::array();
  for (const auto* f : ordered)
    for (const auto& item : f->items) j["items"].push_back(item_json(item, registry));
  j["changes"] = ordered_json::array();
  for (const auto& change : year.changes)
    j["changes"].push_back({{"from", change.from.to_string()},
                            {"to", change.to.to_string()},
                            {"name", quarter_change_name(change)},
                            {"comparable", change.rules.empty()},
                            {"rules", change.rules}});
  return j;
}

std::string render_year_json(const YearResult& year, const std::vector<const PeriodFollowup*>& followups,
                             const Scheme& scheme, const Registry& registry) {
  return year_json(year, followups, scheme, registry).dump(2, ' ', false, ordered_json::error_handler_t::replace) +
         "\n";
}

} // namespace zwgk
