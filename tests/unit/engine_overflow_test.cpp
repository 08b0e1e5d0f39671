// Scheme values times data counts beyond int64 (issue 12): reported, not wrapped.
#include "engine/assess.h"

#include <gtest/gtest.h>

namespace zwgk {
namespace {

Decimal d(const char* text) { return *Decimal::parse(text); }

struct Overflow : ::testing::Test {
  Overflow() {
    scheme.sections = {{"部门", "各部门"}};
    scheme.publication.points_per_item = d("10000");  // the scheme's largest points
    scheme.submission.penalty = d("10000");
    scheme.submission.basis = PenaltyBasis::PerMissingItem;
    scheme.submission.quotas = {{"", {}, 1'000'000}};  // the scheme's largest quota
    scheme.finding_types = {{"目录未上传", "公开事项标准目录未上传", d("10000")}};
    scheme.tables.push_back({"附件1", "{quarter}", TableKind::Scores, {"部门"}, NameStyle::Short, {}, ""});
    data.sources.add("测试.csv");
    Unit u;
    u.name = "区发改局";
    u.section = "部门";
    unit = *registry.add(std::move(u));
  }
  std::string error() {
    auto r = assess(registry, scheme, data, Period{2020, 3});
    EXPECT_FALSE(r.has_value());
    return r ? std::string() : r.error().entries().front().message;
  }

  Scheme scheme;
  Registry registry;
  Dataset data;
  UnitId unit = 0;
};

TEST_F(Overflow, PublicationPointsBeyondInt64AreAnErrorNotAWrappedScore) {
  // 10,000 points × 10^9 items = 10^13 points: 10^19 millionths, beyond int64.
  data.published_counts.push_back({unit, {2020, 7}, 1'000'000'000, {0, 2}});
  EXPECT_EQ(error(), "单位“区发改局”的网站发布得分超出可计算的范围（绝对值不超过 1000000000000 分）；"
                     "请检查考核方案的分值和数据中的数量");
}

TEST_F(Overflow, ManyLargeFindingsAreAnErrorNotAWrappedDeduction) {
  // Each finding fits (10,000 points × 10^8 = 10^12 points); their sum does not.
  for (std::uint32_t i = 0; i < 2; ++i) data.findings.push_back({unit, 0, std::to_string(i), 100'000'000, {0, i + 2}});
  EXPECT_NE(error().find("区发改局”的减分超出可计算的范围"), std::string::npos);
}

TEST_F(Overflow, LargestQuotaShortfallStillComputesExactly) {
  // The scheme's bounds on their own never overflow: 3 months × 10^6 items × 10,000 points.
  scheme.finding_types.clear();
  auto r = assess(registry, scheme, data, Period{2020, 3});
  ASSERT_TRUE(r) << r.error().entries().front().message;
  EXPECT_EQ(r->units[unit].deduction, Decimal::from_int(30'000'000'000));
}

} // namespace
} // namespace zwgk
