// 投稿审核 over real HTTP on loopback (server/api_mail.cpp): who sees which message,
// decisions and their checks, and that a decision reaches the assessment (ranking).
// Imports and the CSV: mail_import_api_test.cpp; the server and its messages:
// mail_api_fixture.h.
#include "mail_api_fixture.h"

namespace zwgk::server {
namespace {

using nlohmann::json;
using test_mail::article;
using test_mail::eml;
using test_mail::MailApiTest;
using test_mail::multipart;
using test_mail::row_with;
using test_mail::unit_in;

TEST_F(MailApiTest, AdminListsEveryMessageWithVerdictsAndTotals) {
  auto admin = login("admin");
  auto body = get_json("/api/v1/periods/2020Q3/mail", admin);
  ASSERT_EQ(body["rows"].size(), 4u) << body.dump();
  const json* hr = row_with(body["rows"], "【区人社局】就业服务进社区");
  ASSERT_TRUE(hr);
  EXPECT_EQ((*hr)["verdict"], "计入");
  EXPECT_EQ((*hr)["unit"]["name"], "区人社局");
  EXPECT_EQ((*hr)["attributed_by"], "主题");
  EXPECT_EQ((*hr)["month"], "2020-08");
  EXPECT_EQ((*hr)["received"], "2020-08-10 09:00");
  EXPECT_EQ((*hr)["pictures"], 1);
  EXPECT_GE((*hr)["characters"].get<int>(), 400);
  const json* nobody = row_with(body["rows"], "政务公开稿件");
  ASSERT_TRUE(nobody);
  EXPECT_EQ((*nobody)["verdict"], "未归属");
  EXPECT_TRUE((*nobody)["unit"].is_null());
  EXPECT_TRUE((*nobody)["needs_attention"].get<bool>());
  const json* shortone = row_with(body["rows"], "【区人社局】简讯");
  ASSERT_TRUE(shortone);
  EXPECT_EQ((*shortone)["verdict"], "不合格");
  EXPECT_FALSE((*shortone)["reason"].get<std::string>().empty());

  const auto& summary = body["summary"];
  EXPECT_EQ(summary["total"], 4);
  EXPECT_EQ(summary["verdicts"]["计入"], 2);
  EXPECT_EQ(summary["verdicts"]["未归属"], 1);
  EXPECT_EQ(summary["verdicts"]["不合格"], 1);
  EXPECT_EQ(summary["tabs"]["不计入"], 2);
  const json* hr_total = unit_in(summary["counted_by_unit"], "区人社局");
  ASSERT_TRUE(hr_total) << summary.dump();
  EXPECT_EQ((*hr_total)["months"], json::array({0, 1, 0}));

  auto unassigned = get_json("/api/v1/periods/2020Q3/mail?show=未归属", admin);
  ASSERT_EQ(unassigned["rows"].size(), 1u);
  EXPECT_EQ(unassigned["rows"][0]["subject"], "政务公开稿件");
  auto one_unit = get_json("/api/v1/periods/2020Q3/mail?unit=区人社局", admin);
  EXPECT_EQ(one_unit["rows"].size(), 2u);
  EXPECT_EQ(send("GET", "/api/v1/periods/2020Q3/mail?show=随便", &admin)->status, 400);
  EXPECT_EQ(send("GET", "/api/v1/periods/2020Q3/mail?unit=区人社", &admin)->status, 404);

  auto detail = get_json("/api/v1/mail/" + std::to_string(id_of("【区人社局】就业服务进社区")), admin);
  EXPECT_NE(detail["mail"]["text"].get<std::string>().find("就业服务进社区活动"), std::string::npos);
  EXPECT_EQ(detail["mail"]["attachments"], json::array({"photo.jpg"}));
  EXPECT_EQ(detail["mail"]["message_id"], "rsj-1@test");
  EXPECT_EQ(send("GET", "/api/v1/mail/9999", &admin)->status, 404);
}

TEST_F(MailApiTest, AUnitUserSeesOnlyItsOwnMessages) {
  auto unit = login("shangwu");
  auto body = get_json("/api/v1/periods/2020Q3/mail", unit);
  ASSERT_EQ(body["rows"].size(), 1u) << body.dump();
  EXPECT_EQ(body["rows"][0]["subject"], "【区商务局】促消费活动");
  EXPECT_EQ(body["summary"]["total"], 1);
  EXPECT_EQ(get_json("/api/v1/periods/2020Q3/mail?show=未归属", unit)["rows"].size(), 0u);
  EXPECT_EQ(send("GET", "/api/v1/periods/2020Q3/mail?unit=区人社局", &unit)->status, 403);
  get_json("/api/v1/mail/" + std::to_string(id_of("【区商务局】促消费活动")), unit, 200);
  EXPECT_EQ(send("GET", "/api/v1/mail/" + std::to_string(id_of("【区人社局】就业服务进社区")), &unit)->status, 403);
  EXPECT_EQ(send("GET", "/api/v1/mail/" + std::to_string(id_of("政务公开稿件")), &unit)->status, 403);
  auto csv = send("GET", "/api/v1/periods/2020Q3/mail.csv", &unit);
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->body.find("区人社局"), std::string::npos);
  // Reading only: no decisions, no imports.
  auto decided = send("POST", "/api/v1/mail/" + std::to_string(id_of("【区商务局】促消费活动")) + "/decisions", &unit,
                      json{{"set", {{"核实", "是"}}}, {"reason", "看过"}}.dump());
  EXPECT_EQ(decided->status, 403);
  EXPECT_TRUE(m_mail.mail_decisions().empty());
}

TEST_F(MailApiTest, ViewersAndStrangersGetNothing) {
  auto viewer = login("leader");
  EXPECT_EQ(send("GET", "/api/v1/periods/2020Q3/mail", &viewer)->status, 403);
  EXPECT_EQ(send("GET", "/api/v1/periods/2020Q3/mail.csv", &viewer)->status, 403);
  EXPECT_EQ(send("GET", "/api/v1/mail/1", &viewer)->status, 403);
  EXPECT_EQ(send("GET", "/api/v1/periods/2020Q3/mail", nullptr)->status, 401);
  EXPECT_EQ(send("GET", "/api/v1/mail/1", nullptr)->status, 401);
  EXPECT_EQ(send("POST", "/api/v1/mail/1/decisions", nullptr, json{{"set", {{"核实", "是"}}}, {"reason", "x"}}.dump())->status,
            401);
}

TEST_F(MailApiTest, AssigningAnUnassignedMessageChangesTheAssessment) {
  auto admin = login("admin");
  auto finance = [&] {
    auto ranking = get_json("/api/v1/periods/2020Q3/ranking", admin);
    const json* u = unit_in(ranking["units"], "区财政局");
    return u ? *u : json();
  };
  const json before = finance();
  ASSERT_EQ(before["submissions"], json::array({0, 0, 0})) << before.dump();

  const auto id = id_of("政务公开稿件");
  auto res = send("POST", "/api/v1/mail/" + std::to_string(id) + "/decisions", &admin,
                  json{{"set", {{"单位", "区财政"}}}, {"reason", "电话核实，是区财政局的稿件"}}.dump());
  ASSERT_EQ(res->status, 422) << res->body;  // 区财政 is not a name: the nearest is suggested
  EXPECT_NE(res->body.find("区财政局"), std::string::npos) << res->body;

  res = send("POST", "/api/v1/mail/" + std::to_string(id) + "/decisions", &admin,
             json{{"set", {{"单位", "区财政局"}}}, {"reason", "电话核实，是区财政局的稿件"}}.dump());
  ASSERT_EQ(res->status, 200) << res->body;
  auto row = json::parse(res->body)["mail"];
  EXPECT_EQ(row["verdict"], "计入");
  EXPECT_EQ(row["unit"]["name"], "区财政局");
  EXPECT_EQ(row["attributed_by"], "人工指定");
  ASSERT_EQ(row["decisions"].size(), 1u);
  EXPECT_EQ(row["decisions"][0]["user"], "admin");
  EXPECT_EQ(row["decisions"][0]["field"], "单位");
  EXPECT_EQ(row["decisions"][0]["reason"], "电话核实，是区财政局的稿件");

  auto list = get_json("/api/v1/periods/2020Q3/mail", admin);
  const json* counted = unit_in(list["summary"]["counted_by_unit"], "区财政局");
  ASSERT_TRUE(counted) << list["summary"].dump();
  EXPECT_EQ((*counted)["months"], json::array({0, 0, 1}));
  EXPECT_EQ(list["summary"]["verdicts"]["未归属"], 0);

  // The assessment: the workspace notices the ledger's change within its recheck (1 s).
  json after;
  for (int i = 0; i < 40; ++i) {
    after = finance();
    if (after["submissions"] != before["submissions"]) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(after["submissions"], json::array({0, 0, 1})) << after.dump();
  EXPECT_NE(after["total"], before["total"]);

  auto audit = get_json("/api/v1/audit", admin)["entries"];
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0]["action"], "审核邮件");
  EXPECT_EQ(audit[0]["target"], "邮件#" + std::to_string(id));
  EXPECT_NE(audit[0]["detail"].get<std::string>().find("单位：区财政局"), std::string::npos);

