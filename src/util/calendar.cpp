#include "util/calendar.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>

namespace zwgk {
namespace {

constexpr int k_cst_offset_minutes = 8 * 60;

// Reads an unsigned integer of 1..max_digits digits at pos.
std::optional<int> read_number(std::string_view s, std::size_t& pos, int max_digits) {
  std::size_t start = pos;
  while (pos < s.size() && pos - start < static_cast<std::size_t>(max_digits) &&
         s[pos] >= '0' && s[pos] <= '9')
    ++pos;
  if (pos == start) return std::nullopt;
  int value = 0;
  std::from_chars(s.data() + start, s.data() + pos, value);
  return value;
}

bool consume(std::string_view s, std::size_t& pos, std::string_view token) {
  if (s.substr(pos, token.size()) == token) {
    pos += token.size();
    return true;
  }
  return false;
}

// Separator between date parts: '-', '/', '.', or the Chinese 年/月.
bool consume_separator(std::string_view s, std::size_t& pos) {
  for (std::string_view t : {"-", "/", ".", "年", "月"})
    if (consume(s, pos, t)) return true;
  return false;
}

void skip_spaces(std::string_view s, std::size_t& pos) {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t')) ++pos;
}

std::optional<Date> read_date(std::string_view s, std::size_t& pos) {
  auto year = read_number(s, pos, 4);
  if (!year || *year < 1000 || !consume_separator(s, pos)) return std::nullopt;
  auto month = read_number(s, pos, 2);
  if (!month || !consume_separator(s, pos)) return std::nullopt;
  auto day = read_number(s, pos, 2);
  if (!day) return std::nullopt;
  consume(s, pos, "日");
  if (!is_valid_date(*year, *month, *day)) return std::nullopt;
  return Date{*year, *month, *day};
}

std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

} // namespace

bool is_valid_date(int year, int month, int day) {
  static constexpr std::array<int, 12> k_days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int limit = k_days[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
  return day <= limit;
}

std::optional<YearMonth> YearMonth::parse(std::string_view s) {
  std::size_t pos = 0;
  if (s.size() == 6 && s.find_first_not_of("0123456789") == std::string_view::npos) {
    auto y = read_number(s, pos, 4);
    auto m = read_number(s, pos, 2);
    if (y && m && *y >= 1000 && *m >= 1 && *m <= 12) return YearMonth{*y, *m};
    return std::nullopt;
  }
  auto year = read_number(s, pos, 4);
  if (!year || *year < 1000 || !consume_separator(s, pos)) return std::nullopt;
  auto month = read_number(s, pos, 2);
  if (!month || *month < 1 || *month > 12) return std::nullopt;
  consume(s, pos, "月");
  consume(s, pos, "份");
  if (pos != s.size()) return std::nullopt;
  return YearMonth{*year, *month};
}

std::string YearMonth::to_string() const { return fmt::format("{:04}-{:02}", year, month); }

std::string Date::to_string() const { return fmt::format("{:04}-{:02}-{:02}", year, month, day); }

std::int64_t Date::days_since_epoch() const { return days_from_civil(year, month, day); }

Date Date::from_days_since_epoch(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<int>(z - era * 146097);
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp + (mp < 10 ? 3 : -9);
  const auto y = static_cast<int>(yoe + era * 400 + (m <= 2));
  return Date{y, m, d};
}

std::string DateTime::to_string() const {
  return fmt::format("{} {:02}:{:02}", date.to_string(), minute_of_day / 60, minute_of_day % 60);
}

std::optional<Date> parse_date(std::string_view s) {
  auto dt = parse_date_time(s);
  if (!dt) return std::nullopt;
  return dt->date;
}

std::optional<DateTime> parse_date_time(std::string_view s) {
  // Fast path for the ISO form "2020-08-31" that exports use row after row.
  if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
    int v[8];
    bool digits = true;
    for (int i = 0, j = 0; i < 10; ++i) {
      if (i == 4 || i == 7) continue;
      digits = digits && s[static_cast<std::size_t>(i)] >= '0' && s[static_cast<std::size_t>(i)] <= '9';
      v[j++] = s[static_cast<std::size_t>(i)] - '0';
    }
    if (digits) {
      int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3], m = v[4] * 10 + v[5], d = v[6] * 10 + v[7];
      if (y >= 1000 && is_valid_date(y, m, d)) return DateTime{Date{y, m, d}, 0};
      return std::nullopt;
    }
  }
  std::size_t pos = 0;
  auto date = read_date(s, pos);
  if (!date) return std::nullopt;
  if (!consume(s, pos, "T")) skip_spaces(s, pos);  // ISO 8601 "2020-08-31T23:30"
  if (pos == s.size()) return DateTime{*date, 0};
  auto hour = read_number(s, pos, 2);
  if (!hour || !consume(s, pos, ":")) return std::nullopt;
  auto minute = read_number(s, pos, 2);
  if (!minute || *hour > 23 || *minute > 59) return std::nullopt;
  if (consume(s, pos, ":")) {
    auto second = read_number(s, pos, 2);
    if (!second || *second > 60) return std::nullopt;
    if (consume(s, pos, ".")) read_number(s, pos, 9);
  }
  skip_spaces(s, pos);
  int offset = k_cst_offset_minutes;
  if (pos < s.size()) {
    if (consume(s, pos, "Z")) {
      offset = 0;
    } else if (s[pos] == '+' || s[pos] == '-') {
      int sign = s[pos] == '-' ? -1 : 1;
      ++pos;
      auto oh = read_number(s, pos, 2);
      consume(s, pos, ":");
      auto om = read_number(s, pos, 2);
      if (!oh || !om || *oh > 14 || *om > 59) return std::nullopt;
      offset = sign * (*oh * 60 + *om);
    }
  }
  if (pos != s.size()) return std::nullopt;
  std::int64_t minutes = date->days_since_epoch() * 1440 + *hour * 60 + *minute -
                         offset + k_cst_offset_minutes;
  std::int64_t days = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440;
  return DateTime{Date::from_days_since_epoch(days), static_cast<int>(minutes - days * 1440)};
}

