#include "util/workdays.h"

namespace zwgk {

int weekday(Date d) {
  // 1970-01-01 was a Thursday (4).
  auto days = d.days_since_epoch();
  return static_cast<int>(((days % 7) + 7 + 4) % 7);
}

void WorkCalendar::add_year(const CalendarYear& year) {
  Days days;
  days.holidays.insert(year.holidays.begin(), year.holidays.end());
  days.workdays.insert(year.workdays.begin(), year.workdays.end());
  m_years[year.year] = std::move(days);
}

std::vector<int> WorkCalendar::years() const {
  std::vector<int> out;
  for (const auto& [year, days] : m_years) out.push_back(year);
  return out;
}

std::optional<bool> WorkCalendar::is_working_day(Date d) const {
  auto it = m_years.find(d.year);
  if (it == m_years.end()) return std::nullopt;
  if (it->second.workdays.contains(d)) return true;
  if (it->second.holidays.contains(d)) return false;
  int w = weekday(d);
  return w != 0 && w != 6;
}

std::expected<Date, int> WorkCalendar::add_working_days(Date from, int n) const {
  auto day = from.days_since_epoch();
  int counted = 0;
  while (counted < n) {
    Date next = Date::from_days_since_epoch(++day);
    auto working = is_working_day(next);
    if (!working) return std::unexpected(next.year);
    if (*working) ++counted;
    if (counted == n) return next;
  }
  return from;
}

std::expected<int, int> WorkCalendar::working_days_between(Date from, Date to) const {
  int count = 0;
  for (auto day = from.days_since_epoch() + 1; day <= to.days_since_epoch(); ++day) {
    Date d = Date::from_days_since_epoch(day);
    auto working = is_working_day(d);
    if (!working) return std::unexpected(d.year);
    if (*working) ++count;
  }
  return count;
}

} // namespace zwgk
