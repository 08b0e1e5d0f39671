// What the IMAP client (imap/), the SMTP client (smtp/) and the crawler (crawl/) share of libcurl:
// its one-time initialisation, owning its handles, and the Chinese sentence
// for each way a connection fails before the mail protocol starts (the host
// is unknown or unreachable, the time is up, TLS or the certificate fails,
// STARTTLS is refused), so that both clients say the same thing the same way.
// Failures that belong to one protocol (a refused login, a refused sender)
// are worded by that client.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace zwgk::net {

// curl_global_init, once per process (thread-safe).
void ensure_curl();

struct EasyCleanup {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct UrlCleanup {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using EasyHandle = std::unique_ptr<CURL, EasyCleanup>;
using UrlHandle = std::unique_ptr<CURLU, UrlCleanup>;

// The server a failed connection went to, and how the messages name it.
struct Peer {
  std::string_view noun;      // "邮件服务器" (IMAP) or "邮件发送服务器" (SMTP)
  std::string host;           // as configured
  std::string address;        // host:port as shown, "[::1]:993" for IPv6
  std::string ca_file;        // the CA bundle given, if any
  std::string_view ca_where;  // where a CA file is named, e.g. "在 ca_file 中"; may be empty
  std::string_view tls_ports; // which port goes with which security, e.g. "TLS 通常用 993 端口，…"
  std::string_view kept_safe; // what refusing clear text kept safe, e.g. "为保护密码，未以明文登录"
  std::chrono::seconds timeout{0};
};

// curl's own words for `rc`: the error buffer when curl filled it, else
// curl_easy_strerror(rc).
std::string_view curl_detail(CURLcode rc, const char* error_buffer);

// The sentence for a connection failure both protocols share, nullopt for
// any other code. `detail` is curl's words (curl_detail), already quoted
// for display.
std::optional<std::string> connection_error(CURLcode rc, std::string_view detail, const Peer& peer);

} // namespace zwgk::net
