// The bulletin template: parsing with line numbers, overlaying a quarter's
// fields, and filling placeholders from another district's scheme.
#include "render/bulletin_text.h"

#include "annual/followup.h"

#include <gtest/gtest.h>

namespace zwgk {
namespace {

Decimal d(const char* text) { return *Decimal::parse(text); }

class BulletinTextTest : public ::testing::Test {
protected:
  BulletinTextTest() {
    scheme.district = "某县";
    scheme.issuer = "某县人民政府办公室";
    scheme.publication.points_per_item = d("1");
    scheme.submission.penalty = d("0.5");
    scheme.submission.min_characters = 300;
    scheme.submission.quotas = {{"重点", {YearMonth{2021, 4}, YearMonth{2021, 6}}, 3},
                                {"重点", {YearMonth{2021, 7}, std::nullopt}, 4},
                                {"", {YearMonth{2021, 4}, std::nullopt}, 2}};
    scheme.adoption_levels = {{"省级", d("3"), Accrual::Quarter}};
    scheme.tables = {{"附件1", "{quarter}", TableKind::Scores, {"部门"}, NameStyle::Short, {}, ""}};
    for (auto [name, tag] : {std::pair{"甲局", ""}, std::pair{"乙局", "重点"}, std::pair{"丙局", "重点"}}) {
      Unit u;
      u.name = name;
      u.section = "部门";
      if (*tag) u.tags = {tag};
      registry.add(u);
    }
    result.period = {2021, 2};
    // The score table ranks 丙局 before 乙局: tagged units are named in that order.
    result.tables = {{0, {}, {{2, 1, 1}, {0, 2, 2}, {1, 3, 3}}}};
    LaidOutTable t;
    t.title = "各部门第二季度统计";
    tables = {t};
  }

  BulletinTemplate parse(const std::string& text, const std::string& file = "通报模板.txt") {
    Diagnostics problems;
    auto t = parse_bulletin_template(text, file, problems);
    for (const auto& e : problems.entries()) ADD_FAILURE() << e.to_string();
    return t;
  }

  std::string errors(const std::expected<BulletinText, Diagnostics>& filled) {
    std::string out;
    if (!filled)
      for (const auto& e : filled.error().entries()) out += e.to_string() + "\n";
    return out;
  }

