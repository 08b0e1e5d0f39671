// The annual assessment as JSON, schema "zwgk.year" (documented in
// docs/json-schema.md): the year's quarters, each unit's quarter totals and
// ranks, the bonuses and penalties of the year, its annual total and rank,
// every rectification item with its status, and the comparisons between
// quarters with the rule changes that make them unlike.
//
// Like "zwgk.result", points are strings holding exact decimals. Bump
// k_year_schema_version on any incompatible change.
#pragma once

#include "annual/followup.h"
#include "annual/year.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace zwgk {

inline constexpr std::string_view k_year_schema_name = "zwgk.year";
inline constexpr int k_year_schema_version = 2;

// The document as a value (the workspace serves it as is).
nlohmann::ordered_json year_json(const annual::YearResult& year,
                                 const std::vector<const annual::PeriodFollowup*>& followups,
                                 const Scheme& scheme, const Registry& registry);

// The document as text: two-space indents, a final newline.
std::string render_year_json(const annual::YearResult& year,
                             const std::vector<const annual::PeriodFollowup*>& followups,
                             const Scheme& scheme, const Registry& registry);

} // namespace zwgk
