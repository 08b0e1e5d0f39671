// 整改 and 年度 over real HTTP on loopback (server/api_followup.cpp,
// api_year.cpp): a server over a copy of the example with the test's own
// [rectification] rules and 2020 calendar, an in-memory follow-up ledger the
// test can read, and a clock the test sets (2020-10-15 10:00 unless said
// otherwise: the bulletin of 2020-10-14 asks for fixes by 2020-10-16).
// Who may do what on every route, reply → verify, reject, the contest
// window around 公示 and 定稿, a withdrawal reaching the ranking, the
// overdue list, the audit log and the year.
#include "auth/password.h"
#include "server/server.h"
#include "http_session.h"
#include "store/memory_followup_store.h"
#include "store/memory_mail_store.h"
#include "store/memory_store.h"
#include "util/calendar.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace zwgk::server {
namespace {

using nlohmann::json;

// Unix seconds of a CST time such as "2020-10-15 10:00".
std::int64_t at(const char* text) {
  auto t = parse_date_time(text);
  EXPECT_TRUE(t) << text;
  return t->date.days_since_epoch() * 86400 + t->minute_of_day * 60 - 8 * 3600;
}

// The scheme without its own [rectification] and [year] tables, if any.
std::string without_tables(const std::string& toml) {
  std::istringstream in(toml);
  std::string out, line;
  bool skipping = false;
  while (std::getline(in, line)) {
    if (line.starts_with("[")) skipping = line.starts_with("[rectification]") || line.starts_with("[year]");
    if (!skipping) out += line + "\n";
  }
  return out;
}

constexpr const char* k_rules = R"(
[rectification]
findings = true
quota = true
working_days = 2
contest_days = 3
unrectified_penalty = 2
late_penalty = 1

[year]
quarters = "sum"
)";

// National Day 2020 only: 10-01..10-08 off, Sunday 09-27 and Saturday 10-10 worked.
constexpr const char* k_calendar = R"(year = 2020
[[holidays]]
name = "国庆节、中秋节"
from = "2020-10-01"
to = "2020-10-08"
[[workdays]]
date = "2020-09-27"
[[workdays]]
date = "2020-10-10"
)";

const std::string k_item = "/api/v1/periods/2020Q3/rectification/区商务局/目录未上传";
const std::string k_other = "/api/v1/periods/2020Q3/rectification/齐都镇/目录未上传";

class FollowupApiTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("zwgk-followup-api-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::copy(std::filesystem::path(ZWGK_SOURCE_DIR) / "examples/linzi-2020q3", m_dir,
                          std::filesystem::copy_options::recursive);
    std::stringstream scheme;
    scheme << std::ifstream(m_dir / "考核方案.toml").rdbuf();
    std::ofstream(m_dir / "考核方案.toml") << without_tables(scheme.str()) << k_rules;
    std::filesystem::remove_all(m_dir / "日历");
    std::filesystem::create_directories(m_dir / "日历");
    std::ofstream(m_dir / "日历/2020.toml") << k_calendar;
    add_user("admin", store::Role::Admin, "");
    add_user("shangwu", store::Role::Unit, "区商务局");
    add_user("qidu", store::Role::Unit, "齐都镇");
    add_user("leader", store::Role::Viewer, "");
    ServerOptions options{m_dir, "127.0.0.1", 0, auth::HashCost::MinimumForTests, [this] { return m_now.load(); },
                          ProxyHeaders::Ignore};
    m_server = Server::with_store(options, m_store, m_mail, m_followup);
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

  void add_user(const std::string& name, store::Role role, const std::string& unit) {
    auto hash = auth::hash_password(test_http::password_of(name), auth::HashCost::MinimumForTests);
    ASSERT_TRUE(m_store.add_user({0, name, role, unit, *hash, 0, false}));
  }

  using Session = test_http::Session;
  Session login(const std::string& name) { return test_http::login(m_port, name); }
  int status(const std::string& method, const std::string& path, const Session* session, const json& body = json::object(),
             bool with_csrf = true) {
    auto res = test_http::send(m_port, method, path, session, method == "GET" ? "" : body.dump(), "application/json",
                               with_csrf);
    EXPECT_TRUE(res) << path;
    return res ? res->status : 0;
  }
  json call(const std::string& method, const std::string& path, const Session& session, const json& body = json::object(),
            int expected = 200) {
    auto res = test_http::send(m_port, method, path, &session, method == "GET" ? "" : body.dump());
    EXPECT_TRUE(res) << path;
    if (!res) return {};
    EXPECT_EQ(res->status, expected) << method << " " << path << ": " << res->body;
    return json::parse(res->body, nullptr, false);
  }
  json get(const std::string& path, const Session& session) { return call("GET", path, session); }

  const json* item_in(const json& items, const std::string& id) {
    for (const auto& i : items)
      if (i["id"] == id) return &i;
    return nullptr;
  }

  // The audit log without the logins (the tests log in again after moving the clock).
  json follow_audit(const Session& s) {
    json out = json::array();
    const json entries = get("/api/v1/audit", s)["entries"];
    for (const auto& e : entries)
      if (e["action"] != "登录") out.push_back(e);
    return out;
  }

  json ranking_unit(const Session& s, const std::string& name) {
    const json units = get("/api/v1/periods/2020Q3/ranking", s)["units"];
    for (const auto& u : units)
      if (u["name"] == name) return u;
    return {};
  }

  std::filesystem::path m_dir;
  store::MemoryStore m_store;
  store::MemoryMailStore m_mail{m_store};
  store::MemoryFollowupStore m_followup{m_store};
  std::atomic<std::int64_t> m_now{at("2020-10-15 10:00")};
  std::unique_ptr<Server> m_server;
  std::thread m_thread;
  int m_port = 0;
};

