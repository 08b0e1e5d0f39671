// Month columns of the wide layout ("单位, 7月, 8月, 9月"), as the bulletin's
// own tables have them. Internal to ingest/.
#pragma once

#include "ingest/cells.h"
#include "ingest/table.h"
#include "util/calendar.h"

#include <optional>
#include <string_view>
#include <vector>

namespace zwgk::ingest {

struct MonthColumn {
  std::size_t index;
  YearMonth month;
};

// "7月", "7月份", "2020年7月", "2020-07". A bare month takes the period's
// year; validation then rejects a month outside the period.
std::optional<YearMonth> parse_month_label(std::string_view label, Period period);

// The month columns of a wide layout, each month once. A month written in
// more than one column is one problem of the header: reported to `cells`
// once, at its second column, with how many columns repeat it; only its
// first column is read, so the rows do not each report a duplicate. Linear
// in the number of columns.
std::vector<MonthColumn> find_month_columns(const Header& header, Period period, CellReader& cells);

} // namespace zwgk::ingest
