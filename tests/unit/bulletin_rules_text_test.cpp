// Issue 16's placeholders: units of a rating, an indicator's full marks, lists and totals
// by rule, a period's names and window, and the order count tables give the lists.
#include "bulletin_text_fixture.h"

namespace zwgk {
namespace {

using bulletin_test::BulletinTextTest;
using bulletin_test::RatingText;
using bulletin_test::d;

TEST_F(RatingText, UnitsOfARatingInTheBulletinsTableOrderAndTheirCount) {
  auto filled = fill("优秀：{评级:优秀}（{评级数:优秀}个）；合格：{评级:合格}（{评级数:合格}个）；主动公开{指标满分:主动公开}分。");
  ASSERT_TRUE(filled) << errors(filled);
  EXPECT_EQ(filled->paragraphs[0], "优秀：甲局、丙局（2个）；合格：乙局（1个）；主动公开40分。");
}

// A score table before the indicator table decides the order, as for {单位:标签}.
TEST_F(RatingText, TheFirstTableListingAUnitDecidesItsPlace) {
  result.tables.insert(result.tables.begin(), {0, {}, {{2, 1, 1}, {0, 2, 2}, {1, 3, 3}}});
  auto filled = fill("{评级:优秀}");
  ASSERT_TRUE(filled) << errors(filled);
  EXPECT_EQ(filled->paragraphs[0], "丙局、甲局");
}

TEST_F(RatingText, ARatingNoUnitReachedReadsNone) {
  auto filled = fill("评为不合格的单位有：{评级:不合格}，共{评级数:不合格}个。");
  ASSERT_TRUE(filled) << errors(filled);
  EXPECT_EQ(filled->paragraphs[0], "评为不合格的单位有：无，共0个。");
}

TEST_F(RatingText, AnUnknownRatingOrIndicatorListsTheSchemesNames) {
  auto filled = fill("{评级:良}\n{评级数:优}\n{指标满分:主动}\n{指标满分:工作亮点}");
  ASSERT_FALSE(filled);
  ASSERT_EQ(filled.error().error_count(), 4u) << errors(filled);
  EXPECT_EQ(filled.error().entries()[0].to_string(),
            "错误：读取“通报模板.txt” 第2行时：考核方案中没有等次“良”；等次有：优秀、合格、不合格");
  EXPECT_EQ(filled.error().entries()[1].message, "考核方案中没有等次“优”；等次有：优秀、合格、不合格");
  EXPECT_EQ(filled.error().entries()[1].where.line, 3u);
  EXPECT_EQ(filled.error().entries()[2].message, "考核方案中没有指标“主动”；指标有：主动公开、工作亮点");
  EXPECT_EQ(filled.error().entries()[3].message, "考核方案中指标“工作亮点”没有规定满分（full_marks）");
}

// The list of known placeholders offers those of ratings and indicators only to a scheme
// that has them: a scheme of Linzi's form gets the message it always got.
TEST_F(RatingText, AnUnknownPlaceholderListsRatingPlaceholdersOnlyWhenTheSchemeRates) {
  auto filled = fill("{季节}");
  ASSERT_FALSE(filled);
  // The figures and conditions of issue 16 ({共计}, {符合}, {符合数}) apply to every scheme.
  EXPECT_TRUE(filled.error().entries()[0].message.ends_with(
      "{采用加分:…}、{评级:…}、{评级数:…}、{指标满分:…}、{共计:…}、{符合:…}、{符合数:…}"))
      << errors(filled);
  scheme.ratings.clear();
  filled = fill("{季节}");
  ASSERT_FALSE(filled);
  EXPECT_TRUE(filled.error().entries()[0].message.ends_with("{采用加分:…}、{指标满分:…}、{共计:…}、{符合:…}、{符合数:…}"))
      << errors(filled);
  scheme.indicators.clear();
  filled = fill("{季节}");
  ASSERT_FALSE(filled);
  EXPECT_TRUE(filled.error().entries()[0].message.ends_with("{发布得分}、{采用加分:…}、{共计:…}、{符合:…}、{符合数:…}"))
      << errors(filled);
}

TEST_F(RatingText, ASchemeWithoutRatingsOrIndicatorsSaysSo) {
  scheme.ratings.clear();
  scheme.indicators.clear();
  auto filled = fill("{评级:优秀}{评级数:优秀}{指标满分:主动公开}");
  ASSERT_FALSE(filled);
  EXPECT_EQ(errors(filled),
            "错误：读取“通报模板.txt” 第2行时：考核方案没有规定等次（[[ratings]]）\n"
            "错误：读取“通报模板.txt” 第2行时：考核方案没有规定等次（[[ratings]]）\n"
            "错误：读取“通报模板.txt” 第2行时：考核方案没有规定指标（[[indicators]]）\n");
}


// Issue 16: lists and totals by rule ("信息发布数量超过20条的单位有：…", "全区共发布信息 N 条").
TEST_F(BulletinTextTest, UnitsMeetingAConditionAndTotals) {
  result.units.resize(3);
  const std::int64_t published[] = {25, 0, 40};
  for (UnitId id = 0; id < 3; ++id) {
    result.units[id].unit = id;
    result.units[id].published_total = published[id];
    result.units[id].total = Decimal::from_int(published[id] / 2);
    result.units[id].adoptions = {{id == 2 ? 3 : 0, {}}};
  }
  auto filled = fill_bulletin(parse("正文：\n超过20条：{符合:发布>20}（{符合数:发布>20}个）；未发布：{符合:发布=0}；"
                                    "合计不少于50分：{符合:合计>=50}；全区共发布{共计:发布}条，被省级采用{共计:采用:省级}篇。\n"),
                              result, scheme, registry, tables, {});
  ASSERT_TRUE(filled) << errors(filled);
  // 丙局 before 甲局: the score table's order.
  EXPECT_EQ(filled->paragraphs[0],
            "超过20条：丙局、甲局（2个）；未发布：乙局；合计不少于50分：无；全区共发布65条，被省级采用3篇。");
}

TEST_F(BulletinTextTest, AConditionOrFigureThatCannotBeReadIsAnError) {
  result.units.resize(3);
  auto filled = fill_bulletin(parse("正文：\n{符合:发布多于20}\n{共计:浏览量}\n{符合:采用:国家级>1}\n"), result, scheme,
                              registry, tables, {});
  ASSERT_FALSE(filled);
  EXPECT_EQ(filled.error().error_count(), 3u) << errors(filled);
  EXPECT_NE(errors(filled).find("应写成 数字名称、比较符号和数字"), std::string::npos) << errors(filled);
  EXPECT_NE(errors(filled).find("不认识的数字“浏览量”；可以是：发布、投稿"), std::string::npos) << errors(filled);
  EXPECT_NE(errors(filled).find("没有采用级别“国家级”"), std::string::npos) << errors(filled);
}


// Issue 16: a monthly period counted from the 26th: its names and its window, and the order
// of a count table (kind "counts") for the lists.
TEST_F(BulletinTextTest, APeriodsNamesAndWindowAndACountTablesOrder) {
  result.period = {2021, 3, PeriodLength::Month};
  result.window = {{2021, 2, 26}, {2021, 3, 25}};
  scheme.tables[0].kind = TableKind::Counts;
  result.units.resize(3);
  for (UnitId id = 0; id < 3; ++id) result.units[id].unit = id;
  result.tables = {{0, {}, {{1, 1, 1}, {2, 2, 2}, {0, 3, 3}}}};
  auto filled = fill_bulletin(parse("标题：{地区}{考核期}通报\n正文：\n{期间}（{统计时间}）未发布：{符合:发布=0}。\n"),
                              result, scheme, registry, tables, {});
  ASSERT_TRUE(filled) << errors(filled);
  EXPECT_EQ(filled->title, "某县2021年3月通报");
  EXPECT_EQ(filled->paragraphs[0], "3月（2021年2月26日至3月25日）未发布：乙局、丙局、甲局。");
  EXPECT_EQ(default_bulletin_title(scheme, {2021, 1, PeriodLength::Year}), "某县2021年度政务公开工作情况通报");
}


// Issue 16: a list over an indicator's points ({符合:指标:主动公开<40}).
TEST_F(RatingText, UnitsMeetingAConditionOnAnIndicator) {
  const char* points[] = {"40", "31.5", "38"};
  for (UnitId id = 0; id < 3; ++id) result.units[id].indicators = {{d(points[id]), d(points[id]), ""}, {}};
  auto filled = fill("主动公开失分：{符合:指标:主动公开<40}；共{共计:指标:主动公开}分。{符合:指标:不存在>1}");
  ASSERT_FALSE(filled);
  EXPECT_NE(errors(filled).find("考核方案中没有指标“不存在”"), std::string::npos) << errors(filled);
  filled = fill("主动公开失分：{符合:指标:主动公开<40}；共{共计:指标:主动公开}分。");
  ASSERT_TRUE(filled) << errors(filled);
  EXPECT_EQ(filled->paragraphs[0], "主动公开失分：乙局、丙局；共109.5分。");
}

} // namespace
} // namespace zwgk
