// Calendar values used by the assessment: civil dates, months and quarters.
//
// All dates are civil dates in China Standard Time (UTC+8, no daylight
// saving): a submission received at 2020-08-31 23:30 +08:00 belongs to
// August. Parsing accepts the spellings office staff and Excel produce
// (2020-08-31, 2020/8/31, 2020年8月31日, 2020.8.31, with an optional time
// and UTC offset); an offset other than +08:00 is converted to CST.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk {

struct YearMonth {
  int year = 0;
  int month = 0;  // 1..12

  // Months since year 0; adjacent months differ by one.
  constexpr int index() const { return year * 12 + (month - 1); }
  static constexpr YearMonth from_index(int index) { return {index / 12, index % 12 + 1}; }
  constexpr auto operator<=>(const YearMonth&) const = default;

  // "2020-08", "2020-8", "2020年8月", "202008".
  static std::optional<YearMonth> parse(std::string_view text);
  std::string to_string() const;  // "2020-08"
};

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  constexpr YearMonth year_month() const { return {year, month}; }
  constexpr auto operator<=>(const Date&) const = default;
  std::string to_string() const;  // "2020-08-31"
  // Days since 1970-01-01 (proleptic Gregorian).
  std::int64_t days_since_epoch() const;
  static Date from_days_since_epoch(std::int64_t days);
};

struct DateTime {
  Date date;
  int minute_of_day = 0;  // CST
  constexpr auto operator<=>(const DateTime&) const = default;
  std::string to_string() const;  // "2020-08-31 23:30"
};

bool is_valid_date(int year, int month, int day);

// China Standard Time is UTC+8 all year (no daylight saving since 1991; the
// office's dates are all later). The one conversion between Unix seconds and
// the office's time: every clock reading and every mail date goes through
// these two. cst_from_unix drops the seconds (rounding down, also before 1970).
inline constexpr std::int64_t k_cst_offset_seconds = 8 * 3600;
DateTime cst_from_unix(std::int64_t unix_seconds);
std::int64_t unix_from_cst(DateTime time);

// A date, optionally followed by a time ("23:30[:05]") and an offset
// ("+0800", "+08:00", "Z"). The time is converted to CST.
std::optional<DateTime> parse_date_time(std::string_view text);
std::optional<Date> parse_date(std::string_view text);

// A quarter of a year: the unit of the bulletin.
struct Period {
  int year = 0;
  int quarter = 0;  // 1..4

  // "2020Q3", "2020q3", "2020-Q3", "2020年第三季度", "2020年第3季度".
  static std::optional<Period> parse(std::string_view text);
  // The quarter a month belongs to.
  static constexpr Period of(YearMonth m) { return {m.year, (m.month - 1) / 3 + 1}; }
  std::string to_string() const;      // "2020Q3"
  std::string chinese_name() const;   // "第三季度"
  std::vector<YearMonth> months() const;
  YearMonth first_month() const { return {year, quarter * 3 - 2}; }
  YearMonth last_month() const { return {year, quarter * 3}; }
  bool contains(YearMonth m) const { return first_month() <= m && m <= last_month(); }
  constexpr auto operator<=>(const Period&) const = default;
};

// An inclusive range of months; an open end is unbounded.
struct MonthRange {
  std::optional<YearMonth> from;
  std::optional<YearMonth> to;
  bool contains(YearMonth m) const {
    return (!from || *from <= m) && (!to || m <= *to);
  }
};

} // namespace zwgk
