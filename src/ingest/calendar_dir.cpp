#include "ingest/calendar_dir.h"

#include "fs/files.h"
#include "ingest/data_dir.h"
#include "scheme/calendar_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>

namespace zwgk::ingest {
namespace {

// A calendar year is a few hundred lines; a larger file is not one.
constexpr std::uintmax_t k_max_calendar_bytes = 1u << 20;

std::optional<int> year_of_file(const std::filesystem::path& file) {
  const std::string stem = file.stem().string();
  int year = 0;
  auto [end, ec] = std::from_chars(stem.data(), stem.data() + stem.size(), year);
  if (ec != std::errc{} || end != stem.data() + stem.size() || stem.size() != 4) return std::nullopt;
  return year;
}

} // namespace

WorkCalendar load_calendar(const std::filesystem::path& dir, Diagnostics& problems) {
  WorkCalendar calendar;
  for (const auto& file : fs::list_files(dir / std::string(k_calendar_dir))) {
    if (file.extension() != ".toml") continue;
    const std::string shown = std::string(k_calendar_dir) + "/" + fs::display_name(file.filename());
    auto year = year_of_file(file);
    if (!year) {
      problems.error({shown, {}, 0}, "日历文件应以年份命名，如 日历/2020.toml");
      continue;
    }
    auto text = fs::read_file(file, k_max_calendar_bytes);
    if (!text) {
      problems.error({shown, {}, 0}, text.error());
      continue;
    }
    auto parsed = parse_calendar_file(*text, shown);
    if (!parsed) {
      problems.append(parsed.error());
      continue;
    }
    if (parsed->year != *year) {
      problems.error({shown, {}, 0}, fmt::format("文件名是 {} 年，文件里的 year 却是 {}", *year, parsed->year));
      continue;
    }
    calendar.add_year(*parsed);
  }
  return calendar;
}

DateWindow period_window(const std::filesystem::path& dir, const Scheme& scheme, Period period,
                         Diagnostics& problems) {
  const DateWindow fallback = scheme.period.window(period);
  const auto folder = period_dir(dir, period);
  std::error_code ec;
  if (folder.empty() || !std::filesystem::exists(folder / std::string(k_window_file), ec)) return fallback;
  const std::string shown = fs::display_name(folder.filename()) + "/" + std::string(k_window_file);
  constexpr std::uintmax_t k_max_window_bytes = 64u << 10;  // two dates and comments
  auto text = fs::read_file(folder / std::string(k_window_file), k_max_window_bytes);
  if (!text) {
    problems.error({shown, {}, 0}, text.error());
    return fallback;
  }
  auto parsed = parse_window_file(*text, shown, period);
  if (!parsed) {
    problems.append(parsed.error());
    return fallback;
  }
  return *parsed;
}

std::map<Period, std::size_t> dates_without_period(const std::filesystem::path& dir, const std::vector<Date>& dates) {
  Diagnostics ignored;  // a broken scheme or window file is reported where the period is loaded
  const Scheme scheme = load_scheme(dir, ignored).value_or(Scheme{});
  std::vector<DateWindow> windows;
  for (Period p : list_periods(dir)) windows.push_back(period_window(dir, scheme, p, ignored));
  std::map<Period, std::size_t> out;
  for (Date d : dates)
    if (std::none_of(windows.begin(), windows.end(), [&](const DateWindow& w) { return w.contains(d); }))
      ++out[Period::of(d.year_month(), scheme.period.length)];
  return out;
}

} // namespace zwgk::ingest
