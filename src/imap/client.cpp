#include "imap/client.h"

#include "imap/protocol.h"
#include "util/text.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

namespace zwgk::imap {
namespace {

// One line of a response (a SEARCH result of a big folder is one line: 16 MB
// hold about two million UIDs).
constexpr std::size_t k_max_line = 16u << 20;
constexpr std::size_t k_max_listed_folders = 30;
constexpr std::size_t k_max_quoted_text = 200;
constexpr std::string_view k_id_command = R"(ID ("name" "zwgk" "version" "1"))";

struct CurlCleanup {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct UrlCleanup {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

void ensure_curl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(text[i])) != std::toupper(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

std::string quoted_text(std::string_view text) { return quoted_server_text(text, k_max_quoted_text); }

std::string scrub(std::string text, const std::string& password) { return scrub_secret(std::move(text), password); }

// A command's tagged completion: OK, NO or BAD and the server's text.
struct Completion {
  std::string status;
  std::string text;
  bool ok() const { return status == "OK"; }
  std::string quoted() const { return quoted_text(text); }
};

using Untagged = std::function<std::expected<void, std::string>(std::string_view)>;

// The connection after curl's login: commands one at a time, each with its
// own tag, and the responses read until that tag comes back.
class Session {
public:
  Session(CURL* curl, curl_socket_t socket, std::chrono::seconds timeout)
      : m_curl(curl), m_socket(socket), m_timeout(timeout), m_splitter(k_max_line, k_max_message_bytes) {}

  // Sends `text` and reads up to its completion; every untagged response
  // (without its "* ") goes to on_untagged, whose error ends the command.
  std::expected<Completion, std::string> command(std::string_view text, const Untagged& on_untagged = {}) {
    std::string tag = fmt::format("Z{}", ++m_tag);
    if (auto sent = send_all(fmt::format("{} {}\r\n", tag, text)); !sent) return std::unexpected(sent.error());
    for (;;) {
      auto response = next_response();
      if (!response) return std::unexpected(response.error());
      std::string_view line = *response;
      if (line.starts_with("* ")) {
        line.remove_prefix(2);
        if (starts_with_ci(line, "BYE")) m_bye = quoted_text(line.substr(3));
        if (on_untagged)
          if (auto handled = on_untagged(line); !handled) return std::unexpected(handled.error());
        continue;
      }
      if (line.starts_with(tag) && line.size() > tag.size() && line[tag.size()] == ' ') {
        line.remove_prefix(tag.size() + 1);
        auto space = line.find(' ');
        Completion done{std::string(line.substr(0, space)),
                        std::string(space == line.npos ? "" : line.substr(space + 1))};
        for (char& c : done.status) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return done;
      }
      if (line.starts_with("+"))
        return std::unexpected("邮件服务器在等待本程序并未发送的数据（答复不符合 IMAP 协议）");
      return std::unexpected(fmt::format("邮件服务器的答复不符合 IMAP 协议：{}", quoted_text(line)));
    }
  }

  // Ends the connection without waiting for anything more: after this,
  // curl's own LOGOUT on cleanup fails at once instead of waiting for a
  // server that may be hung.
  void shut_down() { ::shutdown(m_socket, SHUT_RDWR); }

  void set_timeout(std::chrono::seconds timeout) { m_timeout = timeout; }

private:
  std::expected<void, std::string> wait(short events) {
    pollfd p{m_socket, events, 0};
    for (;;) {
      int ready = ::poll(&p, 1, static_cast<int>(m_timeout.count() * 1000));
      if (ready > 0) return {};
      if (ready == 0) return std::unexpected(fmt::format("邮件服务器 {} 秒没有答复", m_timeout.count()));
      if (errno != EINTR) return std::unexpected("等待邮件服务器答复时出错");
    }
  }

  std::expected<void, std::string> send_all(std::string_view data) {
    while (!data.empty()) {
      std::size_t sent = 0;
      CURLcode rc = curl_easy_send(m_curl, data.data(), data.size(), &sent);
      if (rc == CURLE_AGAIN) {
        if (auto ready = wait(POLLOUT); !ready) return ready;
        continue;
      }
      if (rc != CURLE_OK) return std::unexpected(fmt::format("向邮件服务器发送命令失败（{}）", curl_easy_strerror(rc)));
      data.remove_prefix(sent);
    }
    return {};
  }

  std::expected<std::string, std::string> next_response() {
    for (;;) {
      auto next = m_splitter.next();
      if (!next) return std::unexpected(next.error());
      if (*next) return std::move(**next);
      std::size_t received = 0;
      m_chunk.resize(64 * 1024);
      CURLcode rc = curl_easy_recv(m_curl, m_chunk.data(), m_chunk.size(), &received);
      if (rc == CURLE_AGAIN) {
        if (auto ready = wait(POLLIN); !ready) return std::unexpected(ready.error());
        continue;
      }
      if (rc != CURLE_OK)
        return std::unexpected(fmt::format("接收邮件服务器的数据失败（{}）", curl_easy_strerror(rc)));
      if (received == 0)
        return std::unexpected(m_bye.empty() ? std::string("邮件服务器断开了连接")
                                             : fmt::format("邮件服务器断开了连接：{}", m_bye));
      m_splitter.append(std::string_view(m_chunk.data(), received));
    }
  }

  CURL* m_curl;
  curl_socket_t m_socket;
  std::chrono::seconds m_timeout;
  ResponseSplitter m_splitter;
  std::vector<char> m_chunk;
  std::string m_bye;
  int m_tag = 0;
};

// The parts of one FETCH response that fetch() asks for.
struct FetchData {
  std::optional<std::uint32_t> uid;
  std::optional<std::string> internaldate;
  std::optional<std::string> body;
};

// nullopt when the untagged response is not a FETCH.
std::expected<std::optional<FetchData>, std::string> parse_fetch(std::string_view untagged) {
  auto space = untagged.find(' ');
  if (space == untagged.npos || !starts_with_ci(untagged.substr(space + 1), "FETCH ")) return std::nullopt;
  auto values = parse_values(untagged);
  if (!values) return std::unexpected(values.error());
  if (values->size() != 3 || !(*values)[0].number() || (*values)[2].kind != Value::Kind::List)
    return std::unexpected(fmt::format("邮件服务器的 FETCH 答复格式有误：{}", quoted_text(untagged)));
  FetchData data;
  auto& items = (*values)[2].items;
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    const Value& key = items[i];
    Value& value = items[i + 1];
    if (key.is_atom("UID")) {
      data.uid = value.number();
    } else if (key.is_atom("INTERNALDATE") && value.kind == Value::Kind::String) {
      data.internaldate = std::move(value.text);
    } else if (key.is_atom("BODY[]") && value.kind == Value::Kind::String) {
      data.body = std::move(value.text);
    }
  }
  return data;
}

// "OK [UIDVALIDITY 3857529045] UIDs valid" -> 3857529045.
std::optional<std::uint32_t> parse_uidvalidity(std::string_view untagged) {
  constexpr std::string_view k_prefix = "OK [UIDVALIDITY ";
  if (!starts_with_ci(untagged, k_prefix)) return std::nullopt;
  untagged.remove_prefix(k_prefix.size());
  return Value{Value::Kind::Atom, std::string(untagged.substr(0, untagged.find(']'))), {}}.number();
}

void crlf_to_lf(std::string& bytes) {
  std::size_t out = 0;
  for (std::size_t in = 0; in < bytes.size(); ++in) {
    if (bytes[in] == '\r' && in + 1 < bytes.size() && bytes[in + 1] == '\n') continue;
    bytes[out++] = bytes[in];
  }
  bytes.resize(out);
}

std::string server_name(const Options& o, int port) {
  if (o.host.find(':') != std::string::npos && !o.host.starts_with('[')) return fmt::format("[{}]:{}", o.host, port);
  return fmt::format("{}:{}", o.host, port);
}

std::string connect_error(CURLcode rc, const char* detail_buffer, const Options& o, int port) {
  std::string detail = quoted_text(*detail_buffer != '\0' ? detail_buffer : curl_easy_strerror(rc));
  std::string server = server_name(o, port);
  switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return fmt::format("找不到邮件服务器 {}（域名无法解析，请检查服务器地址和网络）", o.host);
    case CURLE_COULDNT_CONNECT:
      return fmt::format("无法连接邮件服务器 {}（{}），请检查服务器地址、端口和网络", server, detail);
    case CURLE_OPERATION_TIMEDOUT:
      return fmt::format("连接或登录邮件服务器 {} 超时（{} 秒）", server, o.timeout.count());
    case CURLE_PEER_FAILED_VERIFICATION:
      return fmt::format("邮件服务器 {} 的证书未通过验证（{}）：证书不是受信任的机构签发，或与服务器地址不符；"
                         "单位自建证书请指定其 CA 证书文件",
                         server, detail);
    case CURLE_SSL_CACERT_BADFILE:
      return fmt::format("无法读取 CA 证书文件 {}（{}）", o.ca_file, detail);
    case CURLE_USE_SSL_FAILED:
      return fmt::format("邮件服务器 {} 不支持 STARTTLS 加密，为保护密码，未以明文登录", server);
    case CURLE_LOGIN_DENIED:
      return fmt::format("邮件服务器 {} 拒绝登录：用户名或密码不正确（用户 {}）。"
                         "163、126、QQ 等邮箱须使用开通 IMAP 服务时生成的客户端授权码，而不是网页登录密码",
                         server, o.user);
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return fmt::format("与邮件服务器 {} 建立 TLS 加密连接失败（{}）。请确认加密方式与端口相符："
                         "TLS 通常用 993 端口，STARTTLS 用 143 端口",
                         server, detail);
    case CURLE_WEIRD_SERVER_REPLY:
      return fmt::format("邮件服务器 {} 的答复不符合 IMAP 协议（{}），请检查端口", server, detail);
    default:
      return fmt::format("连接邮件服务器 {} 失败（{}）", server, detail);
  }
}

// The folders the server has, for the message about a missing one.
std::vector<std::string> list_folders(Session& session) {
  std::vector<std::string> names;
  auto done = session.command(R"(LIST "" "*")", [&](std::string_view untagged) -> std::expected<void, std::string> {
    if (!starts_with_ci(untagged, "LIST ") || names.size() >= k_max_listed_folders) return {};
    auto values = parse_values(untagged);
    if (!values || values->size() != 4 || (*values)[1].kind != Value::Kind::List) return {};
    for (const Value& flag : (*values)[1].items)
      if (flag.is_atom("\\Noselect") || flag.is_atom("\\NonExistent")) return {};
    const std::string& raw = (*values)[3].text;
    names.push_back(quoted_text(decode_mailbox_name(raw).value_or(raw)));
    return {};
  });
  if (!done || !done->ok()) names.clear();
  return names;
}

std::expected<void, std::string> validate(const Options& o) {
  if (o.host.empty()) return std::unexpected("未设置邮件服务器地址");
  if (o.port < 0 || o.port > 65535) return std::unexpected(fmt::format("端口 {} 无效（应为 1～65535）", o.port));
  if (o.user.empty()) return std::unexpected("未设置邮箱用户名");
  if (o.password.empty()) return std::unexpected("未设置邮箱密码（或授权码）");
  if (o.folder.empty()) return std::unexpected("未设置邮箱文件夹");
  if (o.timeout.count() <= 0 || o.timeout.count() > 24 * 3600)
    return std::unexpected(fmt::format("超时 {} 秒无效", o.timeout.count()));
  for (const auto& [date, name] : {std::pair{o.since, "起始日期"}, std::pair{o.before, "截止日期"}})
    if (date && !is_valid_date(date->year, date->month, date->day))
      return std::unexpected(fmt::format("{}无效", name));
  return {};
}

std::expected<void, std::string> run(const Options& o, const std::function<bool(FetchedMessage&&)>& sink,
                                     const std::function<void(const Progress&)>& progress) {
  if (auto valid = validate(o); !valid) return valid;
  auto mailbox = encode_mailbox_name(o.folder);
  if (!mailbox) return std::unexpected("邮箱文件夹名称不是有效的 UTF-8 文本");
  const int port = o.port != 0 ? o.port : (o.security == Security::Tls ? 993 : 143);

  ensure_curl();
  // Declared before the handle that points to them, so they outlive its
  // cleanup (which may still report an error into the buffer).
  char error_buffer[CURL_ERROR_SIZE] = {};
  std::unique_ptr<CURLU, UrlCleanup> url(curl_url());
  std::unique_ptr<CURL, CurlCleanup> curl(curl_easy_init());
  if (!curl || !url) return std::unexpected("无法初始化网络库 libcurl");
  // An IPv6 address goes in brackets; curl_url_set checks the host name.
  std::string host = o.host.find(':') != std::string::npos && !o.host.starts_with('[') ? "[" + o.host + "]" : o.host;
  std::string port_text = std::to_string(port);
  if (curl_url_set(url.get(), CURLUPART_SCHEME, o.security == Security::Tls ? "imaps" : "imap", 0) != CURLUE_OK ||
      curl_url_set(url.get(), CURLUPART_HOST, host.c_str(), 0) != CURLUE_OK ||
      curl_url_set(url.get(), CURLUPART_PORT, port_text.c_str(), 0) != CURLUE_OK)
    return std::unexpected(fmt::format("邮件服务器地址“{}”无效", quoted_text(o.host)));

  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_CURLU, url.get());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "imap,imaps");
  curl_easy_setopt(c, CURLOPT_USERNAME, o.user.c_str());
  curl_easy_setopt(c, CURLOPT_PASSWORD, o.password.c_str());
  curl_easy_setopt(c, CURLOPT_CONNECT_ONLY, 1L);
  if (o.security == Security::StartTls) curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!o.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, o.ca_file.c_str());
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, o.verify ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, o.verify ? 2L : 0L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(o.timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(o.timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);

  // Connect, TLS or STARTTLS, log in.
  if (CURLcode rc = curl_easy_perform(c); rc != CURLE_OK)
    return std::unexpected(connect_error(rc, error_buffer, o, port));
  curl_socket_t socket = CURL_SOCKET_BAD;
  if (curl_easy_getinfo(c, CURLINFO_ACTIVESOCKET, &socket) != CURLE_OK || socket == CURL_SOCKET_BAD)
    return std::unexpected(fmt::format("与邮件服务器 {} 的连接已断开", server_name(o, port)));
  Session session(c, socket, o.timeout);
  struct ShutDown {
    Session& s;
    ~ShutDown() { s.shut_down(); }
  } shut_down{session};

  if (auto id = session.command(k_id_command); !id) return std::unexpected(id.error());

  std::uint32_t uidvalidity = 0;
  auto examined = session.command("EXAMINE " + quote(*mailbox), [&](std::string_view untagged) {
    if (auto v = parse_uidvalidity(untagged)) uidvalidity = *v;
    return std::expected<void, std::string>{};
  });
  if (!examined) return std::unexpected(examined.error());
  if (!examined->ok()) {
    auto folders = list_folders(session);
    std::string listed;
    for (const auto& name : folders) listed += (listed.empty() ? "" : "、") + name;
    return std::unexpected(fmt::format("邮箱中没有文件夹“{}”，或无法打开（服务器答复：{}）{}", quoted_text(o.folder),
                                       examined->quoted(), listed.empty() ? "" : "。现有文件夹：" + listed));
  }

  // UIDs in the range, widened by a day each side (the server's time zone).
  std::string criteria;
  if (o.since) criteria += " SINCE " + search_date(Date::from_days_since_epoch(o.since->days_since_epoch() - 1));
  if (o.before) criteria += " BEFORE " + search_date(Date::from_days_since_epoch(o.before->days_since_epoch() + 1));
  if (criteria.empty()) criteria = " ALL";
  std::vector<std::uint32_t> uids;
  auto on_search = [&](std::string_view untagged) -> std::expected<void, std::string> {
    if (!starts_with_ci(untagged, "SEARCH")) return {};
    auto values = parse_values(untagged);
    if (!values) return std::unexpected(values.error());
    for (std::size_t i = 1; i < values->size(); ++i)
      if (auto uid = (*values)[i].number(); uid && *uid != 0) uids.push_back(*uid);
    return {};
  };
  auto searched = session.command("UID SEARCH" + criteria, on_search);
  if (!searched) return std::unexpected(searched.error());
  if (!searched->ok())
    return std::unexpected(fmt::format("在文件夹“{}”中搜索邮件失败（服务器答复：{}）", quoted_text(o.folder), searched->quoted()));
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());

  // The exact range, by each INTERNALDATE in CST.
  std::map<std::uint32_t, std::optional<DateTime>> dates;
  if (o.since || o.before) {
    for (const std::string& set : uid_sets(uids)) {
      auto fetched = session.command("UID FETCH " + set + " (UID INTERNALDATE)",
                                     [&](std::string_view untagged) -> std::expected<void, std::string> {
                                       auto data = parse_fetch(untagged);
                                       if (!data) return std::unexpected(data.error());
                                       if (*data && (*data)->uid && (*data)->internaldate)
                                         dates[*(*data)->uid] = parse_internal_date(*(*data)->internaldate);
                                       return {};
                                     });
      if (!fetched) return std::unexpected(fetched.error());
      if (!fetched->ok())
        return std::unexpected(fmt::format("读取文件夹“{}”中邮件的日期失败（服务器答复：{}）", quoted_text(o.folder),
                                           fetched->quoted()));
    }
    std::erase_if(uids, [&](std::uint32_t uid) {
      auto it = dates.find(uid);
      if (it == dates.end() || !it->second) return false;  // no date: kept
      const Date& d = it->second->date;
      return (o.since && d < *o.since) || (o.before && !(d < *o.before));
    });
  }

  Progress state{0, uids.size()};
  if (progress) progress(state);
  for (std::uint32_t uid : uids) {
    // A server may split the items over several FETCH responses.
    FetchData parts;
    auto fetched = session.command(fmt::format("UID FETCH {} (UID INTERNALDATE BODY.PEEK[])", uid),
                                   [&](std::string_view untagged) -> std::expected<void, std::string> {
                                     auto data = parse_fetch(untagged);
                                     if (!data) return std::unexpected(data.error());
                                     if (!*data || (*data)->uid != uid) return {};
                                     if ((*data)->internaldate) parts.internaldate = std::move((*data)->internaldate);
                                     if ((*data)->body) parts.body = std::move((*data)->body);
                                     return {};
                                   });
    if (!fetched) return std::unexpected(fmt::format("读取邮件（UID {}）失败：{}", uid, fetched.error()));
    if (!fetched->ok())
      return std::unexpected(fmt::format("读取邮件（UID {}）失败（服务器答复：{}）", uid, fetched->quoted()));
    ++state.done;
    if (parts.body) {  // else expunged meanwhile
      FetchedMessage message;
      message.uid = uid;
      message.uidvalidity = uidvalidity;
      message.bytes = std::move(*parts.body);
      crlf_to_lf(message.bytes);
      if (parts.internaldate) message.internaldate = parse_internal_date(*parts.internaldate);
      if (!sink(std::move(message))) break;
    }
    if (progress) progress(state);
  }

  session.set_timeout(std::min(o.timeout, std::chrono::seconds(5)));
  (void)session.command("LOGOUT");  // courtesy; the result does not matter
  return {};
}

} // namespace

std::expected<void, std::string> fetch(const Options& options, const std::function<bool(FetchedMessage&&)>& sink,
                                       const std::function<void(const Progress&)>& progress) {
  auto result = run(options, sink, progress);
  if (!result) return std::unexpected(scrub(std::move(result.error()), options.password));
  return result;
}

} // namespace zwgk::imap
