#include "render/json.h"

#include "engine/narrative.h"
#include "render/layout.h"

#include <nlohmann/json.hpp>

namespace zwgk {
namespace {

using nlohmann::ordered_json;

std::string_view kind_name(TableKind k) {
  switch (k) {
    case TableKind::Scores: return "scores";
    case TableKind::Submissions: return "submissions";
    case TableKind::Deductions: return "deductions";
    case TableKind::Indicators: return "indicators";
    case TableKind::Counts: return "counts";
  }
  return "";
}

ordered_json source_json(const SourceFiles& sources, SourceRef ref) {
  auto loc = sources.locate(ref);
  ordered_json j{{"file", loc.file}, {"line", loc.line}};
  if (!loc.sheet.empty()) j["sheet"] = loc.sheet;
  return j;
}

ordered_json month_json(const MonthFigures& m) {
  return {{"month", m.month.to_string()},
          {"published", m.published},
          {"publication_points", m.publication_points.to_string()},
          {"submissions", m.submissions},
          {"rejected_submissions", m.rejected},
          {"quota", m.quota ? ordered_json(*m.quota) : ordered_json(nullptr)},
          {"shortfall", m.shortfall}};
}

// Issue 16: the unit's indicator scores, rating and vetoes, only where the
// scheme has indicators (ratings), so other schemes' documents stay as they were.
void add_indicators(ordered_json& j, const UnitScore& s, const Scheme& scheme) {
  if (!scheme.indicators.empty()) {
    j["indicators"] = ordered_json::array();
    for (std::size_t i = 0; i < scheme.indicators.size() && i < s.indicators.size(); ++i) {
      const auto& ind = scheme.indicators[i];
      j["indicators"].push_back(
          {{"code", ind.code},
           {"name", ind.name.empty() ? ind.code : ind.name},
           {"parent", ind.parent ? ordered_json(scheme.indicators[*ind.parent].code) : ordered_json(nullptr)},
           {"points", s.indicators[i].points.to_string()},
           {"full_marks", ind.full_marks ? ordered_json(ind.full_marks->to_string()) : ordered_json(nullptr)},
           {"detail", s.indicators[i].detail}});
    }
  }
  if (!scheme.ratings.empty()) {
    j["rating"] = s.rating.empty() ? ordered_json(nullptr) : ordered_json(s.rating);
    j["vetoes"] = s.vetoes;
  }
}

} // namespace

ordered_json result_unit_json(const UnitScore& s, const Result& result, const Scheme& scheme,
                              const Registry& registry, const SourceFiles& sources, UnitRecords records) {
  const bool shown = records == UnitRecords::Shown;
  const Unit& u = registry.at(s.unit);
  ordered_json j{{"name", u.name},
                 {"short_name", u.display_name(NameStyle::Short)},
                 {"section", u.section},
                 {"tags", u.tags},
                 {"official_order", u.official_order}};
  j["months"] = ordered_json::array();
  for (const auto& m : s.months) j["months"].push_back(month_json(m));
  j["publication"] = s.publication.to_string();
  j["bonus"] = s.bonus.to_string();
  j["deduction"] = s.deduction.to_string();
  j["total"] = s.total.to_string();
  add_indicators(j, s, scheme);
  j["adoption_bonus"] = s.adoption_bonus.to_string();
  j["year_bonus"] = s.year_bonus.to_string();
  j["adoptions"] = ordered_json::array();
  for (std::size_t l = 0; l < s.adoptions.size(); ++l) {
    const auto& level = scheme.adoption_levels[l];
    j["adoptions"].push_back({{"level", level.code},
                              {"count", s.adoptions[l].count},
                              {"points", s.adoptions[l].points.to_string()},
                              {"accrual", accrual_code(level.accrual)}});
  }
  j["deductions"] = ordered_json::array();
  for (const auto& d : s.deductions) {
    ordered_json dj{{"kind", d.kind == DeductionKind::Finding ? "finding" : "quota"},
                    {"reason", d.reason},
                    {"points", d.points.to_string()}};
    if (d.kind == DeductionKind::Finding) {
      dj["finding_type"] = scheme.finding_types[d.finding_type].code;
      dj["quantity"] = d.quantity;
      dj["sources"] = ordered_json::array();
      if (shown)
        for (auto ref : d.sources) dj["sources"].push_back(source_json(sources, ref));
    } else {
      dj["months"] = ordered_json::array();
      for (auto m : d.months) dj["months"].push_back(m.to_string());
    }
    j["deductions"].push_back(std::move(dj));
  }
  j["deduction_text"] = deduction_text(s.deductions);
  j["rejected_submissions"] = ordered_json::array();
  for (const auto& r : shown ? s.rejected : std::vector<RejectedSubmission>{})
    j["rejected_submissions"].push_back({{"title", r.title},
                                         {"month", r.month.to_string()},
                                         {"reason", r.reason},
                                         {"source", source_json(sources, r.source)}});
  j["placements"] = ordered_json::array();
  for (const auto& t : result.tables)
    for (const auto& row : t.rows)
      if (row.unit == s.unit)
        j["placements"].push_back({{"table", scheme.tables[t.spec].id}, {"seq", row.seq}, {"rank", row.rank}});
  if (!shown) j["details_withheld"] = true;
  return j;
}

std::string_view accrual_code(Accrual accrual) { return accrual == Accrual::Quarter ? "quarter" : "year"; }

ordered_json adoption_levels_json(const Scheme& scheme) {
  ordered_json out = ordered_json::array();
  for (const auto& l : scheme.adoption_levels)
    out.push_back({{"code", l.code}, {"points", l.points.to_string()}, {"accrual", accrual_code(l.accrual)}});
  return out;
}

ordered_json period_json(Period period) {
  ordered_json months = ordered_json::array();
  for (auto m : period.months()) months.push_back(m.to_string());
  return {{"id", period.to_string()},
          {"name", period.full_name()},
          {"months", months}};
}

std::string render_json(const Result& result, const Scheme& scheme, const Registry& registry,
                        const SourceFiles& sources, const Disclosure& disclosure) {
  ordered_json j;
  j["schema"] = "zwgk.result";
  j["version"] = k_result_schema_version;
  j["scheme"] = {{"name", scheme.name}, {"district", scheme.district}, {"issuer", scheme.issuer}};
  j["period"] = period_json(result.period);
  j["tables"] = ordered_json::array();
  for (const auto& t : result.tables) {
    const auto& spec = scheme.tables[t.spec];
    ordered_json rows = ordered_json::array();
    for (const auto& row : t.rows)
      rows.push_back({{"seq", row.seq}, {"rank", row.rank}, {"unit", registry.at(row.unit).name}});
    j["tables"].push_back({{"id", spec.id},
                           {"title", expand_title(spec.title, result.period)},
                           {"kind", kind_name(spec.kind)},
                           {"note", expand_title(spec.note, result.period)},
                           {"rows", rows}});
  }
  j["units"] = ordered_json::array();
  for (const auto& s : result.units)
    j["units"].push_back(
        result_unit_json(s, result, scheme, registry, sources, disclosure.records_of(registry.at(s.unit))));
  return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

} // namespace zwgk