  Scheme scheme;
  Registry registry;
  Result result;
  std::vector<LaidOutTable> tables;
};

TEST_F(BulletinTextTest, FillsEveryPlaceholderFromSchemeAndResults) {
  auto t = parse("标题：{地区}{年度}年{季度}通报\r\n主送：各单位\n成文日期：2021年7月9日\n整改期限：2021-07-20\n"
                 "正文：\n重点单位（{单位:重点}）每月{任务数:重点}篇，其他{任务数}篇，{字数}字，减{投稿减分}分。\n\n"
                 "每条{发布得分}分，省级采用{采用加分:省级}分，共{单位数}个单位，{整改期限}前整改，{发文机关}。\n");
  auto filled = fill_bulletin(t, result, scheme, registry, tables, {});
  ASSERT_TRUE(filled) << errors(filled);
  EXPECT_EQ(filled->title, "某县2021年第二季度通报");
  EXPECT_EQ(filled->addressees, "各单位：");
  ASSERT_EQ(filled->paragraphs.size(), 2u);
  // The quotas stated are those in force in the bulletin's month (July: 4 for 重点).
  EXPECT_EQ(filled->paragraphs[0], "重点单位（丙局、乙局）每月4篇，其他2篇，300字，减0.5分。");
  EXPECT_EQ(filled->paragraphs[1], "每条1分，省级采用3分，共3个单位，7月20日前整改，某县人民政府办公室。");
  EXPECT_EQ(filled->date, "2021年7月9日");
  EXPECT_EQ(filled->issuer, "某县人民政府办公室");
  EXPECT_EQ(filled->attachments, std::vector<std::string>{"各部门第二季度统计"});
}

TEST_F(BulletinTextTest, WithoutADateTheQuotaIsTheLastMonthsOfThePeriod) {
  auto filled = fill_bulletin(parse("正文：\n{任务数:重点}\n"), result, scheme, registry, tables, {});
  ASSERT_TRUE(filled) << errors(filled);
  EXPECT_EQ(filled->paragraphs, std::vector<std::string>{"3"});
  EXPECT_EQ(filled->title, "某县2021年第二季度政务公开工作情况通报");
  EXPECT_EQ(filled->date, "");
}

TEST_F(BulletinTextTest, DeadlineInAnotherYearKeepsItsYear) {
  auto filled = fill_bulletin(parse("成文日期：2021-12-28\n整改期限：2022-01-10\n正文：\n{整改期限}\n"), result, scheme,
                              registry, tables, {});
  ASSERT_TRUE(filled) << errors(filled);
  EXPECT_EQ(filled->paragraphs, std::vector<std::string>{"2022年1月10日"});
}

TEST_F(BulletinTextTest, QuarterTemplateOverridesFieldByField) {
  auto shared = parse("标题：共用标题\n主送：各单位\n正文：\n共用正文\n");
  auto quarter = parse("标题：本季度标题\n成文日期：2021-07-09\n", "2021Q2/通报模板.txt");
  auto merged = overlay_template(shared, quarter);
  EXPECT_EQ(merged.title->text, "本季度标题");
  EXPECT_EQ(merged.title->file, "2021Q2/通报模板.txt");
  EXPECT_EQ(merged.addressees->text, "各单位");
  ASSERT_EQ(merged.paragraphs.size(), 1u);
  EXPECT_EQ(merged.paragraphs[0].text, "共用正文");
  EXPECT_EQ(merged.date->text, "2021-07-09");
}

TEST_F(BulletinTextTest, EveryProblemIsReportedWithItsLine) {
  Diagnostics problems;
  auto t = parse_bulletin_template("# 说明\n标题：a\n标题：b\n随便写的一行\n正文：\n{季节}与{单位:无此标签}\n{年度\n",
                                   "通报模板.txt", problems);
  ASSERT_EQ(problems.error_count(), 2u);
  EXPECT_EQ(problems.entries()[0].where.line, 3u);  // 标题 twice
  EXPECT_EQ(problems.entries()[1].where.line, 4u);  // not a field
  auto filled = fill_bulletin(t, result, scheme, registry, tables, {});
  ASSERT_FALSE(filled);
  ASSERT_EQ(filled.error().error_count(), 3u);
  EXPECT_EQ(filled.error().entries()[0].where.line, 6u);
  EXPECT_NE(filled.error().entries()[0].message.find("{季节}"), std::string::npos);
  EXPECT_NE(filled.error().entries()[1].message.find("无此标签"), std::string::npos);
  EXPECT_EQ(filled.error().entries()[2].where.line, 7u);
}

TEST_F(BulletinTextTest, AQuotaThatNoRuleGivesIsAnError) {
  scheme.submission.quotas.clear();
  auto filled = fill_bulletin(parse("正文：\n{任务数}\n"), result, scheme, registry, tables, {});
  ASSERT_FALSE(filled);
  EXPECT_NE(errors(filled).find("投稿任务数"), std::string::npos);
}

TEST_F(BulletinTextTest, DeadlineBeforeTheBulletinsDateIsAnError) {
  // It was accepted: items were due before the bulletin was written.
  auto merged = overlay_template(parse("成文日期：2021年7月9日\n"), parse("整改期限：2021-07-01\n", "2021Q2/通报模板.txt"));
  Diagnostics problems;
  auto dates = template_dates(merged, problems);
  ASSERT_EQ(problems.error_count(), 1u);
  EXPECT_EQ(problems.entries()[0].to_string(),
            "错误：读取“2021Q2/通报模板.txt” 第1行时：整改期限 2021年7月1日 早于成文日期 2021年7月9日"
            "（“通报模板.txt” 第1行）：期限应在通报成文之后");
  EXPECT_EQ(dates.date, (Date{2021, 7, 9}));
  EXPECT_EQ(dates.deadline, (Date{2021, 7, 1}));
  auto filled = fill_bulletin(merged, result, scheme, registry, tables, {});
  ASSERT_FALSE(filled);
  EXPECT_EQ(filled.error().error_count(), 1u) << errors(filled);
  EXPECT_NE(errors(filled).find("早于成文日期"), std::string::npos);
  // The same day is a deadline (if a short one).
  Diagnostics none;
  EXPECT_EQ(template_dates(parse("成文日期：2021-07-09\n整改期限：2021年7月9日\n"), none).deadline, (Date{2021, 7, 9}));
  EXPECT_TRUE(none.empty());
}

} // namespace

// Issue 12 (found by template_fuzzer): the template's 发文机关 was copied as
// written, so "{地区}人民政府办公室" reached the signature line and {发文机关}.
TEST_F(BulletinTextTest, TemplateIssuerPlaceholdersAreFilled) {
  auto filled = fill_bulletin(parse("发文机关：{地区}人民政府办公室\n正文：\n{发文机关}。\n"), result, scheme, registry,
                              tables, {});
  ASSERT_TRUE(filled) << errors(filled);
  EXPECT_EQ(filled->issuer, scheme.district + "人民政府办公室");
  EXPECT_EQ(filled->paragraphs[0], scheme.district + "人民政府办公室。");
}

TEST_F(BulletinTextTest, TemplateIssuerCannotNameItself) {
  auto filled = fill_bulletin(parse("发文机关：{发文机关}\n正文：\n{发文机关}。\n"), result, scheme, registry, tables, {});
  ASSERT_FALSE(filled);
  EXPECT_EQ(filled.error().entries()[0].where.line, 1u);
  EXPECT_NE(errors(filled).find("不能用占位符{发文机关}引用自己"), std::string::npos) << errors(filled);
}

// Regression (issue 14): without a 整改期限 line, {整改期限} is the deadline
// rectify list uses: rectification.working_days after the 成文日期 on the
// district's calendar (annual::resolve_deadline), not an error.
TEST_F(BulletinTextTest, DeadlineWithoutLineComesFromTheSchemesRule) {
  scheme.rectification.working_days = 2;
  WorkCalendar calendar;
  // 2021-07-09 is a Friday; the 12th (Monday) is a day off: the 13th and 14th count.
  calendar.add_year({2021, {Date{2021, 7, 12}}, {}});
  auto filled = fill_bulletin(parse("成文日期：2021-07-09\n正文：\n请于{整改期限}前整改。\n"), result, scheme, registry,
                              tables, calendar);
  ASSERT_TRUE(filled) << errors(filled);
  EXPECT_EQ(filled->paragraphs[0], "请于7月14日前整改。");
  std::vector<std::string> why;
  EXPECT_EQ(annual::resolve_deadline(scheme, {Date{2021, 7, 9}, std::nullopt}, calendar, result.period, why),
            (Date{2021, 7, 14}));
}

TEST_F(BulletinTextTest, DeadlineWithoutLineOrRuleIsAnErrorSayingWhy) {
  auto filled = fill_bulletin(parse("成文日期：2021-07-09\n正文：\n请于{整改期限}前整改。\n"), result, scheme, registry,
                              tables, {});
  ASSERT_FALSE(filled);
  EXPECT_EQ(filled.error().entries()[0].where.line, 3u);
  EXPECT_NE(errors(filled).find("用到了{整改期限}，无法填写：2021Q2 的通报模板没有写整改期限，考核方案也没有规定整改的工作日数"),
            std::string::npos)
      << errors(filled);
}

TEST_F(BulletinTextTest, DeadlineRuleWithoutCalendarYearIsAnError) {
  scheme.rectification.working_days = 2;
  auto filled = fill_bulletin(parse("成文日期：2021-07-09\n正文：\n{整改期限}\n"), result, scheme, registry, tables, {});
  ASSERT_FALSE(filled);
  EXPECT_NE(errors(filled).find("缺少 2021 年的工作日历"), std::string::npos) << errors(filled);
}

} // namespace zwgk

