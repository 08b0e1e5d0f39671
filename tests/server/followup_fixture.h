// The fixture of the 整改 and 年度 HTTP tests: a server over a copy of the
// example with the test's own [rectification] rules and 2020 calendar, an
// in-memory follow-up ledger the test can read, and a clock the test sets
// (2020-10-15 10:00 unless said otherwise: the bulletin of 2020-10-14 asks
// for fixes by 2020-10-16).
#pragma once

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

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace zwgk::server::test_followup {

using nlohmann::json;

// Unix seconds of a CST time such as "2020-10-15 10:00".
inline std::int64_t at(const char* text) {
  auto t = parse_date_time(text);
  EXPECT_TRUE(t) << text;
  return t->date.days_since_epoch() * 86400 + t->minute_of_day * 60 - 8 * 3600;
}

// The scheme without its own [rectification] and [year] tables, if any.
inline std::string without_tables(const std::string& toml) {
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

} // namespace zwgk::server::test_followup
