// 投稿审核 over real HTTP on loopback (server/api_mail.cpp): a server over a
// copy of the example without its 投稿.csv, so every submission comes from
// the mail ledger, which the test seeds through the Importer with messages
// built here. Who sees which message, decisions and their checks, imports
// and the CSV, and that a decision reaches the assessment (ranking).
#include "auth/password.h"
#include "mailbox/importer.h"
#include "server/server.h"
#include "http_session.h"
#include "store/memory_mail_store.h"
#include "store/memory_store.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

namespace zwgk::server {
namespace {

using nlohmann::json;

// An article of more than 400 characters, different for every `seed`.
std::string article(const std::string& seed) {
  std::string text = seed + "。\n";
  for (int i = 0; i < 12; ++i) text += "本单位认真落实政务公开工作要求，及时主动公开各类政府信息，回应社会关切。\n";
  return text;
}

// One message as an office mail server delivers it: Received header (CST),
// a UTF-8 text part and, when `picture`, a JPEG attachment.
std::string eml(const std::string& message_id, const std::string& from, const std::string& subject,
                const std::string& received, const std::string& text, bool picture = true) {
  const std::string boundary = "zwgk-test-boundary";
  std::string out = "Received: from mx.example.gov.cn by mail.zwgk.example.gov.cn;\r\n " + received + "\r\n";
  out += "From: <" + from + ">\r\nTo: zwgk@linzi.gov.cn\r\nSubject: " + subject + "\r\nDate: " + received +
         "\r\nMessage-ID: <" + message_id + ">\r\nMIME-Version: 1.0\r\n";
  out += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "--" + boundary + "\r\nContent-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
         text + "\r\n";
  if (picture)
    out += "--" + boundary +
           "\r\nContent-Type: image/jpeg\r\nContent-Transfer-Encoding: base64\r\n"
           "Content-Disposition: attachment; filename=\"photo.jpg\"\r\n\r\n/9j/4AAQSkZJRgABAQAAAQABAAD/2Q==\r\n";
  return out + "--" + boundary + "--\r\n";
}

class MailApiTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("zwgk-mail-api-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::copy(std::filesystem::path(ZWGK_SOURCE_DIR) / "examples/linzi-2020q3", m_dir,
                          std::filesystem::copy_options::recursive);
    std::filesystem::remove(m_dir / "2020Q3/投稿.csv");  // submissions come from the mail ledger only
    add_user("admin", store::Role::Admin, "");
    add_user("shangwu", store::Role::Unit, "区商务局");
    add_user("leader", store::Role::Viewer, "");
    seed();
    ServerOptions options{m_dir, "127.0.0.1", 0, auth::HashCost::MinimumForTests, [this] { return m_now.load(); },
                          ProxyHeaders::Ignore};
    m_server = Server::with_store(options, m_store, m_mail);
    auto port = m_server->bind();
    ASSERT_TRUE(port) << port.error();
    m_port = *port;
    m_thread = std::thread([this] { m_server->run(); });
  }

  void TearDown() override {
    m_server->stop();
    m_thread.join();
    std::filesystem::remove_all(m_dir);
  }

  // Four messages: 区人社局 (counts, August), 区商务局 (counts, September),
  // one nobody can attribute (September) and a short one of 区人社局 (rejected).
  void seed() {
    mailbox::Importer importer(m_mail, "测试", m_now.load());
    const std::vector<std::pair<std::string, std::string>> messages{
        {"1.eml", eml("rsj-1@test", "xinxi@qq.com", "【区人社局】就业服务进社区", "Mon, 10 Aug 2020 09:00:00 +0800",
                      article("区人社局开展就业服务进社区活动"))},
        {"2.eml", eml("swj-1@test", "swj@163.com", "【区商务局】促消费活动", "Sat, 05 Sep 2020 10:00:00 +0800",
                      article("区商务局开展促消费活动"))},
        {"3.eml", eml("who-1@test", "someone@qq.com", "政务公开稿件", "Tue, 08 Sep 2020 15:30:00 +0800",
                      article("区财政局公开部门预算"))},
        {"4.eml", eml("rsj-2@test", "xinxi@qq.com", "【区人社局】简讯", "Wed, 09 Sep 2020 08:00:00 +0800",
                      "社保卡服务网点调整。", false)},
    };
    for (const auto& [origin, bytes] : messages) ASSERT_TRUE(importer.add({bytes, origin, std::nullopt}));
    ASSERT_TRUE(importer.flush());
    ASSERT_EQ(importer.tally().added, 4u);
  }

