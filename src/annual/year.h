// The annual assessment: a year's quarters added up with the bonuses that
// accrue to the year and the penalties for items not put right in time.
// Pure: the caller loads and assesses each quarter (annual/followup.h for
// its items) and passes them in.
//
// The year's rules are those of its latest quarter (its scheme): how the
// quarters combine ([year] quarters = sum | mean), and the rectification
// penalties. Comparisons between consecutive quarters say which rules
// changed between them (rule_changes()), so that unlike numbers are not
// compared as if they were alike.
#pragma once

#include "annual/followup.h"
#include "engine/result.h"
#include "model/registry.h"
#include "scheme/scheme.h"

#include <optional>
#include <string>
#include <vector>

namespace zwgk::annual {

struct QuarterInput {
  Period period;
  const Scheme* scheme = nullptr;
  const Result* result = nullptr;
  const PeriodFollowup* followup = nullptr;
};

struct UnitQuarter {
  Decimal total;             // the quarter's 合计
  std::size_t rank = 0;      // competition rank by 合计 within the unit's section
};

struct UnitYear {
  UnitId unit = 0;
  std::vector<std::optional<UnitQuarter>> quarters;  // one per YearResult::quarters
  Decimal quarter_score;     // the quarters combined (sum or mean)
  std::vector<std::int64_t> adoptions;  // per adoption level of the year's scheme, all quarters
  Decimal year_bonus;        // adoption bonuses that accrue to the year, at most [year] bonus_cap
  std::int64_t unrectified = 0;  // items 逾期未整改
  std::int64_t late = 0;         // items 逾期整改
  Decimal penalty;           // the rectification penalties
  Decimal total;             // quarter_score + year_bonus − penalty
  std::size_t rank = 0;      // competition rank by total within the section
};

// Between two consecutive quarters of the year.
struct QuarterChange {
  Period from, to;
  std::vector<std::string> rules;  // what changed, in Chinese; empty: the totals are comparable
};

struct YearSection {
  std::size_t section = 0;         // index into Scheme::sections
  std::vector<UnitId> order;       // by total descending, then name (the scheme's collation)
};

struct YearResult {
  int year = 0;
  std::vector<Period> quarters;    // present quarters, oldest first
  std::vector<Period> missing;     // quarters of the year without data
  std::vector<UnitYear> units;     // by UnitId
  std::vector<YearSection> sections;
  std::vector<QuarterChange> changes;  // one per consecutive pair of quarters
  DateTime as_of;
};

// `scheme` is the year's scheme (its latest quarter's); quarters oldest first.
YearResult assess_year(int year, const Registry& registry, const Scheme& scheme,
                       const std::vector<QuarterInput>& quarters, DateTime as_of);

// The differences in the rules in force between two periods that change
// what a quarter's total means: publication points and cap and the months
// they apply to, quotas in force per tag and month, the submission penalty
// and gates, the finding catalogue, adoption points and whether they enter
// the quarter. Empty when the totals are comparable.
std::vector<std::string> rule_changes(const Scheme& a, Period pa, const Scheme& b, Period pb);

} // namespace zwgk::annual
