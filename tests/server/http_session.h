// Test support for the HTTP tests of the workspace: logging in as a test
// user and sending requests with its cookie and CSRF token, over loopback.
// Clients wait up to a minute: the first assessment of a period takes
// seconds in a sanitizer build on a busy 2-core machine.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <string>

namespace zwgk::server::test_http {

// A logged-in client: its cookie and CSRF token.
struct Session {
  std::string cookie, csrf;
};

// The password the tests give every user.
inline std::string password_of(const std::string& name) { return name + "-password-1"; }

inline httplib::Client client(int port) {
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(60);
  return c;
}

inline Session login(int port, const std::string& name) {
  auto c = client(port);
  auto res = c.Post("/api/v1/login", nlohmann::json{{"name", name}, {"password", password_of(name)}}.dump(),
                    "application/json");
  EXPECT_TRUE(res);
  if (!res) return {};
  EXPECT_EQ(res->status, 200) << res->body;
  std::string cookie = res->get_header_value("Set-Cookie");
  return {cookie.substr(0, cookie.find(';')), nlohmann::json::parse(res->body).value("csrf", "")};
}

inline httplib::Result send(int port, const std::string& method, const std::string& path, const Session* session,
                            const std::string& body = {}, const std::string& type = "application/json",
                            bool with_csrf = true) {
  auto c = client(port);
  httplib::Headers headers;
  if (session) headers.emplace("Cookie", session->cookie);
  if (session && with_csrf) headers.emplace("X-CSRF-Token", session->csrf);
  if (method == "GET") return c.Get(path, headers);
  if (method == "PUT") return c.Put(path, headers, body, type);
  if (method == "DELETE") return c.Delete(path, headers, body, type);
  return c.Post(path, headers, body, type);
}

} // namespace zwgk::server::test_http
