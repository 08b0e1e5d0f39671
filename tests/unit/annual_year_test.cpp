// The annual assessment: quarters combined, year bonuses, rectification
// penalties, ranks per section, and rule changes between quarters.
#include "annual/year.h"

#include <gtest/gtest.h>

namespace zwgk::annual {
namespace {

Decimal d(const char* text) { return *Decimal::parse(text); }

class YearTest : public ::testing::Test {
protected:
  YearTest() {
    scheme.sections = {{"部门", "各部门"}, {"镇街", "各镇、街道"}};
    scheme.publication.points_per_item = d("0.5");
    scheme.publication.monthly_cap = d("5");
    scheme.adoption_levels = {{"市级", d("1"), Accrual::Year}};
    scheme.finding_types = {{"目录未上传", "公开事项标准目录未上传", d("5")}};
    scheme.submission.quotas = {{"", {YearMonth{2020, 8}, std::nullopt}, 1}};
    for (auto [name, section] : {std::pair{"区甲局", "部门"}, {"区乙局", "部门"}, {"丙镇", "镇街"}}) {
      Unit u;
      u.name = name;
      u.section = section;
      (void)registry.add(std::move(u));
    }
  }

  // A quarter where the three units scored `totals`, 区甲局 had `adopted` city adoptions.
  Result quarter(Period p, std::vector<const char*> totals, std::int64_t adopted = 0) {
    Result r;
    r.period = p;
    for (UnitId u = 0; u < totals.size(); ++u) {
      UnitScore s;
      s.unit = u;
      s.total = d(totals[u]);
      s.adoptions = {{u == 0 ? adopted : 0, Decimal::from_int(u == 0 ? adopted : 0)}};
      s.year_bonus = s.adoptions[0].points;
      r.units.push_back(s);
    }
    return r;
  }

  RectificationItem item(UnitId unit, ItemStatus status, const char* penalty) {
    RectificationItem i;
    i.unit = unit;
    i.status = status;
    i.annual_penalty = d(penalty);
    return i;
  }

