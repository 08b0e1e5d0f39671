// Issue 16: [[indicators]], [[ratings]], findings' indicator/veto and tables of kind
// "indicators" — what parse_scheme() reads, every check with its line, the tree's
// warnings, and the scheme in words (describe_scheme).
#include "scheme/checks.h"
#include "scheme/describe.h"
#include "scheme/parse.h"
#include "scheme_test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace zwgk {
namespace {

using namespace scheme_test;

// The 1-based line of `text` holding the first occurrence of `needle` at or after line `from`.
std::size_t line_of(const std::string& text, std::string_view needle, std::size_t from = 1) {
  std::size_t line = 1, pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    if (line >= from && std::string_view(text).substr(pos, end - pos).find(needle) != std::string_view::npos)
      return line;
    pos = end + 1;
    ++line;
  }
  ADD_FAILURE() << "no line with " << needle;
  return 0;
}

const std::string k_adoption = "[adoption]\n[[adoption.levels]]\ncode = \"市级\"\npoints = 1\naccrual = \"quarter\"\n";

// A valid tree using every rule, ratings, a veto and an indicators table.
std::string full_tree() {
  return scheme(k_adoption +
                "[[indicators]]\ncode = \"主动公开\"\nfull_marks = 40\nrule = \"deduct\"\n"
                "[[indicators]]\ncode = \"依申请\"\nname = \"依申请公开\"\nfull_marks = 30\n"
                "[[indicators]]\ncode = \"答复率\"\nparent = \"依申请\"\nfull_marks = 10\nrule = \"ratio\"\n"
                "empty = \"zero\"\ndecimals = 1\n"
                "[[indicators]]\ncode = \"年报\"\nparent = \"依申请\"\nfull_marks = 10\nrule = \"check\"\n"
                "[[indicators]]\ncode = \"采用\"\nparent = \"依申请\"\nfull_marks = 20\nweight = 0.5\nrule = \"count\"\n"
                "metric = \"采用:市级采用\"\npoints = 2\n"
                "[[indicators]]\ncode = \"亮点\"\nparent = \"依申请\"\nfull_marks = 5\nrule = \"manual\"\nbonus = true\n"
                "[[indicators]]\ncode = \"发布\"\nrule = \"publication\"\n"
                "[[indicators]]\ncode = \"加分\"\nrule = \"adoption\"\n"
                "[[indicators]]\ncode = \"减分\"\nrule = \"deductions\"\n"
                "[[ratings]]\nname = \"优秀\"\ntop_share = 0.2\n"
                "[[ratings]]\nname = \"良好\"\nmin = 80\n"
                "[[ratings]]\nname = \"一般\"\n"
                "[[findings]]\ncode = \"目录\"\nreason = \"目录未上传\"\npoints = 5\nindicator = \"主动公开\"\n"
                "[[findings]]\ncode = \"泄密\"\nreason = \"泄露秘密\"\npoints = 0\nveto = \"一般\"\n"
                "[[tables]]\nid = \"附件2\"\nkind = \"indicators\"\ntitle = \"t\"\nsections = [\"部门\"]\n"
                "indicators = [\"主动公开\", \"依申请\"]\n");
}