DateTime cst_from_unix(std::int64_t unix_seconds) {
  const std::int64_t local = unix_seconds + k_cst_offset_seconds;
  const std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;  // floor
  return DateTime{Date::from_days_since_epoch(days), static_cast<int>((local - days * 86400) / 60)};
}

std::int64_t unix_from_cst(DateTime time) {
  return time.date.days_since_epoch() * 86400 + std::int64_t{time.minute_of_day} * 60 - k_cst_offset_seconds;
}

int days_in_month(YearMonth m) {
  int day = 31;
  while (day > 28 && !is_valid_date(m.year, m.month, day)) --day;
  return day;
}

std::optional<PeriodLength> parse_period_length(std::string_view code) {
  for (auto length : {PeriodLength::Month, PeriodLength::Quarter, PeriodLength::Half, PeriodLength::Year})
    if (period_length_code(length) == code) return length;
  return std::nullopt;
}

std::string_view period_length_code(PeriodLength length) {
  static constexpr std::array<std::string_view, 4> k_codes = {"month", "quarter", "half", "year"};
  return k_codes[static_cast<std::size_t>(length)];
}

std::string_view period_length_name(PeriodLength length) {
  static constexpr std::array<std::string_view, 4> k_names = {"月度", "季度", "半年度", "年度"};
  return k_names[static_cast<std::size_t>(length)];
}

std::string DateWindow::to_string() const { return from.to_string() + "—" + to.to_string(); }

std::string DateWindow::chinese_text() const {
  const std::string end = from.year == to.year ? fmt::format("{}月{}日", to.month, to.day)
                                               : fmt::format("{}年{}月{}日", to.year, to.month, to.day);
  return fmt::format("{}年{}月{}日至{}", from.year, from.month, from.day, end);
}

