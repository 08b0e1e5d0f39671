// Issue 14's accounts over real HTTP: users change their own password,
// a password someone else chose must be changed before anything else, every
// unit's account in one step, a reset ends the user's sessions, common
// passwords refused.
#include "http_session.h"
#include "workspace_fixture.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace zwgk::server {
namespace {

using nlohmann::json;
using test_http::Session;

class AccountsTest : public test_http::WorkspaceServer {
protected:
  void SetUp() override {
    WorkspaceServer::SetUp();
    serve(ProxyHeaders::Ignore);
  }

  // Logs in with any password; an empty session when refused.
  Session login_with(const std::string& name, const std::string& password) {
    auto res = test_http::client(m_port).Post("/api/v1/login", json{{"name", name}, {"password", password}}.dump(),
                                             "application/json");
    if (!res || res->status != 200) return {};
    std::string cookie = res->get_header_value("Set-Cookie");
    return {cookie.substr(0, cookie.find(';')), json::parse(res->body).value("csrf", "")};
  }

  httplib::Result send(const std::string& method, const std::string& path, const Session& session,
                       const json& body = {}) {
    return test_http::send(m_port, method, path, &session, body.is_null() ? "" : body.dump());
  }

  int status(const std::string& method, const std::string& path, const Session& session, const json& body = {}) {
    auto res = send(method, path, session, body);
    return res ? res->status : -1;
  }

