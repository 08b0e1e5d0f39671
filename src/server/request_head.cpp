#include "server/request_head.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <vector>

namespace zwgk::server {
namespace {

constexpr std::string_view k_crlf = "\r\n";

bool is_token_char(unsigned char c) {
  constexpr std::string_view k_specials = "!#$%&'*+-.^_`|~";
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         k_specials.find(static_cast<char>(c)) != std::string_view::npos;
}

bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return is_token_char(static_cast<unsigned char>(c)); });
}

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower_ascii(x) == lower_ascii(y); });
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Refusal too_large(const HttpLimits& limits) {
  return {431, fmt::format("请求头过大：请求行和请求头合计不能超过 {} KB，每行不能超过 {} KB，请求头不能超过 {} 个",
                           limits.max_head_bytes >> 10, limits.max_head_line_bytes >> 10, limits.max_header_fields)};
}

Refusal malformed() { return {400, "请求格式不对：请求行或请求头不符合 HTTP/1.1"}; }

// Limits that can be broken before the head is complete: line lengths and
// the number of lines among the bytes received so far.
std::optional<Refusal> check_lines(std::string_view received, const HttpLimits& limits) {
  std::size_t start = 0, lines = 0;
  for (;;) {
    const std::size_t end = received.find('\n', start);
    const std::size_t length = (end == std::string_view::npos ? received.size() : end + 1) - start;
    if (length > limits.max_head_line_bytes + k_crlf.size()) {
      if (lines == 0) return Refusal{414, fmt::format("请求的网址过长（超过 {} KB）", limits.max_head_line_bytes >> 10)};
      return too_large(limits);
    }
    if (end == std::string_view::npos) return std::nullopt;
    if (++lines > limits.max_header_fields + 2) return too_large(limits);  // request line + fields + blank line
    start = end + 1;
  }
}

std::optional<Refusal> check_request_line(std::string_view line, RequestHead& head) {
  const std::size_t first = line.find(' '), last = line.rfind(' ');
  if (first == std::string_view::npos || first == last) return malformed();
  const std::string_view method = line.substr(0, first), target = line.substr(first + 1, last - first - 1),
                         version = line.substr(last + 1);
  if (!is_token(method) || target.empty() || target.find(' ') != std::string_view::npos) return malformed();
  if (version != "HTTP/1.1" && version != "HTTP/1.0") {
    if (version.starts_with("HTTP/")) return Refusal{505, "只支持 HTTP/1.0 和 HTTP/1.1"};
    return malformed();
  }
  head.method = std::string(method);
  return std::nullopt;
}

struct Fields {
  std::optional<std::string_view> content_length;
  bool chunked = false;
  bool compressed = false;
  std::size_t hosts = 0;
};

// One header field; false when it is malformed or repeats Content-Length
// with another value.
bool read_field(std::string_view line, Fields& fields, RequestHead& head, bool& forward) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) return false;
  const std::string_view name = line.substr(0, colon), value = trimmed(line.substr(colon + 1));
  forward = true;
  if (same_ignoring_case(name, "Content-Length")) {
    if (fields.content_length && *fields.content_length != value) return false;
    fields.content_length = value;
  } else if (same_ignoring_case(name, "Transfer-Encoding")) {
    fields.chunked = true;
  } else if (same_ignoring_case(name, "Content-Encoding")) {
    fields.compressed = fields.compressed || !(value.empty() || same_ignoring_case(value, "identity"));
  } else if (same_ignoring_case(name, "Expect")) {
    head.expects_continue = same_ignoring_case(value, "100-continue");
  } else if (same_ignoring_case(name, "Host")) {
    ++fields.hosts;
  } else if (same_ignoring_case(name, "Range") || same_ignoring_case(name, "If-Range")) {
    // httplib 0.11.4 builds any number of (overlapping) ranges in memory; whole files are served instead.
    forward = false;
  }
  return true;
}

std::optional<Refusal> check_body(const Fields& fields, RequestHead& head, const HttpLimits& limits) {
  if (fields.chunked) return Refusal{411, "请求须带 Content-Length，不接受分块传输（Transfer-Encoding）"};
  if (fields.compressed)
    return Refusal{415, "不接受压缩的请求内容（Content-Encoding）：请发送未压缩的内容"};
  static constexpr std::array<std::string_view, 5> k_body_methods{"POST", "PUT", "PATCH", "DELETE", "PRI"};
  const bool has_body = std::find(k_body_methods.begin(), k_body_methods.end(), head.method) != k_body_methods.end();
  if (!fields.content_length) {
    if (has_body) return Refusal{411, "请求须带 Content-Length（没有内容时为 0）"};
    return std::nullopt;
  }
  const std::string_view text = *fields.content_length;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), head.content_length);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || text.front() == '+' || text.front() == '-')
    return malformed();
  if (head.content_length > limits.max_body_bytes)
    return Refusal{413, fmt::format("请求内容过大：不能超过 {} MB", limits.max_body_bytes >> 20)};
  return std::nullopt;
}

} // namespace

HeadVerdict read_request_head(std::string_view received, const HttpLimits& limits) {
  const std::size_t blank = received.find("\r\n\r\n");
  if (blank == std::string_view::npos || blank + 4 > limits.max_head_bytes) {
    if (auto refusal = check_lines(received.substr(0, limits.max_head_bytes), limits)) return *refusal;
    if (blank != std::string_view::npos || received.size() >= limits.max_head_bytes) return too_large(limits);
    return HeadIncomplete{};
  }
  const std::string_view text = received.substr(0, blank + 2);  // each line with its CRLF
  if (auto refusal = check_lines(text, limits)) return *refusal;
  RequestHead head;
  head.size = blank + 4;
  Fields fields;
  std::size_t start = 0, count = 0;
  while (start < text.size()) {
    const std::size_t end = text.find(k_crlf, start);
    const std::string_view line = text.substr(start, end - start);
    start = end + 2;
    if (line.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) return malformed();
    bool forward = true;
    if (count++ == 0) {
      if (auto refusal = check_request_line(line, head)) return *refusal;
    } else if (!read_field(line, fields, head, forward)) {
      return malformed();
    }
    if (forward) head.forwarded.append(line).append(k_crlf);
  }
  if (count - 1 > limits.max_header_fields) return too_large(limits);
  if (fields.hosts > 1) return Refusal{400, "请求格式不对：有多个 Host 请求头"};
  if (auto refusal = check_body(fields, head, limits)) return *refusal;
  head.forwarded.append(k_crlf);
  return head;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 421: return "Misdirected Request";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Error";
  }
}

} // namespace zwgk::server
