#include "smtp/client.h"

#include "net/curl.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <random>

namespace zwgk::smtp {
namespace {

// How much of the server's last reply is kept (quoted_server_text shortens it further).
constexpr std::size_t k_max_reply = 800;

struct ListCleanup {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
struct CurlText {
  char* text = nullptr;
  ~CurlText() { curl_free(text); }
};

std::string now_message_id(std::string_view domain) {
  std::random_device random;
  std::string id;
  for (int i = 0; i < 4; ++i) id += fmt::format("{:08x}", static_cast<std::uint32_t>(random()));
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  return fmt::format("zwgk.{}.{}@{}", now.count(), id, domain);
}

DateTime now_cst() {
  return cst_from_unix(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

// --- sending ---

struct Target {
  std::string url;   // with the default port filled in
  std::string host;
  std::string port;
};

bool is_loopback(std::string_view host) {
  if (host == "localhost" || host == "[::1]" || host == "::1") return true;
  if (!host.starts_with("127.")) return false;
  return std::all_of(host.begin(), host.end(), [](char c) { return c == '.' || (c >= '0' && c <= '9'); });
}

std::expected<Target, std::string> check_url(const Options& o) {
  std::string shown = quoted_server_text(o.url);
  net::UrlHandle url(curl_url());
  if (!url) return std::unexpected("无法初始化网络库 libcurl");
  if (o.url.empty()) return std::unexpected("未设置邮件发送服务器地址（url）");
  if (curl_url_set(url.get(), CURLUPART_URL, o.url.c_str(), 0) != CURLUE_OK)
    return std::unexpected(fmt::format("邮件发送服务器地址“{}”无效，应写成 smtps://smtp.example.gov.cn 或 "
                                       "smtp://smtp.example.gov.cn:587",
                                       shown));
  CurlText scheme, host, port, user, password;
  curl_url_get(url.get(), CURLUPART_SCHEME, &scheme.text, 0);
  curl_url_get(url.get(), CURLUPART_HOST, &host.text, 0);
  curl_url_get(url.get(), CURLUPART_PORT, &port.text, 0);
  curl_url_get(url.get(), CURLUPART_USER, &user.text, 0);
  curl_url_get(url.get(), CURLUPART_PASSWORD, &password.text, 0);
  if (user.text || password.text)
    return std::unexpected("邮件发送服务器地址中不能含用户名或密码，请分别在 user 和 password_env/password_file 中设置");
  std::string_view s = scheme.text ? scheme.text : "";
  if (s != "smtp" && s != "smtps")
    return std::unexpected(fmt::format("邮件发送服务器地址“{}”应以 smtps:// 或 smtp:// 开头", shown));
  if (o.security == Security::Tls && s != "smtps")
    return std::unexpected(fmt::format("加密方式为 tls 时，服务器地址应以 smtps:// 开头（现为“{}”）", shown));
  if (o.security != Security::Tls && s != "smtp")
    return std::unexpected(fmt::format("加密方式为 starttls 或 none 时，服务器地址应以 smtp:// 开头（现为“{}”）", shown));
  Target t;
  t.host = host.text ? host.text : "";
  if (t.host.empty()) return std::unexpected(fmt::format("邮件发送服务器地址“{}”中没有服务器名", shown));
  if (o.security == Security::None && !is_loopback(t.host))
    return std::unexpected(fmt::format("不加密（security = \"none\"）只能用于本机的邮件中转服务器（127.0.0.1 或 "
                                       "localhost），{} 请使用 tls 或 starttls，以免密码和邮件内容以明文传输",
                                       quoted_server_text(t.host)));
  if (port.text) {
    t.port = port.text;
  } else {
    t.port = o.security == Security::Tls ? "465" : o.security == Security::StartTls ? "587" : "25";
    curl_url_set(url.get(), CURLUPART_PORT, t.port.c_str(), 0);
  }
  CurlText full;
  if (curl_url_get(url.get(), CURLUPART_URL, &full.text, 0) != CURLUE_OK || !full.text)
    return std::unexpected(fmt::format("邮件发送服务器地址“{}”无效", shown));
  t.url = full.text;
  return t;
}

// What the server said, for messages: its last refusal (a 4xx or 5xx
// reply; what follows, such as QUIT's 221, says nothing), else its last reply.
struct Transcript {
  std::string last_reply;
  std::string last_refusal;
  const std::string& said() const { return last_refusal.empty() ? last_reply : last_refusal; }
};

int on_debug(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  if (type != CURLINFO_HEADER_IN) return 0;
  auto* t = static_cast<Transcript*>(user);
  std::string_view line(data, size);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.empty()) return 0;
  t->last_reply.assign(line.substr(0, k_max_reply));
  if (line.front() == '4' || line.front() == '5') t->last_refusal = t->last_reply;
  return 0;
}

struct Upload {
  std::string_view rest;
};

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  std::size_t n = std::min(size * count, upload->rest.size());
  std::memcpy(buffer, upload->rest.data(), n);
  upload->rest.remove_prefix(n);
  return n;
}

std::string send_error(CURLcode rc, const char* detail_buffer, const Transcript& transcript, const Options& o,
                       const Target& t, const std::string& from) {
  std::string detail = quoted_server_text(net::curl_detail(rc, detail_buffer));
  net::Peer peer{.noun = "邮件发送服务器",
                 .host = t.host,
                 .address = fmt::format("{}:{}", t.host, t.port),
                 .ca_file = o.ca_file,
                 .ca_where = "在 ca_file 中",
                 .tls_ports = "tls（smtps://）通常用 465 端口，starttls（smtp://）用 587 或 25 端口",
                 .kept_safe = "为保护密码和邮件内容，未以明文发送",
                 .timeout = o.timeout};
  if (auto shared = net::connection_error(rc, detail, peer)) return *shared;
  const std::string& server = peer.address;
  std::string said = transcript.said().empty() ? detail : quoted_server_text(transcript.said());
  if (rc == CURLE_LOGIN_DENIED)
    return fmt::format("邮件发送服务器 {} 拒绝登录（{}）：用户名或密码不正确（用户 {}），或服务器不支持登录。"
                       "163、126、QQ 等邮箱须使用开通 SMTP 服务时生成的客户端授权码，而不是网页登录密码",
                       server, said, o.user);
  std::string_view d(detail_buffer);
  if (d.starts_with("MAIL failed"))
    return fmt::format("邮件发送服务器 {} 拒绝了发件人 {}（服务器答复：{}）{}", server, from, said,
                       o.user.empty() && said.starts_with("530") ? "：服务器要求先登录，请设置用户名和密码" : "");
  if (d.starts_with("RCPT failed"))
    return fmt::format("邮件发送服务器 {} 拒绝了收件人（服务器答复：{}），邮件未发送", server, said);
  if (rc == CURLE_SEND_ERROR || rc == CURLE_WEIRD_SERVER_REPLY || rc == CURLE_RECV_ERROR || rc == CURLE_GOT_NOTHING)
    return fmt::format("邮件发送服务器 {} 未接受邮件（{}；服务器答复：{}）", server, detail, said);
  return fmt::format("通过邮件发送服务器 {} 发送邮件失败（{}）", server, detail);
}

std::expected<void, std::string> run(const Options& o, const Message& m) {
  if (m.to.empty()) return std::unexpected("没有收件人");
  auto from = address_of(m.from);
  if (!from) return std::unexpected("发件人" + from.error());
  std::vector<std::string> recipients;
  for (const auto& to : m.to) {
    auto address = address_of(to);
    if (!address) return std::unexpected("收件人" + address.error());
    recipients.push_back(*address);
  }
  if (!o.user.empty() && o.password.empty()) return std::unexpected("设置了登录用户名，但没有密码（或授权码）");
  if (o.timeout.count() <= 0 || o.timeout.count() > 24 * 3600)
    return std::unexpected(fmt::format("超时 {} 秒无效", o.timeout.count()));

  net::ensure_curl();
  auto target = check_url(o);
  if (!target) return std::unexpected(target.error());
  std::string domain = from->substr(from->find('@') + 1);
  auto bytes = compose(m, now_cst(), now_message_id(domain));
  if (!bytes) return std::unexpected(bytes.error());

  char error_buffer[CURL_ERROR_SIZE] = {};
  Transcript transcript;
  Upload upload{*bytes};
  std::string mail_from = "<" + *from + ">";
  std::unique_ptr<curl_slist, ListCleanup> rcpt;
  for (const auto& r : recipients) {
    curl_slist* next = curl_slist_append(rcpt.get(), ("<" + r + ">").c_str());
    if (!next) return std::unexpected("内存不足");
    (void)rcpt.release();
    rcpt.reset(next);
  }
  net::EasyHandle curl(curl_easy_init());
  if (!curl) return std::unexpected("无法初始化网络库 libcurl");
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, target->url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (!o.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, o.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, o.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_USE_SSL,
                   static_cast<long>(o.security == Security::StartTls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
  if (!o.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, o.ca_file.c_str());
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(o.timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(o.timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, on_debug);
  curl_easy_setopt(c, CURLOPT_DEBUGDATA, &transcript);
  curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);  // feeds on_debug only (server replies); nothing is printed
  if (CURLcode rc = curl_easy_perform(c); rc != CURLE_OK)
    return std::unexpected(send_error(rc, error_buffer, transcript, o, *target, *from));
  return {};
}

} // namespace

std::optional<Security> parse_security(std::string_view text) {
  if (text == "tls") return Security::Tls;
  if (text == "starttls") return Security::StartTls;
  if (text == "none") return Security::None;
  return std::nullopt;
}

std::expected<void, std::string> send(const Options& options, const Message& message) {
  auto result = run(options, message);
  if (!result) return std::unexpected(scrub_secret(std::move(result.error()), options.password));
  return result;
}

} // namespace zwgk::smtp
