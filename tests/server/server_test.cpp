// The workspace's API over real HTTP on loopback: a server on a free port
// over a copy of the example data and an in-memory store, driven by
// cpp-httplib's client exactly as a browser would (cookie, CSRF header).
#include "auth/authenticator.h"
#include "auth/password.h"
#include "server/server.h"
#include "http_session.h"
#include "workspace_fixture.h"
#include "store/memory_store.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

namespace zwgk::server {
namespace {

using nlohmann::json;

class ServerTest : public test_http::WorkspaceServer {
protected:
  void SetUp() override {
    WorkspaceServer::SetUp();
    serve(ProxyHeaders::Ignore);
  }

  // As many failed logins as one address may have (each for another name,
  // so that only the address is throttled), claiming to come from `address`
  // through a proxy; then the status of one more failing attempt, claiming
  // to come from elsewhere: 429 if both were taken for the same address.
  int failures_then_another_address(const std::string& prefix, const std::string& address) {
    httplib::Client client("127.0.0.1", m_port);
    client.set_read_timeout(60);  // a sanitizer build on a busy 2-core machine is slow
    httplib::Headers headers{{"X-Real-IP", address}};
    for (int i = 0; i < auth::k_free_address_failures; ++i)
      client.Post("/api/v1/login", headers, json{{"name", prefix + std::to_string(i)}, {"password", "wrong-password"}}.dump(),
                  "application/json");
    httplib::Headers other{{"X-Real-IP", "10.0.0.99"}};
    return client.Post("/api/v1/login", other, json{{"name", prefix + "-last"}, {"password", "wrong-password"}}.dump(),
                       "application/json")->status;
  }

  static std::string password_of(const std::string& name) { return test_http::password_of(name); }

  using Session = test_http::Session;
  httplib::Result send(const std::string& method, const std::string& path, const Session* session,
                       const std::string& body = {}, const std::string& type = "application/json",
                       bool with_csrf = true) {
    return test_http::send(m_port, method, path, session, body, type, with_csrf);
  }
};

std::string multipart(const std::string& file_name, const std::string& content, std::string& type) {
  const std::string boundary = "zwgkBoundary7MA4YWxkTrZu0gW";
  type = "multipart/form-data; boundary=" + boundary;
  return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file_name +
         "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
}

TEST_F(ServerTest, RankingReproducesTheSeed) {
  auto admin = login("admin");
  auto res = send("GET", "/api/v1/periods/2020Q3/ranking", &admin);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto units = json::parse(res->body)["units"];
  ASSERT_EQ(units.size(), 67u);
  EXPECT_EQ(units[0]["name"], "区自然资源局");
  EXPECT_EQ(units[0]["total"], "15");
  // 附件1 row 53 of the seed: 区商务局 12 1 11, 10.5, 减7, 合计3.5.
  EXPECT_EQ(units[52]["short_name"], "区商务局");
  EXPECT_EQ(units[52]["published"], json::array({12, 1, 11}));
  EXPECT_EQ(units[52]["total"], "3.5");
  EXPECT_EQ(units[55]["table"], "附件2");
  EXPECT_EQ(units[55]["name"], "敬仲镇");
}

TEST_F(ServerTest, TrendsAverageEachSectionExactly) {
  auto admin = login("admin");
  auto res = send("GET", "/api/v1/trends", &admin);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto sections = json::parse(res->body)["periods"][0]["sections"];
  ASSERT_EQ(sections.size(), 2u);
  // 镇街: the twelve 合计 of the seed's 附件2 sum to 141, an average of 11.75.
  EXPECT_EQ(sections[1]["code"], "镇街");
  EXPECT_EQ(sections[1]["units"], 12);
  EXPECT_EQ(sections[1]["average"], "11.75");
  EXPECT_EQ(sections[1]["min"], "3");
  EXPECT_EQ(sections[1]["max"], "15");
}

TEST_F(ServerTest, RecordingAFindingChangesTheScoreAndIsAudited) {
  auto admin = login("admin");
  auto res = send("POST", "/api/v1/periods/2020Q3/findings", &admin,
                  json{{"unit", "区财政局"}, {"code", "表格混乱"}, {"quantity", 2}, {"note", ""}}.dump());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(json::parse(res->body)["unit"]["total"], "14");  // 15 − 2 × 0.5
  auto detail = json::parse(send("GET", "/api/v1/periods/2020Q3/units/区财政局", &admin)->body);
  EXPECT_EQ(detail["unit"]["deduction_text"], "内容表格混乱，共减1分。");
  auto audit = json::parse(send("GET", "/api/v1/audit", &admin)->body)["entries"];
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0]["action"], "录入检查问题");
  EXPECT_TRUE(std::filesystem::exists(m_dir / "2020Q3/检查-在线录入.csv"));
}

