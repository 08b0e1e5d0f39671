// The annual assessment's tables (render/year_tables): each section's table,
// rectification, quarter changes, which tables appear and their sheet names.
#include "render_year_fixture.h"

namespace zwgk {
namespace {

using namespace test;  // the fixture, its helpers and the annual:: names it uses

TEST_F(RenderYearTest, SectionTableHasQuartersBonusPenaltyTotalAndRankWithBlankZeros) {
  LaidOutTable t = lay_out_year_section(year, year.sections[0], scheme, registry);
  EXPECT_EQ(t.id, "年度考核-各部门");
  EXPECT_EQ(t.title, "各部门2020年度政务公开工作考核情况");
  EXPECT_EQ(rows_of(t),
            "序号,单位,季度得分,,,上级采用,,逾期事项,,,年度,|"
            ",,三季度,四季度,合计,市级,加分,未整改,已整改,减分,得分,名次|"
            "1,发改局,14,15,29,2,2,,1,0.5,30.5,1|"
            "2,区财政局,13.5,,13.5,,,1,,1,12.5,2|");
  EXPECT_EQ(t.note,
            "注：“合计”为各季度得分之和；上级采用各级别为全年被采用的篇数，“加分”为计入年度考核的加分；"
            "逾期事项中“未整改”为过了整改期限仍未整改的事项数，“已整改”为过了期限才整改的事项数，"
            "“减分”为其年度扣分；年度得分＝合计＋加分－减分，名次按年度得分排列。"
            "2020年第一季度没有数据，未计入。2020年第二季度没有数据，未计入。");
  EXPECT_FALSE(t.numeric_columns[1]);
  EXPECT_TRUE(t.numeric_columns[2]);
}

TEST_F(RenderYearTest, SecondSectionInItsOwnOrderAndMeanSaysSo) {
  scheme.year.combine = QuarterCombine::Mean;
  scheme.year.title = "{year}年政务公开年度考核";
  LaidOutTable t = lay_out_year_section(year, year.sections[1], scheme, registry);
  EXPECT_EQ(t.id, "年度考核-各镇、街道");
  EXPECT_EQ(t.title, "各镇、街道2020年政务公开年度考核");
  EXPECT_EQ(rows_of(t),
            "序号,单位,季度得分,,,上级采用,,逾期事项,,,年度,|"
            ",,三季度,四季度,平均,市级,加分,未整改,已整改,减分,得分,名次|"
            "1,乙街道,8,12,20,,,,,,20,1|"
            "2,甲镇,10,9,19,,,,,,19,2|");
  EXPECT_TRUE(t.note.starts_with("注：“平均”为各季度得分的平均数；"));
  EXPECT_NE(t.note.find("年度得分＝平均＋加分－减分"), std::string::npos);
  // No level accrues to the year: no adoption columns but 加分.
  scheme.adoption_levels[0].accrual = Accrual::Quarter;
  t = lay_out_year_section(year, year.sections[1], scheme, registry);
  EXPECT_EQ(header_grid(t)[1], (std::vector<std::string>{"", "", "三季度", "四季度", "平均", "加分", "未整改",
                                                         "已整改", "减分", "得分", "名次"}));
  EXPECT_EQ(t.rows[0].size(), t.columns);
  EXPECT_EQ(t.note.find("上级采用各级别"), std::string::npos);
}

TEST_F(RenderYearTest, RectificationListsEveryItemOfTheYearByQuarter) {
  LaidOutTable t = lay_out_rectification(year, followups(), scheme, registry);
  EXPECT_EQ(t.id, "整改情况");
  EXPECT_EQ(t.title, "2020年度整改情况");
  EXPECT_EQ(rows_of(t),
            "季度,单位,问题,减分,整改期限,状态,回复日期,申诉,年度减分|"
            "第三季度,发改局,公开事项标准目录未上传,5,2020-10-16,逾期整改,2020-10-20,,0.5|"
            "第三季度,区财政局,9月份未投稿,1,2020-10-16,逾期未整改,,,1|"
            "第三季度,甲镇,内容表格混乱,0.5,2020-10-16,已撤销,,撤销,|"
            "第四季度,乙街道,\"公开事项标准目录上传位置错误,应在\"\"部门单位\"\"中上传\",0.5,2021-01-15,申诉中,,申诉中,|"
            "第四季度,发改局,内容表格混乱,0.5,2021-01-15,已整改,2021-01-10,,|");
  EXPECT_EQ(t.note, "注：状态截至2021-01-20 00:00。逾期未整改的事项每项年度减1分，逾期整改的每项年度减0.5分。");
  EXPECT_EQ(t.numeric_columns, (std::vector<bool>{false, false, false, true, false, false, false, false, true}));
}

TEST_F(RenderYearTest, UpheldContestAndNoItems) {
  q4.items[0].contest_outcome = FollowupKind::Uphold;
  q4.items[0].status = ItemStatus::Open;
  LaidOutTable t = lay_out_rectification(year, followups(), scheme, registry);
  EXPECT_EQ(t.rows[3][5], "待整改");
  EXPECT_EQ(t.rows[3][7], "维持");
  LaidOutTable none = lay_out_rectification(year, {}, scheme, registry);
  EXPECT_TRUE(none.rows.empty());
  EXPECT_EQ(none.note, "注：2020年度没有整改事项。");
}

TEST_F(RenderYearTest, QuarterChangesCompareTotalsAndRanks) {
  LaidOutTable t = lay_out_quarter_changes(year, scheme, registry);
  EXPECT_EQ(t.id, "季度对比");
  EXPECT_EQ(rows_of(t),
            "序号,单位,类别,第四季度较第三季度,|"
            ",,,合计增减,名次变化|"
            "1,发改局,部门,+1,持平|"
            "2,区财政局,部门,,|"
            "3,乙街道,镇街,+4,上升1位|"
            "4,甲镇,镇街,-1,下降1位|");
  EXPECT_TRUE(t.lines.empty());
  EXPECT_EQ(t.note, "注：合计增减为后一季度合计减前一季度合计；名次变化为单位在本类别（部门、镇街）内按季度合计排名的升降。");
  EXPECT_EQ(t.numeric_columns, (std::vector<bool>{true, false, false, true, false}));
}

TEST_F(RenderYearTest, ChangedRulesAreNotCompared) {
  change_rules();
  LaidOutTable t = lay_out_quarter_changes(year, scheme, registry);
  EXPECT_EQ(rows_of(t),
            "序号,单位,类别,第四季度较第三季度|"
            ",,,|"
            "1,发改局,部门,规则有变化，不作比较|"
            "2,区财政局,部门,|"
            "3,乙街道,镇街,规则有变化，不作比较|"
            "4,甲镇,镇街,规则有变化，不作比较|");
  EXPECT_EQ(t.lines, (std::vector<std::string>{"第四季度较第三季度：网站发布每月上限由5分变为6分",
                                               "第四季度较第三季度：问题目录有变化"}));
  EXPECT_TRUE(t.note.ends_with("规则有变化的两个季度之间不比较合计和名次，变化见“规则变化”。"));
  EXPECT_EQ(t.numeric_columns, (std::vector<bool>{true, false, false, false}));
  EXPECT_EQ(rows_of(lay_out_rule_changes(year)),
            "季度,规则变化|"
            "第四季度较第三季度,网站发布每月上限由5分变为6分|"
            "第四季度较第三季度,问题目录有变化|");
}

TEST_F(RenderYearTest, QuarterChangeNameAcrossYears) {
  EXPECT_EQ(quarter_change_name({{2020, 4}, {2021, 1}, {}}), "2021年第一季度较2020年第四季度");
}

TEST_F(RenderYearTest, AllTablesInOrderAndOnlyWhatApplies) {
  auto ids = [](const std::vector<LaidOutTable>& tables) {
    std::vector<std::string> out;
    for (const auto& t : tables) out.push_back(t.id);
    return out;
  };
  EXPECT_EQ(ids(lay_out_year(year, followups(), scheme, registry)),
            (std::vector<std::string>{"年度考核-各部门", "年度考核-各镇、街道", "整改情况", "季度对比"}));
  change_rules();
  EXPECT_EQ(ids(lay_out_year(year, followups(), scheme, registry)),
            (std::vector<std::string>{"年度考核-各部门", "年度考核-各镇、街道", "整改情况", "季度对比", "规则变化"}));
  year.changes.clear();
  EXPECT_EQ(ids(lay_out_year(year, followups(), scheme, registry)),
            (std::vector<std::string>{"年度考核-各部门", "年度考核-各镇、街道", "整改情况"}));
}

TEST_F(RenderYearTest, TableIdsAreValidDistinctSheetNames) {
  scheme.sections = {{"部门", "部门/单位[一]"}, {"镇街", "部门/单位[一]"}};
  auto tables = lay_out_year(year, followups(), scheme, registry);
  EXPECT_EQ(tables[0].id, "年度考核-部门_单位_一_");
  EXPECT_EQ(tables[1].id, "年度考核2-部门_单位_一_");
  EXPECT_EQ(year_csv_file_name(tables[0]), "年度考核-部门_单位_一_.csv");
  scheme.sections[0].title = "'各部门'";
  EXPECT_EQ(lay_out_year_section(year, year.sections[0], scheme, registry).id, "年度考核-_各部门_");
  scheme.sections[0].title = std::string(40, 'x');
  EXPECT_EQ(code_point_count(lay_out_year_section(year, year.sections[0], scheme, registry).id), 31u);
}

TEST_F(RenderYearTest, MissingQuarterNotes) {
  EXPECT_EQ(missing_quarter_notes(year),
            (std::vector<std::string>{"2020年第一季度没有数据，未计入。", "2020年第二季度没有数据，未计入。"}));
}

} // namespace
} // namespace zwgk
