#include "app/clock.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>

namespace zwgk::app {

Clock system_clock() {
  return [] {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
}

ChosenClock clock_from_environment(Clock real) {
  const char* text = std::getenv(std::string(k_test_clock_variable).c_str());
  if (!text || !*text) return {std::move(real), {}};
  auto start = parse_date_time(text);
  if (!start)
    return {std::move(real), fmt::format("提示：环境变量 ZWGK_CLOCK“{}”不是时间（如 2020-10-15 10:00），已忽略", text)};
  const std::int64_t offset = unix_from_cst(*start) - real();
  return {[real, offset] { return real() + offset; },
          fmt::format("提示：测试时钟——时间从 {} 开始（环境变量 ZWGK_CLOCK）", start->to_string())};
}

} // namespace zwgk::app