std::string multipart(const std::vector<std::tuple<std::string, std::string, std::string>>& parts, std::string& type) {
  const std::string boundary = "zwgkFollowupBoundary7MA4YWxk";
  type = "multipart/form-data; boundary=" + boundary;
  std::string out;
  for (const auto& [name, file_name, content] : parts) {
    out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"";
    if (!file_name.empty()) out += "; filename=\"" + file_name + "\"\r\nContent-Type: application/octet-stream";
    out += "\r\n\r\n" + content + "\r\n";
  }
  return out + "--" + boundary + "--\r\n";
}

const json k_reply{{"text", "已在信息公开专栏补充上传公开事项标准目录"}, {"link", "https://www.linzi.gov.cn/gongkai/swj/mulu.html"}};

TEST_F(FollowupApiTest, TheItemsOfAQuarterWithTheBulletinsDates) {
  auto admin = login("admin");
  auto body = get("/api/v1/periods/2020Q3/rectification", admin);
  EXPECT_EQ(body["published"], "2020-10-14");
  EXPECT_EQ(body["deadline"], "2020-10-16");  // the template's 整改期限
  EXPECT_EQ(body["as_of"], "2020-10-15 10:00");
  EXPECT_TRUE(body["draft"].is_null());
  EXPECT_FALSE(body["contest_open"].get<bool>());
  EXPECT_EQ(body["rules"]["contest_days"], 3);
  // The scheme has a contest window: 定稿 only after 公示 and the window.
  EXPECT_EQ(body["period_actions"], json::array({"draft"}));
  const json* item = item_in(body["items"], "2020Q3/区商务局/目录未上传");
  ASSERT_TRUE(item) << body.dump();
  EXPECT_EQ((*item)["status"], "待整改");
  EXPECT_EQ((*item)["status_code"], "open");
  EXPECT_EQ((*item)["points"], "5");
  EXPECT_EQ((*item)["deadline"], "2020-10-16");
  EXPECT_TRUE(item_in(body["items"], "2020Q3/区商务局/投稿任务")) << "quota = true: the shortfall is an item too";
  EXPECT_EQ(body["total"], body["items"].size());
  EXPECT_EQ(body["counts"][0]["name"], "待整改");
  EXPECT_EQ(body["counts"][0]["count"], body["total"]);

  auto unit = login("shangwu");
  auto mine = get("/api/v1/periods/2020Q3/rectification", unit);
  ASSERT_EQ(mine["items"].size(), 2u) << mine.dump();  // only 区商务局's, whatever ?unit= says
  for (const auto& i : mine["items"]) EXPECT_EQ(i["unit"]["name"], "区商务局");
  EXPECT_FALSE(mine.contains("period_actions"));
  EXPECT_EQ(get("/api/v1/periods/2020Q3/rectification?unit=区商务局", unit)["items"].size(), 2u);

  auto qidu = get("/api/v1/periods/2020Q3/rectification?unit=齐都镇", admin)["items"];
  ASSERT_EQ(qidu.size(), 2u) << qidu.dump();  // its finding and its quota shortfall
  for (const auto& i : qidu) EXPECT_EQ(i["unit"]["name"], "齐都镇");
  EXPECT_EQ(get("/api/v1/periods/2020Q3/rectification?status=待整改", admin)["items"].size(), body["items"].size());
  EXPECT_EQ(get("/api/v1/periods/2020Q3/rectification?status=done", admin)["items"].size(), 0u);
  EXPECT_EQ(status("GET", "/api/v1/periods/2020Q3/rectification?status=随便", &admin), 400);
  EXPECT_EQ(status("GET", "/api/v1/periods/2020Q3/rectification?unit=区商务", &admin), 404);
  EXPECT_EQ(status("GET", "/api/v1/periods/2019Q1/rectification", &admin), 404);
  EXPECT_EQ(status("GET", "/api/v1/periods/2020Q3/rectification/区商务局/表格混乱", &admin), 404);
}

