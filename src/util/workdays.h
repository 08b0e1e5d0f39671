// Working days: China's calendar of public holidays and swapped workdays
// (调休), kept as data (one file per year, scheme/calendar_file.h) because
// the State Council announces each year's arrangement anew.
//
// A day is a working day if it is a swapped workday, or a Monday to Friday
// that is not a holiday. Only years that were added are known: asking about
// another year is an error naming it, never a silent guess from weekends.
#pragma once

#include "util/calendar.h"

#include <expected>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace zwgk {

// 0 = Sunday … 6 = Saturday.
int weekday(Date d);

struct CalendarYear {
  int year = 0;
  std::vector<Date> holidays;  // days off (weekdays among them are what matters)
  std::vector<Date> workdays;  // weekend days worked instead (调休上班)
};

class WorkCalendar {
public:
  // Adds (or replaces) a year's arrangement.
  void add_year(const CalendarYear& year);
  bool covers(int year) const { return m_years.contains(year); }
  std::vector<int> years() const;

  // nullopt when the date's year has no calendar.
  std::optional<bool> is_working_day(Date d) const;

  // The n-th working day after `from` (from itself never counts; n ≥ 1),
  // or the first year without a calendar that the count reached.
  std::expected<Date, int> add_working_days(Date from, int n) const;

  // Working days in (from, to]; 0 when to ≤ from. Unexpected: a missing year.
  std::expected<int, int> working_days_between(Date from, Date to) const;

private:
  struct Days {
    std::set<Date> holidays;
    std::set<Date> workdays;
  };
  std::map<int, Days> m_years;
};

} // namespace zwgk