TEST(SchemeIndicators, ReadsEveryKey) {
  Scheme s = parse_ok(full_tree());
  ASSERT_EQ(s.indicators.size(), 9u);
  const auto& deduct = s.indicators[0];
  EXPECT_EQ(deduct.code, "主动公开");
  EXPECT_EQ(deduct.name, "主动公开");  // name defaults to the code
  EXPECT_EQ(deduct.rule, IndicatorRule::Deduct);
  EXPECT_EQ(deduct.full_marks, Decimal::from_int(40));
  EXPECT_FALSE(deduct.parent.has_value());
  const auto& sum = s.indicators[1];
  EXPECT_EQ(sum.name, "依申请公开");
  EXPECT_EQ(sum.rule, IndicatorRule::Sum);  // no rule, but children: a sum
  const auto& ratio = s.indicators[2];
  EXPECT_EQ(ratio.parent, 1u);
  EXPECT_EQ(ratio.rule, IndicatorRule::Ratio);
  EXPECT_EQ(ratio.empty_ratio, EmptyRatio::Zero);
  EXPECT_EQ(ratio.decimals, 1);
  EXPECT_EQ(s.indicators[3].rule, IndicatorRule::Check);
  const auto& count = s.indicators[4];
  EXPECT_EQ(count.rule, IndicatorRule::Count);
  EXPECT_EQ(count.metric, "采用:市级");  // the level's code, however the scheme wrote it
  EXPECT_EQ(count.points, Decimal::from_int(2));
  EXPECT_EQ(count.weight, d("0.5"));
  EXPECT_TRUE(s.indicators[5].bonus);
  EXPECT_EQ(s.indicators[5].rule, IndicatorRule::Manual);
  EXPECT_EQ(s.indicators[6].rule, IndicatorRule::Publication);
  EXPECT_FALSE(s.indicators[6].full_marks.has_value());
  EXPECT_EQ(s.indicators[7].rule, IndicatorRule::Adoption);
  EXPECT_EQ(s.indicators[8].rule, IndicatorRule::Deductions);
  EXPECT_EQ(s.indicators[0].at.line, line_of(full_tree(), "[[indicators]]"));

  ASSERT_EQ(s.ratings.size(), 3u);
  EXPECT_EQ(s.ratings[0].top_share, d("0.2"));
  EXPECT_FALSE(s.ratings[0].min.has_value());
  EXPECT_EQ(s.ratings[1].min, Decimal::from_int(80));
  EXPECT_FALSE(s.ratings[2].min || s.ratings[2].top_share);

  ASSERT_EQ(s.finding_types.size(), 2u);
  EXPECT_EQ(s.finding_types[0].indicator, "主动公开");
  EXPECT_EQ(s.finding_types[1].veto, "一般");
  ASSERT_EQ(s.tables.size(), 2u);
  EXPECT_EQ(s.tables[1].kind, TableKind::Indicators);
  EXPECT_EQ(s.tables[1].indicators, (std::vector<std::string>{"主动公开", "依申请"}));
  EXPECT_TRUE(indicator_warnings(s).empty());
}

TEST(SchemeIndicators, WithoutIndicatorsNothingIsSet) {
  Scheme s = parse_ok(scheme());
  EXPECT_TRUE(s.indicators.empty());
  EXPECT_TRUE(s.ratings.empty());
  EXPECT_TRUE(indicator_warnings(s).empty());
}

TEST(SchemeIndicators, TreeErrors) {
  const std::string text = scheme(
      "[[indicators]]\ncode = \"甲\"\nfull_marks = 10\nrule = \"deduct\"\n"
      "[[indicators]]\ncode = \"甲\"\nfull_marks = 10\nrule = \"deduct\"\n"          // duplicate
      "[[indicators]]\ncode = \"乙\"\nparent = \"丙\"\nfull_marks = 1\nrule = \"manual\"\n"  // parent later
      "[[indicators]]\ncode = \"丙\"\nparent = \"无\"\nrule = \"ratio\"\n"             // unknown parent, no full_marks
      "[[indicators]]\ncode = \"丁\"\nparent = \"甲\"\nrule = \"check\"\nfull_marks = 1\n"  // deduct with a child
      "[[indicators]]\ncode = \"戊\"\nrule = \"sum\"\n"                               // sum without children
      "[[indicators]]\ncode = \"己\"\n"                                                // leaf without rule
      "[[indicators]]\ncode = \"庚\"\nrule = \"bogus\"\n"
      "[[indicators]]\ncode = \"辛\"\nparent = \"辛\"\nrule = \"manual\"\nfull_marks = 1\n");
  Diagnostics e = errors(text);
  EXPECT_TRUE(has_error(e, line_of(text, "code = \"甲\"", 14), {"指标“甲”重复定义", "第 12 行"}));
  EXPECT_TRUE(has_error(e, line_of(text, "parent = \"丙\""), {"上级指标“丙”写在它之后", "须写在下级指标之前"}));
  EXPECT_TRUE(has_error(e, line_of(text, "parent = \"无\""), {"上级指标“无”未定义", "“甲”、“乙”"}));
  EXPECT_TRUE(has_error(e, line_of(text, "code = \"丙\"") - 1, {"full_marks", "ratio"}));
  EXPECT_TRUE(has_error(e, line_of(text, "rule = \"deduct\""), {"指标“甲”有 1 个下级指标", "只能是 \"sum\""}));
  EXPECT_TRUE(has_error(e, line_of(text, "rule = \"sum\""), {"指标“戊”", "没有任何指标以它为上级"}));
  EXPECT_TRUE(has_error(e, line_of(text, "code = \"己\"") - 1, {"指标“己”没有下级指标", "须写明计分方式 rule"}));
  EXPECT_TRUE(has_error(e, line_of(text, "bogus"), {"rule“bogus”无法识别"}));
  EXPECT_TRUE(has_error(e, line_of(text, "parent = \"辛\""), {"不能是自己的上级指标"}));
}