  void add_user(const std::string& name, store::Role role, const std::string& unit) {
    auto hash = auth::hash_password(password_of(name), auth::HashCost::MinimumForTests);
    ASSERT_TRUE(m_store.add_user({0, name, role, unit, *hash, 0, false}));
  }
  static std::string password_of(const std::string& name) { return test_http::password_of(name); }

  using Session = test_http::Session;
  Session login(const std::string& name) { return test_http::login(m_port, name); }
  httplib::Result send(const std::string& method, const std::string& path, const Session* session,
                       const std::string& body = {}, const std::string& type = "application/json",
                       bool with_csrf = true) {
    return test_http::send(m_port, method, path, session, body, type, with_csrf);
  }

  json get_json(const std::string& path, const Session& session, int status = 200) {
    auto res = send("GET", path, &session);
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, status) << path << ": " << res->body;
    return json::parse(res->body, nullptr, false);
  }

  // The id of the message with this subject, from the ledger.
  std::int64_t id_of(const std::string& subject) {
    for (const auto& m : m_mail.mail_messages())
      if (m.subject == subject) return m.id;
    ADD_FAILURE() << "no message " << subject;
    return 0;
  }

  std::filesystem::path m_dir;
  store::MemoryStore m_store;
  store::MemoryMailStore m_mail{m_store};
  std::atomic<std::int64_t> m_now{1'600'000'000};
  std::unique_ptr<Server> m_server;
  std::thread m_thread;
  int m_port = 0;
};

std::string multipart(const std::vector<std::pair<std::string, std::string>>& files, std::string& type) {
  const std::string boundary = "zwgkMailBoundary7MA4YWxkTrZu0gW";
  type = "multipart/form-data; boundary=" + boundary;
  std::string out;
  for (const auto& [name, content] : files)
    out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name +
           "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n";
  return out + "--" + boundary + "--\r\n";
}

const json* row_with(const json& rows, const std::string& subject) {
  for (const auto& r : rows)
    if (r["subject"] == subject) return &r;
  return nullptr;
}

const json* unit_in(const json& units, const std::string& name) {
  for (const auto& u : units)
    if (u["name"] == name || u.value("short_name", "") == name) return &u;
  return nullptr;
}

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

TEST_F(MailApiTest, ImportingTheSameFilesTwiceAddsNothingTheSecondTime) {
  auto admin = login("admin");
  const std::string one = eml("new-1@test", "a@qq.com", "【区商务局】夜市开市", "Thu, 20 Aug 2020 19:00:00 +0800",
                              article("区商务局夜市开市"));
  const std::string two = eml("new-2@test", "b@qq.com", "【朱台镇】秋收", "Mon, 21 Sep 2020 08:00:00 +0800",
                              article("朱台镇秋收"));
  const std::string three = eml("new-3@test", "c@qq.com", "【区商务局】十月稿件", "Thu, 08 Oct 2020 08:00:00 +0800",
                                article("区商务局十月稿件"));
  const std::string mbox = "From a@qq.com Mon Sep 21 08:00:00 2020\n" + two + "\nFrom c@qq.com Thu Oct 8 08:00:00 2020\n" +
                           three;
  std::string type;
  const std::string body = multipart({{"夜市.eml", one}, {"收件箱.mbox", mbox}}, type);
  auto res = send("POST", "/api/v1/mail/import", &admin, body, type);
  ASSERT_EQ(res->status, 200) << res->body;
  auto tally = json::parse(res->body);
  EXPECT_EQ(tally["read"], 3);
  EXPECT_EQ(tally["added"], 3);
  EXPECT_EQ(tally["existing"], 0);
  EXPECT_TRUE(tally["problems"].empty());
  // The October message waits for a 2020Q4 folder, which the workspace does not make (as the CLI does not).
  EXPECT_FALSE(std::filesystem::exists(m_dir / "2020Q4"));
  ASSERT_EQ(tally["waiting"].size(), 1u) << res->body;
  EXPECT_EQ(tally["waiting"][0]["period"], "2020Q4");
  EXPECT_EQ(tally["waiting"][0]["count"], 1);

  res = send("POST", "/api/v1/mail/import", &admin, body, type);
  ASSERT_EQ(res->status, 200) << res->body;
  tally = json::parse(res->body);
  EXPECT_EQ(tally["read"], 3);
  EXPECT_EQ(tally["added"], 0);
  EXPECT_EQ(tally["existing"], 3);
  EXPECT_EQ(m_mail.mail_messages().size(), 7u);

  auto list = get_json("/api/v1/periods/2020Q3/mail", admin);
  EXPECT_EQ(list["rows"].size(), 6u);  // the October message belongs to 2020Q4
  EXPECT_TRUE(row_with(list["rows"], "【朱台镇】秋收"));
  auto audit = get_json("/api/v1/audit", admin)["entries"];
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0]["action"], "导入邮件");
  EXPECT_EQ(audit[0]["target"], "夜市.eml、收件箱.mbox");
  EXPECT_NE(audit[0]["detail"].get<std::string>().find("新增 0 封"), std::string::npos);

  EXPECT_EQ(send("POST", "/api/v1/mail/import", &admin, multipart({{"网站发布.csv", "a,b\r\n"}}, type), type)->status, 400);
  EXPECT_EQ(send("POST", "/api/v1/mail/import", &admin, body, type, /*with_csrf=*/false)->status, 403);
  auto unit = login("shangwu");
  EXPECT_EQ(send("POST", "/api/v1/mail/import", &unit, body, type)->status, 403);
}

