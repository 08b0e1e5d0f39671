// The district's working-day calendar: DIR/日历/2020.toml, one file per year
// (scheme/calendar_file.h). Read here, beside the other files of a data
// directory, so that the follow-up (rectify, the workspace) and the
// bulletin's {整改期限} count working days on the same calendar.
#pragma once

#include "model/diagnostics.h"
#include "scheme/scheme.h"
#include "util/workdays.h"

#include <filesystem>
#include <map>
#include <vector>
#include <string_view>

namespace zwgk::ingest {

inline constexpr std::string_view k_calendar_dir = "日历";

// Every DIR/日历/*.toml (file name = the year). Problems go to `problems`
// with file and line; the years that could be read are returned.
WorkCalendar load_calendar(const std::filesystem::path& dir, Diagnostics& problems);

// A period's own window: DIR/2020Q3/考核期.toml (scheme/calendar_file.h).
inline constexpr std::string_view k_window_file = "考核期.toml";

// The dates `period` counts: its folder's 考核期.toml when there is one, else the
// scheme's [period] rule. A file that cannot be read is an error in `problems`
// (with its place), and the scheme's window is returned.
DateWindow period_window(const std::filesystem::path& dir, const Scheme& scheme, Period period,
                         Diagnostics& problems);

// Of `dates` (mail received), those that no period folder of dir counts, by the
// period of the scheme's length each falls in: they count once its folder is made.
std::map<Period, std::size_t> dates_without_period(const std::filesystem::path& dir, const std::vector<Date>& dates);

} // namespace zwgk::ingest
