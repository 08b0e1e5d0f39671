// The engine on small in-memory data: rules, ranking and validation.
#include "engine/assess.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace zwgk {
namespace {

Decimal d(const char* text) { return *Decimal::parse(text); }

class EngineTest : public ::testing::Test {
protected:
  EngineTest() {
    scheme.name = "测试";
    scheme.sections = {{"部门", "各部门"}};
    scheme.publication.points_per_item = d("0.5");
    scheme.publication.monthly_cap = d("5");
    scheme.submission.penalty = d("1");
    scheme.submission.missed_text = "{months}月份未投稿";
    scheme.submission.short_text = "{months}月份投稿不足";
    scheme.submission.exemption = "投稿";
    scheme.submission.min_characters = 400;
    scheme.submission.min_pictures = 1;
    scheme.submission.require_on_topic = true;
    scheme.adoption_levels = {{"市级", d("1"), Accrual::Year}, {"省级", d("2"), Accrual::Quarter}};
    scheme.finding_types = {{"目录未上传", "公开事项标准目录未上传", d("5")}};
    TableSpec scores{"附件1", "{quarter}", TableKind::Scores, {"部门"}, NameStyle::Short, {}, ""};
    scores.order = {{SortField::Total, 0, true}, {SortField::PublishedMonth, 1, true}, {SortField::Name, 0, false}};
    scheme.tables.push_back(scores);
    data.sources.add("测试.csv");
  }

  UnitId add(const char* name, std::vector<std::string> tags = {}, std::vector<std::string> exempt = {}) {
    Unit u;
    u.name = name;
    u.section = "部门";
    u.tags = std::move(tags);
    u.exemptions = std::move(exempt);
    u.official_order = static_cast<int>(registry.size()) + 1;
    return *registry.add(std::move(u));
  }
  void published(UnitId u, std::int64_t jul, std::int64_t aug, std::int64_t sep) {
    data.published_counts.push_back({u, {2020, 7}, jul, {0, line++}});
    data.published_counts.push_back({u, {2020, 8}, aug, {0, line++}});
    data.published_counts.push_back({u, {2020, 9}, sep, {0, line++}});
  }
  void submitted(UnitId u, int month, std::int64_t count) {
    data.submission_counts.push_back({u, {2020, month}, count, {0, line++}});
  }
  Result run() {
    auto r = assess(registry, scheme, data, period);
    if (!r) {
      for (const auto& e : r.error().entries()) ADD_FAILURE() << e.to_string();
      return {};
    }
    return *r;
  }
  std::vector<std::string> order(const Result& r) {
    std::vector<std::string> names;
    for (const auto& row : r.tables.at(0).rows) names.push_back(registry.at(row.unit).name);
    return names;
  }