TEST_F(MailApiTest, Issue12_ImportSplitsAndWarnsAsTheCommandLineDoes) {
  auto admin = login("admin");
  const std::string two = eml("split-2@test", "a@qq.com", "【朱台镇】秋收", "Mon, 21 Sep 2020 08:00:00 +0800",
                              article("朱台镇秋收"));
  const std::string three = eml("split-3@test", "c@qq.com", "【区商务局】九月稿件", "Tue, 22 Sep 2020 08:00:00 +0800",
                                article("区商务局九月稿件"));
  // A BOM, and no empty line before the second "From " line: two messages (issues 12 and 13).
  const std::string mbox = "\xEF\xBB\xBF" "From a@qq.com Mon Sep 21 08:00:00 2020\n" + two +
                           "From c@qq.com Tue Sep 22 08:00:00 2020\n" + three;
  std::string type;
  auto res = send("POST", "/api/v1/mail/import", &admin, multipart({{"收件箱.mbox", mbox}, {"合并.eml", mbox}}, type), type);
  ASSERT_EQ(res->status, 200) << res->body;
  auto tally = json::parse(res->body);
  EXPECT_EQ(tally["read"], 3);
  EXPECT_EQ(tally["added"], 2);
  EXPECT_EQ(tally["existing"], 1);  // the .eml is one message: the first one's Message-ID
  ASSERT_EQ(tally["warnings"].size(), 1u) << res->body;  // the .eml holding both
  EXPECT_TRUE(tally["warnings"][0].get<std::string>().starts_with("“合并.eml”作为一封邮件读取")) << res->body;
  EXPECT_NE(tally["summary"].get<std::string>().find("警告 1 条"), std::string::npos);

  res = send("POST", "/api/v1/mail/import", &admin, multipart({{"区司法局.msg", "\xD0\xCF\x11\xE0"}}, type), type);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("在 Outlook 中另存为 .eml 或导出为 mbox"), std::string::npos) << res->body;
}

TEST_F(MailApiTest, TheCsvHasTheColumnsOfTheCommandLine) {
  auto admin = login("admin");
  auto res = send("GET", "/api/v1/periods/2020Q3/mail.csv?show=计入", &admin);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_NE(res->get_header_value("Content-Type").find("text/csv"), std::string::npos);
  EXPECT_NE(res->get_header_value("Content-Disposition").find("attachment"), std::string::npos);
  ASSERT_TRUE(res->body.starts_with("\xEF\xBB\xBF编号,收到时间,单位,归属依据,发件人,标题,字数,图片数,切题,结论,原因,提示,待核实,来源\r\n"))
      << res->body.substr(0, 200);
  std::size_t lines = 0;
  for (char c : res->body) lines += c == '\n';
  EXPECT_EQ(lines, 3u);  // header and the two counted messages
  EXPECT_NE(res->body.find("区人社局"), std::string::npos);
}

} // namespace
} // namespace zwgk::server