namespace zwgk {
namespace {

// Issue 15: the optional parts of an official document, filled like any line.
TEST_F(BulletinTextTest, DocumentPartsAreFilledAndTheColophonNormalised) {
  auto filled = fill_bulletin(parse("成文日期：2020-10-14\n发文字号：临政公办〔{年度}〕5号\n落款：加盖印章\n"
                                    "抄送：抄送：市政府办公室，区委办公室。\n印发机关：{发文机关}\n正文：\n正文。\n"),
                              result, scheme, registry, tables, {});
  ASSERT_TRUE(filled) << errors(filled);
  EXPECT_EQ(filled->document_number, "临政公办〔" + std::to_string(result.period.year) + "〕5号");
  EXPECT_EQ(filled->signature, SignatureLayout::Sealed);
  EXPECT_EQ(filled->copy_to, "市政府办公室，区委办公室");  // "抄送：" and the final "。" are the layout's
  EXPECT_EQ(filled->printed_by, scheme.issuer);
  EXPECT_EQ(filled->printed_on, "2020年10月14日");  // the 成文日期 when no 印发日期 is given
  EXPECT_TRUE(filled->has_colophon());
}

TEST_F(BulletinTextTest, WithoutDocumentPartsNothingIsPrinted) {
  auto filled = fill_bulletin(parse("正文：\n正文。\n"), result, scheme, registry, tables, {});
  ASSERT_TRUE(filled) << errors(filled);
  EXPECT_TRUE(filled->document_number.empty());
  EXPECT_EQ(filled->signature, SignatureLayout::Unsealed);
  EXPECT_FALSE(filled->has_colophon());
}

TEST_F(BulletinTextTest, AQuarterTemplateOverridesDocumentParts) {
  Diagnostics problems;
  auto shared = parse_bulletin_template("落款：加盖印章\n印发机关：甲\n", "通报模板.txt", problems);
  auto quarter = parse_bulletin_template("落款：不加盖印章\n印发日期：2020年10月20日\n", "2020Q3/通报模板.txt", problems);
  ASSERT_FALSE(problems.has_errors());
  auto filled = fill_bulletin(overlay_template(shared, quarter), result, scheme, registry, tables, {});
  ASSERT_TRUE(filled) << errors(filled);
  EXPECT_EQ(filled->signature, SignatureLayout::Unsealed);
  EXPECT_EQ(filled->printed_by, "甲");
  EXPECT_EQ(filled->printed_on, "2020年10月20日");
}

// Issue 16: ratings and indicators. 甲局 is 优秀 and 丙局 too; 乙局 is 合格 by its row in an
// indicator table that lists 乙局 before 甲局, while the score table lists 丙局 first.
class RatingText : public BulletinTextTest {
protected:
  RatingText() {
    scheme.ratings = {{"优秀", std::nullopt, d("0.2"), {}}, {"合格", d("60"), std::nullopt, {}},
                      {"不合格", std::nullopt, std::nullopt, {}}};
    Indicator deduct;
    deduct.code = "主动公开";
    deduct.full_marks = d("40");
    Indicator bonus;
    bonus.code = "工作亮点";
    scheme.indicators = {deduct, bonus};
    TableSpec indicators{"附件2", "{quarter}", TableKind::Indicators, {"部门"}, NameStyle::Short, {}, ""};
    scheme.tables.push_back(indicators);
    result.units.resize(3);
    for (UnitId id = 0; id < 3; ++id) result.units[id].unit = id;
    result.units[0].rating = "优秀";
    result.units[1].rating = "合格";
    result.units[2].rating = "优秀";
    result.tables = {{1, {}, {{1, 1, 1}, {0, 2, 2}, {2, 3, 3}}}};
  }

  std::expected<BulletinText, Diagnostics> fill(const std::string& body) {
    return fill_bulletin(parse("正文：\n" + body + "\n"), result, scheme, registry, tables, {});
  }
};

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

} // namespace
} // namespace zwgk

namespace zwgk {
namespace {

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
