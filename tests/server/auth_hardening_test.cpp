// Logins, sessions and passwords under attack, over real HTTP on loopback
// (issue 12, items 4, 5 and 9): bursts of concurrent guesses, strangers
// trying to lock the administrator out, refused attempts flooding the audit
// log, sessions that outlived a password reset, the Secure cookie behind an
// HTTPS proxy, and passwords that are guessed first.
#include "auth/authenticator.h"
#include "auth/password.h"
#include "server/server.h"
#include "http_session.h"
#include "workspace_fixture.h"
#include "store/memory_store.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <thread>

namespace zwgk::server {
namespace {

using nlohmann::json;
using test_http::password_of;
using test_http::Session;

class AuthHardeningTest : public test_http::WorkspaceServer {
protected:
  void SetUp() override {
    WorkspaceServer::SetUp();
    serve(ProxyHeaders::Ignore);
  }

  httplib::Result login(const std::string& name, const std::string& password, httplib::Headers headers = {}) {
    auto client = test_http::client(m_port);
    return client.Post("/api/v1/login", headers, json{{"name", name}, {"password", password}}.dump(),
                       "application/json");
  }

  // `count` logins sent at once; the i-th with password(i) and headers(i).
  // Their statuses. Each client connects first (keep-alive), so that the
  // requests reach the server's workers together.
  std::map<int, int> burst(int count, const std::string& name, const std::function<std::string(int)>& password,
                           const std::function<httplib::Headers(int)>& headers) {
    std::vector<int> statuses(static_cast<std::size_t>(count), 0);
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < count; ++i)
      threads.emplace_back([&, i] {
        auto client = test_http::client(m_port);
        client.set_keep_alive(true);
        (void)client.Get("/api/v1/me");  // connected
        const std::string body = json{{"name", name}, {"password", password(i)}}.dump();
        ++ready;
        while (ready < count) std::this_thread::yield();
        auto res = client.Post("/api/v1/login", headers(i), body, "application/json");
        statuses[static_cast<std::size_t>(i)] = res ? res->status : -1;
      });
    for (auto& thread : threads) thread.join();
    std::map<int, int> by_status;
    for (int status : statuses) ++by_status[status];
    return by_status;
  }

  // The cookie `name` set by a response ("name=value"), or "".
  static std::string set_cookie(const httplib::Result& res, const std::string& name) {
    for (std::size_t i = 0; i < res->get_header_value_count("Set-Cookie"); ++i) {
      std::string cookie = res->get_header_value("Set-Cookie", i);
      if (cookie.starts_with(name + "=")) return cookie;
    }
    return {};
  }

