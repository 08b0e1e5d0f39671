#include "server/request_policy.h"

#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include <arpa/inet.h>
#include <unistd.h>

namespace zwgk::server {
namespace {

struct Authority {
  std::string host;  // lower case, no brackets, no trailing dot
  std::optional<int> port;
};

std::optional<int> port_number(std::string_view digits) {
  int port = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || port < 1 || port > 65535)
    return std::nullopt;
  return port;
}

// "Name:8080", "[::1]:8080", "10.0.0.5": the host and the port if given.
std::optional<Authority> parse_authority(std::string_view text) {
  text = trim(text);
  std::string_view host, rest;
  if (text.starts_with('[')) {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = text.substr(1, close - 1);
    rest = text.substr(close + 1);
  } else {
    const std::size_t colon = text.find(':');
    if (colon != std::string_view::npos && text.find(':', colon + 1) != std::string_view::npos) return std::nullopt;
    host = text.substr(0, colon);
    rest = colon == std::string_view::npos ? std::string_view() : text.substr(colon);
  }
  Authority out{ascii_lower(host), std::nullopt};
  if (out.host.ends_with('.')) out.host.pop_back();
  if (out.host.empty() || out.host.find_first_of(" \t/@\\") != std::string::npos) return std::nullopt;
  if (!rest.empty()) {
    if (rest.front() != ':') return std::nullopt;
    out.port = port_number(rest.substr(1));
    if (!out.port) return std::nullopt;
  }
  return out;
}

bool is_ip_literal(const std::string& host) {
  unsigned char buffer[sizeof(in6_addr)];
  return ::inet_pton(AF_INET, host.c_str(), buffer) == 1 || ::inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

// An address as compared: lower case, an IPv4-mapped IPv6 address as IPv4.
std::string comparable_address(std::string_view address) {
  std::string out = ascii_lower(address);
  if (out.starts_with("::ffff:") && out.find('.') != std::string::npos) out.erase(0, 7);
  return out;
}

bool is_loopback(std::string_view address) {
  const std::string a = comparable_address(address);
  return a.starts_with("127.") || a == "::1";
}

bool is_state_changing(const std::string& method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

// The media type of a Content-Type value, lower case, without parameters.
std::string media_type(const std::string& value) {
  return ascii_lower(trim(std::string_view(value).substr(0, value.find(';'))));
}

// A value from a request shown in a message: at most 100 bytes.
std::string shown(const std::string& value) { return quoted_server_text(value, 100); }

} // namespace

bool takes_files(const std::string& path) {
  if (path == "/api/v1/mail/import") return true;
  return path.starts_with("/api/v1/periods/") &&
         (path.ends_with("/uploads") || path.find("/rectification/") != std::string::npos);
}

RequestPolicy::RequestPolicy(std::vector<std::string> names, const std::string& bind_host, bool behind_proxy)
    : m_behind_proxy(behind_proxy) {
  char machine[256] = {};
  if (::gethostname(machine, sizeof machine - 1) == 0 && machine[0]) names.emplace_back(machine);
  if (!bind_host.empty() && !is_ip_literal(bind_host)) names.push_back(bind_host);
  for (const auto& name : names)
    if (auto parsed = parse_authority(name); parsed && !is_ip_literal(parsed->host) &&
                                             std::find(m_names.begin(), m_names.end(), parsed->host) == m_names.end())
      m_names.push_back(parsed->host);
}

std::optional<Refusal> RequestPolicy::check_host(const httplib::Request& req) const {
  if (!req.has_header("Host")) return Refusal{400, "请求缺少 Host 请求头"};
  const std::string value = req.get_header_value("Host");
  auto host = parse_authority(value);
  if (!host) return Refusal{400, "请求的 Host 请求头格式不对"};
  if (std::find(m_names.begin(), m_names.end(), host->host) != m_names.end()) return std::nullopt;
  if (is_ip_literal(host->host) && comparable_address(host->host) == comparable_address(req.local_addr))
    return std::nullopt;
  if (host->host == "localhost" && is_loopback(req.local_addr)) return std::nullopt;
  return Refusal{421, fmt::format("工作台不接受以“{}”访问（可防止 DNS 重绑定攻击）。如果这是本工作台的正式访问地址，"
                                  "请管理员用 zwgk serve --server-name {} 启动",
                                  shown(host->host), shown(host->host))};
}

std::optional<Refusal> RequestPolicy::check_origin(const httplib::Request& req) const {
  if (!req.has_header("Origin")) return std::nullopt;
  const std::string origin = req.get_header_value("Origin");
  const Refusal cross_site{403, fmt::format("拒绝来自其他网站（{}）的请求", shown(origin))};
  const std::size_t scheme_end = origin.find("://");
  if (scheme_end == std::string::npos) return cross_site;
  const std::string scheme = ascii_lower(origin.substr(0, scheme_end));
  auto from = parse_authority(std::string_view(origin).substr(scheme_end + 3));
  auto to = parse_authority(req.get_header_value("Host"));
  if ((scheme != "http" && scheme != "https") || !from || !to || from->host != to->host) return cross_site;
  if (m_behind_proxy && is_loopback(req.remote_addr)) return std::nullopt;  // nginx's $host has no port
  // Directly, the server speaks plain HTTP only.
  if (scheme != "http" || from->port.value_or(80) != to->port.value_or(80)) return cross_site;
  return std::nullopt;
}

std::optional<Refusal> RequestPolicy::check(const httplib::Request& req) const {
  if (auto refusal = check_host(req)) return refusal;
  if (!is_state_changing(req.method)) return std::nullopt;
  if (auto refusal = check_origin(req)) return refusal;
  const std::string type = media_type(req.get_header_value("Content-Type"));
  const bool has_body = req.get_header_value("Content-Length") != "0" && req.has_header("Content-Length");
  if (type == "application/json" || (type.empty() && !has_body)) return std::nullopt;
  if (takes_files(req.path)) {
    if (type == "multipart/form-data") return std::nullopt;
    return Refusal{415, "请求内容须为 JSON（Content-Type: application/json）或表单（multipart/form-data）"};
  }
  return Refusal{415, "请求内容须为 JSON（Content-Type: application/json）"};
}

} // namespace zwgk::server
