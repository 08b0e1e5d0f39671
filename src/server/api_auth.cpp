// POST /api/v1/login, POST /api/v1/logout, GET /api/v1/me.
#include "server/api.h"

#include <fmt/format.h>

#include <variant>

namespace zwgk::server {
namespace {

std::string session_cookie(const std::string& token, std::int64_t max_age) {
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}", k_session_cookie, token, max_age);
}

void login(Api& api, const httplib::Request& req, httplib::Response& res) {
  auto body = json_body(req, res);
  if (!body) return;
  const std::string name = body->value("name", ""), password = body->value("password", "");
  auto outcome = api.auth.login(name, password, client_address(api, req), api.now());
  if (auto* ok = std::get_if<auth::LoginOk>(&outcome)) {
    res.set_header("Set-Cookie", session_cookie(ok->token, auth::k_session_seconds));
    send_json(res, 200, {{"user", user_json(ok->user)}, {"csrf", ok->csrf}});
  } else if (auto* throttled = std::get_if<auth::Throttled>(&outcome)) {
    res.set_header("Retry-After", std::to_string(throttled->retry_after_seconds));
    send_json(res, 429, {{"error", fmt::format("登录失败次数过多，请 {} 分钟后再试", (throttled->retry_after_seconds + 59) / 60)},
                         {"retry_after", throttled->retry_after_seconds}});
  } else if (auto* failure = std::get_if<auth::StoreFailure>(&outcome)) {
    send_error(res, 500, failure->message);
  } else if (std::holds_alternative<auth::Disabled>(outcome)) {
    send_error(res, 401, "该用户已停用，请联系管理员");
  } else {
    send_error(res, 401, "用户名或密码不正确");
  }
}

} // namespace

void register_auth_routes(Api& api) {
  api.http.Post("/api/v1/login", [&api](const httplib::Request& req, httplib::Response& res) { login(api, req, res); });
  api.http.Post("/api/v1/logout", [&api](const httplib::Request& req, httplib::Response& res) {
    auto caller = require(api, req, res, Need::Login, Access::Write);
    if (!caller) return;
    (void)api.store.delete_session(caller->session.token_hash);
    res.set_header("Set-Cookie", session_cookie("", 0));
    res.status = 204;
  });
  api.http.Get("/api/v1/me", [&api](const httplib::Request& req, httplib::Response& res) {
    auto caller = require(api, req, res, Need::Login, Access::Read);
    if (caller) send_json(res, 200, {{"user", user_json(caller->user)}, {"csrf", caller->session.csrf_token}});
  });
}

} // namespace zwgk::server
