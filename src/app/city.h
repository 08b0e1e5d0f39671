// Issue 18: the city's assessment of its districts — the same engine one level up. The
// city's data directory is an ordinary workspace whose registry's units are the
// districts; its 区县.toml (scheme/district_file.h) says where each district's own
// workspace is (a data directory, or a PostgreSQL database holding its files) and which
// figures of a district's published period feed which of the city's indicators.
// gather_districts() reads every district's period — only once published (已公示 or
// 已定稿), so the city counts what the district announced — works its figures out from
// the district's own assessment, and writes them as the city period's
// 指标-区县结果.csv (单位, 指标, 分子, 分母, 得分: docs/inputs.md's indicator facts),
// which the city's report, check and workspace then read like any 指标 file.
#pragma once

#include "app/workspace.h"
#include "scheme/district_file.h"
#include "util/decimal.h"

#include <map>
#include <string>
#include <vector>

namespace zwgk::app {

inline constexpr std::string_view k_district_results_file = "指标-区县结果.csv";

// A table of a district's published bulletin that ranks its units (scores or indicators).
struct DistrictTable {
  std::string title;  // as the district's bulletin names it: "各部门第三季度政务公开工作情况统计"
  struct Row {
    std::size_t rank = 0;
    std::string unit;  // as the district's table names it
    Decimal total;
  };
  std::vector<Row> rows;
};

struct DistrictResult {
  std::string unit;    // the city's registry name of the district
  std::string source;  // where it was read: the directory or the database (without a password)
  PeriodStatus status = PeriodStatus::NotStarted;
  std::map<std::string, Decimal> figures;  // k_district_figures; empty when not published
  std::vector<DistrictTable> tables;       // its ranking tables; empty when not published
};

struct GatheredDistricts {
  std::vector<DistrictResult> districts;  // in 区县.toml's order
  std::string path;                       // "2020Q3/指标-区县结果.csv"
  bool changed = false;                   // false: the file already held exactly this
};

// Every problem — the district file, a district that cannot be opened, read or assessed,
// a period not yet published — is BadInput naming the district, and nothing is written.
std::expected<GatheredDistricts, Error> gather_districts(Workspace& city, Period period, const Actor& actor);

// What the city's office sees of its districts (`zwgk city show`): each district of
// 区县.toml with its period's status and, once published, its figures and its ranking
// tables as its own bulletin has them; a district not yet published is listed with its
// status only. A district that cannot be read is BadInput, as for gather_districts().
std::expected<std::vector<DistrictResult>, Error> district_standings(const Workspace& city, Period period);

} // namespace zwgk::app
