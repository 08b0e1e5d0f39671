// scheme_warnings(): legal rules that are surely not meant, for one quarter
// and one registry (issue 12: such schemes passed without a word).
#include "scheme/checks.h"
#include "scheme/parse.h"
#include "scheme_test_support.h"

#include <gtest/gtest.h>

namespace zwgk {
namespace {

using namespace scheme_test;

Registry registry_with(std::vector<std::string> tags) {
  Registry registry;
  Unit unit;
  unit.name = "区发改局";
  unit.section = "部门";
  unit.tags = std::move(tags);
  registry.add(std::move(unit));
  return registry;
}

Diagnostics warnings(std::string_view tail, std::string_view points = "points_per_item = 0.5",
                     Period period = {2020, 3}, const Registry& registry = registry_with({"示范点"})) {
  return scheme_warnings(parse_ok(scheme(tail, points)), registry, period);
}

TEST(SchemeWarnings, LinziLikeSchemeHasNone) {
  const std::string quotas = "monthly_cap = 5\n[submission]\npenalty = 1\n"
                             "[[submission.quota]]\ntag = \"示范点\"\nfrom = \"2020-08\"\nto = \"2020-09\"\ncount = 1\n"
                             "[[submission.quota]]\ntag = \"示范点\"\nfrom = \"2020-10\"\ncount = 2\n"
                             "[[submission.quota]]\nfrom = \"2020-08\"\ncount = 1\n";
  for (int quarter = 1; quarter <= 4; ++quarter) {
    auto ds = warnings(quotas, "points_per_item = 0.5", {2020, quarter});
    EXPECT_TRUE(ds.empty()) << quarter << describe(ds);
  }
}

TEST(SchemeWarnings, MonthlyCapBelowOneItemsPoints) {
  auto ds = warnings("monthly_cap = 0.25\n");
  EXPECT_TRUE(has_problem(ds, Severity::Warning, 12, {"每月上限（0.25 分）小于每条信息的分值（0.5 分）"}));
}

TEST(SchemeWarnings, PublicationMonthsWhollyOutsideThePeriod) {
  auto ds = warnings("from = \"2021-01\"\n");
  EXPECT_TRUE(has_problem(ds, Severity::Warning, 12, {"计分月份（2021-01 起）都不在本季度 2020Q3 内"}));
  EXPECT_TRUE(warnings("from = \"2020-09\"\n").empty());
  EXPECT_TRUE(has_problem(warnings("to = \"2020-06\"\n"), Severity::Warning, 12, {"2020-06 及以前"}));
}

TEST(SchemeWarnings, UntaggedQuotasOutsideThePeriodWhileTaggedOnesApply) {
  auto ds = warnings("[submission]\npenalty = 1\n"
                     "[[submission.quota]]\ntag = \"示范点\"\nfrom = \"2020-08\"\ncount = 2\n"
                     "[[submission.quota]]\nfrom = \"2029-08\"\ncount = 1\n");  // line 18: the year mistyped
  EXPECT_TRUE(has_problem(ds, Severity::Warning, 18, {"不带标签的任务数规则都不适用于本季度 2020Q3"}));
  // No rule at all in the period (quotas begin later): nothing to say.
  EXPECT_TRUE(warnings("[submission]\npenalty = 1\n"
                       "[[submission.quota]]\ntag = \"示范点\"\nfrom = \"2021-01\"\ncount = 2\n"
                       "[[submission.quota]]\nfrom = \"2021-01\"\ncount = 1\n")
                  .empty());
}

TEST(SchemeWarnings, QuotaTagNoUnitHas) {
  auto ds = warnings("[submission]\npenalty = 1\n"
                     "[[submission.quota]]\ntag = \"示范区\"\ncount = 2\n"  // 14; tag on 15
                     "[[submission.quota]]\ntag = \"示范区\"\nto = \"2019-12\"\ncount = 2\n"
                     "[[submission.quota]]\ncount = 1\n");
  EXPECT_TRUE(has_problem(ds, Severity::Warning, 15, {"没有任何单位带“示范区”标签"}));
  EXPECT_EQ(ds.total_count(), 1u) << describe(ds);  // each tag once
  EXPECT_FALSE(ds.has_errors());
}

} // namespace
} // namespace zwgk
