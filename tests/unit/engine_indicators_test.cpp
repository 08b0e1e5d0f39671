// Issue 16: the indicator tree (every rule, caps, floors, weights, bonus
// items, rounding), the validation of 指标 entries, and the JSON and
// explanation of a unit with indicators. Ratings: engine_ratings_test.cpp.
#include "engine/assess.h"
#include "engine/explain.h"
#include "engine/indicators.h"
#include "render/json.h"

#include "engine_indicators_fixture.h"

#include <gtest/gtest.h>

namespace zwgk {
namespace {

using testing_indicators::d;
using testing_indicators::IndicatorTest;

TEST_F(IndicatorTest, DeductIsCappedAtFullMarksAndNeverBelowZero) {
  auto a = add("甲局"), b = add("乙局"), c = add("丙局");
  auto open = indicator("主动公开", IndicatorRule::Deduct, "40");
  scheme.finding_types[0].indicator = "主动公开";
  finding(a, 0, 9);  // 9 × 5 = 45 > 40
  finding(b, 0, 2);
  finding(b, 3);     // deducts from no indicator: not here
  Result r = run();
  EXPECT_EQ(points(r, a, open), "0");
  EXPECT_EQ(r.units[a].indicators[open].uncapped.to_string(), "-5");
  EXPECT_EQ(detail(r, a, open), "扣分 9 项共 45 分，以 40 分为限");
  EXPECT_EQ(points(r, b, open), "30");
  EXPECT_EQ(detail(r, b, open), "扣分 2 项共 10 分");
  EXPECT_EQ(points(r, c, open), "40");
  EXPECT_EQ(detail(r, c, open), "无扣分");
  EXPECT_EQ(r.units[b].total.to_string(), "30");  // the tree's total, not publication − deduction
}

TEST_F(IndicatorTest, WithdrawnFindingsDoNotDeduct) {
  auto a = add("甲局");
  auto open = indicator("主动公开", IndicatorRule::Deduct, "40");
  scheme.finding_types[0].indicator = "主动公开";
  finding(a, 0);
  data.waivers.push_back({a, WaivedKind::Finding, 0, "已撤销"});
  EXPECT_EQ(points(run(), a, open), "40");
}

TEST_F(IndicatorTest, SumIsCappedThenBonusChildrenAreAddedWithinTheirOwnCap) {
  auto a = add("甲局");
  auto parent = indicator("工作", IndicatorRule::Sum, "50");
  indicator("甲项", IndicatorRule::Manual, "40", "工作");
  indicator("乙项", IndicatorRule::Manual, "30", "工作");
  indicator("亮点", IndicatorRule::Manual, "5", "工作", "1", true);
  manual(a, "甲项", "40");
  manual(a, "乙项", "30");
  manual(a, "亮点", "8");  // its own cap: 5
  Result r = run();
  EXPECT_EQ(points(r, a, parent), "55");
  EXPECT_EQ(r.units[a].indicators[parent].uncapped.to_string(), "70");
  EXPECT_EQ(detail(r, a, parent), "各项合计 70 分，以 50 分为限，另加分 5 分");
  EXPECT_EQ(r.units[a].total.to_string(), "55");
}

TEST_F(IndicatorTest, SumNeverGoesBelowZeroBeforeItsBonus) {
  auto a = add("甲局");
  auto parent = indicator("季度", IndicatorRule::Sum, std::nullopt);
  indicator("减分", IndicatorRule::Deductions, std::nullopt, "季度");
  indicator("加分", IndicatorRule::Manual, "3", "季度", "1", true);
  finding(a, 0);  // −5
  manual(a, "加分", "2");
  Result r = run();
  EXPECT_EQ(points(r, a, 1), "-5");
  EXPECT_EQ(detail(r, a, parent), "各项合计 -5 分，按 0 分计，另加分 2 分");
  EXPECT_EQ(points(r, a, parent), "2");
}

TEST_F(IndicatorTest, WeightsApplyInTheParentAndAtTheTopLevel) {
  auto a = add("甲局");
  auto first = indicator("一", IndicatorRule::Manual, "100", "", "0.6");
  auto second = indicator("二", IndicatorRule::Sum, "100", "", "0.4");
  indicator("二甲", IndicatorRule::Manual, "100", "二", "0.5");
  indicator("二乙", IndicatorRule::Manual, "100", "二", "0.5");
  manual(a, "一", "85");
  manual(a, "二甲", "72.5");
  manual(a, "二乙", "70");
  Result r = run();
  EXPECT_EQ(points(r, a, first), "85");
  EXPECT_EQ(points(r, a, second), "71.25");  // 0.5 × 72.5 + 0.5 × 70
  EXPECT_EQ(r.units[a].total.to_string(), "79.5");  // 0.6 × 85 + 0.4 × 71.25
}

TEST_F(IndicatorTest, CountIsPointsPerItemOfItsMetricCapped) {
  auto a = add("甲局"), b = add("乙局");
  auto published = indicator("发布", IndicatorRule::Count, "5");
  scheme.indicators[published].metric = "发布";
  scheme.indicators[published].points = d("0.5");
  auto city = indicator("市级采用", IndicatorRule::Count, std::nullopt);
  scheme.indicators[city].metric = "采用:省级";
  scheme.indicators[city].points = d("3");
  auto all = indicator("采用", IndicatorRule::Count, "10");
  scheme.indicators[all].metric = "采用";
  scheme.indicators[all].points = d("1");
  data.published_counts.push_back({a, {2020, 7}, 12, {0, line++}});
  data.published_counts.push_back({b, {2020, 8}, 3, {0, line++}});
  data.adoption_counts.push_back({a, 0, std::nullopt, 2, {0, line++}});
  data.adoption_counts.push_back({a, 1, std::nullopt, 1, {0, line++}});
  Result r = run();
  EXPECT_EQ(points(r, a, published), "5");
  EXPECT_EQ(r.units[a].indicators[published].uncapped.to_string(), "6");
  EXPECT_EQ(detail(r, a, published), "发布 12 项，每项 0.5 分，以 5 分为限");
  EXPECT_EQ(points(r, b, published), "1.5");
  EXPECT_EQ(points(r, a, city), "3");
  EXPECT_EQ(points(r, a, all), "3");
  EXPECT_EQ(points(r, b, all), "0");
}

TEST_F(IndicatorTest, RatioIsFullTimesTheSumsRoundedHalfUp) {
  auto a = add("甲局"), b = add("乙局"), c = add("丙局"), e = add("丁局");
  auto reply = indicator("答复", IndicatorRule::Ratio, "20");
  auto whole = indicator("整数", IndicatorRule::Ratio, "20");
  scheme.indicators[whole].decimals = 0;
  scheme.indicators[whole].empty_ratio = EmptyRatio::Zero;
  ratio(a, "答复", 2, 3);   // 13.333… → 13.33
  ratio(b, "答复", 5, 6);   // 16.666… → 16.67
  ratio(c, "答复", 1, 4);
  ratio(c, "答复", 0, 4);   // Σ 1/8 × 20 = 2.5
  ratio(c, "整数", 1, 8);   // 2.5 → 3 at no places
  ratio(e, "整数", 0, 0);   // 分母 0: empty
  Result r = run();
  EXPECT_EQ(points(r, a, reply), "13.33");
  EXPECT_EQ(detail(r, a, reply), "2/3");
  EXPECT_EQ(points(r, b, reply), "16.67");
  EXPECT_EQ(points(r, c, reply), "2.5");
  EXPECT_EQ(detail(r, c, reply), "1/8");
  EXPECT_EQ(points(r, c, whole), "3");
  EXPECT_EQ(points(r, e, reply), "20");  // no entries, empty = full
  EXPECT_EQ(detail(r, e, reply), "没有应计事项，按满分计");
  EXPECT_EQ(points(r, e, whole), "0");   // empty = zero
  EXPECT_EQ(points(r, a, whole), "0");
}

TEST_F(IndicatorTest, CheckIsFullOnlyWhenEveryEntrySaysYes) {
  auto a = add("甲局"), b = add("乙局"), c = add("丙局");
  auto policy = indicator("解读", IndicatorRule::Check, "10");
  check(a, "解读", true, "文件一");
  check(a, "解读", true, "文件二");
  check(b, "解读", true, "文件一");
  check(b, "解读", false, "文件二");
  Result r = run();
  EXPECT_EQ(points(r, a, policy), "10");
  EXPECT_EQ(detail(r, a, policy), "检查 2 项均符合");
  EXPECT_EQ(points(r, b, policy), "0");
  EXPECT_EQ(detail(r, b, policy), "检查 2 项中 1 项不符合：文件二");
  EXPECT_EQ(points(r, c, policy), "0");
  EXPECT_EQ(detail(r, c, policy), "没有检查记录，按 0 分计");
  auto warnings = indicator_completeness_warnings(registry, scheme, data);
  ASSERT_EQ(warnings.entries().size(), 1u);
  EXPECT_EQ(warnings.entries()[0].to_string(), "警告：指标“解读”没有以下 1 个单位的记录（这些单位该项按 0 分计）：丙局");
  EXPECT_FALSE(warnings.has_errors());
}

TEST_F(IndicatorTest, ManualIsClampedToFullMarks) {
  auto a = add("甲局"), b = add("乙局"), c = add("丙局");
  auto entered = indicator("评议", IndicatorRule::Manual, "10");
  manual(a, "评议", "12");
  manual(b, "评议", "7.5");
  Result r = run();
  EXPECT_EQ(points(r, a, entered), "10");
  EXPECT_EQ(detail(r, a, entered), "录入 12 分，以 10 分为限");
  EXPECT_EQ(points(r, b, entered), "7.5");
  EXPECT_EQ(points(r, c, entered), "0");
  EXPECT_EQ(detail(r, c, entered), "没有录入得分，按 0 分计");
}

TEST_F(IndicatorTest, TwoManualEntriesForOneUnitAreAnErrorAtTheSecond) {
  auto a = add("甲局");
  indicator("评议", IndicatorRule::Manual, "10");
  manual(a, "评议", "8");
  manual(a, "评议", "9");
  EXPECT_EQ(errors(), std::vector<std::string>{
                          "错误：读取“指标.csv” 第3行时：重复记录：“甲局”的指标“评议”得分已在“指标.csv” 第2行录入，每个单位只能录入一次"});
  EXPECT_FALSE(assess(registry, scheme, data, period).has_value());
}

TEST_F(IndicatorTest, ValidationRefusesEntriesThatDoNotFitTheirIndicator) {
  auto a = add("甲局");
  indicator("评议", IndicatorRule::Manual, "10");
  indicator("答复", IndicatorRule::Ratio, "10");
  indicator("减分", IndicatorRule::Deductions, std::nullopt);
  manual(a, "没有", "1");
  manual(a, "答复", "1");
  manual(a, "减分", "1");
  ratio(a, "答复", 5, 4);
  EXPECT_EQ(errors(), (std::vector<std::string>{
                          "错误：读取“指标.csv” 第2行时：指标“没有”不在考核方案中，应为：评议、答复、减分",
                          "错误：读取“指标.csv” 第3行时：指标“答复”应填“分子”和“分母”",
                          "错误：读取“指标.csv” 第4行时：指标“减分”不按指标文件中的数据计分（只有按比例、是否检查和录入得分计分的指标填在这里）",
                          "错误：读取“指标.csv” 第5行时：分子 5 大于分母 4"}));
}

TEST_F(IndicatorTest, LeavesFromTheFixedFiguresGiveLinzisTotal) {
  auto a = add("甲局");
  scheme.publication.monthly_cap = d("5");
  indicator("发布", IndicatorRule::Publication, std::nullopt);
  indicator("采用", IndicatorRule::Adoption, std::nullopt);
  indicator("减分", IndicatorRule::Deductions, std::nullopt);
  data.published_counts.push_back({a, {2020, 7}, 12, {0, line++}});
  data.published_counts.push_back({a, {2020, 8}, 3, {0, line++}});
  data.adoption_counts.push_back({a, 1, std::nullopt, 1, {0, line++}});
  finding(a, 1);
  Result r = run();
  EXPECT_EQ(points(r, a, 0), "6.5");
  EXPECT_EQ(detail(r, a, 0), "网站发布累计得分 6.5 分");
  EXPECT_EQ(points(r, a, 1), "2");
  EXPECT_EQ(points(r, a, 2), "-3");
  EXPECT_EQ(r.units[a].total.to_string(), "5.5");  // = publication + bonus − deduction
  EXPECT_EQ(r.units[a].total, r.units[a].publication + r.units[a].bonus - r.units[a].deduction);
}

TEST_F(IndicatorTest, TablesRankByTheTreesTotal) {
  auto a = add("甲局"), b = add("乙局"), c = add("丙局");
  totals({{a, "70"}, {b, "90.5"}, {c, "80"}});
  data.published_counts.push_back({a, {2020, 7}, 100, {0, line++}});  // no weight in this tree
  Result r = run();
  std::vector<UnitId> order;
  for (const auto& row : r.tables.at(0).rows) order.push_back(row.unit);
  EXPECT_EQ(order, (std::vector<UnitId>{b, c, a}));
}

TEST_F(IndicatorTest, WithoutIndicatorsNothingChanges) {
  auto a = add("甲局");
  data.published_counts.push_back({a, {2020, 7}, 4, {0, line++}});
  finding(a, 3);
  Result r = run();
  EXPECT_TRUE(r.units[a].indicators.empty());
  EXPECT_TRUE(r.units[a].rating.empty());
  EXPECT_EQ(r.units[a].total.to_string(), "1");  // 4 × 0.5 − 1
  const std::string json = render_json(r, scheme, registry, data.sources);
  EXPECT_EQ(json.find("\"indicators\""), std::string::npos);
  EXPECT_EQ(json.find("\"rating\""), std::string::npos);
}

TEST_F(IndicatorTest, JsonGivesEachUnitsIndicatorsRatingAndVetoes) {
  auto a = add("甲局");
  indicator("工作", IndicatorRule::Sum, "50");
  indicator("评议", IndicatorRule::Manual, "10", "工作");
  manual(a, "评议", "8");
  scheme.finding_types[2].veto = "不合格";
  scheme.ratings = {{"合格", std::nullopt, std::nullopt, {}}, {"不合格", std::nullopt, std::nullopt, {}}};
  data.findings.push_back({a, 2, "", 1, {0, line++}});
  Result r = run();
  auto j = nlohmann::ordered_json::parse(render_json(r, scheme, registry, data.sources));
  const auto& unit = j["units"][0];
  EXPECT_EQ(unit["indicators"].dump(),
            R"([{"code":"工作","name":"工作","parent":null,"points":"8","full_marks":"50","detail":"各项合计 8 分"},)"
            R"({"code":"评议","name":"评议","parent":"工作","points":"8","full_marks":"10","detail":"录入 8 分"}])");
  EXPECT_EQ(unit["rating"], "不合格");
  EXPECT_EQ(unit["vetoes"].dump(), R"(["发生泄密事件"])");
  EXPECT_EQ(unit["total"], "8");
}

TEST_F(IndicatorTest, ExplanationListsTheTreeAndTheRating) {
  auto a = add("甲局");
  indicator("工作", IndicatorRule::Sum, "50");
  indicator("评议", IndicatorRule::Manual, "10", "工作");
  manual(a, "评议", "8");
  scheme.ratings = {{"合格", d("5"), std::nullopt, {}}, {"不合格", std::nullopt, std::nullopt, {}}};
  auto lines = explain_unit(run(), registry, scheme, data, a);
  std::vector<std::string> tail(lines.end() - 5, lines.end());
  EXPECT_EQ(tail, (std::vector<std::string>{"指标得分：", "  工作：8分/50分（各项合计 8 分）",
                                            "    评议：8分/10分（录入 8 分）", "合计：8分", "等次：合格"}));
}

} // namespace
} // namespace zwgk
