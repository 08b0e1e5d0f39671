// 季度 over real HTTP (issue 14, items 1-5): creating a period with its
// bulletin fields (the deadline proposed from the working-day calendar),
// a period without data being 未开始 and not the default, editing the fields,
// deleting an entered finding, 公示 and 下载 refused with every reason, and
// 撤回公示 inside the contest window.
#include "workspace_fixture.h"

#include "fs/files.h"

#include <nlohmann/json.hpp>

namespace zwgk::server {
namespace {

using nlohmann::json;

class PeriodApiTest : public test_http::WorkspaceServer {
protected:
  void SetUp() override {
    test_http::WorkspaceServer::SetUp();
    // 2021-01-20 10:00 CST: after the example's quarter, inside 2021's calendar.
    m_now = 1'611'108'000;
    start();
    admin = login("admin");
  }

  json call(const std::string& method, const std::string& path, const json& body, int expected) {
    return call_as(admin, method, path, body, expected);
  }

  std::string template_text(const std::string& period) {
    return fs::read_file(m_dir / period / "通报模板.txt").value_or("");
  }

  test_http::Session admin;
};

TEST_F(PeriodApiTest, CreatedPeriodIsNotStartedAndNotTheDefault) {
  auto proposal = call("GET", "/api/v1/period-deadline?period=2020Q4&published=2021-01-14", nullptr, 200);
  EXPECT_EQ(proposal["deadline"], "2021-01-18");  // 2 working days (the scheme's) after a Thursday
  auto created = call("POST", "/api/v1/periods", {{"period", "2020Q4"}, {"published", "2021-01-14"}}, 201);
  EXPECT_EQ(created["id"], "2020Q4");
  EXPECT_EQ(created["status"], "未开始");
  EXPECT_EQ(created["has_data"], false);
  EXPECT_EQ(created["fields"]["deadline"], "2021-01-18");
  EXPECT_NE(template_text("2020Q4").find("成文日期：2021年1月14日\n整改期限：2021年1月18日"), std::string::npos);

  auto periods = call("GET", "/api/v1/periods", nullptr, 200);
  EXPECT_EQ(periods["latest"], "2020Q3");
  ASSERT_EQ(periods["periods"].size(), 2u);
  EXPECT_EQ(periods["periods"][0]["status"], "进行中");
  EXPECT_EQ(periods["periods"][1]["status"], "未开始");
  // Its ranking says 未开始 instead of every unit at the quota's deduction.
  auto ranking = call("GET", "/api/v1/periods/2020Q4/ranking", nullptr, 409);
  EXPECT_EQ(ranking["status"], "未开始");

  // Audited, and the file's version recorded.
  auto audit = m_store.audit(0, 10);
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0].action, "新建季度");
  EXPECT_EQ(audit[0].detail, "成文日期 2021-01-14，整改期限 2021-01-18（按工作日历推算）");
  EXPECT_EQ(m_store.file_history("2020Q4/通报模板.txt").size(), 1u);
}

TEST_F(PeriodApiTest, CreateRefusesAnExistingPeriodAMalformedIdAndAMissingCalendar) {
  auto existing = call("POST", "/api/v1/periods", {{"period", "2020Q3"}, {"published", "2020-10-14"}}, 409);
  EXPECT_EQ(existing["error"], "季度 2020Q3 已经存在（文件夹“2020Q3”），不能重复新建");
  auto malformed = call("POST", "/api/v1/periods", {{"period", "2020Q5"}, {"published", "2021-01-14"}}, 422);
  EXPECT_EQ(malformed["error"], "季度“2020Q5”写法不对：应写成年份加季度，如 2020Q4（按月考核写 2020-08，半年写 2020H1，全年写 2020）");
  auto no_calendar = call("POST", "/api/v1/periods", {{"period", "2022Q1"}, {"published", "2022-04-10"}}, 422);
  EXPECT_EQ(no_calendar["error"],
            "缺少 2022 年的工作日历（日历/2022.toml），不能确定 2022Q1 的整改期限：请先把日历文件放进数据目录的“日历”文件夹");
  EXPECT_FALSE(std::filesystem::exists(m_dir / "2022Q1"));
  // A viewer may not.
  auto leader = login("leader");
  auto res = send("POST", "/api/v1/periods", &leader, json{{"period", "2020Q4"}, {"published", "2021-01-14"}}.dump());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
}

