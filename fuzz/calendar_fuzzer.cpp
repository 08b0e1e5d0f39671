// libFuzzer target: a year's working-day calendar, 日历/2020.toml, in any
// encoding.
//
// The input is the file's bytes: decode_text(), then parse_calendar_file()
// (toml++, the keys, dates as TOML dates or text, ranges). A calendar that
// parses is then used as rectification deadlines use it: added to a
// WorkCalendar, every day of its year asked whether it is a working day,
// and working days counted and added across the year.
//
// Invariants: every problem is Chinese with a line and column inside the
// file; a calendar that parses has real dates, all in its year, and its
// 调休 workdays are Saturdays or Sundays; each day of the year is known to
// the WorkCalendar; a count of working days within the year is at most the
// days between, and adding working days lands on a working day.
#include "harness.h"
#include "targets.h"

#include "scheme/calendar_file.h"
#include "util/encoding.h"

#include <fmt/format.h>

namespace zwgk::fuzz {
namespace {

constexpr std::string_view k_file = "日历/2020.toml";

void check_dates(const CalendarYear& year) {
  for (const auto* list : {&year.holidays, &year.workdays})
    for (const Date& d : *list) {
      require(is_valid_date(d.year, d.month, d.day), "calendar date not a real date", d.to_string());
      require(d.year == year.year, "calendar date outside its year", d.to_string());
    }
  for (const Date& d : year.workdays) {
    int day = weekday(d);
    require(day == 0 || day == 6, "调休 workday not on a weekend", d.to_string());
  }
}

void use(const CalendarYear& year) {
  WorkCalendar calendar;
  calendar.add_year(year);
  require(calendar.covers(year.year), "calendar does not cover its year", std::to_string(year.year));
  const Date first{year.year, 1, 1};
  const Date last{year.year, 12, 31};
  int working = 0;
  for (auto day = first.days_since_epoch(); day <= last.days_since_epoch(); ++day) {
    const Date d = Date::from_days_since_epoch(day);
    auto is_working = calendar.is_working_day(d);
    require(is_working.has_value(), "day of the calendar's year not known", d.to_string());
    working += is_working.value_or(false);
  }
  auto between = calendar.working_days_between(first, last);
  require(between.has_value(), "working days within the year not counted");
  if (between)
    require(*between >= 0 && *between <= working, "working days between miscounted",
            fmt::format("{} of {}", *between, working));
  if (working < 2) return;
  auto reached = calendar.add_working_days(first, 1);
  require(reached.has_value(), "first working day of the year not found");
  if (reached)
    require(calendar.is_working_day(*reached).value_or(false), "added working days land on a day off",
            reached->to_string());
}

} // namespace

void calendar(std::string_view input) {
  auto decoded = decode_text(input);
  if (!decoded) return check_message("decoding error", decoded.error().message);
  auto parsed = parse_calendar_file(decoded->utf8, k_file);
  if (!parsed) {
    const Positions file(std::string(k_file), decoded->utf8);
    check_diagnostics(parsed.error(), std::span(&file, 1));
    require(parsed.error().has_errors(), "calendar refused without an error");
    return;
  }
  check_dates(*parsed);
  // Deadlines fall in years people write with four digits; a parser that
  // accepts another year is not asked about its days here.
  if (parsed->year >= 1000 && parsed->year <= 9999) use(*parsed);
}

} // namespace zwgk::fuzz

ZWGK_FUZZ_ENTRY(zwgk::fuzz::calendar)