TEST_F(FollowupApiTest, EveryRouteChecksWhoIsAsking) {
  auto admin = login("admin");
  auto unit = login("shangwu");
  auto other = login("qidu");
  auto viewer = login("leader");
  const std::vector<std::string> reads{"/api/v1/periods/2020Q3/rectification", k_item, k_item + "/evidence/1",
                                       "/api/v1/rectification/overdue"};
  for (const auto& path : reads) {
    EXPECT_EQ(status("GET", path, nullptr), 401) << path;
    EXPECT_EQ(status("GET", path, &viewer), 403) << path;
  }
  EXPECT_EQ(status("GET", "/api/v1/periods/2020Q3/rectification?unit=齐都镇", &unit), 403);
  EXPECT_EQ(status("GET", k_item, &unit), 200);
  EXPECT_EQ(status("GET", k_item, &other), 403);
  EXPECT_EQ(status("GET", k_item, &admin), 200);
  EXPECT_EQ(status("GET", k_item + "/evidence/1", &other), 403);
  EXPECT_EQ(status("GET", k_item + "/evidence/1", &unit), 404);  // no such file (yet)
  EXPECT_EQ(status("GET", "/api/v1/rectification/overdue?unit=齐都镇", &unit), 403);

  // Writing: no login 401, no CSRF 403, viewers 403, units only their own items and only reply/contest.
  for (const char* action : {"reply", "verify", "reject", "contest", "uphold", "withdraw"}) {
    const std::string path = k_item + "/" + action;
    EXPECT_EQ(status("POST", path, nullptr, k_reply), 401) << path;
    EXPECT_EQ(status("POST", path, &admin, k_reply, /*with_csrf=*/false), 403) << path;
    EXPECT_EQ(status("POST", path, &viewer, k_reply), 403) << path;
    EXPECT_EQ(status("POST", path, &other, k_reply), 403) << path;
  }
  for (const char* action : {"verify", "reject", "uphold", "withdraw"})
    EXPECT_EQ(status("POST", k_item + "/" + action, &unit, {{"text", "理由"}}), 403) << action;
  for (const char* kind : {"draft", "final"}) {
    const std::string path = std::string("/api/v1/periods/2020Q3/rectification/") + kind;
    EXPECT_EQ(status("POST", path, nullptr), 401);
    EXPECT_EQ(status("POST", path, &unit), 403);
    EXPECT_EQ(status("POST", path, &viewer), 403);
    EXPECT_EQ(status("POST", path, &admin, json::object(), /*with_csrf=*/false), 403);
  }
  EXPECT_TRUE(m_followup.followup_events().empty());

  // What is admissible then succeeds: a unit's reply, the office's 公示.
  EXPECT_EQ(status("POST", k_item + "/reply", &unit, k_reply), 200);
  EXPECT_EQ(status("POST", "/api/v1/periods/2020Q3/rectification/draft", &admin), 200);
  EXPECT_EQ(status("POST", k_other + "/contest", &other, {{"text", "检查时目录已上传"}}), 200);
  EXPECT_EQ(status("POST", k_other + "/uphold", &admin, {{"text", "复核截图显示未上传"}}), 200);
  EXPECT_EQ(status("POST", k_item + "/verify", &admin), 200);
  EXPECT_EQ(m_followup.followup_events().size(), 5u);

  // The year: everyone logged in reads it.
  for (const auto* s : {&admin, &unit, &viewer}) {
    EXPECT_EQ(status("GET", "/api/v1/years", s), 200);
    EXPECT_EQ(status("GET", "/api/v1/years/2020", s), 200);
  }
  EXPECT_EQ(status("GET", "/api/v1/years", nullptr), 401);
  EXPECT_EQ(status("GET", "/api/v1/years/2020", nullptr), 401);
  EXPECT_EQ(status("GET", "/api/v1/years/2020/report/年度考核.json", nullptr), 401);
  EXPECT_EQ(status("GET", "/api/v1/years/2019", &admin), 404);
  EXPECT_EQ(status("GET", "/api/v1/years/2020/report/nothing.txt", &admin), 404);
}

