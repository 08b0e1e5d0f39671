// The bulletin template: parsing with line numbers, overlaying a quarter's
// fields, and filling placeholders from another district's scheme.
#include "bulletin_text_fixture.h"

namespace zwgk {
namespace {

using bulletin_test::BulletinTextTest;
using bulletin_test::RatingText;
using bulletin_test::d;

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

} // namespace
} // namespace zwgk
