// engine/progress.h: full marks, who is behind in a month, section figures.
#include "engine/progress.h"

#include <gtest/gtest.h>

namespace zwgk {
namespace {

Decimal d(const char* text) { return *Decimal::parse(text); }

class ProgressTest : public ::testing::Test {
protected:
  ProgressTest() {
    scheme.sections = {{"部门", "各部门"}, {"镇街", "各镇、街道"}, {"其他", "其他"}};
    scheme.publication.points_per_item = d("0.5");
    scheme.publication.monthly_cap = d("5");
    result.period = {2020, 3};
  }
  // A unit of `section` with the period's three months (published, submissions, quota per month).
  UnitScore& add(const char* name, const char* section, const char* total) {
    Unit u;
    u.name = name;
    u.section = section;
    const UnitId id = *registry.add(std::move(u));
    UnitScore s;
    s.unit = id;
    s.total = d(total);
    for (auto m : result.period.months()) s.months.push_back({.month = m});
    result.units.push_back(s);
    return result.units.back();
  }
  Scheme scheme;
  Registry registry;
  Result result;
};

TEST_F(ProgressTest, FullMarksRoundsTheCapOverThePointsUp) {
  EXPECT_EQ(full_marks_items(scheme.publication), 10);
  scheme.publication.points_per_item = d("0.3");
  EXPECT_EQ(full_marks_items(scheme.publication), 17);  // 16 items make 4.8
  scheme.publication.monthly_cap.reset();
  EXPECT_EQ(full_marks_items(scheme.publication), std::nullopt);
  scheme.publication.monthly_cap = d("5");
  scheme.publication.points_per_item = d("0");
  EXPECT_EQ(full_marks_items(scheme.publication), std::nullopt);
}

TEST_F(ProgressTest, LastMonthWithDataIsTheLatestWithAnyPublicationOrSubmission) {
  auto& a = add("甲", "部门", "0");
  EXPECT_EQ(last_month_with_data(result).to_string(), "2020-07");  // nothing yet: the first month
  a.months[1].submissions = 1;
  EXPECT_EQ(last_month_with_data(result).to_string(), "2020-08");
  result.units[0].months[2].published = 3;
  EXPECT_EQ(last_month_with_data(result).to_string(), "2020-09");
}

TEST_F(ProgressTest, BehindWhenShortOfFullMarksOrOfTheQuota) {
  auto& a = add("甲", "部门", "0");
  a.months[2].published = 10;
  a.months[2].quota = 1;
  a.months[2].submissions = 1;
  auto& b = add("乙", "部门", "0");
  b.months[2].published = 9;
  auto& c = add("丙", "部门", "0");
  c.months[2].published = 12;
  c.months[2].quota = 2;
  c.months[2].submissions = 1;
  const auto p = month_progress(result, scheme, std::nullopt);
  EXPECT_EQ(p.month.to_string(), "2020-09");
  ASSERT_EQ(p.units.size(), 3u);
  EXPECT_FALSE(p.units[0].behind());
  EXPECT_EQ(p.units[0].full_marks, 10);
  EXPECT_TRUE(p.units[1].publication_behind);
  EXPECT_FALSE(p.units[1].submissions_behind);  // no quota: nothing to submit
  EXPECT_FALSE(p.units[2].publication_behind);
  EXPECT_TRUE(p.units[2].submissions_behind);
  EXPECT_EQ(p.units[2].figures.published, 12);
}

TEST_F(ProgressTest, AGivenMonthAndNoCapNeverBehindOnPublication) {
  scheme.publication.monthly_cap.reset();
  add("甲", "部门", "0");
  const auto p = month_progress(result, scheme, YearMonth{2020, 7});
  EXPECT_EQ(p.month.to_string(), "2020-07");
  ASSERT_EQ(p.units.size(), 1u);
  EXPECT_FALSE(p.units[0].behind());
  EXPECT_EQ(p.units[0].full_marks, std::nullopt);
  EXPECT_TRUE(month_progress(result, scheme, YearMonth{2020, 10}).units.empty());  // outside the period
}

TEST_F(ProgressTest, SectionFiguresRoundTheMeanHalfAwayFromZero) {
  add("甲", "部门", "10");
  add("乙", "部门", "10.01");
  add("丙", "部门", "5");  // 25.01 / 3 = 8.3366…
  add("丁", "镇街", "-1");
  add("戊", "镇街", "-2");  // -1.5 exactly
  add("己", "镇街", "-0.005");  // -3.005 / 3 = -1.001666…
  add("庚", "未分组", "3");  // not a section of the scheme
  const auto s = section_figures(result, scheme, registry);
  ASSERT_EQ(s.size(), 2u);  // 其他 has no unit
  EXPECT_EQ(s[0].code, "部门");
  EXPECT_EQ(s[0].units, 3);
  EXPECT_EQ(s[0].average.to_string(), "8.34");
  EXPECT_EQ(s[0].min.to_string(), "5");
  EXPECT_EQ(s[0].max.to_string(), "10.01");
  EXPECT_EQ(s[1].code, "镇街");
  EXPECT_EQ(s[1].average.to_string(), "-1");
  EXPECT_EQ(s[1].min.to_string(), "-2");
  EXPECT_EQ(s[1].max.to_string(), "-0.005");
}

TEST_F(ProgressTest, SectionMeanHalfwayRoundsAwayFromZero) {
  add("甲", "部门", "0.005");
  add("乙", "镇街", "-0.005");
  const auto s = section_figures(result, scheme, registry);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].average.to_string(), "0.01");
  EXPECT_EQ(s[1].average.to_string(), "-0.01");
}

} // namespace
} // namespace zwgk
