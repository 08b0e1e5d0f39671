// The annual assessment's files (render/year_json, app/year_report): the
// year's JSON and the report's files with their notes.
#include "render_year_fixture.h"

namespace zwgk {
namespace {

using namespace test;  // the fixture, its helpers and the annual:: names it uses

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
