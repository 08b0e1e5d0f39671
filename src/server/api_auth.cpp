// POST /api/v1/login, POST /api/v1/logout, GET /api/v1/me, POST
// /api/v1/me/password (the caller's own password). These serve a user who
// must change their password (Need::Account); every other route refuses
// them until they have.
//
// Two cookies, both HttpOnly and SameSite=Strict: the session
// (zwgk_session, Path=/, 8 hours) and the login device (zwgk_device, sent
// only to the login route, 180 days; auth/authenticator.h: strangers'
// failures never throttle a browser its user has logged in from). Both get
// Secure when the request came over HTTPS: from nginx on loopback, trusted
// with --behind-proxy, saying X-Forwarded-Proto: https (believed only then,
// as X-Real-IP is).
#include "server/api.h"

#include <fmt/format.h>

#include <variant>

namespace zwgk::server {
namespace {

constexpr std::string_view k_device_cookie = "zwgk_device";

enum class Transport { Http, Https };

// HTTPS as far as the browser is concerned: said by a trusted proxy.
Transport transport_of(const Api& api, const httplib::Request& req) {
  const bool https = from_trusted_proxy(api, req) && req.get_header_value("X-Forwarded-Proto") == "https";
  return https ? Transport::Https : Transport::Http;
}

std::string cookie(std::string_view name, const std::string& value, std::string_view path, std::int64_t max_age,
                   Transport transport) {
  return fmt::format("{}={}; Path={}; HttpOnly; SameSite=Strict; Max-Age={}{}", name, value, path, max_age,
                     transport == Transport::Https ? "; Secure" : "");
}

std::string session_cookie(const std::string& token, std::int64_t max_age, Transport transport) {
  return cookie(k_session_cookie, token, "/", max_age, transport);
}

void login(Api& api, const httplib::Request& req, httplib::Response& res) {
  auto body = json_body(req, res);
  if (!body) return;
  const std::string name = body->value("name", ""), password = body->value("password", "");
  const std::string address = client_address(api, req), device = cookie_value(req, k_device_cookie);
  auto outcome = api.auth.login({name, password, address, device}, api.now());
  const Transport transport = transport_of(api, req);
  if (auto* ok = std::get_if<auth::LoginOk>(&outcome)) {
    res.set_header("Set-Cookie", session_cookie(ok->token, auth::k_session_seconds, transport));
    if (!ok->device.empty())
      res.set_header("Set-Cookie", cookie(k_device_cookie, ok->device, "/api/v1/login", auth::k_device_seconds, transport));
    send_json(res, 200, {{"user", user_json(ok->user)}, {"csrf", ok->csrf}, {"workspace", workspace_json(api)}});
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

// POST /api/v1/me/password {"current", "password"}: auth::Authenticator::change_password.
void change_own_password(Api& api, const httplib::Request& req, httplib::Response& res) {
  auto caller = require(api, req, res, Need::Account, Access::Write);
  if (!caller) return;
  auto body = json_body(req, res);
  if (!body) return;
  auto current = body->find("current"), next = body->find("password");
  if (current == body->end() || !current->is_string() || next == body->end() || !next->is_string())
    return send_error(res, 400, "请提供当前密码（current）和新密码（password）");
  auto changed = api.auth.change_password({caller->user, caller->session}, current->get_ref<const std::string&>(),
                                          next->get_ref<const std::string&>(), api.now());
  if (changed) {
    auto user = api.store.user_by_id(caller->user.id).value_or(caller->user);
    return send_json(res, 200, {{"user", user_json(user)}, {"csrf", caller->session.csrf_token}});
  }
  using Why = auth::PasswordRefused::Why;
  switch (changed.error().why) {
  case Why::Throttled:
    res.set_header("Retry-After", std::to_string(changed.error().retry_after_seconds));
    return send_json(res, 429, {{"error", changed.error().message}, {"retry_after", changed.error().retry_after_seconds}});
  case Why::WrongCurrent: return send_json(res, 403, {{"error", changed.error().message}, {"code", "wrong_password"}});
  case Why::Weak: return send_error(res, 422, changed.error().message);
  case Why::StoreFailure: break;
  }
  send_error(res, 500, changed.error().message);
}

} // namespace

void register_auth_routes(Api& api) {
  api.http.Post("/api/v1/login", [&api](const httplib::Request& req, httplib::Response& res) { login(api, req, res); });
  api.http.Post("/api/v1/logout", [&api](const httplib::Request& req, httplib::Response& res) {
    auto caller = require(api, req, res, Need::Account, Access::Write);
    if (!caller) return;
    (void)api.store.delete_session(caller->session.token_hash);
    res.set_header("Set-Cookie", session_cookie("", 0, transport_of(api, req)));
    res.status = 204;
  });
  api.http.Get("/api/v1/me", [&api](const httplib::Request& req, httplib::Response& res) {
    auto caller = require(api, req, res, Need::Account, Access::Read);
    if (!caller) return;
    permit_replay(*caller);
    send_json(res, 200, {{"user", user_json(caller->user)}, {"csrf", caller->session.csrf_token},
                         {"workspace", workspace_json(api)}});
  });
  api.http.Post("/api/v1/me/password",
                [&api](const httplib::Request& req, httplib::Response& res) { change_own_password(api, req, res); });
  register_user_routes(api);
}

} // namespace zwgk::server
