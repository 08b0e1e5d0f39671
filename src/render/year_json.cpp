#include "render/year_json.h"

#include "render/followup_json.h"
#include "render/json.h"
#include "render/year_tables.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>

namespace zwgk {
namespace {

using nlohmann::ordered_json;
using annual::PeriodFollowup;
using annual::YearResult;

ordered_json rank_json(std::size_t rank) { return rank == 0 ? ordered_json(nullptr) : ordered_json(rank); }

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
                              {"accrual", accrual_code(level.accrual)}});
  }
  j["year_bonus"] = u.year_bonus.to_string();
  j["unrectified"] = u.unrectified;
  j["late"] = u.late;
  j["penalty"] = u.penalty.to_string();
  j["total"] = u.total.to_string();
  j["rank"] = rank_json(u.rank);
  return j;
}

ordered_json sections_json(const YearResult& year, const Scheme& scheme, const Registry& registry) {
  ordered_json out = ordered_json::array();
  for (const auto& section : year.sections) {
    const Section& info = scheme.sections.at(section.section);
    ordered_json rows = ordered_json::array();
    for (std::size_t i = 0; i < section.order.size(); ++i)
      rows.push_back({{"seq", i + 1},
                      {"rank", rank_json(year.units.at(section.order[i]).rank)},
                      {"unit", registry.at(section.order[i]).name}});
    out.push_back({{"code", info.code},
                   {"name", info.title},
                   {"title", year_section_title(year, info, scheme)},
                   {"rows", rows}});
  }
  return out;
}

ordered_json items_json(const YearResult& year, const std::vector<const PeriodFollowup*>& followups,
                        const Registry& registry) {
  std::vector<const PeriodFollowup*> ordered;
  for (const auto* f : followups)
    if (f) ordered.push_back(f);
  std::ranges::stable_sort(ordered, {}, &PeriodFollowup::period);
  ordered_json out = ordered_json::array();
  for (const auto* f : ordered)
    for (const auto& item : f->items) out.push_back(rectification_item_json(item, registry, year.as_of));
  return out;
}

ordered_json changes_json(const YearResult& year) {
  ordered_json out = ordered_json::array();
  for (const auto& change : year.changes)
    out.push_back({{"from", change.from.to_string()},
                   {"to", change.to.to_string()},
                   {"name", quarter_change_name(change)},
                   {"comparable", change.rules.empty()},
                   {"rules", change.rules}});
  return out;
}

} // namespace

ordered_json year_json(const YearResult& year, const std::vector<const PeriodFollowup*>& followups,
                       const Scheme& scheme, const Registry& registry) {
  const bool sum = scheme.year.combine == QuarterCombine::Sum;
  ordered_json j;
  j["schema"] = k_year_schema_name;
  j["version"] = k_year_schema_version;
  j["scheme"] = {{"name", scheme.name}, {"district", scheme.district}, {"issuer", scheme.issuer}};
  j["year"] = year.year;
  j["title"] = substitute(scheme.year.title, {{"year", std::to_string(year.year)}});
  j["as_of"] = year.as_of.to_string();
  j["combine"] = sum ? "sum" : "mean";
  const std::string_view noun = year.quarters.empty() ? "季度" : year.quarters.front().noun();
  j["combine_name"] = fmt::format("各{}得分{}", noun, sum ? "相加" : "平均");
  j["rectification"] = rectification_rules_json(scheme.rectification);
  j["adoption_levels"] = adoption_levels_json(scheme);
  j["quarters"] = ordered_json::array();
  for (Period p : year.quarters) j["quarters"].push_back(period_json(p));
  j["missing"] = ordered_json::array();
  for (Period p : year.missing) j["missing"].push_back(p.to_string());
  j["notes"] = missing_quarter_notes(year);
  j["sections"] = sections_json(year, scheme, registry);
  j["units"] = ordered_json::array();
  for (const auto& u : year.units) j["units"].push_back(unit_json(u, year, scheme, registry));
  j["items"] = items_json(year, followups, registry);
  j["changes"] = changes_json(year);
  return j;
}

std::string render_year_json(const YearResult& year, const std::vector<const PeriodFollowup*>& followups,
                             const Scheme& scheme, const Registry& registry) {
  return year_json(year, followups, scheme, registry).dump(2, ' ', false, ordered_json::error_handler_t::replace) +
         "\n";
}

} // namespace zwgk
