// The application's one clock. Every front end makes one (system_clock(),
// or the test clock of ZWGK_CLOCK) and hands it to its app::Workspace;
// nothing below the front ends reads the system time itself, so a command
// and the server judge deadlines on the same day, and tests fix the day.
#pragma once

#include "util/calendar.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace zwgk::app {

// Unix seconds.
using Clock = std::function<std::int64_t()>;

Clock system_clock();

// The browser tests and golden cases run the program as it stood on a given
// day (deadlines of 2020 are then still ahead): ZWGK_CLOCK="2020-10-15 10:00"
// (CST) starts the clock there, and it runs on from `real`.
inline constexpr std::string_view k_test_clock_variable = "ZWGK_CLOCK";

struct ChosenClock {
  Clock clock;
  // What to print to stderr ("" when ZWGK_CLOCK is not set): that the test
  // clock runs, or that the variable is not a time and was ignored. A front
  // end must print it, so a test clock cannot go unnoticed in real use.
  std::string notice;
};

// `real`, or the test clock when ZWGK_CLOCK is set to a time.
ChosenClock clock_from_environment(Clock real);

// The clock's reading as China Standard Time.
inline DateTime now_cst(const Clock& clock) { return cst_from_unix(clock()); }

} // namespace zwgk::app