namespace {

constexpr std::array<std::string_view, 4> k_numerals = {"一", "二", "三", "四"};

// After "2020年": "第三季度", "第3季度", "8月", "8月份", "上半年", "下半年", "度", "".
std::optional<Period> parse_chinese_period(std::string_view s, std::size_t pos, int year) {
  if (pos == s.size() || s.substr(pos) == "度") return Period{year, 1, PeriodLength::Year};
  if (s.substr(pos) == "上半年") return Period{year, 1, PeriodLength::Half};
  if (s.substr(pos) == "下半年") return Period{year, 2, PeriodLength::Half};
  const bool ordinal = consume(s, pos, "第");
  int number = 0;
  for (std::size_t i = 0; i < k_numerals.size() && number == 0; ++i)
    if (consume(s, pos, k_numerals[i])) number = static_cast<int>(i) + 1;
  if (number == 0) number = read_number(s, pos, 2).value_or(0);
  if (consume(s, pos, "季度")) {
    if (pos != s.size() || number < 1 || number > 4) return std::nullopt;
    return Period{year, number, PeriodLength::Quarter};
  }
  if (ordinal || !consume(s, pos, "月")) return std::nullopt;
  consume(s, pos, "份");
  if (pos != s.size() || number < 1 || number > 12) return std::nullopt;
  return Period{year, number, PeriodLength::Month};
}

} // namespace

std::optional<Period> Period::parse(std::string_view s) {
  std::size_t pos = 0;
  auto year = read_number(s, pos, 4);
  if (!year || *year < 1000) return std::nullopt;
  if (consume(s, pos, "年")) return parse_chinese_period(s, pos, *year);
  if (pos == s.size() || s.substr(pos) == "Y" || s.substr(pos) == "y") return Period{*year, 1, PeriodLength::Year};
  const bool dash = consume(s, pos, "-");
  PeriodLength length = PeriodLength::Month;
  int max_digits = 2;
  if (consume(s, pos, "Q") || consume(s, pos, "q")) {
    length = PeriodLength::Quarter;
    max_digits = 1;
  } else if (consume(s, pos, "H") || consume(s, pos, "h")) {
    length = PeriodLength::Half;
    max_digits = 1;
  } else if (!consume(s, pos, "M") && !consume(s, pos, "m") && !dash) {
    return std::nullopt;
  }
  auto n = read_number(s, pos, max_digits);
  if (!n || *n < 1 || *n > count_in_year(length) || pos != s.size()) return std::nullopt;
  return Period{*year, *n, length};
}

Period Period::of(YearMonth m, PeriodLength length) {
  const int months = Period{m.year, 1, length}.months_long();
  return {m.year, (m.month - 1) / months + 1, length};
}

std::string Period::to_string() const {
  switch (length) {
    case PeriodLength::Month: return fmt::format("{}-{:02}", year, number);
    case PeriodLength::Quarter: return fmt::format("{}Q{}", year, number);
    case PeriodLength::Half: return fmt::format("{}H{}", year, number);
    case PeriodLength::Year: break;
  }
  return std::to_string(year);
}

std::string Period::chinese_name() const {
  static constexpr std::array<std::string_view, 4> k_quarters = {"第一季度", "第二季度", "第三季度", "第四季度"};
  switch (length) {
    case PeriodLength::Month: return fmt::format("{}月", number);
    case PeriodLength::Quarter: return std::string(k_quarters[static_cast<std::size_t>(number - 1)]);
    case PeriodLength::Half: return number == 1 ? "上半年" : "下半年";
    case PeriodLength::Year: break;
  }
  return "全年";
}

std::string Period::full_name() const {
  if (length == PeriodLength::Year) return fmt::format("{}年度", year);
  return fmt::format("{}年{}", year, chinese_name());
}

std::string_view Period::noun() const {
  static constexpr std::array<std::string_view, 4> k_nouns = {"月", "季度", "半年", "年度"};
  return k_nouns[static_cast<std::size_t>(length)];
}

std::vector<YearMonth> Period::months() const {
  std::vector<YearMonth> out;
  for (int i = first_month().index(); i <= last_month().index(); ++i)
    out.push_back(YearMonth::from_index(i));
  return out;
}

DateWindow Period::calendar_window() const {
  const YearMonth last = last_month();
  return {Date{year, first_month().month, 1}, Date{last.year, last.month, days_in_month(last)}};
}

std::strong_ordering Period::operator<=>(const Period& other) const {
  if (auto c = first_month() <=> other.first_month(); c != 0) return c;
  return other.months_long() <=> months_long();
}

} // namespace zwgk
