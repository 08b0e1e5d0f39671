// A year's working-day calendar as data: DIR/日历/2020.toml.
//
//   year = 2020
//   [[holidays]]                 # days off; a range or one date
//   name = "国庆节、中秋节"
//   from = "2020-10-01"
//   to = "2020-10-08"
//   [[workdays]]                 # weekend days worked instead (调休上班)
//   name = "国庆节调休上班"
//   date = "2020-09-27"
//
// Dates may be TOML dates or text (2020-10-01, 2020年10月1日). Every problem
// is reported with file, line and column; a date outside the file's year, a
// range that ends before it starts, or a 调休 workday that is not a Saturday
// or Sunday is an error (a typo would otherwise move every deadline).
#pragma once

#include "model/diagnostics.h"
#include "util/calendar.h"
#include "util/workdays.h"

#include <expected>
#include <string_view>

namespace zwgk {

std::expected<CalendarYear, Diagnostics> parse_calendar_file(std::string_view toml_text, std::string_view file_name);

// A period's own window (issue 16): DIR/2020Q3/考核期.toml, written by `zwgk period new
// --from --to`, overriding the scheme's [period] for that period only.
//
//   from = 2020-07-01
//   to = 2020-10-09
//
// Both are required; `to` may not be before `from`, and the window must share at
// least one day with the period and last at most two years.
std::expected<DateWindow, Diagnostics> parse_window_file(std::string_view toml_text, std::string_view file_name,
                                                         Period period);

} // namespace zwgk