TEST_F(ServerTest, AFindingForAnUnknownUnitSavesNothingAndSuggests) {
  auto admin = login("admin");
  auto res = send("POST", "/api/v1/periods/2020Q3/findings", &admin,
                  json{{"unit", "区财政"}, {"code", "表格混乱"}}.dump());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);
  EXPECT_NE(res->body.find("区财政局"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(m_dir / "2020Q3/检查-在线录入.csv"));
}

TEST_F(ServerTest, UploadPreviewShowsProblemsAndCommitSavesOnlyGoodFiles) {
  auto admin = login("admin");
  std::string type;
  const std::string bad = "单位,问题类型,说明\r\n区文旅,目录未上传,\r\n";
  auto preview = send("POST", "/api/v1/periods/2020Q3/uploads?mode=preview", &admin, multipart("检查-补充.csv", bad, type), type);
  ASSERT_TRUE(preview);
  ASSERT_EQ(preview->status, 200) << preview->body;
  auto body = json::parse(preview->body);
  EXPECT_EQ(body["row_count"], 1);
  ASSERT_FALSE(body["problems"].empty());
  EXPECT_NE(body["problems"][0]["text"].get<std::string>().find("区文旅局"), std::string::npos);
  auto commit = send("POST", "/api/v1/periods/2020Q3/uploads?mode=commit", &admin, multipart("检查-补充.csv", bad, type), type);
  EXPECT_EQ(commit->status, 422);
  EXPECT_FALSE(std::filesystem::exists(m_dir / "2020Q3/检查-补充.csv"));
  const std::string good = "单位,问题类型,说明\r\n区文旅局,目录未上传,\r\n";
  commit = send("POST", "/api/v1/periods/2020Q3/uploads?mode=commit", &admin, multipart("检查-补充.csv", good, type), type);
  ASSERT_EQ(commit->status, 200) << commit->body;
  EXPECT_TRUE(json::parse(commit->body)["saved"].get<bool>());
  EXPECT_TRUE(std::filesystem::exists(m_dir / "2020Q3/检查-补充.csv"));
  auto files = json::parse(send("GET", "/api/v1/periods/2020Q3/files", &admin)->body)["files"];
  EXPECT_EQ(files[0]["path"], "2020Q3/检查-补充.csv");
}

TEST_F(ServerTest, WritesWithoutTheCsrfTokenAreRefused) {
  auto admin = login("admin");
  auto res = send("POST", "/api/v1/periods/2020Q3/findings", &admin,
                  json{{"unit", "区财政局"}, {"code", "表格混乱"}}.dump(), "application/json", false);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
}

TEST_F(ServerTest, LoginIsThrottledAfterRepeatedFailures) {
  httplib::Client client("127.0.0.1", m_port);
  client.set_read_timeout(60);  // a sanitizer build on a busy 2-core machine is slow
  const std::string wrong = json{{"name", "admin"}, {"password", "wrong-password"}}.dump();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(client.Post("/api/v1/login", wrong, "application/json")->status, 401);
  const std::string right = json{{"name", "admin"}, {"password", password_of("admin")}}.dump();
  auto res = client.Post("/api/v1/login", right, "application/json");
  EXPECT_EQ(res->status, 429);
  EXPECT_GT(json::parse(res->body)["retry_after"].get<int>(), 0);
  m_now += 16 * 60;
  EXPECT_EQ(client.Post("/api/v1/login", right, "application/json")->status, 200);
}

// Behind nginx everyone comes from 127.0.0.1: X-Real-IP decides, but only when trusted.
TEST_F(ServerTest, ThrottlingByAddressUsesXRealIpOnlyWhenTrusted) {
  EXPECT_EQ(failures_then_another_address("nobody", "10.0.0.1"), 429);  // ignored: all from 127.0.0.1
  m_now += auth::k_login_failure_memory_seconds;
  restart(ProxyHeaders::TrustFromLoopback);
  EXPECT_EQ(failures_then_another_address("nobody2", "10.0.0.2"), 401);  // another client is checked
}

TEST_F(ServerTest, OversizedUploadsAreRefused) {
  auto admin = login("admin");
  std::string type;
  auto res = send("POST", "/api/v1/periods/2020Q3/uploads?mode=preview", &admin,
                  multipart("网站发布.csv", std::string(k_max_upload_bytes + 10, 'a'), type), type);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
}

