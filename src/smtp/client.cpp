#include "smtp/client.h"

#include "util/text.h"
#include "util/workdays.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <memory>
#include <mutex>
#include <random>

namespace zwgk::smtp {
namespace {

constexpr std::size_t k_max_quoted_text = 200;
constexpr std::size_t k_encoded_chunk = 42;  // bytes of text per encoded word: 56 base64 characters
constexpr std::size_t k_body_line = 76;

struct CurlCleanup {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct UrlCleanup {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
struct ListCleanup {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
struct CurlText {
  char* text = nullptr;
  ~CurlText() { curl_free(text); }
};

void ensure_curl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string base64(std::string_view data) {
  static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(data[i]) << 16) | (static_cast<unsigned char>(data[i + 1]) << 8) |
                 static_cast<unsigned char>(data[i + 2]);
    out += k_alphabet[(v >> 18) & 63];
    out += k_alphabet[(v >> 12) & 63];
    out += k_alphabet[(v >> 6) & 63];
    out += k_alphabet[v & 63];
  }
  if (i < data.size()) {
    unsigned v = static_cast<unsigned char>(data[i]) << 16;
    if (i + 1 < data.size()) v |= static_cast<unsigned char>(data[i + 1]) << 8;
    out += k_alphabet[(v >> 18) & 63];
    out += k_alphabet[(v >> 12) & 63];
    out += i + 1 < data.size() ? k_alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool needs_encoding(std::string_view text) {
  if (text.size() > 900 || text.find("=?") != std::string_view::npos) return true;
  return std::any_of(text.begin(), text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u >= 0x7F;
  });
}

std::string quoted_text(std::string_view text) { return quoted_server_text(text, k_max_quoted_text); }

std::string scrub(std::string text, const std::string& password) { return scrub_secret(std::move(text), password); }

struct Mailbox {
  std::string display;  // may be empty
  std::string address;
};

std::string trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return std::string(text);
}

std::expected<Mailbox, std::string> parse_mailbox(std::string_view text) {
  Mailbox out;
  std::string whole = trim(text);
  std::string_view address = whole;
  if (auto open = whole.rfind('<'); open != std::string::npos && whole.ends_with('>')) {
    out.display = trim(std::string_view(whole).substr(0, open));
    if (out.display.size() >= 2 && out.display.front() == '"' && out.display.back() == '"')
      out.display = out.display.substr(1, out.display.size() - 2);
    address = std::string_view(whole).substr(open + 1, whole.size() - open - 2);
  }
  auto invalid = [&] { return std::unexpected(fmt::format("邮件地址“{}”无效", quoted_text(text))); };
  auto at = address.find('@');
  if (address.empty() || at == 0 || at == std::string_view::npos || at + 1 == address.size() ||
      address.find('@', at + 1) != std::string_view::npos)
    return invalid();
  for (char c : address) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '<' || c == '>' || c == '"' || c == '(' || c == ')' || c == ',' ||
        c == ';' || c == '\\' || c == '[' || c == ']')
      return invalid();
  }
  if (!is_valid_utf8(address)) return invalid();
  for (char c : out.display)
    if (c == '\r' || c == '\n') return invalid();
  if (!is_valid_utf8(out.display)) return invalid();
  out.address = std::string(address);
  return out;
}

std::string format_mailbox(const Mailbox& m) {
  if (m.display.empty()) return m.address;
  // An encoded name can fill a line: the address goes on the next one.
  if (needs_encoding(m.display)) return encode_header_text(m.display) + "\r\n <" + m.address + ">";
  std::string quoted = "\"";
  for (char c : m.display) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\" <" + m.address + ">";
}

std::string rfc5322_date(const DateTime& date) {
  static constexpr std::array<std::string_view, 7> k_days = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<std::string_view, 12> k_months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const Date& d = date.date;
  return fmt::format("{}, {} {} {:04} {:02}:{:02}:00 +0800", k_days[static_cast<std::size_t>(weekday(d))], d.day,
                     k_months[static_cast<std::size_t>(d.month - 1)], d.year, date.minute_of_day / 60,
                     date.minute_of_day % 60);
}

std::string body_base64(std::string_view body) {
  std::string crlf;
  crlf.reserve(body.size() + body.size() / 40 + 2);
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\r' && i + 1 < body.size() && body[i + 1] == '\n') continue;  // the LF adds it
    if (body[i] == '\n' || body[i] == '\r') {
      crlf += "\r\n";
      continue;
    }
    crlf += body[i];
  }
  if (!crlf.ends_with("\r\n")) crlf += "\r\n";
  std::string encoded = base64(crlf);
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); i += k_body_line) out += encoded.substr(i, k_body_line) + "\r\n";
  return out;
}

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
  std::string shown = quoted_text(o.url);
  std::unique_ptr<CURLU, UrlCleanup> url(curl_url());
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
                                       quoted_text(t.host)));
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
  t->last_reply.assign(line.substr(0, 4 * k_max_quoted_text));
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
  std::string detail = quoted_text(*detail_buffer != '\0' ? detail_buffer : curl_easy_strerror(rc));
  std::string server = fmt::format("{}:{}", t.host, t.port);
  std::string said = transcript.said().empty() ? detail : quoted_text(transcript.said());
  switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return fmt::format("找不到邮件发送服务器 {}（域名无法解析，请检查服务器地址和网络）", t.host);
    case CURLE_COULDNT_CONNECT:
      return fmt::format("无法连接邮件发送服务器 {}（{}），请检查服务器地址、端口和网络", server, detail);
    case CURLE_OPERATION_TIMEDOUT:
      return fmt::format("邮件发送服务器 {} 超过 {} 秒没有答复", server, o.timeout.count());
    case CURLE_PEER_FAILED_VERIFICATION:
      return fmt::format("邮件发送服务器 {} 的证书未通过验证（{}）：证书不是受信任的机构签发，或与服务器地址不符；"
                         "单位自建证书请在 ca_file 中指定其 CA 证书文件",
                         server, detail);
    case CURLE_SSL_CACERT_BADFILE:
      return fmt::format("无法读取 CA 证书文件 {}（{}）", o.ca_file, detail);
    case CURLE_USE_SSL_FAILED:
      return fmt::format("邮件发送服务器 {} 不支持 STARTTLS 加密，为保护密码和邮件内容，未以明文发送", server);
    case CURLE_LOGIN_DENIED:
      return fmt::format("邮件发送服务器 {} 拒绝登录（{}）：用户名或密码不正确（用户 {}），或服务器不支持登录。"
                         "163、126、QQ 等邮箱须使用开通 SMTP 服务时生成的客户端授权码，而不是网页登录密码",
                         server, said, o.user);
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return fmt::format("与邮件发送服务器 {} 建立 TLS 加密连接失败（{}）。请确认加密方式与端口相符："
                         "tls（smtps://）通常用 465 端口，starttls（smtp://）用 587 或 25 端口",
                         server, detail);
    default:
      break;
  }
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
  auto from = parse_mailbox(m.from);
  if (!from) return std::unexpected("发件人" + from.error());
  std::vector<std::string> recipients;
  for (const auto& to : m.to) {
    auto parsed = parse_mailbox(to);
    if (!parsed) return std::unexpected("收件人" + parsed.error());
    recipients.push_back(parsed->address);
  }
  if (!o.user.empty() && o.password.empty()) return std::unexpected("设置了登录用户名，但没有密码（或授权码）");
  if (o.timeout.count() <= 0 || o.timeout.count() > 24 * 3600)
    return std::unexpected(fmt::format("超时 {} 秒无效", o.timeout.count()));

  ensure_curl();
  auto target = check_url(o);
  if (!target) return std::unexpected(target.error());
  std::string domain = from->address.substr(from->address.find('@') + 1);
  auto bytes = compose(m, now_cst(), now_message_id(domain));
  if (!bytes) return std::unexpected(bytes.error());

  char error_buffer[CURL_ERROR_SIZE] = {};
  Transcript transcript;
  Upload upload{*bytes};
  std::string mail_from = "<" + from->address + ">";
  std::unique_ptr<curl_slist, ListCleanup> rcpt;
  for (const auto& r : recipients) {
    curl_slist* next = curl_slist_append(rcpt.get(), ("<" + r + ">").c_str());
    if (!next) return std::unexpected("内存不足");
    (void)rcpt.release();
    rcpt.reset(next);
  }
  std::unique_ptr<CURL, CurlCleanup> curl(curl_easy_init());
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
    return std::unexpected(send_error(rc, error_buffer, transcript, o, *target, from->address));
  return {};
}

} // namespace

