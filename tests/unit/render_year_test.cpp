// The annual assessment's output files (render/year_tables, render/year_json,
// app/year_report) on a small year built by hand: two sections, two
// quarters present and two missing, items on time, late, never, contested
// and withdrawn.
#include "app/year_report.h"
#include "render/csv_tables.h"
#include "render/year_json.h"
#include "render/year_tables.h"
#include "util/text.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace zwgk {
namespace {

using annual::ItemStatus;
using annual::PeriodFollowup;
using annual::RectificationItem;
using annual::UnitQuarter;
using annual::UnitYear;
using annual::YearResult;

Decimal d(const char* text) { return *Decimal::parse(text); }
DateTime at(int y, int m, int day, int hour, int minute) { return {{y, m, day}, hour * 60 + minute}; }

// CSV text without the BOM, rows joined by "|" for readable expectations.
std::string rows_of(const LaidOutTable& t) {
  std::string csv = render_csv(t);
  EXPECT_TRUE(csv.starts_with("\xEF\xBB\xBF"));
  std::string out;
  for (std::size_t pos = 3; pos < csv.size();) {
    auto end = csv.find("\r\n", pos);
    out += csv.substr(pos, end - pos) + "|";
    pos = end + 2;
  }
  return out;
}

class RenderYearTest : public ::testing::Test {
protected:
  RenderYearTest() {
    scheme.name = "测试考核";
    scheme.district = "某区";
    scheme.issuer = "某区人民政府办公室";
    scheme.sections = {{"部门", "各部门"}, {"镇街", "各镇、街道"}};
    // 区级 enters the quarters' totals: no column of the year for it.
    scheme.adoption_levels = {{"市级", d("1"), Accrual::Year}, {"区级", d("0.5"), Accrual::Quarter}};
    scheme.rectification.enabled = true;
    scheme.rectification.unrectified_penalty = d("1");
    scheme.rectification.late_penalty = d("0.5");
    add("区发展和改革局", "发改局", "部门");
    add("区财政局", "", "部门");
    add("甲镇", "", "镇街");
    add("乙街道", "", "镇街");

    year.year = 2020;
    year.quarters = {{2020, 3}, {2020, 4}};
    year.missing = {{2020, 1}, {2020, 2}};
    year.as_of = at(2021, 1, 20, 0, 0);
    year.units = {
        unit(0, {UnitQuarter{d("14"), 1}, UnitQuarter{d("15"), 1}}, "29", {2, 0}, "2", 0, 1, "0.5", "30.5", 1),
        unit(1, {UnitQuarter{d("13.5"), 2}, std::nullopt}, "13.5", {0, 1}, "0", 1, 0, "1", "12.5", 2),
        unit(2, {UnitQuarter{d("10"), 1}, UnitQuarter{d("9"), 2}}, "19", {0, 0}, "0", 0, 0, "0", "19", 2),
        unit(3, {UnitQuarter{d("8"), 2}, UnitQuarter{d("12"), 1}}, "20", {0, 0}, "0", 0, 0, "0", "20", 1),
    };
    year.sections = {{0, {0, 1}}, {1, {3, 2}}};
    year.changes = {{{2020, 3}, {2020, 4}, {}}};

    q3.period = {2020, 3};
    q3.deadline = Date{2020, 10, 16};
    q3.items = {
        item(q3, 0, "目录未上传", "公开事项标准目录未上传", "5", ItemStatus::DoneLate, "0.5",
             {event(FollowupKind::Reply, at(2020, 10, 20, 9, 0)), event(FollowupKind::Verify, at(2020, 10, 21, 10, 30))}),
        item(q3, 1, std::string(k_quota_item), "9月份未投稿", "1", ItemStatus::Overdue, "1", {}),
        item(q3, 2, "表格混乱", "内容表格混乱", "0.5", ItemStatus::Withdrawn, "0",
             {event(FollowupKind::Contest, at(2020, 10, 9, 8, 0)), event(FollowupKind::Withdraw, at(2020, 10, 12, 8, 0))}),
    };
    q3.items[1].kind = DeductionKind::Quota;
    q3.items[2].contested = true;
    q3.items[2].contest_outcome = FollowupKind::Withdraw;
    q3.items[0].fixed_at = at(2020, 10, 20, 9, 0);
    q4.period = {2020, 4};
    q4.deadline = Date{2021, 1, 15};
    q4.items = {
        item(q4, 3, "目录位置错误", "公开事项标准目录上传位置错误,应在\"部门单位\"中上传", "0.5", ItemStatus::Contested, "0",
             {event(FollowupKind::Contest, at(2021, 1, 8, 9, 0))}),
        item(q4, 0, "表格混乱", "内容表格混乱", "0.5", ItemStatus::Done, "0",
             {event(FollowupKind::Reply, at(2021, 1, 10, 15, 0)), event(FollowupKind::Verify, at(2021, 1, 11, 9, 0))}),
    };
    q4.items[0].contested = true;
    q4.items[1].fixed_at = at(2021, 1, 10, 15, 0);
  }

