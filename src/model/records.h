// The raw records of a quarter, as imported, each with its provenance.
//
// Every kind of record comes in one of two forms: counts per unit and month
// (what the bulletin's tables show, and what staff who counted by hand
// have), or one row per item, which the engine counts itself and to which
// the scheme's quality gates apply. Indexes into the scheme (adoption level,
// finding type) are resolved by the importer; the model only stores them.
#pragma once

#include "model/diagnostics.h"
#include "model/registry.h"
#include "util/bulk_allocator.h"
#include "util/calendar.h"
#include "util/decimal.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace zwgk {

struct MonthlyCount {
  UnitId unit = 0;
  YearMonth month;
  std::int64_t count = 0;
  SourceRef source;
  bool blank = false;  // the cell was left blank and read as 0 (a warning; explained to the unit)
};

// One item published on the government website. Title and URL are reduced
// to a hash (used to find duplicates) so that a province-sized year fits in
// memory.
struct PublishedItem {
  UnitId unit = 0;
  Date date;
  std::uint64_t identity = 0;  // hash of the URL, or of title + date without one
  SourceRef source;
};

enum class OnTopic { Yes, No };

// One article sent to the office's mailbox.
struct SubmissionItem {
  UnitId unit = 0;
  DateTime received;  // CST
  std::string title;
  std::int64_t characters = 0;
  std::int64_t pictures = 0;
  OnTopic on_topic = OnTopic::Yes;
  SourceRef source;
};

// Articles adopted by a higher level, counted per unit and level, in a
// month when known.
struct AdoptionCount {
  UnitId unit = 0;
  std::size_t level = 0;  // index into Scheme::adoption_levels
  std::optional<YearMonth> month;
  std::int64_t count = 0;
  SourceRef source;
};

struct AdoptionItem {
  UnitId unit = 0;
  std::size_t level = 0;
  Date date;
  std::string title;
  SourceRef source;
};

// An inspection finding of a type from the scheme's catalogue.
struct Finding {
  UnitId unit = 0;
  std::size_t type = 0;  // index into Scheme::finding_types
  std::string note;      // appended to the type's reason, e.g. where it belongs
  std::int64_t quantity = 1;
  SourceRef source;
};

// A deduction dropped after a unit contested it and the office withdrew it
// (model/followup.h): the engine leaves it out of the scores and lists it
// among the unit's withdrawn deductions.
enum class WaivedKind { Finding, Quota };
struct Waiver {
  UnitId unit = 0;
  WaivedKind kind = WaivedKind::Finding;
  std::size_t finding_type = 0;  // Finding: index into Scheme::finding_types
  std::string reason;            // the office's reason
};

// Issue 16: one row of a period's 指标.csv, the facts behind a Ratio, Check or Manual
// indicator: items on time of those due (分子/分母), a yes/no check (结果), or points an
// assessor entered (得分). Exactly one of the three is set.
struct IndicatorEntry {
  UnitId unit = 0;
  std::string indicator;                  // the scheme's indicator code, as written
  std::string item;                       // 事项: what was checked (may be empty)
  std::optional<std::int64_t> numerator, denominator;
  std::optional<bool> yes;
  std::optional<Decimal> points;
  SourceRef source;
};

struct Dataset {
  SourceFiles sources;
  // Issue 16: the dates the period counts (its 考核期); none: its calendar months.
  std::optional<DateWindow> window;
  std::vector<MonthlyCount> published_counts;
  BulkVector<PublishedItem> published_items;  // millions in a province's year
  std::vector<MonthlyCount> submission_counts;  // valid submissions, counted by hand
  std::vector<SubmissionItem> submissions;
  std::vector<AdoptionCount> adoption_counts;
  std::vector<AdoptionItem> adoptions;
  std::vector<Finding> findings;
  std::vector<Waiver> waivers;
  std::vector<IndicatorEntry> indicator_entries;  // issue 16
};

} // namespace zwgk
