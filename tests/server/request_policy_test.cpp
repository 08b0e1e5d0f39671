// Login CSRF and DNS rebinding (issue 12, item 8), over real HTTP on
// loopback: what a page of another site can make a victim's browser send —
// a form (text/plain, urlencoded, multipart) to the login route, a request
// with its own Origin, or any request under its own host name after
// re-pointing that name at the server — is refused before a handler runs
// (server/request_policy.h).
#include "workspace_fixture.h"

#include <nlohmann/json.hpp>

namespace zwgk::server {
namespace {

using nlohmann::json;
using test_http::connect_to;
using test_http::read_until_closed;
using test_http::send_all;
using test_http::status_of;

class RequestPolicyTest : public test_http::WorkspaceServer {
protected:
  std::string own_host() const { return "127.0.0.1:" + std::to_string(m_port); }

  httplib::Result post(const std::string& path, const std::string& body, const std::string& type,
                       httplib::Headers headers = {}) {
    auto c = test_http::client(m_port);
    return c.Post(path, headers, body, type);
  }

  httplib::Result get_with_host(const std::string& host, const std::string& path = "/") {
    auto c = test_http::client(m_port);
    return c.Get(path, {{"Host", host}});
  }

  const std::string m_credentials =
      json{{"name", "admin"}, {"password", test_http::password_of("admin")}}.dump();
};

// What <form enctype="text/plain"> on another site posts: the attacker's
// name and password as a "JSON" text body. It logged the victim in.
TEST_F(RequestPolicyTest, LoginCsrfWithATextPlainFormIsRefused) {
  start();
  auto res = post("/api/v1/login", m_credentials, "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 415) << res->body;
  EXPECT_FALSE(res->has_header("Set-Cookie"));
  EXPECT_NE(json::parse(res->body)["error"].get<std::string>().find("application/json"), std::string::npos);
  for (const char* type : {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
    res = post("/api/v1/login", m_credentials, type);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 415) << type;
    EXPECT_FALSE(res->has_header("Set-Cookie")) << type;
  }
  res = post("/api/v1/login", m_credentials, "application/json; charset=utf-8");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
}

// Every state-changing route takes JSON; only the routes that take files
// also take multipart/form-data.
TEST_F(RequestPolicyTest, StateChangingRoutesTakeOnlyJsonOrFilesWhereFilesBelong) {
  start();
  auto admin = login("admin");
  const std::string finding = json{{"unit", "无此单位"}, {"code", "目录未上传"}}.dump();
  EXPECT_EQ(send("POST", "/api/v1/periods/2020Q3/findings", &admin, finding, "text/plain")->status, 415);
  EXPECT_EQ(send("POST", "/api/v1/periods/2020Q3/findings", &admin, finding, "multipart/form-data; boundary=x")->status,
            415);
  EXPECT_EQ(send("POST", "/api/v1/periods/2020Q3/findings", &admin, finding, "")->status, 415);
  EXPECT_EQ(send("POST", "/api/v1/periods/2020Q3/findings", &admin, finding)->status, 422);  // JSON: handled
  EXPECT_EQ(send("PUT", "/api/v1/users/leader", &admin, "disabled=true", "application/x-www-form-urlencoded")->status,
            415);
  const std::string boundary = "zwgkPolicyBoundary";
  const std::string upload = "--" + boundary +
                             "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"检查-x.csv\"\r\n\r\n"
                             "单位,问题类型\r\n区财政局,目录未上传\r\n--" + boundary + "--\r\n";
  auto res = send("POST", "/api/v1/periods/2020Q3/uploads?mode=preview", &admin, upload,
                  "multipart/form-data; boundary=" + boundary);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  // An empty body needs no type (the front-end's logout).
  EXPECT_EQ(send("POST", "/api/v1/logout", &admin, "", "")->status, 204);
}

// A request that says it comes from another site is refused even with the
// victim's cookie and CSRF token; from this server's own page it is served.
TEST_F(RequestPolicyTest, CrossOriginWritesAreRefused) {
  start();
  auto admin = login("admin");
  auto write_from = [&](const std::string& origin) {
    auto c = test_http::client(m_port);
    httplib::Headers headers{{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.csrf}, {"Origin", origin}};
    return c.Post("/api/v1/periods/2020Q3/findings", headers, json{{"unit", "无此单位"}, {"code", "x"}}.dump(),
                  "application/json")->status;
  };
  EXPECT_EQ(write_from("http://evil.example"), 403);
  EXPECT_EQ(write_from("null"), 403);
  EXPECT_EQ(write_from("http://127.0.0.1:" + std::to_string(m_port + 1)), 403);  // another port of this host
  EXPECT_EQ(write_from("https://127.0.0.1:" + std::to_string(m_port)), 403);
  EXPECT_EQ(write_from("http://" + own_host()), 422);  // the workspace's own page: handled
  auto res = post("/api/v1/login", m_credentials, "application/json", {{"Origin", "http://evil.example"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_FALSE(res->has_header("Set-Cookie"));
}

// DNS rebinding: a page on evil.example re-points its name at 127.0.0.1 and
// reads what the server answers to "Host: evil.example". Refused with 421;
// the server's own address, localhost and the machine's name are served.
TEST_F(RequestPolicyTest, ForeignHostNamesAreRefused) {
  start();
  const std::string port = std::to_string(m_port);
  auto res = get_with_host("evil.example:" + port);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 421);
  EXPECT_NE(json::parse(res->body)["error"].get<std::string>().find("--server-name evil.example"), std::string::npos);
  EXPECT_EQ(get_with_host("evil.example:" + port, "/api/v1/me")->status, 421);
  EXPECT_EQ(get_with_host("10.1.2.3:" + port)->status, 421);  // not an address of this connection
  EXPECT_EQ(get_with_host("127.0.0.1:" + port)->status, 200);
  EXPECT_EQ(get_with_host("localhost:" + port)->status, 200);
  EXPECT_EQ(get_with_host("LOCALHOST.")->status, 200);
  char machine[256] = {};
  ASSERT_EQ(::gethostname(machine, sizeof machine - 1), 0);
  EXPECT_EQ(get_with_host(std::string(machine) + ":" + port)->status, 200);
  // Without any Host header (HTTP/1.0 clients): refused.
  const int fd = connect_to(m_port);
  send_all(fd, "GET / HTTP/1.0\r\n\r\n");
  EXPECT_EQ(status_of(read_until_closed(fd, std::chrono::seconds(10))), 400);
  ::close(fd);
}

// Behind nginx: the office names its public host with --server-name; nginx
// passes it as Host ($host, no port) and the browser's Origin has the
// public scheme and port.
TEST_F(RequestPolicyTest, NamesGivenWithServerNameAreServedBehindAProxy) {
  ServerOptions options;
  options.server_names = {"zwgk.example.gov.cn"};
  options.proxy = ProxyHeaders::TrustFromLoopback;
  start(options);
  EXPECT_EQ(get_with_host("zwgk.example.gov.cn")->status, 200);
  EXPECT_EQ(get_with_host("ZWGK.example.gov.cn:8443")->status, 200);
  EXPECT_EQ(get_with_host("other.example.gov.cn")->status, 421);
  auto c = test_http::client(m_port);
  httplib::Headers headers{{"Host", "zwgk.example.gov.cn"}, {"Origin", "https://zwgk.example.gov.cn"}};
  auto res = c.Post("/api/v1/login", headers, m_credentials, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  headers = {{"Host", "zwgk.example.gov.cn"}, {"Origin", "https://evil.example"}};
  EXPECT_EQ(c.Post("/api/v1/login", headers, m_credentials, "application/json")->status, 403);
}

} // namespace
} // namespace zwgk::server
