// A period's lifecycle in the application layer (app/period.cpp,
// app/entered_rows.cpp) on memory stores: status and the default period,
// readiness (the reasons 公示 and 下载 are refused), the template rewritten
// keeping its other lines, and an entered finding deleted.
#include "app_example_fixture.h"
#include "fs/files.h"

namespace zwgk {
namespace {

constexpr std::int64_t k_now = 1'611'108'000;  // 2021-01-20 10:00 CST

class AppPeriod : public test::AppExampleTest {
protected:
  AppPeriod() : AppExampleTest(k_now) {}
  app::Actor m_actor{"测试", k_now};
};

TEST_F(AppPeriod, ANewPeriodIsNotStartedNotTheDefaultAndNotReady) {
  auto created = m_ws.create_period({2020, 4}, {Date{2021, 1, 14}, std::nullopt}, m_actor);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->deadline, (Date{2021, 1, 18}));
  EXPECT_EQ(m_ws.period_info({2020, 4}).status, app::PeriodStatus::NotStarted);
  EXPECT_EQ(m_ws.period_info({2020, 3}).status, app::PeriodStatus::Open);
  EXPECT_EQ(m_ws.default_period(), (Period{2020, 3}));
  const auto reasons = m_ws.readiness({2020, 4});
  ASSERT_FALSE(reasons.empty());
  EXPECT_EQ(reasons[0], "2020Q4 还没有任何数据文件（未开始）：请先在“数据录入”中上传数据文件或录入检查问题");
  EXPECT_TRUE(m_ws.readiness({2020, 3}).empty());
  // A second time: refused, nothing changed.
  auto again = m_ws.create_period({2020, 4}, {Date{2021, 1, 14}, std::nullopt}, m_actor);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, app::ErrorKind::Conflict);
}

TEST_F(AppPeriod, ReadinessListsTheMissingDateAndTheDataErrors) {
  fs::write_files_atomically({{m_dir / "2020Q3/通报模板.txt", "整改期限：2020年10月16日\n"},
                              {m_dir / "2020Q3/检查.csv", "单位,问题类型,数量\n区不存在局,目录未上传,1\n"}});
  const auto reasons = m_ws.readiness({2020, 3});
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_EQ(reasons[0], "2020Q3 的数据有 1 个错误（zwgk check 不通过）：请先在“数据录入”中改正");
  EXPECT_EQ(reasons[1], "2020Q3 的通报模板没有写成文日期：请在“发布”页点“修改通报日期”填写");
}

TEST_F(AppPeriod, SavingTheFieldsKeepsTheOtherLinesAndProposesTheDeadline) {
  fs::write_files_atomically({{m_dir / "2020Q3/通报模板.txt", "# 注释\n标题：关于通报的通知\n成文日期：2020年10月14日\n正文：\n成文日期：正文中的这一行不动\n"}});
  auto saved = m_ws.save_period_fields({2020, 3}, {Date{2020, 10, 15}, std::nullopt}, m_actor);
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_EQ(saved->deadline, (Date{2020, 10, 19}));  // Thursday + 2 working days
  EXPECT_EQ(fs::read_file(m_dir / "2020Q3/通报模板.txt").value_or(""),
            "# 注释\n标题：关于通报的通知\n成文日期：2020年10月15日\n整改期限：2020年10月19日\n正文：\n成文日期：正文中的这一行不动\n");
  EXPECT_EQ(m_store.file_history("2020Q3/通报模板.txt").size(), 1u);
}

TEST_F(AppPeriod, ANewPeriodsOwnWindowIsWrittenCheckedAndCounted) {
  // Issue 16: `period new --from --to` writes 考核期.toml; the loaded period counts by it.
  app::PeriodFields fields{Date{2021, 1, 14}, std::nullopt, DateWindow{{2020, 10, 1}, {2021, 1, 9}}};
  auto created = m_ws.create_period({2020, 4}, fields, m_actor);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(fs::read_file(m_dir / "2020Q4/考核期.toml").value_or(""),
            "# 2020Q4 的考核期（统计时间），代替考核方案 [period] 的规定（docs/scheme.md）。\n"
            "from = 2020-10-01\nto = 2021-01-09\n");
  EXPECT_EQ(m_store.file_history("2020Q4/考核期.toml").size(), 1u);
  Diagnostics notes;
  auto loaded = ingest::load_data_dir(m_dir, Period{2020, 4}, notes);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->window().to_string(), "2020-10-01—2021-01-09");
  // A window that misses its period is refused, and nothing is made.
  fields = {Date{2021, 4, 12}, std::nullopt, DateWindow{{2021, 4, 1}, {2021, 4, 30}}};
  auto refused = m_ws.create_period({2021, 1}, fields, m_actor);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("没有一天重合"), std::string::npos) << refused.error().message;
  EXPECT_TRUE(ingest::period_dir(m_dir, {2021, 1}).empty());
}

TEST_F(AppPeriod, DeletingAnEnteredFindingKeepsTheOthers) {
  ASSERT_TRUE(m_ws.add_finding({2020, 3}, {"区商务局", "目录未上传", "第一条", 1}, m_actor));
  ASSERT_TRUE(m_ws.add_finding({2020, 3}, {"区人社局", "目录未上传", "录错了", 2}, m_actor));
  auto rows = m_ws.entered_findings({2020, 3});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  auto deleted = m_ws.delete_finding({2020, 3}, (*rows)[1].line, m_actor);
  ASSERT_TRUE(deleted) << deleted.error().message;
  EXPECT_EQ(deleted->unit, "区人社局");
  rows = m_ws.entered_findings({2020, 3});
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].note, "第一条");
  EXPECT_EQ(m_ws.delete_finding({2020, 3}, 99, m_actor).error().kind, app::ErrorKind::NotFound);
  EXPECT_TRUE(m_ws.load_period({2020, 3})->result.has_value());  // the file still loads
}

} // namespace
} // namespace zwgk
