// Per-unit scoring of one quarter (internal to engine/). Assumes a dataset
// that validate_dataset() accepted.
#pragma once

#include "engine/result.h"
#include "model/records.h"

namespace zwgk::engine_detail {

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