TEST(SchemeIndicators, RuleKeyErrors) {
  const std::string text = scheme(
      k_adoption +
      "[[indicators]]\ncode = \"甲\"\nrule = \"count\"\n"                                   // no metric, no points
      "[[indicators]]\ncode = \"乙\"\nrule = \"count\"\nmetric = \"浏览\"\npoints = 1\n"
      "[[indicators]]\ncode = \"丙\"\nrule = \"count\"\nmetric = \"采用:国家级\"\npoints = 1\n"
      "[[indicators]]\ncode = \"丁\"\nrule = \"manual\"\nfull_marks = 5\nweight = 0\nbonus = true\nmetric = \"发布\"\n"
      "[[indicators]]\ncode = \"戊\"\nrule = \"ratio\"\nfull_marks = 5\nempty = \"none\"\ndecimals = 7\n"
      "[[indicators]]\ncode = \"己\"\nrule = \"deduct\"\nweight = -1\nfull_marks = 1\ncolour = 1\n");
  Diagnostics e = errors(text);
  const std::size_t first = line_of(text, "code = \"甲\"") - 1;
  EXPECT_TRUE(has_error(e, first, {"缺少必填的键“indicators.metric”"}));
  EXPECT_TRUE(has_error(e, first, {"缺少必填的键“indicators.points”"}));
  EXPECT_TRUE(has_error(e, line_of(text, "浏览"), {"metric“浏览”无法识别", "\"采用:级别\""}));
  EXPECT_TRUE(has_error(e, line_of(text, "国家级"), {"采用级别“国家级”未在 [adoption] 中定义", "“市级”"}));
  EXPECT_TRUE(has_error(e, line_of(text, "weight = 0"), {"指标“丁”的 weight 应大于 0"}));
  EXPECT_TRUE(has_error(e, line_of(text, "bonus = true"), {"加分项", "须写明上级指标"}));
  EXPECT_TRUE(has_error(e, line_of(text, "metric = \"发布\""), {"metric 只用于 rule = \"count\""}));
  EXPECT_TRUE(has_error(e, line_of(text, "empty = \"none\""), {"“indicators.empty”应为 \"full\""}));
  EXPECT_TRUE(has_error(e, line_of(text, "decimals = 7"), {"“indicators.decimals”应为 0 到 6 之间的小数位数"}));
  EXPECT_TRUE(has_error(e, line_of(text, "weight = -1"), {"不能为负数"}));
  EXPECT_TRUE(has_error(e, line_of(text, "colour"), {"未知的键“indicators.colour”", "full_marks、rule、parent"}));
}

TEST(SchemeIndicators, RatingErrors) {
  const std::string text = scheme(
      "[[ratings]]\nname = \"甲\"\ntop_share = 0\n"
      "[[ratings]]\nname = \"乙\"\ntop_share = 1.2\n"
      "[[ratings]]\nname = \"丙\"\n"
      "[[ratings]]\nname = \"丁\"\nmin = 80\ntop_share = 0.5\n"
      "[[ratings]]\nname = \"戊\"\nmin = 70\n"
      "[[ratings]]\nname = \"己\"\nmin = 70\n"
      "[[ratings]]\nname = \"戊\"\nmin = 60\n"
      "[[ratings]]\nname = \"末\"\n");
  Diagnostics e = errors(text);
  EXPECT_TRUE(has_error(e, line_of(text, "top_share = 0"), {"等次“甲”的 top_share 应大于 0、不大于 1"}));
  EXPECT_TRUE(has_error(e, line_of(text, "top_share = 1.2"), {"等次“乙”的 top_share"}));
  EXPECT_TRUE(has_error(e, line_of(text, "name = \"丙\"") - 1, {"等次“丙”既没有 min 也没有 top_share"}));
  EXPECT_TRUE(has_error(e, line_of(text, "top_share = 0.5"), {"同时写了 min 和 top_share"}));
  EXPECT_TRUE(has_error(e, line_of(text, "min = 70", line_of(text, "name = \"己\"")),
                        {"等次“己”的 min（70）应小于", "等次“戊”的 min（70）"}));
  EXPECT_TRUE(has_error(e, line_of(text, "name = \"戊\"", line_of(text, "name = \"己\"")), {"等次“戊”重复定义"}));
  EXPECT_EQ(e.error_count(), 6u) << describe(e);  // the last entry may have neither
}