TEST_F(PeriodApiTest, CreateWithItsOwnWindowWritesAndAuditsIt) {
  // Issue 16: from and to together, or neither.
  auto half = call("POST", "/api/v1/periods", {{"period", "2020Q4"}, {"published", "2021-01-14"}, {"from", "2020-10-01"}}, 422);
  EXPECT_EQ(half["error"], "考核期的第一天和最后一天要一起填写（都不填时按考核方案）");
  auto created = call("POST", "/api/v1/periods",
                      {{"period", "2020Q4"}, {"published", "2021-01-14"}, {"from", "2020-10-01"}, {"to", "2021-01-09"}}, 201);
  EXPECT_EQ(created["id"], "2020Q4");
  EXPECT_EQ(m_store.file_history("2020Q4/考核期.toml").size(), 1u);
  EXPECT_EQ(m_store.audit(0, 1)[0].detail,
            "成文日期 2021-01-14，整改期限 2021-01-18（按工作日历推算），考核期 2020-10-01—2021-01-09");
}

TEST_F(PeriodApiTest, BulletinFieldsAreEditableAndKeepTheRestOfTheTemplate) {
  std::string text = template_text("2020Q3");
  // The clerk's case: the deadline line lost.
  fs::write_files_atomically({{m_dir / "2020Q3/通报模板.txt", "# 说明\n成文日期：2020年10月14日\n"}});
  auto saved = call("PUT", "/api/v1/periods/2020Q3/fields", {{"published", "2020-10-15"}, {"deadline", "2020-10-23"}}, 200);
  EXPECT_EQ(saved["deadline"], "2020-10-23");
  EXPECT_EQ(template_text("2020Q3"), "# 说明\n成文日期：2020年10月15日\n整改期限：2020年10月23日\n");
  auto fields = call("GET", "/api/v1/periods/2020Q3/fields", nullptr, 200);
  EXPECT_EQ(fields["published"], "2020-10-15");
  auto bad = call("PUT", "/api/v1/periods/2020Q3/fields", {{"published", "2020-10-15"}, {"deadline", "2020-10-01"}}, 422);
  EXPECT_EQ(bad["error"], "整改期限 2020-10-01 早于成文日期 2020-10-15：期限应在通报成文之后");
  EXPECT_EQ(m_store.audit(0, 1)[0].action, "修改通报日期");
}

TEST_F(PeriodApiTest, DraftOfAnEmptyQuarterIsRefusedWithTheReasons) {
  call("POST", "/api/v1/periods", {{"period", "2020Q4"}, {"published", "2021-01-14"}}, 201);
  auto refused = call("POST", "/api/v1/periods/2020Q4/rectification/draft", json::object(), 409);
  ASSERT_TRUE(refused["reasons"].is_array());
  ASSERT_FALSE(refused["reasons"].empty());
  EXPECT_EQ(refused["reasons"][0], "2020Q4 还没有任何数据文件（未开始）：请先在“数据录入”中上传数据文件或录入检查问题");
  EXPECT_TRUE(m_server != nullptr);
  auto readiness = call("GET", "/api/v1/periods/2020Q4/readiness", nullptr, 200);
  EXPECT_EQ(readiness["ready"], false);
  EXPECT_EQ(readiness["reasons"], refused["reasons"]);
  auto state = call("GET", "/api/v1/periods/2020Q4/rectification", nullptr, 200);
  EXPECT_EQ(std::count(state["period_actions"].begin(), state["period_actions"].end(), "draft"), 0);
  EXPECT_EQ(state["draft_blockers"], refused["reasons"]);
  // 下载 too, with the same list.
  auto download = call("GET", "/api/v1/periods/2020Q4/bulletin/%E9%80%9A%E6%8A%A5.docx", nullptr, 422);
  EXPECT_EQ(download["reasons"], refused["reasons"]);
  // The example quarter is ready.
  EXPECT_EQ(call("GET", "/api/v1/periods/2020Q3/readiness", nullptr, 200)["reasons"], json::array());
}