TEST_F(FollowupApiTest, AReplyVerifiedInTimeIsRectifiedAndAudited) {
  auto unit = login("shangwu");
  auto admin = login("admin");
  auto r = call("POST", k_item + "/reply", unit, k_reply);
  EXPECT_EQ(r["item"]["status"], "待核实");
  EXPECT_TRUE(r["item"]["awaiting_check"].get<bool>());
  ASSERT_EQ(r["item"]["history"].size(), 1u);
  EXPECT_EQ(r["item"]["history"][0]["kind"], "整改回复");
  EXPECT_EQ(r["item"]["history"][0]["user"], "shangwu");
  EXPECT_EQ(r["item"]["history"][0]["when"], "2020-10-15 10:00");
  EXPECT_EQ(r["item"]["history"][0]["link"], k_reply["link"]);
  EXPECT_EQ(r["item"]["actions"], json::array());  // waiting for the office; contest only after 公示
  EXPECT_EQ(status("POST", k_item + "/reply", &unit, k_reply), 409);  // already waiting

  auto detail = get(k_item, admin);
  EXPECT_EQ(detail["item"]["actions"], json::array({"verify", "reject"}));

  m_now = at("2020-10-16 09:00");  // sessions last 8 hours: log in again
  admin = login("admin");
  r = call("POST", k_item + "/verify", admin, {{"text", "已核实"}});
  EXPECT_EQ(r["item"]["status"], "已整改");
  EXPECT_EQ(r["item"]["status_code"], "done");
  EXPECT_EQ(r["item"]["fixed_at"], "2020-10-15 10:00");  // the reply's time
  EXPECT_EQ(r["item"]["annual_penalty"], "0");
  EXPECT_EQ(status("POST", k_item + "/verify", &admin), 409);

  // Still 已整改 after the deadline; the list agrees.
  m_now = at("2020-10-20 09:00");
  unit = login("shangwu");
  admin = login("admin");
  auto list = get("/api/v1/periods/2020Q3/rectification?status=done", unit);
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["id"], "2020Q3/区商务局/目录未上传");

  auto audit = follow_audit(admin);
  ASSERT_GE(audit.size(), 2u);
  EXPECT_EQ(audit[0]["action"], "核实通过");
  EXPECT_EQ(audit[0]["user"], "admin");
  EXPECT_EQ(audit[0]["target"], "2020Q3/区商务局/目录未上传");
  EXPECT_EQ(audit[1]["action"], "整改回复");
  EXPECT_EQ(audit[1]["user"], "shangwu");
  EXPECT_NE(audit[1]["detail"].get<std::string>().find("mulu.html"), std::string::npos) << audit[1].dump();
}

TEST_F(FollowupApiTest, AReplyWithAFileKeepsTheFileForItsUnitAndTheOffice) {
  auto unit = login("shangwu");
  std::string type;
  const std::string pdf = "%PDF-1.4 screenshot of the fixed page";
  auto res = test_http::send(m_port, "POST", k_item + "/reply", &unit,
                             multipart({{"text", "", "已上传目录"}, {"file", "C:\\截图\\整改后.pdf", pdf}}, type), type);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto item = json::parse(res->body)["item"];
  const auto& file = item["history"][0]["file"];
  EXPECT_EQ(file["name"], "整改后.pdf");
  const std::string url = file["url"].get<std::string>();
  auto got = test_http::send(m_port, "GET", url, &unit);
  ASSERT_EQ(got->status, 200) << got->body;
  EXPECT_EQ(got->body, pdf);
  EXPECT_NE(got->get_header_value("Content-Disposition").find("attachment"), std::string::npos);
  EXPECT_EQ(got->get_header_value("Content-Type"), "application/octet-stream");
  auto admin = login("admin");
  EXPECT_EQ(status("GET", url, &admin), 200);
  auto other = login("qidu");
  EXPECT_EQ(status("GET", url, &other), 403);
  // The same event under another item is not found.
  EXPECT_EQ(status("GET", k_other + "/evidence/" + std::to_string(item["history"][0]["id"].get<int>()), &admin), 404);

  // JSON with Base64 works too.
  call("POST", k_item + "/reject", admin, {{"text", "截图看不清"}});
  auto r = call("POST", k_item + "/reply", unit,
                {{"text", "重新截图"}, {"file", {{"name", "截图.png"}, {"base64", "iVBORw0KGgo="}}}});
  EXPECT_EQ(r["item"]["history"][2]["file"]["name"], "截图.png");
  EXPECT_EQ(status("POST", k_item + "/reply", &unit, {{"text", "x"}, {"file", {{"name", "a.png"}, {"base64", "@@@"}}}}),
            400);
}

