#include "ingest/calendar_dir.h"

#include "fs/files.h"
#include "scheme/calendar_file.h"

#include <fmt/format.h>

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

} // namespace zwgk::ingest
