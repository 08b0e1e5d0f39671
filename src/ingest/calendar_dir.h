// The district's working-day calendar: DIR/日历/2020.toml, one file per year
// (scheme/calendar_file.h). Read here, beside the other files of a data
// directory, so that the follow-up (rectify, the workspace) and the
// bulletin's {整改期限} count working days on the same calendar.
#pragma once

#include "model/diagnostics.h"
#include "util/workdays.h"

#include <filesystem>
#include <string_view>

namespace zwgk::ingest {

inline constexpr std::string_view k_calendar_dir = "日历";

// Every DIR/日历/*.toml (file name = the year). Problems go to `problems`
// with file and line; the years that could be read are returned.
WorkCalendar load_calendar(const std::filesystem::path& dir, Diagnostics& problems);

} // namespace zwgk::ingest