  auto detail = get_json("/api/v1/mail/" + std::to_string(id), admin);
  EXPECT_EQ(detail["mail"]["decisions"].size(), 1u);
}

TEST_F(MailApiTest, AnInvalidDecisionStoresNothing) {
  auto admin = login("admin");
  const std::string path = "/api/v1/mail/" + std::to_string(id_of("【区人社局】简讯")) + "/decisions";
  auto res = send("POST", path, &admin,
                  json{{"set", {{"字数", "很多"}, {"切题", "是"}, {"颜色", "红"}}}, {"reason", "人工数字数"}}.dump());
  ASSERT_EQ(res->status, 422) << res->body;
  auto body = json::parse(res->body);
  EXPECT_EQ(body["problems"].size(), 2u) << res->body;
  EXPECT_TRUE(m_mail.mail_decisions().empty());

  res = send("POST", path, &admin, json{{"set", {{"字数", 650}}}, {"reason", "  "}}.dump());
  ASSERT_EQ(res->status, 422) << res->body;
  EXPECT_NE(res->body.find("理由"), std::string::npos);
  res = send("POST", path, &admin, json{{"set", {{"字数", 650}}}}.dump());
  EXPECT_EQ(res->status, 422);
  res = send("POST", path, &admin, json{{"set", json::object()}, {"reason", "看过"}}.dump());
  EXPECT_EQ(res->status, 422);
  res = send("POST", path, &admin, json{{"set", {{"字数", 650}}}, {"reason", "人工数字数"}}.dump(), "application/json",
             /*with_csrf=*/false);
  EXPECT_EQ(res->status, 403);
  EXPECT_TRUE(m_mail.mail_decisions().empty());

  // Numbers may be JSON numbers; the short message then fails only on pictures.
  res = send("POST", path, &admin, json{{"set", {{"字数", 650}}}, {"reason", "附件中的正文另计"}}.dump());
  ASSERT_EQ(res->status, 200) << res->body;
  auto row = json::parse(res->body)["mail"];
  EXPECT_EQ(row["characters"], 650);
  EXPECT_EQ(row["verdict"], "不合格");
  EXPECT_EQ(m_mail.mail_decisions().size(), 1u);
}

} // namespace
} // namespace zwgk::server