  Registry registry;
  Scheme scheme;
};

TEST_F(YearTest, QuartersAddUpWithYearBonusesAndPenalties) {
  Result q3 = quarter({2020, 3}, {"12", "12", "8"}, 2);
  Result q4 = quarter({2020, 4}, {"10.5", "13", "9"}, 1);
  PeriodFollowup f3;
  f3.items = {item(0, ItemStatus::Overdue, "1"), item(1, ItemStatus::DoneLate, "0.5"),
              item(1, ItemStatus::Done, "0"), item(2, ItemStatus::Withdrawn, "0")};
  auto y = assess_year(2020, registry, scheme,
                       {{{2020, 3}, &scheme, &q3, &f3}, {{2020, 4}, &scheme, &q4, nullptr}}, {});
  ASSERT_EQ(y.quarters.size(), 2u);
  EXPECT_EQ(y.missing, (std::vector<Period>{{2020, 1}, {2020, 2}}));
  const auto& a = y.units[0];
  // 区甲局: 12 + 10.5 = 22.5 quarter score, + 3 city adoptions, − 1 unrectified = 24.5
  EXPECT_EQ(a.quarter_score, d("22.5"));
  EXPECT_EQ(a.year_bonus, d("3"));
  EXPECT_EQ(a.adoptions, (std::vector<std::int64_t>{3}));
  EXPECT_EQ(a.unrectified, 1);
  EXPECT_EQ(a.total, d("24.5"));
  // 区乙局: 12 + 13 = 25, − 0.5 late = 24.5: tied with 区甲局.
  EXPECT_EQ(y.units[1].late, 1);
  EXPECT_EQ(y.units[1].total, d("24.5"));
  EXPECT_EQ(a.rank, 1u);
  EXPECT_EQ(y.units[1].rank, 1u);
  EXPECT_EQ(y.units[2].total, d("17"));
  EXPECT_EQ(y.units[2].rank, 1u);  // alone in 镇街
  ASSERT_EQ(y.sections.size(), 2u);
  EXPECT_EQ(y.sections[0].order.size(), 2u);
  // Quarter ranks within the section: Q3 tie 1,1; Q4 区乙局 first.
  EXPECT_EQ(a.quarters[0]->rank, 1u);
  EXPECT_EQ(y.units[1].quarters[0]->rank, 1u);
  EXPECT_EQ(a.quarters[1]->rank, 2u);
  // Same scheme, but Q3 counted submissions in two months and Q4 in three.
  ASSERT_EQ(y.changes.size(), 1u);
  EXPECT_EQ(y.changes[0].rules, (std::vector<std::string>{"各单位投稿任务由8、9月每月1篇变为10、11、12月每月1篇"}));
}

// Issue 16: the year's bonus capped, and a year of monthly periods (missing months named).
TEST_F(YearTest, TheYearsBonusIsCappedAndMonthsMakeAYear) {
  scheme.year.bonus_cap = d("2.5");
  scheme.period.length = PeriodLength::Month;
  const Period jan{2020, 1, PeriodLength::Month}, feb{2020, 2, PeriodLength::Month};
  Result r1 = quarter(jan, {"5", "4", "3"}, 2);
  Result r2 = quarter(feb, {"5", "4", "3"}, 1);
  auto y = assess_year(2020, registry, scheme, {{jan, &scheme, &r1, nullptr}, {feb, &scheme, &r2, nullptr}}, {});
  EXPECT_EQ(y.units[0].year_bonus, d("2.5"));  // 3 adoptions × 1, capped
  EXPECT_EQ(y.units[0].total, d("12.5"));
  ASSERT_EQ(y.missing.size(), 10u);
  EXPECT_EQ(y.missing.front(), (Period{2020, 3, PeriodLength::Month}));
  EXPECT_EQ(y.missing.back(), (Period{2020, 12, PeriodLength::Month}));
}

TEST_F(YearTest, MeanRoundsHalfUpAtMillionths) {
  scheme.year.combine = QuarterCombine::Mean;
  Result q1 = quarter({2020, 1}, {"10", "1", "0"});
  Result q2 = quarter({2020, 2}, {"10", "0", "0"});
  Result q3 = quarter({2020, 3}, {"11", "0", "0"});
  auto y = assess_year(2020, registry, scheme,
                       {{{2020, 1}, &scheme, &q1, nullptr}, {{2020, 2}, &scheme, &q2, nullptr},
                        {{2020, 3}, &scheme, &q3, nullptr}}, {});
  EXPECT_EQ(y.units[0].quarter_score, d("10.333333"));
  EXPECT_EQ(y.units[1].quarter_score, d("0.333333"));
  Result q4 = quarter({2020, 4}, {"0", "1", "0"});
  scheme.year.combine = QuarterCombine::Mean;
  y = assess_year(2020, registry, scheme, {{{2020, 3}, &scheme, &q3, nullptr}, {{2020, 4}, &scheme, &q4, nullptr}}, {});
  EXPECT_EQ(y.units[0].quarter_score, d("5.5"));
  EXPECT_EQ(y.units[1].quarter_score, d("0.5"));
}

TEST_F(YearTest, RuleChangesBetweenQuartersAreNamed) {
  Scheme q4 = scheme;
  q4.submission.quotas.push_back({"示范点", {YearMonth{2020, 10}, std::nullopt}, 2});
  q4.finding_types[0].points = d("3");
  q4.finding_types.push_back({"表格混乱", "内容表格混乱", d("0.5")});
  q4.adoption_levels[0].accrual = Accrual::Quarter;
  auto changes = rule_changes(scheme, {2020, 3}, q4, {2020, 4});
  EXPECT_EQ(changes, (std::vector<std::string>{
                         "各单位投稿任务由8、9月每月1篇变为10、11、12月每月1篇",
                         "示范点单位投稿任务由8、9月每月1篇变为10、11、12月每月2篇",
                         "检查问题“公开事项标准目录未上传”由减5分变为减3分",
                         "新增检查问题“内容表格混乱”（减0.5分）",
                         "市级采用加分由计入年度考核变为计入季度合计",
                     }));
  // The same rules in two quarters with quotas in every month are comparable.
  EXPECT_TRUE(rule_changes(scheme, {2020, 4}, scheme, {2021, 1}).empty());
}

} // namespace
} // namespace zwgk::annual
