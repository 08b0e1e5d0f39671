// Issue 16: ratings by band and by share with ties, and one-vote vetoes.
#include "engine_indicators_fixture.h"

#include <gtest/gtest.h>

namespace zwgk {
namespace {

using testing_indicators::d;
using testing_indicators::IndicatorTest;

TEST_F(IndicatorTest, RatingsByBandInOrderWithACatchAll) {
  auto a = add("甲局"), b = add("乙局"), c = add("丙局"), e = add("丁局");
  totals({{a, "95"}, {b, "90"}, {c, "89.99"}, {e, "40"}});
  scheme.ratings = {{"优秀", d("90"), std::nullopt, {}}, {"合格", d("60"), std::nullopt, {}},
                    {"不合格", std::nullopt, std::nullopt, {}}};
  Result r = run();
  EXPECT_EQ(r.units[a].rating, "优秀");
  EXPECT_EQ(r.units[b].rating, "优秀");  // total ≥ min
  EXPECT_EQ(r.units[c].rating, "合格");
  EXPECT_EQ(r.units[e].rating, "不合格");
}

TEST_F(IndicatorTest, RatingsByShareLetTiesShareTheBetterBand) {
  std::vector<UnitId> u;
  const char* names[] = {"一局", "二局", "三局", "四局", "五局", "六局", "七局", "八局", "九局", "十局"};
  const char* scores[] = {"100", "90", "90", "80", "70", "60", "50", "40", "30", "20"};
  std::vector<std::pair<UnitId, const char*>> given;
  for (int i = 0; i < 10; ++i) given.emplace_back(add(names[i]), scores[i]);
  totals(given);
  scheme.ratings = {{"优秀", std::nullopt, d("0.2"), {}}, {"良好", std::nullopt, d("0.5"), {}},
                    {"一般", std::nullopt, std::nullopt, {}}};
  Result r = run();
  std::vector<std::string> ratings;
  for (const auto& s : r.units) ratings.push_back(s.rating);
  // 20 % of 10 is 2 places: ranks 1, 2, 2 (the tie at the boundary shares 优秀).
  EXPECT_EQ(ratings, (std::vector<std::string>{"优秀", "优秀", "优秀", "良好", "良好", "一般", "一般", "一般",
                                                "一般", "一般"}));
}

TEST_F(IndicatorTest, ShareIsRoundedDownToWholeUnits) {
  std::vector<std::pair<UnitId, const char*>> given;
  const char* names[] = {"一局", "二局", "三局", "四局", "五局", "六局", "七局"};
  const char* scores[] = {"70", "60", "50", "40", "30", "20", "10"};
  for (int i = 0; i < 7; ++i) given.emplace_back(add(names[i]), scores[i]);
  totals(given);
  scheme.ratings = {{"优秀", std::nullopt, d("0.2"), {}}, {"其他", std::nullopt, std::nullopt, {}}};
  Result r = run();
  EXPECT_EQ(r.units[0].rating, "优秀");  // 20 % of 7 = 1.4: one unit
  EXPECT_EQ(r.units[1].rating, "其他");
}

TEST_F(IndicatorTest, AVetoForcesItsRatingAndLeavesTheShareRanking) {
  auto a = add("甲局"), b = add("乙局"), c = add("丙局"), e = add("丁局"), f = add("戊局");
  totals({{a, "99"}, {b, "90"}, {c, "80"}, {e, "70"}, {f, "60"}});
  scheme.finding_types[2].veto = "不合格";
  scheme.finding_types[3].veto = "合格";
  scheme.ratings = {{"优秀", std::nullopt, d("0.25"), {}}, {"合格", d("60"), std::nullopt, {}},
                    {"不合格", std::nullopt, std::nullopt, {}}};
  data.findings.push_back({a, 2, "9月", 1, {0, line++}});
  data.findings.push_back({a, 3, "", 1, {0, line++}});  // the worse of the two wins
  Result r = run();
  EXPECT_EQ(r.units[a].rating, "不合格");
  EXPECT_EQ(r.units[a].vetoes, (std::vector<std::string>{"发生泄密事件，9月", "其他问题"}));
  EXPECT_EQ(r.units[b].rating, "优秀");  // 25 % of the 4 units not vetoed: 1
  EXPECT_TRUE(r.units[b].vetoes.empty());
  EXPECT_EQ(r.units[c].rating, "合格");
  EXPECT_EQ(r.units[f].rating, "合格");
}

} // namespace
} // namespace zwgk
