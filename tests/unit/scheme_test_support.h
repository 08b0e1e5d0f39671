// Helpers shared by the scheme tests: a minimal valid scheme to vary, and
// assertions on the errors parse_scheme() reports.
#pragma once

#include "scheme/parse.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>

namespace zwgk::scheme_test {

inline Decimal d(const char* text) { return *Decimal::parse(text); }

// A minimal valid scheme of 11 lines ending inside [publication]; `tail`
// starts on line 12. `points` is line 11.
inline std::string scheme(std::string_view tail = {}, std::string_view points = "points_per_item = 0.5") {
  std::string text = "[scheme]\n"                 // 1
                     "name = \"测试考核\"\n"      // 2
                     "[[sections]]\n"             // 3
                     "code = \"部门\"\n"          // 4
                     "[[tables]]\n"               // 5
                     "id = \"附件1\"\n"           // 6
                     "kind = \"scores\"\n"        // 7
                     "title = \"各部门{quarter}\"\n"  // 8
                     "sections = [\"部门\"]\n"    // 9
                     "[publication]\n";           // 10
  text += points;                                 // 11
  text += "\n";
  text += tail;
  return text;
}

// A second table, starting on line 12, whose `order` is on line 17.
inline std::string second_table(std::string_view sections, std::string_view order) {
  return scheme(std::string("[[tables]]\nid = \"附件2\"\nkind = \"scores\"\ntitle = \"t\"\n") +
                "sections = " + std::string(sections) + "\norder = " + std::string(order) + "\n");
}

inline Scheme parse_ok(std::string_view text) {
  auto r = parse_scheme(text, "考核方案.toml");
  if (!r) {
    for (const auto& e : r.error().entries()) ADD_FAILURE() << e.to_string();
    return Scheme{};
  }
  return *r;
}

inline std::string describe(const Diagnostics& ds) {
  std::string out;
  for (const auto& e : ds.entries()) out += "\n  " + e.to_string();
  return out;
}

// There is a problem of `severity` on `line` of 考核方案.toml whose message contains every needle.
inline ::testing::AssertionResult has_problem(const Diagnostics& ds, Severity severity, std::size_t line,
                                              std::initializer_list<std::string_view> needles) {
  for (const auto& e : ds.entries()) {
    if (e.severity != severity || e.where.line != line) continue;
    bool all = e.where.file == "考核方案.toml";
    for (auto n : needles) all = all && e.message.find(n) != std::string::npos;
    if (all) return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "no such problem on line " << line << "; got:" << describe(ds);
}

inline ::testing::AssertionResult has_error(const Diagnostics& ds, std::size_t line,
                                            std::initializer_list<std::string_view> needles) {
  return has_problem(ds, Severity::Error, line, needles);
}

inline Diagnostics errors(std::string_view text) {
  auto r = parse_scheme(text, "考核方案.toml");
  EXPECT_FALSE(r.has_value()) << "the scheme was accepted";
  return r ? Diagnostics{} : r.error();
}

} // namespace zwgk::scheme_test