// A chunked body would bypass the size limit in this cpp-httplib: refused before it is read.
TEST_F(ServerTest, ChunkedRequestBodiesAreRefused) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(m_port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  const std::string request =
      "POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
  ASSERT_EQ(::send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
  char buffer[512] = {};
  ssize_t got = ::recv(fd, buffer, sizeof buffer - 1, 0);
  ::close(fd);
  ASSERT_GT(got, 0);
  EXPECT_TRUE(std::string_view(buffer).starts_with("HTTP/1.1 411")) << buffer;
}

TEST_F(ServerTest, ADisabledUserIsLockedOutAtOnceAndAPasswordCanBeReset) {
  auto admin = login("admin");
  auto leader = login("leader");
  ASSERT_EQ(send("GET", "/api/v1/periods", &leader)->status, 200);
  auto res = send("PUT", "/api/v1/users/leader", &admin, json{{"disabled", true}}.dump());
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(send("GET", "/api/v1/periods", &leader)->status, 401);
  EXPECT_EQ(send("PUT", "/api/v1/users/admin", &admin, json{{"disabled", true}}.dump())->status, 409);
  EXPECT_EQ(send("PUT", "/api/v1/users/leader", &admin, json{{"password", "short"}}.dump())->status, 422);
  res = send("PUT", "/api/v1/users/leader", &admin, json{{"disabled", false}, {"password", "a-new-password"}}.dump());
  ASSERT_EQ(res->status, 200) << res->body;
  httplib::Client client("127.0.0.1", m_port);
  client.set_read_timeout(60);  // a sanitizer build on a busy 2-core machine is slow
  EXPECT_EQ(client.Post("/api/v1/login", json{{"name", "leader"}, {"password", "a-new-password"}}.dump(),
                        "application/json")->status, 200);
  auto audit = json::parse(send("GET", "/api/v1/audit", &admin)->body)["entries"];
  EXPECT_TRUE(std::any_of(audit.begin(), audit.end(),
                          [](const json& e) { return e["action"] == "修改用户" && e["detail"] == "启用、重设密码"; }));
}

// Every route, with every role and without a login.
TEST_F(ServerTest, AuthorizationMatrix) {
  struct Route {
    std::string method, path, body;
    int admin, unit, viewer;  // expected statuses; no login is always 401
  };
  std::string upload_type;
  const std::string upload = multipart("检查-x.csv", "单位,问题类型\r\n区财政局,目录未上传\r\n", upload_type);
  const std::vector<Route> routes = {
      {"GET", "/api/v1/me", "", 200, 200, 200},
      {"GET", "/api/v1/periods", "", 200, 200, 200},
      {"GET", "/api/v1/scheme", "", 200, 200, 200},
      {"GET", "/api/v1/trends", "", 200, 200, 200},
      // Before 公示 with the default live_scores = "office" (live_scores_test.cpp has every case).
      {"GET", "/api/v1/periods/2020Q3/ranking", "", 200, 403, 403},
      {"GET", "/api/v1/periods/2020Q3/progress", "", 200, 200, 403},
      {"GET", "/api/v1/periods/2020Q3/home?unit=区商务局", "", 200, 200, 403},
      {"GET", "/api/v1/periods/2020Q3/units/区商务局", "", 200, 200, 403},
      {"GET", "/api/v1/periods/2020Q3/units/区财政局", "", 200, 403, 403},
      {"GET", "/api/v1/periods/2020Q3/bulletin/考核结果.json", "", 200, 403, 403},
      {"POST", "/api/v1/periods/2020Q3/uploads?mode=preview", upload, 200, 403, 403},
      {"GET", "/api/v1/periods/2020Q3/files", "", 200, 403, 403},
      {"POST", "/api/v1/periods/2020Q3/findings", json{{"unit", "无此单位"}, {"code", "目录未上传"}}.dump(), 422, 403, 403},
      {"GET", "/api/v1/registry", "", 200, 403, 403},
      {"POST", "/api/v1/registry", json{{"name", ""}}.dump(), 422, 403, 403},
      {"PUT", "/api/v1/registry/无此单位", json{{"name", "x"}}.dump(), 404, 403, 403},
      {"GET", "/api/v1/users", "", 200, 403, 403},
      {"POST", "/api/v1/users", json{{"name", "x"}, {"password", "short"}, {"role", "viewer"}}.dump(), 422, 403, 403},
      {"PUT", "/api/v1/users/无此用户", json{{"disabled", true}}.dump(), 404, 403, 403},
      {"POST", "/api/v1/me/password", json{{"current", "wrong"}, {"password", "x"}}.dump(), 403, 403, 403},
      {"GET", "/api/v1/audit", "", 200, 403, 403},
      {"GET", "/api/v1/audit.csv", "", 200, 403, 403},
      {"POST", "/api/v1/users/units", "", 201, 403, 403},
  };
  const std::map<std::string, Session> sessions = {
      {"admin", login("admin")}, {"unit", login("shangwu")}, {"viewer", login("leader")}};
  for (const auto& r : routes) {
    const std::string type = r.body.starts_with("--") ? upload_type : "application/json";
    auto anonymous = send(r.method, r.path, nullptr, r.body, type);
    ASSERT_TRUE(anonymous) << r.path;
    EXPECT_EQ(anonymous->status, 401) << r.method << " " << r.path << " without login";
    for (const auto& [role, expected] : {std::pair{"admin", r.admin}, {"unit", r.unit}, {"viewer", r.viewer}}) {
      auto res = send(r.method, r.path, &sessions.at(role), r.body, type);
      ASSERT_TRUE(res) << r.path;
      EXPECT_EQ(res->status, expected) << r.method << " " << r.path << " as " << role << ": " << res->body;
    }
  }
}

} // namespace
} // namespace zwgk::server
