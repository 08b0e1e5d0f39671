#include "model/diagnostics.h"

#include <gtest/gtest.h>

namespace zwgk {
namespace {

TEST(Diagnostics, ListsTheFirstProblemsAndCountsTheRest) {
  Diagnostics d;
  const std::size_t reported = k_max_listed_diagnostics + 250;
  for (std::size_t i = 0; i < reported; ++i) {
    if (i % 2) d.warning({"投稿.csv", "", i + 2, 3, "单位"}, "提示");
    else d.error({"投稿.csv", "", i + 2, 3, "单位"}, "问题");
  }
  EXPECT_EQ(d.entries().size(), k_max_listed_diagnostics);
  EXPECT_EQ(d.total_count(), reported);
  EXPECT_EQ(d.omitted_count(), 250u);
  EXPECT_EQ(d.error_count(), (reported + 1) / 2);
  EXPECT_EQ(d.entries().front().where.line, 2u);
  EXPECT_EQ(omitted_note(d), "……另有 250 个问题未列出（只列出前 500 个）");
}

TEST(Diagnostics, AppendKeepsTheOtherListsCounts) {
  Diagnostics big;
  for (std::size_t i = 0; i < k_max_listed_diagnostics + 10; ++i) big.error({"a.csv"}, "问题");
  Diagnostics total;
  total.warning({"b.csv"}, "提示");
  total.append(big);
  EXPECT_EQ(total.error_count(), k_max_listed_diagnostics + 10);
  EXPECT_EQ(total.total_count(), k_max_listed_diagnostics + 11);
  EXPECT_EQ(total.entries().size(), k_max_listed_diagnostics);
  EXPECT_EQ(total.entries().front().severity, Severity::Warning);
}

TEST(Diagnostics, NothingOmittedNoNote) {
  Diagnostics d;
  d.error({"a.csv"}, "问题");
  EXPECT_EQ(omitted_note(d), "");
  EXPECT_EQ(d.total_count(), 1u);
}

} // namespace
} // namespace zwgk