  Registry registry;
  Scheme scheme;
  Dataset data;
  Period period{2020, 3};
  std::uint32_t line = 2;
};

TEST_F(EngineTest, PublicationPointsAreCappedPerMonth) {
  UnitId u = add("区商务局");
  published(u, 12, 1, 11);
  Result r = run();
  EXPECT_EQ(r.units[u].publication.to_string(), "10.5");
  EXPECT_EQ(r.units[u].months[0].uncapped_points.to_string(), "6");
  EXPECT_EQ(r.units[u].months[0].publication_points.to_string(), "5");
}

TEST_F(EngineTest, TaggedQuotaWinsAndExemptUnitsOweNothing) {
  scheme.submission.quotas = {{"示范点", {YearMonth{2020, 8}, std::nullopt}, 2},
                              {"", {YearMonth{2020, 8}, std::nullopt}, 1}};
  UnitId demo = add("示范单位", {"示范点"});
  UnitId plain = add("普通单位");
  UnitId exempt = add("区政府办公室", {}, {"投稿"});
  for (UnitId u : {demo, plain, exempt}) published(u, 10, 10, 10);
  submitted(demo, 8, 1);  // short of 2
  submitted(plain, 8, 1);  // enough; September missed
  Result r = run();
  const auto& dd = r.units[demo].deductions;
  ASSERT_EQ(dd.size(), 2u);
  EXPECT_EQ(dd[0].reason, "9月份未投稿");
  EXPECT_EQ(dd[1].reason, "8月份投稿不足");
  EXPECT_EQ(r.units[demo].deduction.to_string(), "2");
  ASSERT_EQ(r.units[plain].deductions.size(), 1u);
  EXPECT_EQ(r.units[plain].deductions[0].reason, "9月份未投稿");
  EXPECT_FALSE(r.units[plain].months[0].quota.has_value());  // July: no call for submissions yet
  EXPECT_TRUE(r.units[exempt].deductions.empty());
}

TEST_F(EngineTest, PerItemPenaltyCountsMissingArticles) {
  scheme.submission.basis = PenaltyBasis::PerMissingItem;
  scheme.submission.penalty = d("0.5");
  scheme.submission.quotas = {{"", {YearMonth{2020, 7}, std::nullopt}, 2}};
  UnitId u = add("某局");
  published(u, 0, 0, 0);
  submitted(u, 7, 1);
  Result r = run();
  // July short by 1, August and September short by 2 each: 5 × 0.5.
  EXPECT_EQ(r.units[u].deduction.to_string(), "2.5");
  EXPECT_EQ(r.units[u].total.to_string(), "-2.5");
}

TEST_F(EngineTest, QualityGatesRejectSubmissionsWithReasons) {
  scheme.submission.quotas = {{"", {YearMonth{2020, 8}, std::nullopt}, 1}};
  UnitId u = add("某局");
  published(u, 10, 10, 10);
  data.submissions.push_back({u, {{2020, 8, 3}, 600}, "短稿", 399, 1, OnTopic::Yes, {0, 40}});
  data.submissions.push_back({u, {{2020, 8, 4}, 600}, "无图", 800, 0, OnTopic::Yes, {0, 41}});
  data.submissions.push_back({u, {{2020, 9, 4}, 600}, "跑题", 800, 2, OnTopic::No, {0, 42}});
  data.submissions.push_back({u, {{2020, 9, 5}, 600}, "合格", 400, 1, OnTopic::Yes, {0, 43}});
  Result r = run();
  const auto& s = r.units[u];
  EXPECT_EQ(s.months[1].submissions, 0);
  EXPECT_EQ(s.months[1].rejected, 2);
  EXPECT_EQ(s.months[2].submissions, 1);
  ASSERT_EQ(s.rejected.size(), 3u);
  EXPECT_EQ(s.rejected[0].reason, "字数399少于400字");
  EXPECT_EQ(s.rejected[1].reason, "没有图片");
  EXPECT_EQ(s.rejected[2].reason, "内容与政务公开工作无关");
  ASSERT_EQ(s.deductions.size(), 1u);
  EXPECT_EQ(s.deductions[0].reason, "8月份未投稿");
}

TEST_F(EngineTest, AdoptionBonusEntersQuarterOrYearByLevel) {
  UnitId u = add("某局");
  published(u, 10, 10, 10);
  data.adoption_counts.push_back({u, 0, std::nullopt, 2, {0, 50}});
  data.adoptions.push_back({u, 1, {2020, 9, 1}, "省级采用稿", {0, 51}});
  Result r = run();
  EXPECT_EQ(r.units[u].bonus.to_string(), "2");       // province: quarter
  EXPECT_EQ(r.units[u].year_bonus.to_string(), "2");  // city: year only
  EXPECT_EQ(r.units[u].adoption_bonus.to_string(), "4");
  EXPECT_EQ(r.units[u].total.to_string(), "17");
}

TEST_F(EngineTest, RankingBreaksTiesByFirstMonthThenPinyin) {
  UnitId a = add("区林业服务中心");
  UnitId b = add("区行政审批服务局");
  UnitId c = add("区地方金融事务协调服务中心");
  UnitId e = add("区住建局");
  published(a, 24, 10, 12);
  published(b, 24, 26, 28);
  published(c, 30, 10, 10);
  published(e, 24, 1, 1);  // lower total
  Result r = run();
  EXPECT_EQ(order(r), (std::vector<std::string>{"区地方金融事务协调服务中心", "区林业服务中心",
                                                "区行政审批服务局", "区住建局"}));
  // Ties share the competition rank; 序号 runs on.
  EXPECT_EQ(r.tables[0].rows[2].rank, 1u);
  EXPECT_EQ(r.tables[0].rows[2].seq, 3u);
  EXPECT_EQ(r.tables[0].rows[3].rank, 4u);

  scheme.collation_tailoring = "&杭<行政";  // the bulletin reads 行 as háng
  r = run();
  EXPECT_EQ(order(r), (std::vector<std::string>{"区地方金融事务协调服务中心", "区行政审批服务局",
                                                "区林业服务中心", "区住建局"}));
}

TEST_F(EngineTest, RegistrySortKeyOverridesTheNameInCollation) {
  UnitId a = add("区林业服务中心");
  Unit u;
  u.name = "区行政审批服务局";
  u.section = "部门";
  u.sort_key = "区航政审批服务局";  // háng
  UnitId b = *registry.add(u);
  published(a, 10, 10, 10);
  published(b, 10, 10, 10);
  EXPECT_EQ(order(run()), (std::vector<std::string>{"区行政审批服务局", "区林业服务中心"}));
}

TEST_F(EngineTest, FindingsComeFirstThenQuota) {
  scheme.submission.quotas = {{"", {YearMonth{2020, 8}, std::nullopt}, 1}};
  UnitId u = add("齐都镇");
  published(u, 11, 11, 11);
  data.findings.push_back({u, 0, "", 1, {0, 60}});
  Result r = run();
  ASSERT_EQ(r.units[u].deductions.size(), 2u);
  EXPECT_EQ(r.units[u].deductions[0].reason, "公开事项标准目录未上传");
  EXPECT_EQ(r.units[u].deductions[1].reason, "8、9月份未投稿");
  EXPECT_EQ(r.units[u].total.to_string(), "8");
}

class ValidationTest : public EngineTest {};

TEST_F(ValidationTest, DuplicateCountsAreReportedWithBothPlaces) {
  UnitId u = add("某局");
  published(u, 1, 2, 3);
  data.published_counts.push_back({u, {2020, 8}, 5, {0, 99}});
  auto r = assess(registry, scheme, data, period);
  ASSERT_FALSE(r.has_value());
  ASSERT_EQ(r.error().error_count(), 1u);
  const auto& e = r.error().entries()[0];
  EXPECT_EQ(e.where.line, 99u);
  EXPECT_NE(e.message.find("重复记录"), std::string::npos);
  EXPECT_NE(e.message.find("第3行"), std::string::npos) << e.message;
}

TEST_F(ValidationTest, OutOfPeriodMixedAndDuplicateItemsAllReportedAtOnce) {
  UnitId u = add("某局");
  published(u, 1, 2, 3);
  data.published_items.push_back({u, {2020, 8, 2}, 7, {0, 100}});   // mixed with counts
  data.published_items.push_back({u, {2020, 10, 1}, 8, {0, 101}});  // outside the quarter
  UnitId v = add("另一局");
  data.published_items.push_back({v, {2020, 7, 2}, 9, {0, 102}});
  data.published_items.push_back({v, {2020, 7, 3}, 9, {0, 103}});  // same URL
  auto r = assess(registry, scheme, data, period);
  ASSERT_FALSE(r.has_value());
  std::vector<std::size_t> lines;
  for (const auto& e : r.error().entries()) lines.push_back(e.where.line);
  std::sort(lines.begin(), lines.end());
  EXPECT_EQ(lines, (std::vector<std::size_t>{100, 101, 103}));
}

TEST_F(ValidationTest, UnitInUnknownSectionIsAnError) {
  Unit u;
  u.name = "某局";
  u.section = "乡镇";
  registry.add(u);
  auto problems = validate_dataset(registry, scheme, data, period);
  ASSERT_TRUE(problems.has_errors());
  EXPECT_NE(problems.entries()[0].message.find("乡镇"), std::string::npos);
}

} // namespace
} // namespace zwgk