  httplib::Result change_own(const Session& session, const std::string& current, const std::string& next) {
    return send("POST", "/api/v1/me/password", session, {{"current", current}, {"password", next}});
  }
};

TEST_F(AccountsTest, UsersChangeTheirOwnPassword) {
  Session here = login("shangwu"), there = login("shangwu");
  auto wrong = change_own(here, "not-my-password", "Green-Hill-2718");
  ASSERT_EQ(wrong->status, 403) << wrong->body;
  EXPECT_EQ(json::parse(wrong->body)["code"], "wrong_password");
  auto weak = change_own(here, test_http::password_of("shangwu"), "woaini1314");
  ASSERT_EQ(weak->status, 422) << weak->body;
  EXPECT_NE(json::parse(weak->body)["error"].get<std::string>().find("密码太常见"), std::string::npos);
  // Without the CSRF header: refused as every write is.
  EXPECT_EQ(test_http::send(m_port, "POST", "/api/v1/me/password", &here,
                            json{{"current", test_http::password_of("shangwu")}, {"password", "Green-Hill-2718"}}.dump(),
                            "application/json", false)
                ->status,
            403);

  auto ok = change_own(here, test_http::password_of("shangwu"), "Green-Hill-2718");
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(json::parse(ok->body)["user"]["must_change_password"], false);
  EXPECT_EQ(status("GET", "/api/v1/periods", here), 200);
  EXPECT_EQ(status("GET", "/api/v1/periods", there), 401);
  EXPECT_TRUE(login_with("shangwu", test_http::password_of("shangwu")).cookie.empty());
  EXPECT_FALSE(login_with("shangwu", "Green-Hill-2718").cookie.empty());
  auto audit = m_store.audit(0, 5);
  EXPECT_TRUE(std::any_of(audit.begin(), audit.end(), [](const auto& e) { return e.action == "修改密码"; }));
}

// Issue 14: a reset by an administrator, then the user chooses their own;
// until then the API answers only /me, logout and the own password.
TEST_F(AccountsTest, APasswordSetByAnAdministratorMustBeChangedFirst) {
  Session admin = login("admin"), old_session = login("leader");
  ASSERT_EQ(status("PUT", "/api/v1/users/leader", admin, {{"password", "Temporary-Pass-4821"}}), 200);
  EXPECT_EQ(status("GET", "/api/v1/periods", old_session), 401);  // the reset ended the session

  Session leader = login_with("leader", "Temporary-Pass-4821");
  ASSERT_FALSE(leader.cookie.empty());
  auto me = send("GET", "/api/v1/me", leader);
  ASSERT_EQ(me->status, 200);
  EXPECT_EQ(json::parse(me->body)["user"]["must_change_password"], true);
  for (const char* path : {"/api/v1/periods", "/api/v1/scheme", "/api/v1/years"}) {
    auto refused = send("GET", path, leader);
    ASSERT_EQ(refused->status, 403) << path;
    EXPECT_EQ(json::parse(refused->body)["code"], "must_change_password") << path;
  }
  ASSERT_EQ(change_own(leader, "Temporary-Pass-4821", "Own-Choice-Lake-77")->status, 200);
  EXPECT_EQ(status("GET", "/api/v1/periods", leader), 200);
  EXPECT_EQ(json::parse(send("GET", "/api/v1/me", leader)->body)["user"]["must_change_password"], false);
  // An administrator setting their own password is not asked again.
  ASSERT_EQ(status("PUT", "/api/v1/users/admin", admin, {{"password", "Quiet-Harbour-Choice-99"}}), 200);
  EXPECT_EQ(status("GET", "/api/v1/periods", admin), 200);
}

// Splits the CSV of one-time passwords (no quoting needed for these cells).
std::vector<std::vector<std::string>> csv_rows(std::string text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> cells;
    std::istringstream fields(line);
    for (std::string cell; std::getline(fields, cell, ',');) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

TEST_F(AccountsTest, EveryUnitsAccountInOneStep) {
  Session admin = login("admin");
  EXPECT_EQ(status("POST", "/api/v1/users/units", login("leader")), 403);
  const std::size_t units = json::parse(send("GET", "/api/v1/registry", admin)->body)["units"].size();
  ASSERT_GT(units, 10u);

  auto res = send("POST", "/api/v1/users/units", admin);
  ASSERT_EQ(res->status, 201) << res->body;
  json body = json::parse(res->body);
  EXPECT_EQ(body["created"], units - 1);  // 区商务局 has shangwu
  EXPECT_EQ(body["existing"], 1);
  EXPECT_EQ(body["file"], "单位账号.csv");
  const std::string csv = body["csv"];
  ASSERT_TRUE(csv.starts_with("\xEF\xBB\xBF单位,用户名,初始密码\r\n")) << csv.substr(0, 40);
  auto rows = csv_rows(csv.substr(3));
  ASSERT_EQ(rows.size(), units);  // the header and one row per new account
  EXPECT_EQ(rows[1][0], body["accounts"][0]["unit"]);
  EXPECT_EQ(rows[1][1], rows[1][0]);  // the login name is the unit's official name
  EXPECT_EQ(body["accounts"][0].count("password"), 0u);

  // The unit logs in with its one-time password and must change it first.
  Session unit = login_with(rows[1][1], rows[1][2]);
  ASSERT_FALSE(unit.cookie.empty());
  EXPECT_EQ(status("GET", "/api/v1/periods", unit), 403);
  ASSERT_EQ(change_own(unit, rows[1][2], "Our-Own-Secret-2020")->status, 200);
  EXPECT_EQ(status("GET", "/api/v1/periods", unit), 200);

  // Again: nothing is missing.
  auto again = send("POST", "/api/v1/users/units", admin);
  ASSERT_EQ(again->status, 200) << again->body;
  EXPECT_EQ(json::parse(again->body)["created"], 0);
  EXPECT_EQ(json::parse(again->body)["existing"], units);
  EXPECT_FALSE(json::parse(again->body).contains("csv"));
  auto audit = m_store.audit(0, 50);
  EXPECT_EQ(std::count_if(audit.begin(), audit.end(), [](const auto& e) { return e.action == "创建单位账号"; }), 1);
}

// Issue 14: common passwords are refused on every path of the web.
TEST_F(AccountsTest, CommonPasswordsAreRefusedEverywhere) {
  Session admin = login("admin");
  for (const std::string common : {"zhangwei1988", "Liverpool1892", "woaini1314"}) {
    EXPECT_EQ(status("POST", "/api/v1/users", admin, {{"name", "wang"}, {"password", common}, {"role", "viewer"}}), 422);
    EXPECT_EQ(status("PUT", "/api/v1/users/leader", admin, {{"password", common}}), 422);
    EXPECT_EQ(change_own(admin, test_http::password_of("admin"), common)->status, 422);
  }
}

} // namespace
} // namespace zwgk::server