  void add(const char* name, const char* short_name, const char* section) {
    Unit u;
    u.name = name;
    u.short_name = short_name;
    u.section = section;
    u.official_order = static_cast<int>(registry.size()) + 1;
    ASSERT_TRUE(registry.add(std::move(u)).has_value());
  }

  static UnitYear unit(UnitId id, std::vector<std::optional<UnitQuarter>> quarters, const char* quarter_score,
                       std::vector<std::int64_t> adoptions, const char* bonus, std::int64_t unrectified,
                       std::int64_t late, const char* penalty, const char* total, std::size_t rank) {
    return {id, std::move(quarters), d(quarter_score), std::move(adoptions), d(bonus), unrectified, late,
            d(penalty), d(total), rank};
  }

  static FollowupEvent event(FollowupKind kind, DateTime when) {
    FollowupEvent e;
    e.kind = kind;
    e.when = when;
    return e;
  }

  RectificationItem item(const PeriodFollowup& period, UnitId unit, std::string code, const char* reason,
                         const char* points, ItemStatus status, const char* penalty,
                         std::vector<FollowupEvent> history) {
    RectificationItem i;
    i.id = annual::item_id(period.period, registry.at(unit), code);
    i.period = period.period;
    i.unit = unit;
    i.code = std::move(code);
    i.reason = reason;
    i.points = d(points);
    i.deadline = period.deadline;
    i.status = status;
    i.annual_penalty = d(penalty);
    for (auto& e : history) e.item = i.id;
    i.history = std::move(history);
    return i;
  }

  std::vector<const PeriodFollowup*> followups() const { return {&q4, &q3}; }  // any order

  void change_rules() { year.changes[0].rules = {"网站发布每月上限由5分变为6分", "问题目录有变化"}; }

