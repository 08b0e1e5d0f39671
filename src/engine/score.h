// Per-unit scoring of one quarter (internal to engine/). Assumes a dataset
// that validate_dataset() accepted.
#pragma once

#include "engine/result.h"
#include "model/records.h"

namespace zwgk::engine_detail {

// A unit's points beyond this are refused, not computed: the scheme bounds
// its values and the importers bound counts, but their products can still
// exceed int64 (10,000 points × 10^9 items). 10^12 points is 10^18
// millionths, so the year's sum of four quarters, bonuses and penalties
// stays exact too; the largest quota deduction a scheme allows (3 × 10^6
// items × 10,000 points) is far below it.
inline constexpr Decimal k_max_unit_points = Decimal::from_int(1'000'000'000'000);

// "单位“…”的{what}超出可计算的范围…": the one message for a figure beyond k_max_unit_points.
std::string out_of_range_message(std::string_view unit, std::string_view what);

// Fails (a Chinese message naming the unit) if any unit's points would
// leave the range that is computed exactly.
std::expected<std::vector<UnitScore>, std::string> score_units(const Registry& registry, const Scheme& scheme,
                                                               const Dataset& data, Period period);

// Orders each table of the scheme (rank.cpp).
std::expected<std::vector<TableResult>, std::string> rank_tables(const Registry& registry,
                                                                 const Scheme& scheme,
                                                                 const std::vector<UnitScore>& units,
                                                                 Period period);

} // namespace zwgk::engine_detail