std::optional<Security> parse_security(std::string_view text) {
  if (text == "tls") return Security::Tls;
  if (text == "starttls") return Security::StartTls;
  if (text == "none") return Security::None;
  return std::nullopt;
}

std::expected<std::string, std::string> address_of(std::string_view mailbox) {
  auto parsed = parse_mailbox(mailbox);
  if (!parsed) return std::unexpected(parsed.error());
  return parsed->address;
}

std::string encode_header_text(std::string_view text) {
  if (!needs_encoding(text)) return std::string(text);
  std::string out;
  while (!text.empty()) {
    std::size_t n = std::min(text.size(), k_encoded_chunk);
    while (n > 0 && n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    if (n == 0) n = std::min(text.size(), k_encoded_chunk);  // not UTF-8: cut anywhere
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(text.substr(0, n)) + "?=";
    text.remove_prefix(n);
  }
  return out;
}

std::expected<std::string, std::string> compose(const Message& message, const DateTime& date,
                                                std::string_view message_id) {
  auto from = parse_mailbox(message.from);
  if (!from) return std::unexpected("发件人" + from.error());
  if (message.to.empty()) return std::unexpected("没有收件人");
  std::string to;
  for (const auto& recipient : message.to) {
    auto parsed = parse_mailbox(recipient);
    if (!parsed) return std::unexpected("收件人" + parsed.error());
    if (!to.empty()) to += ",\r\n ";
    to += format_mailbox(*parsed);
  }
  if (!is_valid_utf8(message.subject) || !is_valid_utf8(message.body))
    return std::unexpected("邮件主题或正文不是有效的 UTF-8 文本");
  for (char c : message_id)
    if (static_cast<unsigned char>(c) <= 0x20 || c == '<' || c == '>' || static_cast<unsigned char>(c) >= 0x7F)
      return std::unexpected("Message-ID 无效");
  std::string out;
  out += "From: " + format_mailbox(*from) + "\r\n";
  out += "To: " + to + "\r\n";
  out += "Subject: " + encode_header_text(message.subject) + "\r\n";
  out += "Date: " + rfc5322_date(date) + "\r\n";
  out += fmt::format("Message-ID: <{}>\r\n", message_id);
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n";
  out += "\r\n";
  out += body_base64(message.body);
  return out;
}

std::expected<void, std::string> send(const Options& options, const Message& message) {
  auto result = run(options, message);
  if (!result) return std::unexpected(scrub(std::move(result.error()), options.password));
  return result;
}

} // namespace zwgk::smtp
