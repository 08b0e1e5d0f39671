// Issue 16: scoring a scheme's indicator tree ([[indicators]]) and its ratings
// ([[ratings]]), and the checks of 指标.csv entries that need the whole dataset.
//
// Only schemes with indicators (ratings) reach this code: assess() calls it
// after the fixed figures (publication, bonus, deduction) are computed, so a
// scheme without them keeps its results byte for byte. All points are exact
// Decimals; the one rounding is a Ratio's, half up to its `decimals`, and a
// weight's product beyond six places (half up).
#pragma once

#include "engine/result.h"
#include "model/records.h"
#include "model/registry.h"
#include "scheme/scheme.h"

#include <expected>
#include <string>
#include <vector>

namespace zwgk::engine_detail {

// Fills each unit's `indicators` (by scheme index) and sets its `total` to
// Σ weight × top-level points. Children are scored before their parents
// (the scheme lists parents first). Rules:
//   Sum:  Σ weight × non-bonus children, capped at full_marks (if set), never
//         below 0; then + Σ weight × bonus children (each already within its own cap).
//   Deduct: full − min(full, Σ points of the unit's (not withdrawn) finding
//         deductions whose type names this indicator).
//   Count: points × items of `metric` in the period, capped at full_marks.
//   Ratio: full × Σ分子 / Σ分母 rounded half up to `decimals`; no entries or
//         分母 0: full or 0 by `empty_ratio`.
//   Check: full if the unit has entries and every one says 是; else 0.
//   Manual: the entered 得分 within [0, full] (validation refuses two entries).
//   Publication / Adoption / Deductions: the unit's publication, bonus and
//         −deduction, capped at full_marks when set.
// Fails with a Chinese message naming the unit if a figure leaves the exact range.
std::expected<void, std::string> score_indicators(const Registry& registry, const Scheme& scheme,
                                                  const Dataset& data, std::vector<UnitScore>& units);

// Sets each unit's `rating` and `vetoes` (scheme.ratings non-empty).
// A finding (not withdrawn) whose type has `veto` forces that rating and its
// reason is listed in `vetoes`; with several, the one latest in
// scheme.ratings wins (ratings are listed best first). The other units take
// the first band that applies: `min` (total ≥ min) and/or `top_share` (the
// unit's competition rank by total among the units not vetoed is within
// floor(top_share × their number): units tied at the boundary all share the
// better band); an entry with neither applies to everyone left. A unit no
// band applies to has an empty rating.
void rate_units(const Scheme& scheme, std::vector<UnitScore>& units);

} // namespace zwgk::engine_detail

namespace zwgk {

// The scheme's indicator codes, "、"-separated, for messages naming an unknown one.
std::string indicator_codes(const Scheme& scheme);

// Checks of the 指标 entries for validate_dataset(): the indicator exists and
// is scored from entries (ratio, check, manual), the entry holds the value
// its rule needs (分子 ≤ 分母, 结果, 得分), and a Manual indicator has at
// most one entry per unit. Each error at its row's cell.
void validate_indicator_entries(const Registry& registry, const Scheme& scheme, const Dataset& data,
                                Diagnostics& out);

// Completeness (warnings): units without any entry for a Check or Manual
// indicator, which score 0 for it. One warning per indicator.
Diagnostics indicator_completeness_warnings(const Registry& registry, const Scheme& scheme,
                                            const Dataset& data);

} // namespace zwgk