TEST(SchemeIndicators, FindingAndTableErrors) {
  const std::string text = scheme(
      "[[indicators]]\ncode = \"甲\"\nfull_marks = 10\nrule = \"deduct\"\n"
      "[[indicators]]\ncode = \"乙\"\nfull_marks = 10\nrule = \"manual\"\n"
      "[[ratings]]\nname = \"不合格\"\n"
      "[[findings]]\ncode = \"一\"\nreason = \"一\"\npoints = 1\nindicator = \"乙\"\n"
      "[[findings]]\ncode = \"二\"\nreason = \"二\"\npoints = 1\nindicator = \"丙\"\nveto = \"差\"\n"
      "[[tables]]\nid = \"附件2\"\nkind = \"indicators\"\ntitle = \"t\"\nsections = [\"部门\"]\n"
      "indicators = [\"甲\", \"丁\", \"甲\"]\n"
      "[[tables]]\nid = \"附件3\"\nkind = \"indicators\"\ntitle = \"u\"\nsections = [\"部门\"]\nindicators = []\n"
      "[[tables]]\nid = \"附件4\"\nkind = \"indicators\"\ntitle = \"v\"\nsections = [\"部门\"]\n"
      "[[tables]]\nid = \"附件5\"\nkind = \"scores\"\ntitle = \"w\"\nsections = [\"部门\"]\nindicators = [\"甲\"]\n");
  Diagnostics e = errors(text);
  EXPECT_TRUE(has_error(e, line_of(text, "indicator = \"乙\""), {"扣的指标“乙”不是扣分指标", "可扣分的指标：“甲”"}));
  EXPECT_TRUE(has_error(e, line_of(text, "indicator = \"丙\""), {"indicator“丙”未定义"}));
  EXPECT_TRUE(has_error(e, line_of(text, "veto = \"差\""), {"veto“差”不是已定义的等次", "“不合格”"}));
  const std::size_t columns = line_of(text, "indicators = [\"甲\", \"丁\"");
  EXPECT_TRUE(has_error(e, columns, {"表“附件2”引用了未定义的指标“丁”", "“甲”、“乙”"}));
  EXPECT_TRUE(has_error(e, columns, {"“甲”出现了不止一次"}));
  EXPECT_TRUE(has_error(e, line_of(text, "indicators = []"), {"表“附件3”的 indicators 为空"}));
  EXPECT_TRUE(has_error(e, line_of(text, "id = \"附件4\"") - 1, {"缺少必填的键“tables.indicators”"}));
  EXPECT_TRUE(has_error(e, line_of(text, "indicators = [\"甲\"]"), {"表“附件5”", "只用于 kind = \"indicators\""}));
}

TEST(SchemeIndicators, ReferencesWithoutTreeOrRatings) {
  const std::string text = scheme(
      "[[findings]]\ncode = \"一\"\nreason = \"一\"\npoints = 1\nindicator = \"甲\"\nveto = \"差\"\n"
      "[[tables]]\nid = \"附件2\"\nkind = \"indicators\"\ntitle = \"t\"\nsections = [\"部门\"]\nindicators = [\"甲\"]\n");
  Diagnostics e = errors(text);
  EXPECT_TRUE(has_error(e, line_of(text, "indicator = \"甲\""), {"考核方案没有定义指标"}));
  EXPECT_TRUE(has_error(e, line_of(text, "veto"), {"已定义的等次：（无）"}));
  EXPECT_TRUE(has_error(e, line_of(text, "kind = \"indicators\""), {"表“附件2”的 kind 是 \"indicators\"", "没有定义指标"}));
  EXPECT_EQ(e.error_count(), 3u) << describe(e);
}

Scheme capped(std::string_view children) {
  return parse_ok(scheme("[[indicators]]\ncode = \"总\"\nfull_marks = 20\n" + std::string(children)));
}

TEST(SchemeIndicators, WarnsWhenChildrenExceedTheirParent) {
  const std::string leaf = "[[indicators]]\nparent = \"总\"\nrule = \"manual\"\n";
  Scheme over = capped(leaf + "code = \"a\"\nfull_marks = 15\n" + leaf + "code = \"b\"\nfull_marks = 10\n");
  Diagnostics w = indicator_warnings(over);
  EXPECT_TRUE(has_problem(w, Severity::Warning, 12, {"指标“总”", "满分合计 25 分", "超过它的满分 20 分"}));
  EXPECT_FALSE(w.has_errors());
  // Weights count; bonus children do not.
  EXPECT_TRUE(indicator_warnings(capped(leaf + "code = \"a\"\nfull_marks = 15\n" + leaf +
                                        "code = \"b\"\nfull_marks = 10\nweight = 0.5\n"))
                  .empty());
  EXPECT_TRUE(indicator_warnings(capped(leaf + "code = \"a\"\nfull_marks = 20\n" + leaf +
                                        "code = \"b\"\nfull_marks = 10\nbonus = true\n"))
                  .empty());
  // A child without full marks has no bound: nothing to compare.
  EXPECT_TRUE(indicator_warnings(capped(leaf + "code = \"a\"\nfull_marks = 30\n"
                                        "[[indicators]]\nparent = \"总\"\ncode = \"b\"\nrule = \"publication\"\n"))
                  .empty());
  Scheme weighted = capped(leaf + "code = \"a\"\nfull_marks = 15\nweight = 1.5\n");
  EXPECT_TRUE(has_problem(indicator_warnings(weighted), Severity::Warning, 12, {"满分合计 22.5 分"}));
}