  Scheme scheme;
  Registry registry;
  YearResult year;
  PeriodFollowup q3, q4;
};

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

TEST_F(RenderYearTest, JsonHasTheYearUnitsItemsAndChanges) {
  change_rules();
  auto j = nlohmann::ordered_json::parse(render_year_json(year, followups(), scheme, registry));
  EXPECT_EQ(j["schema"], "zwgk.year");
  EXPECT_EQ(j["version"], 2);
  EXPECT_EQ(j["scheme"]["district"], "某区");
  EXPECT_EQ(j["year"], 2020);
  EXPECT_EQ(j["title"], "2020年度政务公开工作考核情况");
  EXPECT_EQ(j["as_of"], "2021-01-20 00:00");
  EXPECT_EQ(j["combine"], "sum");
  EXPECT_EQ(j["combine_name"], "各季度得分相加");
  EXPECT_EQ(j["rectification"]["late_penalty"], "0.5");
  EXPECT_EQ(j["adoption_levels"][0]["code"], "市级");
  EXPECT_EQ(j["notes"][0], "2020年第一季度没有数据，未计入。");
  EXPECT_EQ(j["quarters"][1]["months"][0], "2020-10");
  EXPECT_EQ(j["quarters"][1]["id"], "2020Q4");
  EXPECT_EQ(j["quarters"][1]["name"], "2020年第四季度");
  EXPECT_EQ(j["missing"], (nlohmann::ordered_json{"2020Q1", "2020Q2"}));
  EXPECT_EQ(j["sections"][1]["name"], "各镇、街道");
  EXPECT_EQ(j["sections"][1]["title"], "各镇、街道2020年度政务公开工作考核情况");
  EXPECT_EQ(j["sections"][1]["rows"][0]["unit"], "乙街道");
  EXPECT_EQ(j["sections"][1]["rows"][0]["seq"], 1);
  EXPECT_EQ(j["sections"][1]["rows"][0]["rank"], 1);

  const auto& u0 = j["units"][0];
  EXPECT_EQ(u0["name"], "区发展和改革局");
  EXPECT_EQ(u0["short_name"], "发改局");
  EXPECT_EQ(u0["section"], "部门");
  EXPECT_EQ(u0["quarters"][0]["period"], "2020Q3");
  EXPECT_EQ(u0["quarters"][0]["total"], "14");
  EXPECT_EQ(u0["quarters"][0]["rank"], 1);
  EXPECT_EQ(u0["quarter_score"], "29");
  EXPECT_EQ(u0["adoptions"][0]["level"], "市级");
  EXPECT_EQ(u0["adoptions"][0]["count"], 2);
  EXPECT_EQ(u0["adoptions"][1]["accrual"], "quarter");
  EXPECT_EQ(u0["year_bonus"], "2");
  EXPECT_EQ(u0["unrectified"], 0);
  EXPECT_EQ(u0["late"], 1);
  EXPECT_EQ(u0["penalty"], "0.5");
  EXPECT_EQ(u0["total"], "30.5");
  EXPECT_EQ(u0["rank"], 1);
  EXPECT_TRUE(j["units"][1]["quarters"][1].is_null());

  ASSERT_EQ(j["items"].size(), 5u);
  const auto& late = j["items"][0];
  EXPECT_EQ(late["id"], "2020Q3/区发展和改革局/目录未上传");
  EXPECT_EQ(late["period"], "2020Q3");
  EXPECT_EQ(late["unit"]["name"], "区发展和改革局");
  EXPECT_EQ(late["unit"]["short_name"], "发改局");
  EXPECT_EQ(late["kind"], "finding");
  EXPECT_EQ(late["deadline"], "2020-10-16");
  EXPECT_EQ(late["status"], "逾期整改");
  EXPECT_EQ(late["status_code"], "late");
  EXPECT_EQ(late["replied_at"], "2020-10-20 09:00");
  EXPECT_EQ(late["verified_at"], "2020-10-21 10:30");
  EXPECT_EQ(late["fixed_at"], "2020-10-20 09:00");
  EXPECT_EQ(late["annual_penalty"], "0.5");
  EXPECT_TRUE(late["contest_outcome"].is_null());
  EXPECT_TRUE(late["contest_outcome_name"].is_null());
  EXPECT_TRUE(late["days_overdue"].is_null());
  EXPECT_EQ(j["items"][1]["kind"], "quota");
  EXPECT_EQ(j["items"][1]["code"], "投稿任务");
  EXPECT_TRUE(j["items"][1]["replied_at"].is_null());
  EXPECT_EQ(j["items"][2]["contest_outcome"], "withdraw");  // a code, the name beside it
  EXPECT_EQ(j["items"][2]["contest_outcome_name"], "撤销");
  EXPECT_EQ(j["items"][3]["contested"], true);
  EXPECT_TRUE(j["items"][3]["contest_outcome"].is_null());

  ASSERT_EQ(j["changes"].size(), 1u);
  EXPECT_EQ(j["changes"][0]["from"], "2020Q3");
  EXPECT_EQ(j["changes"][0]["to"], "2020Q4");
  EXPECT_EQ(j["changes"][0]["name"], "第四季度较第三季度");
  EXPECT_EQ(j["changes"][0]["comparable"], false);
  EXPECT_EQ(j["changes"][0]["rules"][0], "网站发布每月上限由5分变为6分");
}

TEST_F(RenderYearTest, ReportWritesEveryFileWithNotes) {
  app::AssessedYear assessed;
  for (const auto* f : {&q3, &q4}) {
    app::AssessedPeriod p;
    p.workspace.scheme = scheme;
    p.workspace.registry = registry;
    p.workspace.period = f->period;
    p.followup = *f;
    assessed.quarters.push_back(std::move(p));
  }
  assessed.year = year;
  std::mt19937_64 random(std::random_device{}());
  const auto out = std::filesystem::temp_directory_path() / ("zwgk-year-" + std::to_string(random()));
  auto report = app::build_year_report(assessed, out);
  ASSERT_TRUE(report.has_value()) << report.error();
  std::vector<std::string> names;
  for (const auto& f : report->files) names.push_back(f.path.filename().string());
  EXPECT_EQ(names, (std::vector<std::string>{"年度考核-各部门.csv", "年度考核-各镇、街道.csv", "整改情况.csv",
                                             "季度对比.csv", "年度考核.xlsx", "年度考核.html", "年度考核.json"}));
  EXPECT_EQ(report->notes,
            (std::vector<std::string>{"2020年第一季度没有数据，未计入。", "2020年第二季度没有数据，未计入。"}));
  const auto& page = report->files[5].content;
  EXPECT_NE(page.find("<h1>某区2020年度政务公开工作考核情况</h1>"), std::string::npos);
  EXPECT_NE(page.find("<p class=\"issuer\">某区人民政府办公室</p>"), std::string::npos);
  EXPECT_EQ(page.find("<svg"), std::string::npos);  // no chart of the rank column

  std::filesystem::create_directories(out);
  auto written = fs::write_files_atomically(report->files);
  EXPECT_TRUE(written.has_value()) << written.error();
  EXPECT_GT(std::filesystem::file_size(out / "年度考核.xlsx"), 0u);
  std::filesystem::remove_all(out);

  assessed.year.quarters = {{2020, 3}};
  assessed.year.changes.clear();
  report = app::build_year_report(assessed, out);
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->notes.back(), "只有一个季度的数据，没有季度对比。");
  EXPECT_FALSE(app::build_year_report(app::AssessedYear{}, out).has_value());
}

} // namespace
} // namespace zwgk
