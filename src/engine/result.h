// Result: everything the engine concludes about one quarter.
//
// Computed once by assess() and only formatted afterwards: the CSV, JSON,
// explanation and (later) document renderers read this model and never
// recompute a score. Units are indexed by UnitId; tables list rows in their
// final order.
#pragma once

#include "model/diagnostics.h"
#include "model/registry.h"
#include "scheme/scheme.h"
#include "util/calendar.h"
#include "util/decimal.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace zwgk {

struct MonthFigures {
  YearMonth month;
  std::int64_t published = 0;
  bool publication_applies = false;  // the month is within the publication rule
  Decimal uncapped_points;           // points_per_item × published
  Decimal publication_points;        // after the monthly cap
  std::int64_t submissions = 0;      // valid submissions received this month
  std::int64_t rejected = 0;         // submissions that failed a quality gate
  std::optional<std::int64_t> quota; // none: no requirement this month
  std::int64_t shortfall = 0;
};

enum class DeductionKind { Finding, Quota };

struct Deduction {
  DeductionKind kind = DeductionKind::Finding;
  std::string reason;  // the words of 附件4, without the points
  Decimal points;
  std::vector<YearMonth> months;   // Quota: the months it covers
  std::vector<SourceRef> sources;  // Finding: where it was recorded
  std::size_t finding_type = 0;    // Finding: index into Scheme::finding_types
  std::int64_t quantity = 1;       // Finding: occurrences
};

struct AdoptionTally {
  std::int64_t count = 0;
  Decimal points;
};

struct RejectedSubmission {
  SourceRef source;
  std::string title;
  YearMonth month;
  std::string reason;  // which gate failed, in Chinese
};

// Issue 16: a unit's marks in one indicator of the scheme's tree.
struct IndicatorScore {
  Decimal points;        // after its rule and cap
  Decimal uncapped;      // before the cap (what the children or the rule gave)
  std::string detail;    // how, in Chinese: "12/15 按时答复", "扣分 9 项共 45 分，以 40 分为限"
};

struct UnitScore {
  UnitId unit = 0;
  std::vector<MonthFigures> months;     // the period's months, in order
  std::int64_t published_total = 0;
  Decimal publication;                  // 累计得分
  std::int64_t submissions_total = 0;
  std::vector<AdoptionTally> adoptions; // one per Scheme::adoption_levels
  Decimal adoption_bonus;               // all levels (附件3's 加分)
  Decimal bonus;                        // levels that enter the quarter (附件1/2's 加分)
  Decimal year_bonus;                   // levels that accrue to the year
  std::vector<Deduction> deductions;
  std::vector<Deduction> withdrawn;     // contested and withdrawn: not in deduction
  Decimal deduction;                    // 减分
  Decimal total;                        // 合计 = 累计得分 + 加分 − 减分; with indicators: the tree's top level
  std::vector<RejectedSubmission> rejected;
  std::vector<IndicatorScore> indicators;  // issue 16: by Scheme::indicators index; empty without indicators
  std::string rating;                      // issue 16: the [[ratings]] name; empty without ratings
  std::vector<std::string> vetoes;         // issue 16: reasons of the findings that forced the rating
};

struct TableRow {
  UnitId unit = 0;
  std::size_t seq = 0;   // 序号: 1-based position
  std::size_t rank = 0;  // competition rank on the table's first sort key
};

struct TableResult {
  std::size_t spec = 0;             // index into Scheme::tables
  std::vector<YearMonth> months;    // month columns (published or submissions)
  std::vector<TableRow> rows;
};

struct Result {
  Period period;
  DateWindow window;  // the dates it counted (issue 16: its 考核期)
  std::vector<UnitScore> units;  // by UnitId
  std::vector<TableResult> tables;
};

} // namespace zwgk
