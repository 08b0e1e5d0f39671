// Calendar values used by the assessment: civil dates, months and periods.
//
// All dates are civil dates in China Standard Time (UTC+8, no daylight
// saving): a submission received at 2020-08-31 23:30 +08:00 belongs to
// August. Parsing accepts the spellings office staff and Excel produce
// (2020-08-31, 2020/8/31, 2020年8月31日, 2020.8.31, with an optional time
// and UTC offset); an offset other than +08:00 is converted to CST.
#pragma once

#include <algorithm>
#include <array>
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
int days_in_month(YearMonth month);

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

// How long a period of assessment is: the scheme's [period] length.
enum class PeriodLength { Month, Quarter, Half, Year };
std::optional<PeriodLength> parse_period_length(std::string_view code);  // "month" "quarter" "half" "year"
std::string_view period_length_code(PeriodLength length);
std::string_view period_length_name(PeriodLength length);  // 月度 季度 半年度 年度

// An inclusive range of dates: the items a period counts (its 考核期).
struct DateWindow {
  Date from;
  Date to;
  bool contains(Date d) const { return from <= d && d <= to; }
  bool operator==(const DateWindow&) const = default;
  std::string to_string() const;       // "2020-07-01—2020-10-09"
  std::string chinese_text() const;    // "2020年7月1日至10月9日" (the year again only when it changes)
};

// A period of assessment, the unit of the bulletin: a month, quarter,
// half-year or year of the calendar. Which items it counts is a DateWindow
// (the calendar period unless the scheme or the period's 考核期.toml moves
// it); the months are always the calendar months, in which quotas and caps
// apply.
struct Period {
  int year = 0;
  int number = 0;  // within the year, from 1: month 1..12, quarter 1..4, half 1..2, year 1
  PeriodLength length = PeriodLength::Quarter;

  // "2020Q3", "2020q3", "2020-Q3", "2020年第三季度", "2020年第3季度"; "2020-08", "2020年8月",
  // "2020M08"; "2020H1", "2020年上半年"; "2020", "2020年", "2020年度", "2020Y".
  static std::optional<Period> parse(std::string_view text);
  // The period of `length` a month belongs to.
  static Period of(YearMonth m, PeriodLength length = PeriodLength::Quarter);
  static constexpr int count_in_year(PeriodLength length) {  // 12 4 2 1
    constexpr std::array<int, 4> k_counts = {12, 4, 2, 1};
    return k_counts[static_cast<std::size_t>(length)];
  }
  constexpr int months_long() const {  // 1 3 6 12
    constexpr std::array<int, 4> k_months = {1, 3, 6, 12};
    return k_months[static_cast<std::size_t>(length)];
  }
  std::string to_string() const;     // "2020Q3", "2020-08", "2020H1", "2020"
  std::string chinese_name() const;  // "第三季度", "8月", "上半年", "全年"
  std::string full_name() const;     // "2020年第三季度", "2020年8月", "2020年上半年", "2020年度"
  std::string_view noun() const;     // "季度", "月", "半年", "年度": as in 本季度, 该月
  std::vector<YearMonth> months() const;
  YearMonth first_month() const { return YearMonth::from_index(year * 12 + (number - 1) * months_long()); }
  YearMonth last_month() const { return YearMonth::from_index(first_month().index() + months_long() - 1); }
  bool contains(YearMonth m) const { return first_month() <= m && m <= last_month(); }
  DateWindow calendar_window() const;
  // The month of the period in which an item dated `d` counts: its own month, or the
  // period's first (last) month when `window` reaches before (beyond) the period;
  // nullopt when `d` is outside `window`. Inline: called once or twice for every item.
  std::optional<YearMonth> month_for(Date d, const DateWindow& window) const {
    if (!window.contains(d)) return std::nullopt;
    const int first = year * 12 + (number - 1) * months_long();
    return YearMonth::from_index(std::clamp(d.year * 12 + d.month - 1, first, first + months_long() - 1));
  }
  bool operator==(const Period&) const = default;
  // In time order; a longer period before the shorter ones it begins with.
  std::strong_ordering operator<=>(const Period& other) const;
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
