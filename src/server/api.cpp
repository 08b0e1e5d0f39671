#include "server/api.h"

#include "server/replay.h"

#include "util/text.h"

#include <fmt/format.h>

#include <charconv>

namespace zwgk::server {

std::string cookie_value(const httplib::Request& req, std::string_view name) {
  const std::string header = req.get_header_value("Cookie");  // by value in this cpp-httplib
  std::string_view cookies = header;
  while (!cookies.empty()) {
    std::size_t end = cookies.find(';');
    std::string_view pair = cookies.substr(0, end);
    while (pair.starts_with(' ')) pair.remove_prefix(1);
    if (pair.starts_with(name) && pair.size() > name.size() && pair[name.size()] == '=')
      return std::string(pair.substr(name.size() + 1));
    if (end == std::string_view::npos) break;
    cookies.remove_prefix(end + 1);
  }
  return {};
}

std::string json_text(const Json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void send_rendered(httplib::Response& res, const std::string& body) {
  res.status = 200;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body, "application/json; charset=utf-8");
}

std::string attachment_header(const std::string& name, std::string_view fallback) {
  std::string encoded;
  for (unsigned char c : name)
    encoded += std::isalnum(c) || c == '.' || c == '-' || c == '_' ? std::string(1, static_cast<char>(c))
                                                                    : fmt::format("%{:02X}", c);
  return fmt::format("attachment; filename=\"{}\"; filename*=UTF-8''{}", fallback, encoded);
}

void send_json(httplib::Response& res, int status, const Json& body) {
  send_rendered(res, json_text(body));
  res.status = status;
}

void send_error(httplib::Response& res, int status, const std::string& message, const Diagnostics* problems) {
  Json body{{"error", message}};
  if (problems) add_problems(body, *problems);
  send_json(res, status, body);
}

int http_status(const app::Error& error) {
  switch (error.kind) {
  case app::ErrorKind::BadInput: return error.problems.entries().empty() ? 400 : 422;
  case app::ErrorKind::NotFound: return 404;
  case app::ErrorKind::Forbidden: return 403;
  case app::ErrorKind::Conflict: return 409;
  case app::ErrorKind::Internal: break;
  }
  return 500;
}

void send_error(httplib::Response& res, const app::Error& error) {
  send_error(res, http_status(error), error.message, error.problems.entries().empty() ? nullptr : &error.problems);
}

bool has_session(const Api& api, const httplib::Request& req) {
  const std::string token = cookie_value(req, k_session_cookie);
  return !token.empty() && api.auth.authenticate(token, api.now()).has_value();
}

std::optional<Caller> require(const Api& api, const httplib::Request& req, httplib::Response& res, Need need,
                              Access access) {
  const std::string token = cookie_value(req, k_session_cookie);
  auto context = token.empty() ? std::nullopt : api.auth.authenticate(token, api.now());
  if (!context) {
    send_error(res, 401, "请先登录");
    return std::nullopt;
  }
  if (need != Need::Account && context->user.must_change_password) {
    send_json(res, 403, {{"error", "请先修改密码：初始密码或管理员重设的密码须由本人改过后才能使用工作台"},
                         {"code", "must_change_password"}});
    return std::nullopt;
  }
  if (need == Need::Admin && context->user.role != store::Role::Admin) {
    send_error(res, 403, "只有管理员可以进行此操作");
    return std::nullopt;
  }
  if (access == Access::Write && req.get_header_value("X-CSRF-Token") != context->session.csrf_token) {
    send_error(res, 403, "请求缺少有效的 CSRF 令牌，请刷新页面后重试");
    return std::nullopt;
  }
  return Caller{std::move(context->user), std::move(context->session)};
}

void permit_replay(const Caller& caller) { permit_replay(caller.session.expires_at); }

std::optional<Period> period_param(const Api& api, const httplib::Request& req, httplib::Response& res) {
  auto period = req.matches.size() > 1 ? Period::parse(req.matches[1].str()) : std::nullopt;
  if (period) {
    auto periods = api.workspace.periods();
    if (std::find(periods.begin(), periods.end(), *period) != periods.end()) return period;
  }
  send_error(res, 404, fmt::format("没有季度“{}”的数据", req.matches.size() > 1 ? req.matches[1].str() : ""));
  return std::nullopt;
}

std::optional<SnapshotPtr> snapshot_or_error(const Api& api, Period period, httplib::Response& res) {
  auto snap = api.workspace.snapshot(period);
  if (!snap) {
    send_error(res, 422, "数据目录无法读取", &snap.error());
    return std::nullopt;
  }
  return *snap;
}

std::optional<nlohmann::json> json_body(const httplib::Request& req, httplib::Response& res) {
  auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    send_error(res, 400, "请求内容应为 JSON 对象");
    return std::nullopt;
  }
  return body;
}

std::string body_text(const nlohmann::json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_string()) return {};
  return std::string(trim(it->get_ref<const std::string&>()));
}

httplib::Server::Handler admin_only(Api& api, Access access, AdminRoute route) {
  return [&api, access, route = std::move(route)](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = require(api, req, res, Need::Admin, access)) route(*caller, req, res);
  };
}

std::optional<std::size_t> line_param(const httplib::Request& req, httplib::Response& res, std::string_view what) {
  const std::string text = req.matches.size() > 2 ? req.matches[2].str() : std::string();
  std::size_t line = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), line);
  if (ec == std::errc() && end == text.data() + text.size() && line > 0) return line;
  send_error(res, 404, fmt::format("没有编号为“{}”的{}", text, what));
  return std::nullopt;
}

Json user_json(const store::User& user) {
  return {{"name", user.name}, {"role", store::role_code(user.role)}, {"role_title", store::role_title(user.role)},
          {"unit", user.unit}, {"must_change_password", user.must_change_password}};
}

bool from_trusted_proxy(const Api& api, const httplib::Request& req) {
  return api.trust_proxy_headers && (req.remote_addr == "127.0.0.1" || req.remote_addr == "::1");
}

std::string client_address(const Api& api, const httplib::Request& req) {
  if (from_trusted_proxy(api, req) && req.has_header("X-Real-IP")) return req.get_header_value("X-Real-IP");
  return req.remote_addr;
}

Actor actor_of(const Api& api, const Caller& caller) { return {caller.user.name, api.now()}; }

} // namespace zwgk::server