TEST_F(PeriodApiTest, DownloadRefusedWithTheTemplateProblem) {
  fs::write_files_atomically({{m_dir / "2020Q3/通报模板.txt", "整改期限：2020年10月16日\n"}});
  auto refused = call("GET", "/api/v1/periods/2020Q3/bulletin/%E9%80%9A%E6%8A%A5.docx", nullptr, 422);
  ASSERT_TRUE(refused["reasons"].is_array());
  EXPECT_EQ(refused["reasons"][0], "2020Q3 的通报模板没有写成文日期：请在“发布”页点“修改通报日期”填写");
}

TEST_F(PeriodApiTest, EnteredFindingIsDeletedWithItsVersionKeptAndAudited) {
  // 区商务局's 目录未上传 is in 检查.csv already: another type.
  call("POST", "/api/v1/periods/2020Q3/findings", {{"unit", "区商务局"}, {"code", "表格混乱"}, {"quantity", 1}}, 201);
  call("POST", "/api/v1/periods/2020Q3/findings", {{"unit", "区人社局"}, {"code", "目录未上传"}, {"quantity", 2}, {"note", "录错了"}}, 201);
  auto entered = call("GET", "/api/v1/periods/2020Q3/findings/entered", nullptr, 200);
  ASSERT_EQ(entered["findings"].size(), 2u);
  EXPECT_EQ(entered["findings"][1]["unit"], "区人社局");
  const int line = entered["findings"][1]["line"];
  auto deleted = call("DELETE", "/api/v1/periods/2020Q3/findings/" + std::to_string(line), json::object(), 200);
  EXPECT_EQ(deleted["deleted"]["note"], "录错了");
  entered = call("GET", "/api/v1/periods/2020Q3/findings/entered", nullptr, 200);
  ASSERT_EQ(entered["findings"].size(), 1u);
  EXPECT_EQ(entered["findings"][0]["unit"], "区商务局");
  EXPECT_EQ(m_store.file_history("2020Q3/检查-在线录入.csv").size(), 3u);  // two entries, one deletion
  EXPECT_EQ(m_store.audit(0, 1)[0].action, "删除检查问题");
  EXPECT_NE(m_store.audit(0, 1)[0].detail.find("区人社局 目录未上传 × 2：录错了"), std::string::npos);
  // The same line again: gone.
  call("POST", "/api/v1/periods/2020Q3/findings/" + std::to_string(line) + "/delete", nullptr, 404);
}

TEST_F(PeriodApiTest, DraftIsWithdrawnInsideTheWindowAndMayFollowAgain) {
  m_now = 1'602'640'800;  // 2020-10-14 10:00 CST
  call("POST", "/api/v1/periods/2020Q3/rectification/draft", json::object(), 200);
  auto state = call("GET", "/api/v1/periods/2020Q3/rectification", nullptr, 200);
  EXPECT_NE(std::count(state["period_actions"].begin(), state["period_actions"].end(), "withdraw_draft"), 0);
  EXPECT_EQ(call("GET", "/api/v1/periods", nullptr, 200)["periods"][0]["status"], "已公示");
  call("POST", "/api/v1/periods/2020Q3/rectification/withdraw_draft", json::object(), 422);  // a reason is required
  auto withdrawn = call("POST", "/api/v1/periods/2020Q3/rectification/withdraw_draft", {{"text", "成文日期有误"}}, 200);
  EXPECT_TRUE(withdrawn["state"]["draft"].is_null());
  EXPECT_FALSE(withdrawn["state"]["draft_withdrawn"].is_null());
  EXPECT_EQ(call("GET", "/api/v1/periods", nullptr, 200)["periods"][0]["status"], "进行中");
  EXPECT_EQ(m_store.audit(0, 1)[0].action, "撤回公示");
  call("POST", "/api/v1/periods/2020Q3/rectification/draft", json::object(), 200);
}

} // namespace
} // namespace zwgk::server
