// Where units stand, from a quarter's result: how many items a month's full
// publication points take, who is behind in a month (before the month ends,
// a unit sees what it still lacks), and each section's totals (average,
// lowest, highest) for the trends. Pure functions of the result, so that the
// workspace only formats them (renderers never recompute a score).
#pragma once

#include "engine/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace zwgk {

// The items a month's full publication points take: the monthly cap divided
// by the points per item, rounded up. None without a cap (or with zero points
// per item): no number of items is "full".
std::optional<std::int64_t> full_marks_items(const PublicationRule& rule);

// The last month of the period in which any unit published or submitted
// anything; the period's first month when none did.
YearMonth last_month_with_data(const Result& result);

struct UnitProgress {
  UnitId unit = 0;
  MonthFigures figures;                    // the unit's figures for the month
  std::optional<std::int64_t> full_marks;  // full_marks_items() of the scheme
  bool publication_behind = false;         // published fewer than full_marks
  bool submissions_behind = false;         // submitted fewer than the month's quota
  bool behind() const { return publication_behind || submissions_behind; }
};

struct MonthProgress {
  YearMonth month;
  std::vector<UnitProgress> units;  // by UnitId; units without the month are left out
};

// Progress in `month`, default last_month_with_data().
MonthProgress month_progress(const Result& result, const Scheme& scheme, std::optional<YearMonth> month);

struct SectionFigures {
  std::string code;      // the scheme's section
  std::int64_t units = 0;
  Decimal average;       // the mean of the totals to two decimals, half away from zero
  Decimal min, max;
};

// Each of the scheme's sections that has a unit, in the scheme's order.
std::vector<SectionFigures> section_figures(const Result& result, const Scheme& scheme, const Registry& registry);

} // namespace zwgk