TEST_F(FollowupApiTest, IncompleteOrInvalidSubmissionsStoreNothing) {
  auto unit = login("shangwu");
  auto admin = login("admin");
  EXPECT_EQ(status("POST", k_item + "/reply", &unit, {{"text", "已整改"}}), 422);  // no link, no file
  EXPECT_EQ(status("POST", k_item + "/reply", &unit, {{"link", "https://example.gov.cn/"}}), 422);  // no text
  EXPECT_EQ(status("POST", k_item + "/reply", &unit, {{"text", "已整改"}, {"link", "javascript:alert(1)"}}), 422);
  EXPECT_EQ(status("POST", k_item + "/reply", &unit, {{"text", "已整改"}, {"link", "https://a b"}}), 422);
  EXPECT_EQ(status("POST", k_item + "/reply", &unit,
                   {{"text", "已整改"}, {"link", "https://example.gov.cn/"}, {"at", "2020-10-14 09:00"}}),
            422);  // only the office records on a unit's behalf, with a time
  EXPECT_EQ(status("POST", k_item + "/reply", &admin,
                   {{"text", "电话告知已整改"}, {"link", "https://example.gov.cn/"}, {"at", "2020-10-16 09:00"}}),
            422);  // later than now
  EXPECT_EQ(status("POST", k_item + "/reply", &unit, json::array()), 400);
  EXPECT_EQ(status("POST", k_item + "/reject", &admin, {{"text", "没有回复"}}), 409);  // nothing to reject
  EXPECT_TRUE(m_followup.followup_events().empty());

  // The office records a reply the unit sent on paper, at the time it came.
  auto r = call("POST", k_item + "/reply", admin,
                {{"text", "纸质回复：已整改"}, {"link", "https://example.gov.cn/"}, {"at", "2020-10-14 16:30"}});
  EXPECT_EQ(r["item"]["history"][0]["when"], "2020-10-14 16:30");
  EXPECT_EQ(r["item"]["history"][0]["user"], "admin");
  auto audit = follow_audit(admin);
  EXPECT_NE(audit[0]["detail"].get<std::string>().find("代为登记"), std::string::npos) << audit[0].dump();
}

TEST_F(FollowupApiTest, ARejectionNeedsAReasonAndReopensTheItem) {
  auto unit = login("shangwu");
  auto admin = login("admin");
  call("POST", k_item + "/reply", unit, k_reply);
  EXPECT_EQ(status("POST", k_item + "/reject", &admin), 422);
  EXPECT_EQ(status("POST", k_item + "/reject", &admin, {{"text", "  "}}), 422);
  auto r = call("POST", k_item + "/reject", admin, {{"text", "链接打不开，请重新上传"}});
  EXPECT_EQ(r["item"]["status"], "已退回");
  EXPECT_FALSE(r["item"]["awaiting_check"].get<bool>());
  EXPECT_EQ(r["item"]["history"][1]["kind"], "退回");
  EXPECT_EQ(r["item"]["history"][1]["text"], "链接打不开，请重新上传");
  auto detail = get(k_item, unit);
  EXPECT_EQ(detail["item"]["actions"], json::array({"reply"}));
  r = call("POST", k_item + "/reply", unit, {{"text", "已重新上传"}, {"link", "https://www.linzi.gov.cn/x.html"}});
  EXPECT_EQ(r["item"]["status"], "待核实");
  EXPECT_EQ(follow_audit(admin)[1]["action"], "退回");
}