TEST(SchemeDescribe, ChineseNumbers) {
  EXPECT_EQ(chinese_number(1), "一");
  EXPECT_EQ(chinese_number(10), "十");
  EXPECT_EQ(chinese_number(12), "十二");
  EXPECT_EQ(chinese_number(20), "二十");
  EXPECT_EQ(chinese_number(35), "三十五");
  EXPECT_EQ(chinese_number(105), "一百零五");
  EXPECT_EQ(chinese_number(120), "一百二十");
}

TEST(SchemeDescribe, IndicatorTreeInWords) {
  auto lines = describe_scheme(parse_ok(full_tree()));
  auto has = [&](std::string_view line) {
    return std::ranges::find(lines, line) != lines.end();
  };
  std::string all;
  for (const auto& l : lines) all += l + "\n";
  EXPECT_EQ(lines.front(), "考核方案：测试考核");
  EXPECT_TRUE(has("一、主动公开（40分）：按检查发现的问题扣分，扣完为止（不低于0分）")) << all;
  EXPECT_TRUE(has("二、依申请公开（30分）：下列各项得分乘以权重后相加，最高30分（不低于0分），再加上加分项")) << all;
  EXPECT_TRUE(has("  （一）答复率（10分）：指标.csv 中本单位的分子合计÷分母合计×10分，保留1位小数；分母为0（没有填报）时得0分"))
      << all;
  EXPECT_TRUE(has("  （三）采用（20分，权重0.5）：被市级采用每篇得2分，最多20分")) << all;
  EXPECT_TRUE(has("  加分项：亮点（最多5分）：由考核人员评定（在 指标.csv 中填写得分）")) << all;
  EXPECT_TRUE(has("三、发布：网站每发布一条信息得0.5分")) << all;
  EXPECT_TRUE(has("四、加分：被上级采用：市级每篇加1分")) << all;
  EXPECT_TRUE(has("  优秀：得分前20%的单位")) << all;
  EXPECT_TRUE(has("  良好：80分及以上")) << all;
  EXPECT_TRUE(has("  一般：其余单位")) << all;
  EXPECT_TRUE(has("一票否决：泄露秘密 → 一般")) << all;
  EXPECT_TRUE(has("    目录未上传：每处减5分")) << all;
}

TEST(SchemeDescribe, FixedFormWithoutIndicators) {
  auto lines = describe_scheme(parse_ok(scheme("[submission]\npenalty = 2\nbasis = \"item\"\n"
                                               "[[submission.quota]]\nfrom = \"2020-08\"\ncount = 3\n",
                                               "points_per_item = 0.25\nmonthly_cap = 4")));
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[1], "一、累计得分（网站发布）：网站每发布一条信息得0.25分，每月最多4分");
  EXPECT_EQ(lines[2], "二、投稿：其他单位 2020-08 起 每月至少3篇；每少一篇减2分");
  EXPECT_EQ(lines.back().substr(0, std::string_view("合计 = 累计得分 + 加分 − 减分").size()),
            "合计 = 累计得分 + 加分 − 减分");
}

} // namespace
} // namespace zwgk

namespace zwgk {
namespace {

TEST(SchemeIndicators, TotalsRowOnTablesOfFigures) {
  const std::string text = scheme(
      "[[tables]]\nid = \"附件2\"\nkind = \"scores\"\ntitle = \"t\"\nsections = [\"部门\"]\ntotals = true\n"
      "[[tables]]\nid = \"附件5\"\nkind = \"deductions\"\ntitle = \"w\"\nsections = [\"部门\"]\ntotals = true\n");
  Diagnostics e = errors(text);
  EXPECT_TRUE(has_error(e, line_of(text, "totals = true", line_of(text, "附件5")), {"表“附件5”是减分说明", "不能写 totals"}));
  EXPECT_EQ(e.error_count(), 1u);
}

} // namespace
} // namespace zwgk
