// Layout of the bulletin's attachments: the one presentation model that the
// CSV writer (and the document writers) format. It decides headers, cell
// texts and which zeros print as blanks, exactly as the bulletin does:
// monthly counts and 合计 always print, 加分/减分 print blank when zero, and
// 附件3 leaves every zero blank. An indicator table (TableKind::Indicators)
// prints each indicator's points, the total and the rating, zeros included:
// a 0 there is a verdict (a check failed, a cap consumed), not "nothing".
// Nothing here computes a score.
#pragma once

#include "engine/result.h"
#include "model/registry.h"
#include "scheme/scheme.h"

#include <string>
#include <vector>

namespace zwgk {

// A header cell spanning rows and columns of a multi-level header.
struct HeaderCell {
  std::string text;
  std::size_t row = 0, column = 0, row_span = 1, column_span = 1;
};

struct LaidOutTable {
  std::string id;     // "附件1"
  std::string title;  // "各部门第三季度政务公开工作情况统计"
  TableKind kind = TableKind::Scores;
  std::size_t header_rows = 1;
  std::size_t columns = 0;
  std::vector<HeaderCell> header;
  std::vector<std::vector<std::string>> rows;  // data cells as printed
  std::vector<bool> numeric_columns;           // per column: numbers (right-aligned)
  std::vector<std::string> lines;              // 附件4: one paragraph per unit
  std::string note;
};

// An indicator table's column heading: the indicator's name (its code if the scheme does not
// know it; the scheme's checks refuse that), and under it its full marks ("40分", with a weight
// "100分×0.1"; blank when it has none). The workspace's ranking heads its columns the same.
std::string indicator_heading(const Scheme& scheme, const std::string& code);
std::string full_marks_heading(const Scheme& scheme, const std::string& code);

// "{quarter}" → "第三季度", "{year}" → "2020".
std::string expand_title(const std::string& title, Period period);

LaidOutTable lay_out(const Result& result, const TableResult& table, const Scheme& scheme,
                     const Registry& registry);

// The header as a plain grid (merged cells blank except their first cell).
std::vector<std::vector<std::string>> header_grid(const LaidOutTable& table);

} // namespace zwgk
