// The "是否指 …？" suggestion of a mistyped subcommand or option (issue 14):
// edit distance with a transposition counted once, and the limits of what
// is suggested.
#include "cli/usage_error.h"

#include <gtest/gtest.h>

namespace zwgk::cli {
namespace {

TEST(UsageErrorTest, Issue14_EditDistanceCountsASwapOnce) {
  EXPECT_EQ(edit_distance("reprot", "report"), 1u);
  EXPECT_EQ(edit_distance("--perod", "--period"), 1u);
  EXPECT_EQ(edit_distance("check", "check"), 0u);
  EXPECT_EQ(edit_distance("", "mail"), 4u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(UsageErrorTest, Issue14_TheClosestNameIsSuggestedOnlyWhenClose) {
  const std::vector<std::string> commands = {"report", "check", "explain", "mail", "remind"};
  EXPECT_EQ(closest_name("reprot", commands), "report");
  EXPECT_EQ(closest_name("chek", commands), "check");
  EXPECT_EQ(closest_name("mial", commands), "mail");
  EXPECT_EQ(closest_name("xyz", commands), std::nullopt);
  EXPECT_EQ(closest_name("ab", commands), std::nullopt);  // too short to guess from
  EXPECT_EQ(closest_name("--perod", {"--data", "--period", "--sheet"}), "--period");
}

} // namespace
} // namespace zwgk::cli
