// Test support for the mbox tests (mbox_test.cpp, mbox_stream_test.cpp): an envelope
// line, and what split_mbox() makes of a text — its messages and their first lines.
#pragma once

#include "mail/mbox.h"

#include <string>
#include <string_view>
#include <vector>

namespace zwgk::mail::test {

constexpr std::string_view k_env = "From a@x Mon Aug 31 10:00:00 2020\n";

inline std::vector<std::string> messages(std::string_view mbox) {
  std::vector<std::string> out;
  for (auto& m : split_mbox(mbox)) out.push_back(std::move(m.bytes));
  return out;
}

inline std::vector<std::size_t> lines(std::string_view mbox) {
  std::vector<std::size_t> out;
  for (const auto& m : split_mbox(mbox)) out.push_back(m.line);
  return out;
}

inline std::string env(std::string_view sender = "a@x") {
  return "From " + std::string(sender) + " Mon Aug 31 10:00:00 2020\n";
}

} // namespace zwgk::mail::test
