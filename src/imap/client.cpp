#include "imap/client.h"

#include "imap/protocol.h"
#include "imap/session.h"
#include "net/curl.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <vector>

namespace zwgk::imap {
namespace {

constexpr std::size_t k_max_listed_folders = 30;
constexpr std::string_view k_id_command = R"(ID ("name" "zwgk" "version" "1"))";

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
    return std::unexpected(fmt::format("邮件服务器的 FETCH 答复格式有误：{}", quoted_server_text(untagged)));
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

std::string connect_error(CURLcode rc, const char* error_buffer, const Options& o, int port) {
  std::string detail = quoted_server_text(net::curl_detail(rc, error_buffer));
  net::Peer peer{.noun = "邮件服务器",
                 .host = o.host,
                 .address = server_name(o, port),
                 .ca_file = o.ca_file,
                 .ca_where = "",
                 .tls_ports = "TLS 通常用 993 端口，STARTTLS 用 143 端口",
                 .kept_safe = "为保护密码，未以明文登录",
                 .timeout = o.timeout};
  if (auto shared = net::connection_error(rc, detail, peer)) return *shared;
  switch (rc) {
    case CURLE_LOGIN_DENIED:
      return fmt::format("邮件服务器 {} 拒绝登录：用户名或密码不正确（用户 {}）。"
                         "163、126、QQ 等邮箱须使用开通 IMAP 服务时生成的客户端授权码，而不是网页登录密码",
                         peer.address, o.user);
    case CURLE_WEIRD_SERVER_REPLY:
      return fmt::format("邮件服务器 {} 的答复不符合 IMAP 协议（{}），请检查端口", peer.address, detail);
    default:
      return fmt::format("连接邮件服务器 {} 失败（{}）", peer.address, detail);
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
    names.push_back(quoted_server_text(decode_mailbox_name(raw).value_or(raw)));
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

// libcurl's handles for one connection, with the buffer for its error
// text; not movable (curl keeps pointers to the buffer and the URL).
struct Connection {
  // Declared before the handles that point to it, so it outlives their
  // cleanup (which may still report an error into it).
  char error_buffer[CURL_ERROR_SIZE] = {};
  net::UrlHandle url{curl_url()};
  net::EasyHandle curl{curl_easy_init()};
};

// Connects, does TLS or STARTTLS and logs in; the connection's socket.
std::expected<curl_socket_t, std::string> log_in(const Options& o, int port, Connection& connection) {
  if (!connection.curl || !connection.url) return std::unexpected("无法初始化网络库 libcurl");
  // An IPv6 address goes in brackets; curl_url_set checks the host name.
  std::string host = o.host.find(':') != std::string::npos && !o.host.starts_with('[') ? "[" + o.host + "]" : o.host;
  std::string port_text = std::to_string(port);
  CURLU* url = connection.url.get();
  if (curl_url_set(url, CURLUPART_SCHEME, o.security == Security::Tls ? "imaps" : "imap", 0) != CURLUE_OK ||
      curl_url_set(url, CURLUPART_HOST, host.c_str(), 0) != CURLUE_OK ||
      curl_url_set(url, CURLUPART_PORT, port_text.c_str(), 0) != CURLUE_OK)
    return std::unexpected(fmt::format("邮件服务器地址“{}”无效", quoted_server_text(o.host)));

  CURL* c = connection.curl.get();
  curl_easy_setopt(c, CURLOPT_CURLU, url);
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
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, connection.error_buffer);

  if (CURLcode rc = curl_easy_perform(c); rc != CURLE_OK)
    return std::unexpected(connect_error(rc, connection.error_buffer, o, port));
  curl_socket_t socket = CURL_SOCKET_BAD;
  if (curl_easy_getinfo(c, CURLINFO_ACTIVESOCKET, &socket) != CURLE_OK || socket == CURL_SOCKET_BAD)
    return std::unexpected(fmt::format("与邮件服务器 {} 的连接已断开", server_name(o, port)));
  return socket;
}

// Opens the folder read-only; its UIDVALIDITY (0 when the server gives none).
std::expected<std::uint32_t, std::string> examine(Session& session, const Options& o, const std::string& mailbox) {
  std::uint32_t uidvalidity = 0;
  auto examined = session.command("EXAMINE " + quote(mailbox), [&](std::string_view untagged) {
    if (auto v = parse_uidvalidity(untagged)) uidvalidity = *v;
    return std::expected<void, std::string>{};
  });
  if (!examined) return std::unexpected(examined.error());
  if (!examined->ok()) {
    auto folders = list_folders(session);
    std::string listed;
    for (const auto& name : folders) listed += (listed.empty() ? "" : "、") + name;
    return std::unexpected(fmt::format("邮箱中没有文件夹“{}”，或无法打开（服务器答复：{}）{}",
                                       quoted_server_text(o.folder), examined->quoted(),
                                       listed.empty() ? "" : "。现有文件夹：" + listed));
  }
  return uidvalidity;
}

// The UIDs in the range, widened by a day each side (the server's time
// zone), sorted and unique.
std::expected<std::vector<std::uint32_t>, std::string> search(Session& session, const Options& o) {
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
    return std::unexpected(fmt::format("在文件夹“{}”中搜索邮件失败（服务器答复：{}）", quoted_server_text(o.folder),
                                       searched->quoted()));
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  return uids;
}

// Drops the UIDs whose INTERNALDATE in CST is outside the exact range; a
// message without a date is kept.
std::expected<void, std::string> keep_in_range(Session& session, const Options& o, std::vector<std::uint32_t>& uids) {
  if (!o.since && !o.before) return {};
  std::map<std::uint32_t, std::optional<DateTime>> dates;
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
      return std::unexpected(fmt::format("读取文件夹“{}”中邮件的日期失败（服务器答复：{}）",
                                         quoted_server_text(o.folder), fetched->quoted()));
  }
  std::erase_if(uids, [&](std::uint32_t uid) {
    auto it = dates.find(uid);
    if (it == dates.end() || !it->second) return false;  // no date: kept
    const Date& d = it->second->date;
    return (o.since && d < *o.since) || (o.before && !(d < *o.before));
  });
  return {};
}

// One message's bytes and INTERNALDATE; nullopt when it was expunged meanwhile.
std::expected<std::optional<FetchedMessage>, std::string> fetch_message(Session& session, std::uint32_t uid) {
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
  if (!parts.body) return std::nullopt;
  FetchedMessage message;
  message.uid = uid;
  message.bytes = std::move(*parts.body);
  crlf_to_lf(message.bytes);
  if (parts.internaldate) message.internaldate = parse_internal_date(*parts.internaldate);
  return message;
}

std::expected<void, std::string> run(const Options& o, const std::function<bool(FetchedMessage&&)>& sink,
                                     const std::function<void(const Progress&)>& progress) {
  if (auto valid = validate(o); !valid) return valid;
  auto mailbox = encode_mailbox_name(o.folder);
  if (!mailbox) return std::unexpected("邮箱文件夹名称不是有效的 UTF-8 文本");
  const int port = o.port != 0 ? o.port : (o.security == Security::Tls ? 993 : 143);

  net::ensure_curl();
  Connection connection;
  auto socket = log_in(o, port, connection);
  if (!socket) return std::unexpected(socket.error());
  Session session(connection.curl.get(), *socket, o.timeout);
  struct ShutDown {
    Session& s;
    ~ShutDown() { s.shut_down(); }
  } shut_down{session};

  if (auto id = session.command(k_id_command); !id) return std::unexpected(id.error());
  auto uidvalidity = examine(session, o, *mailbox);
  if (!uidvalidity) return std::unexpected(uidvalidity.error());
  auto uids = search(session, o);
  if (!uids) return std::unexpected(uids.error());
  if (auto kept = keep_in_range(session, o, *uids); !kept) return kept;

  Progress state{0, uids->size()};
  if (progress) progress(state);
  for (std::uint32_t uid : *uids) {
    auto message = fetch_message(session, uid);
    if (!message) return std::unexpected(message.error());
    ++state.done;
    if (*message) {
      (*message)->uidvalidity = *uidvalidity;
      if (!sink(std::move(**message))) break;
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
  if (!result) return std::unexpected(scrub_secret(std::move(result.error()), options.password));
  return result;
}

} // namespace zwgk::imap