TEST_F(FollowupApiTest, ContestsOnlyBetweenTheDraftAndTheEndOfTheWindow) {
  auto unit = login("shangwu");
  auto other = login("qidu");
  auto admin = login("admin");
  const json reason{{"text", "检查当日目录已上传，见网页快照"}};
  EXPECT_EQ(status("POST", k_item + "/contest", &unit, reason), 409);  // not yet 公示
  auto draft = call("POST", "/api/v1/periods/2020Q3/rectification/draft", admin, {{"text", "在工作群公示"}});
  EXPECT_EQ(draft["state"]["draft"], "2020-10-15 10:00");
  // Three working days after Thursday 10-15: Friday 16, Monday 19, Tuesday 20.
  EXPECT_EQ(draft["state"]["contest_closes"], "2020-10-20");
  EXPECT_TRUE(draft["state"]["contest_open"].get<bool>());
  EXPECT_EQ(status("POST", "/api/v1/periods/2020Q3/rectification/draft", &admin), 409);  // once

  auto r = call("POST", k_item + "/contest", unit, reason);
  EXPECT_EQ(r["item"]["status"], "申诉中");
  EXPECT_TRUE(r["item"]["contested"].get<bool>());
  EXPECT_EQ(r["item"]["actions"], json::array());
  EXPECT_EQ(status("POST", k_item + "/contest", &unit, reason), 409);  // one contest per item
  auto final_refused = test_http::send(m_port, "POST", "/api/v1/periods/2020Q3/rectification/final", &admin, "{}");
  EXPECT_EQ(final_refused->status, 409);
  EXPECT_NE(final_refused->body.find("申诉尚未处理"), std::string::npos) << final_refused->body;
  EXPECT_EQ(status("POST", k_item + "/uphold", &admin), 422);  // a reason is needed
  r = call("POST", k_item + "/uphold", admin, {{"text", "快照显示检查时未上传"}});
  EXPECT_EQ(r["item"]["status"], "待整改");
  EXPECT_EQ(r["item"]["contest_outcome"], "维持");

  // The window: the last day is still in, the next working day is not.
  m_now = at("2020-10-20 17:00");
  unit = login("shangwu");
  other = login("qidu");
  admin = login("admin");
  EXPECT_EQ(status("POST", k_other + "/contest", &other, reason), 200);
  EXPECT_EQ(status("POST", k_other + "/uphold", &admin, {{"text", "维持"}}), 200);
  EXPECT_EQ(status("POST", "/api/v1/periods/2020Q3/rectification/final", &admin), 409);  // window still open
  m_now = at("2020-10-21 09:00");
  unit = login("shangwu");
  admin = login("admin");
  auto late = test_http::send(m_port, "POST", "/api/v1/periods/2020Q3/rectification/区商务局/投稿任务/contest", &unit,
                              reason.dump());
  EXPECT_EQ(late->status, 409);
  EXPECT_NE(late->body.find("申诉期已于 2020-10-20 结束"), std::string::npos) << late->body;
  auto fin = call("POST", "/api/v1/periods/2020Q3/rectification/final", admin);
  EXPECT_EQ(fin["state"]["final"], "2020-10-21 09:00");
  EXPECT_EQ(fin["state"]["period_actions"], json::array());
  EXPECT_EQ(status("POST", "/api/v1/periods/2020Q3/rectification/final", &admin), 409);

  auto audit = follow_audit(admin);
  EXPECT_EQ(audit[0]["action"], "定稿");
  EXPECT_EQ(audit[0]["target"], "2020Q3");
}

TEST_F(FollowupApiTest, AWithdrawnFindingLeavesTheRankingAtOnce) {
  auto unit = login("shangwu");
  auto admin = login("admin");
  const json before = ranking_unit(admin, "区商务局");
  ASSERT_EQ(before["total"], "3.5") << before.dump();  // the seed: 10.5 − 7
  call("POST", "/api/v1/periods/2020Q3/rectification/draft", admin);
  call("POST", k_item + "/contest", unit, {{"text", "检查当日目录已上传"}});
  EXPECT_EQ(status("POST", k_item + "/withdraw", &admin), 422);
  auto r = call("POST", k_item + "/withdraw", admin, {{"text", "复核属实，撤销"}});
  EXPECT_EQ(r["item"]["status"], "已撤销");
  EXPECT_EQ(r["item"]["contest_outcome"], "撤销");

  const json after = ranking_unit(admin, "区商务局");  // no waiting: the snapshot follows the ledger
  EXPECT_EQ(after["total"], "8.5") << after.dump();
  EXPECT_EQ(after["deduction"], "2");
  EXPECT_EQ(after["deduction_text"].get<std::string>().find("目录"), std::string::npos) << after.dump();
  EXPECT_NE(after["rank"], before["rank"]);
  // The item stays listed, withdrawn; nothing more can be done with it.
  auto list = get("/api/v1/periods/2020Q3/rectification?status=withdrawn", unit);
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(status("POST", k_item + "/reply", &unit, k_reply), 409);
  EXPECT_EQ(follow_audit(admin)[0]["action"], "撤销");
}