  int status(const std::string& method, const std::string& path, const Session& session, const json& body = {}) {
    auto res = test_http::send(m_port, method, path, &session, body.is_null() ? "" : body.dump());
    return res ? res->status : -1;
  }

};

// ---------------------------------------------------------------- item 4: throttling

// 40 wrong passwords sent at once from one address got 12 checked (limit 5),
// and the right one in the burst logged in. The user's hash has the
// production cost here, so checking takes as long as it does in use.
TEST_F(AuthHardeningTest, ABurstFromOneAddressIsCheckedOnlyAsOftenAsOneByOne) {
  ASSERT_TRUE(m_store.add_user({0, "chief", store::Role::Admin, "", *auth::hash_password(password_of("chief")), 0, false}));
  auto statuses = burst(
      40, "chief", [](int) { return std::string("wrong-password"); }, [](int) { return httplib::Headers{}; });
  EXPECT_EQ(statuses[401], auth::k_free_login_failures) << "checked";
  EXPECT_EQ(statuses[429], 40 - auth::k_free_login_failures);
  EXPECT_EQ(login("chief", password_of("chief"))->status, 429);  // the right password now waits too
}

// With a changing X-Real-IP behind --behind-proxy all 40 were checked: the
// name is throttled over all addresses.
TEST_F(AuthHardeningTest, ABurstFromChangingAddressesIsCheckedOnlyAsOftenAsTheNameAllows) {
  restart(ProxyHeaders::TrustFromLoopback);
  auto statuses = burst(
      40, "admin", [](int) { return std::string("wrong-password"); },
      [](int i) { return httplib::Headers{{"X-Real-IP", "10.1.0." + std::to_string(i)}}; });
  EXPECT_EQ(statuses[401], auth::k_free_name_failures) << "checked";
  EXPECT_EQ(statuses[429], 40 - auth::k_free_name_failures);
}

// Anyone could lock the administrator out for 15 minutes (from 127.0.0.1,
// without --behind-proxy, where every client has the same address).
TEST_F(AuthHardeningTest, StrangersCannotKeepTheAdministratorOutOfTheirBrowser) {
  auto first = login("admin", password_of("admin"));
  ASSERT_EQ(first->status, 200);
  const std::string device = set_cookie(first, "zwgk_device");
  ASSERT_FALSE(device.empty());
  EXPECT_NE(device.find("; Path=/api/v1/login; HttpOnly; SameSite=Strict; Max-Age="), std::string::npos) << device;
  for (int i = 0; i < 40; ++i) (void)login("admin", "guess-" + std::to_string(i));
  EXPECT_EQ(login("admin", password_of("admin"))->status, 429);  // a new browser waits
  const httplib::Headers with_device{{"Cookie", device.substr(0, device.find(';'))}};
  auto again = login("admin", password_of("admin"), with_device);
  EXPECT_EQ(again->status, 200) << again->body;
  EXPECT_EQ(set_cookie(again, "zwgk_device"), "");  // the browser keeps its device cookie
}

// ---------------------------------------------------------------- item 5: the audit log

// Each throttled attempt was an audit entry: 5,000 requests wrote 5,000 rows.
TEST_F(AuthHardeningTest, RefusedAttemptsAreSummedInOneAuditEntry) {
  for (int i = 0; i < auth::k_free_login_failures; ++i) ASSERT_EQ(login("admin", "wrong-password")->status, 401);
  for (int i = 0; i < 300; ++i) ASSERT_EQ(login("admin", "wrong-password")->status, 429);
  EXPECT_EQ(m_store.audit(0, 1000).size(), static_cast<std::size_t>(auth::k_free_login_failures));
  m_now += auth::k_refusal_window_seconds;
  ASSERT_EQ(login("leader", password_of("leader"))->status, 200);  // the next attempt writes the window's entry
  auto entries = m_store.audit(0, 1000);
  ASSERT_EQ(entries.size(), static_cast<std::size_t>(auth::k_free_login_failures + 2));
  EXPECT_EQ(entries[0].action, "登录");
  EXPECT_EQ(entries[1].action, "登录失败");
  EXPECT_EQ(entries[1].target, "admin");
  EXPECT_EQ(entries[1].detail, "地址：127.0.0.1；登录失败次数过多，此前 1 分钟内拒绝了 300 次登录（未核对密码）：admin 300 次");
}

// ---------------------------------------------------------------- item 9: sessions and passwords

// A password reset left the user's sessions alive.
TEST_F(AuthHardeningTest, APasswordResetEndsTheUsersSessions) {
  auto admin = test_http::login(m_port, "admin");
  auto leader = test_http::login(m_port, "leader");
  auto leader_elsewhere = test_http::login(m_port, "leader");
  ASSERT_EQ(status("GET", "/api/v1/periods", leader), 200);
  ASSERT_EQ(status("PUT", "/api/v1/users/leader", admin, {{"password", "Another-Secret-42"}}), 200);
  EXPECT_EQ(status("GET", "/api/v1/periods", leader), 401);
  EXPECT_EQ(status("GET", "/api/v1/periods", leader_elsewhere), 401);
  EXPECT_EQ(status("GET", "/api/v1/periods", admin), 200);
  EXPECT_EQ(login("leader", "Another-Secret-42")->status, 200);
}

TEST_F(AuthHardeningTest, SettingOnesOwnPasswordKeepsThisSessionAndEndsTheOthers) {
  auto here = test_http::login(m_port, "admin");
  auto there = test_http::login(m_port, "admin");
  ASSERT_EQ(status("PUT", "/api/v1/users/admin", here, {{"password", "Another-Secret-42"}}), 200);
  EXPECT_EQ(status("GET", "/api/v1/periods", here), 200);
  EXPECT_EQ(status("GET", "/api/v1/periods", there), 401);
}

// Disabling kept the sessions: enabling the user again brought them back.
TEST_F(AuthHardeningTest, DisablingEndsTheSessionsForGood) {
  auto admin = test_http::login(m_port, "admin");
  auto leader = test_http::login(m_port, "leader");
  ASSERT_EQ(status("PUT", "/api/v1/users/leader", admin, {{"disabled", true}}), 200);
  ASSERT_EQ(status("PUT", "/api/v1/users/leader", admin, {{"disabled", false}}), 200);
  EXPECT_EQ(status("GET", "/api/v1/periods", leader), 401);
}

// The session cookie never got Secure, even behind a proxy saying HTTPS.
TEST_F(AuthHardeningTest, CookiesAreSecureOverHttpsThroughTheTrustedProxy) {
  const httplib::Headers https{{"X-Forwarded-Proto", "https"}};
  auto untrusted = login("leader", password_of("leader"), https);
  ASSERT_EQ(untrusted->status, 200);
  EXPECT_EQ(set_cookie(untrusted, "zwgk_session").find("Secure"), std::string::npos);  // anyone can send the header

  restart(ProxyHeaders::TrustFromLoopback);
  auto secure = login("leader", password_of("leader"), https);
  ASSERT_EQ(secure->status, 200);
  EXPECT_TRUE(set_cookie(secure, "zwgk_session").ends_with("; Secure")) << set_cookie(secure, "zwgk_session");
  EXPECT_TRUE(set_cookie(secure, "zwgk_device").ends_with("; Secure")) << set_cookie(secure, "zwgk_device");
  auto plain = login("leader", password_of("leader"), {{"X-Forwarded-Proto", "http"}});
  ASSERT_EQ(plain->status, 200);
  EXPECT_EQ(set_cookie(plain, "zwgk_session").find("Secure"), std::string::npos);

  const std::string cookie = set_cookie(secure, "zwgk_session");
  Session session{cookie.substr(0, cookie.find(';')), json::parse(secure->body)["csrf"]};
  auto client = test_http::client(m_port);
  auto out = client.Post("/api/v1/logout",
                         {{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}, {"X-Forwarded-Proto", "https"}},
                         "", "application/json");
  ASSERT_EQ(out->status, 204);
  EXPECT_TRUE(out->get_header_value("Set-Cookie").ends_with("Max-Age=0; Secure")) << out->get_header_value("Set-Cookie");
}

// 12345678, password and eight spaces were accepted as passwords.
TEST_F(AuthHardeningTest, PasswordsThatAreGuessedFirstAreRefused) {
  auto admin = test_http::login(m_port, "admin");
  for (const std::string weak : {"12345678", "password", "        ", "P@ssw0rd2020", "wang-2020", "区商务局-2020"}) {
    auto res = test_http::send(m_port, "POST", "/api/v1/users", &admin,
                               json{{"name", "wang"}, {"password", weak}, {"role", "unit"}, {"unit", "区商务局"}}.dump());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 422) << weak << ": " << res->body;
    EXPECT_TRUE(json::parse(res->body)["error"].get<std::string>().starts_with("密码")) << res->body;
  }
  auto res = test_http::send(m_port, "PUT", "/api/v1/users/leader", &admin, json{{"password", "qwertyuiop"}}.dump());
  EXPECT_EQ(res->status, 422) << res->body;
  EXPECT_EQ(status("POST", "/api/v1/users", admin,
                   {{"name", "wang"}, {"password", "Quiet-Lake-314"}, {"role", "unit"}, {"unit", "区商务局"}}),
            201);
}

} // namespace
} // namespace zwgk::server