TEST_F(FollowupApiTest, TheOverdueListShowsWhatIsStillOwed) {
  auto unit = login("shangwu");
  auto admin = login("admin");
  call("POST", k_item + "/reply", unit, k_reply);
  call("POST", k_item + "/verify", admin);
  EXPECT_EQ(get("/api/v1/rectification/overdue", admin)["items"].size(), 0u);  // the deadline is tomorrow

  m_now = at("2020-10-20 09:00");
  unit = login("shangwu");
  admin = login("admin");
  auto all = get("/api/v1/rectification/overdue", admin);
  EXPECT_EQ(all["as_of"], "2020-10-20 09:00");
  const json* qidu = item_in(all["items"], "2020Q3/齐都镇/目录未上传");
  ASSERT_TRUE(qidu) << all.dump();
  EXPECT_EQ((*qidu)["status"], "逾期未整改");
  EXPECT_EQ((*qidu)["days_overdue"], 4);
  EXPECT_EQ((*qidu)["annual_penalty"], "2");
  EXPECT_FALSE(item_in(all["items"], "2020Q3/区商务局/目录未上传"));  // fixed in time
  EXPECT_TRUE(item_in(all["items"], "2020Q3/区商务局/投稿任务"));
  EXPECT_FALSE(all["units"].empty());

  auto mine = get("/api/v1/rectification/overdue", unit);
  ASSERT_EQ(mine["items"].size(), 1u) << mine.dump();
  EXPECT_EQ(mine["items"][0]["id"], "2020Q3/区商务局/投稿任务");
  EXPECT_EQ(get("/api/v1/rectification/overdue?unit=齐都镇", admin)["items"].size(), 2u);

  // A late fix: replied after the deadline, verified → 逾期整改, the smaller penalty.
  call("POST", k_other + "/reply", login("qidu"), k_reply);
  auto r = call("POST", k_other + "/verify", admin);
  EXPECT_EQ(r["item"]["status"], "逾期整改");
  EXPECT_EQ(r["item"]["annual_penalty"], "1");
  EXPECT_FALSE(item_in(get("/api/v1/rectification/overdue", admin)["items"], "2020Q3/齐都镇/目录未上传"));
}

TEST_F(FollowupApiTest, TheYearAddsThePenalties) {
  auto admin = login("admin");
  auto years = get("/api/v1/years", admin);
  EXPECT_EQ(years["latest"], 2020);
  ASSERT_EQ(years["years"].size(), 1u);
  EXPECT_EQ(years["years"][0]["quarters"][0]["id"], "2020Q3");

  m_now = at("2020-10-20 09:00");
  admin = login("admin");
  auto year = get("/api/v1/years/2020", admin);
  EXPECT_EQ(year["year"], 2020);
  EXPECT_EQ(year["combine"], "sum");
  EXPECT_EQ(year["quarters"].size(), 1u);
  EXPECT_EQ(year["missing"], json::array({"2020Q1", "2020Q2", "2020Q4"}));
  EXPECT_EQ(year["changes"], json::array());
  EXPECT_TRUE(year["comparison"].is_null());
  const json* unit = nullptr;
  for (const auto& s : year["sections"])
    for (const auto& u : s["units"])
      if (u["name"] == "区商务局") unit = &u;
  ASSERT_TRUE(unit) << year.dump();
  EXPECT_EQ((*unit)["quarters"][0]["total"], "3.5");
  EXPECT_EQ((*unit)["quarter_score"], "3.5");
  EXPECT_EQ((*unit)["unrectified"], 2);  // 目录未上传 and 投稿任务, both overdue
  EXPECT_EQ((*unit)["penalty"], "4");
  EXPECT_EQ((*unit)["total"], "-0.5");
}

} // namespace
} // namespace zwgk::server
