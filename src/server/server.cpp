#include "server/server.h"

#include "app/workspace.h"
#include "server/api.h"
#include "server/assets.h"
#include "server/http_gate.h"
#include "server/memory.h"
#include "server/request_policy.h"
#include "store/database.h"
#include "store/memory_followup_store.h"
#include "store/memory_mail_store.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/socket.h>

namespace zwgk::server {

struct Server::Impl {
  ServerOptions options;
  app::OpenedStores owned;  // Server::open's database
  std::unique_ptr<store::MailStore> owned_mail;          // a test's, when it passes none
  std::unique_ptr<store::FollowupStore> owned_followup;  // a test's, when it passes none
  std::unique_ptr<store::CrawlStore> owned_crawl;        // a test's: in memory
  store::Store& store;
  store::MailStore& mail;
  store::FollowupStore& followup;
  auth::Authenticator auth;
  app::Workspace app;
  WorkspaceService workspace;
  GatedServer http;
  RequestPolicy policy;
  BulletinCache bulletins;
  CrawlJobs crawls;  // before api, after app: its thread ends before the workspace goes
  Api api;

  Impl(ServerOptions opts, app::OpenedStores stores, store::Store& s, std::unique_ptr<store::MailStore> owned_m,
       store::MailStore& m, std::unique_ptr<store::FollowupStore> owned_f, store::FollowupStore& f)
      : options(std::move(opts)), owned(std::move(stores)), owned_mail(std::move(owned_m)),
        owned_followup(std::move(owned_f)),
        owned_crawl(owned.db ? nullptr : std::make_unique<store::MemoryCrawlStore>(s)), store(s), mail(m), followup(f),
        auth(s, options.hash_cost),
        app(options.data_dir,
            {&s, &m, &f, owned.db ? &owned.db->crawl() : owned_crawl.get(),
             owned.db ? owned.db->file_home() : store::FileHome::DataDirectory},
            options.now),
        workspace(app),
        http(options.limits,
             options.proxy == ProxyHeaders::TrustFromLoopback ? LoopbackPeers::Proxy : LoopbackPeers::Clients),
        policy(options.server_names, options.host, options.proxy == ProxyHeaders::TrustFromLoopback),
        api{http, store, mail, followup, auth, workspace, options.now, options.hash_cost,
            options.proxy == ProxyHeaders::TrustFromLoopback, bulletins, crawls} {}
};

namespace {

void security_headers(httplib::Response& res) {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "same-origin");
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
                 "frame-ancestors 'none'; form-action 'self'");
}

void serve_asset(const httplib::Request& req, httplib::Response& res) {
  auto asset = find_asset(req.path);
  if (!asset) {
    res.status = 404;
    res.set_content("未找到该页面", "text/plain; charset=utf-8");
    return;
  }
  res.set_header("Cache-Control", "no-cache");
  res.set_content(std::string(asset->content), std::string(asset->mime_type));
}

std::uint64_t declared_length(const httplib::Request& req) {
  return req.has_header("Content-Length") ? req.get_header_value<std::uint64_t>("Content-Length") : 0;
}

// Before any handler and before the body is read: the request policy, and
// a session for bodies too large for the gate to have read already.
httplib::Server::HandlerResponse screen(Server::Impl& impl, const httplib::Request& req, httplib::Response& res) {
  security_headers(res);
  if (auto refusal = impl.policy.check(req)) {
    send_error(res, refusal->status, refusal->message);
    return httplib::Server::HandlerResponse::Handled;
  }
  const auto& limits = impl.options.limits;
  if (declared_length(req) > limits.max_anonymous_body_bytes && !has_session(impl.api, req)) {
    send_error(res, 401, fmt::format("请先登录：未登录时请求内容不能超过 {} KB", limits.max_anonymous_body_bytes >> 10));
    return httplib::Server::HandlerResponse::Handled;
  }
  // Issue 18: with the data files in the database, what another instance saved is read first.
  if (req.path.starts_with("/api/"))
    if (auto synced = impl.workspace.app().sync_files(); !synced) {
      send_error(res, 503, fmt::format("暂时无法读取数据：{}", synced.error().message));
      return httplib::Server::HandlerResponse::Handled;
    }
  return httplib::Server::HandlerResponse::Unhandled;
}

// A Chinese JSON error for answers httplib makes itself (a body it could
// not parse, no route); answers of handlers keep their own.
void explain_error(const Server::Impl& impl, const httplib::Request& req, httplib::Response& res) {
  if (!res.body.empty()) return;
  if (res.status == 413)
    send_error(res, 413, fmt::format("请求内容过大：不能超过 {} MB", impl.options.limits.max_body_bytes >> 20));
  else if (res.status == 404 && req.path.starts_with("/api/"))
    send_error(res, 404, "没有这个接口");
  else if (res.status == 400 && req.is_multipart_form_data())
    send_error(res, 400, "上传的表单（multipart/form-data）格式不对：内容不完整，或与 Content-Type 中的 boundary 不符");
  else if (res.status == 400)
    send_error(res, 400, "请求格式不对");
  else if (res.status >= 400)
    send_error(res, res.status, fmt::format("请求未能完成（HTTP {}）", res.status));
}

void configure(Server::Impl& impl) {
  auto& http = impl.http;
  http.set_tcp_nodelay(true);
  http.set_pre_routing_handler(
      [&impl](const httplib::Request& req, httplib::Response& res) { return screen(impl, req, res); });
  http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr error) {
    try {
      std::rethrow_exception(error);
    } catch (const nlohmann::json::exception&) {
      send_error(res, 400, "请求内容中有字段的类型不对（如数量应为数字）");
    } catch (...) {
      send_error(res, 500, "服务器内部错误");
    }
  });
  http.set_error_handler(
      [&impl](const httplib::Request& req, httplib::Response& res) { explain_error(impl, req, res); });
  register_auth_routes(impl.api);
  register_read_routes(impl.api);
  register_entry_routes(impl.api);
  register_publish_routes(impl.api);
  register_mail_routes(impl.api);
  register_followup_routes(impl.api);
  register_year_routes(impl.api);
  register_district_routes(impl.api);
  http.Get(R"(/(?!api/).*)", serve_asset);
  // Issue 19: answers permitted by their handlers are replayed by the gate while the
  // database and the workspace stay as they were (replay.h).
  http.enable_replays({[&impl]() -> std::optional<ReplayStamp> {
                         const auto counter = impl.store.change_counter();
                         if (!counter) return std::nullopt;
                         return ReplayStamp{*counter, impl.workspace.generation()};
                       },
                       impl.options.now});
}

} // namespace

Server::Server(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {
  configure_allocator();  // before the gate's threads start
  configure(*m_impl);
}
Server::~Server() = default;

std::expected<std::unique_ptr<Server>, std::string> Server::open(ServerOptions options) {
  if (!std::filesystem::is_directory(options.data_dir))
    return std::unexpected(fmt::format("数据目录“{}”不存在", options.data_dir.string()));
  auto stores = app::open_stores(options.data_dir, app::Create::IfMissing, options.store);
  if (!stores) return std::unexpected(stores.error().message);
  // The browser tests run `zwgk serve` on a test clock (app/clock.h).
  auto chosen = app::clock_from_environment(options.now);
  if (!chosen.notice.empty()) fmt::print(stderr, "{}\n", chosen.notice);
  options.now = std::move(chosen.clock);
  store::Database& db = *stores->db;
  auto impl = std::make_unique<Impl>(std::move(options), std::move(*stores), db.store(), nullptr, db.mail(), nullptr,
                                     db.followup());
  if (auto recorded = impl->workspace.app().start_files({"系统", impl->options.now()}); !recorded)
    return std::unexpected(recorded.error().message);
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

namespace {

// A test's server: the stores it does not pass are empty memory ledgers of
// the server's own, writing their audit entries to `store`.
std::unique_ptr<Server::Impl> test_impl(ServerOptions options, store::Store& store, store::MailStore* mail,
                                        store::FollowupStore* followup) {
  std::unique_ptr<store::MailStore> owned_mail;
  std::unique_ptr<store::FollowupStore> owned_followup;
  if (!mail) mail = (owned_mail = std::make_unique<store::MemoryMailStore>(store)).get();
  if (!followup) followup = (owned_followup = std::make_unique<store::MemoryFollowupStore>(store)).get();
  return std::make_unique<Server::Impl>(std::move(options), app::OpenedStores{}, store, std::move(owned_mail), *mail,
                                        std::move(owned_followup), *followup);
}

} // namespace

std::unique_ptr<Server> Server::with_store(ServerOptions options, store::Store& store) {
  return std::unique_ptr<Server>(new Server(test_impl(std::move(options), store, nullptr, nullptr)));
}

std::unique_ptr<Server> Server::with_store(ServerOptions options, store::Store& store, store::MailStore& mail) {
  return std::unique_ptr<Server>(new Server(test_impl(std::move(options), store, &mail, nullptr)));
}

std::unique_ptr<Server> Server::with_store(ServerOptions options, store::Store& store, store::MailStore& mail,
                                           store::FollowupStore& followup) {
  return std::unique_ptr<Server>(new Server(test_impl(std::move(options), store, &mail, &followup)));
}

namespace {

// The listening socket's options. httplib's default (0.11) sets SO_REUSEPORT on
// Linux, which lets a second `zwgk serve` bind a port already served and the
// kernel share the connections between both at random; SO_REUSEADDR alone
// still allows a restart while old connections linger in TIME_WAIT, and a
// second listener on the port fails with EADDRINUSE.
void listening_socket_options(socket_t sock) {
  int yes = 1;
  ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
}

std::string bind_failure(const std::string& host, int port, int error) {
  if (error == EADDRINUSE)
    return fmt::format("端口 {} 已被占用（可能另一个 zwgk serve 或其他程序正在使用它）：请先停止那个程序，"
                       "或用 --port 换一个端口", port);
  if (error == EADDRNOTAVAIL)
    return fmt::format("无法监听 {}:{}：本机没有地址 {}（请检查 --host）", host, port, host);
  if (error == EACCES)
    return fmt::format("无法监听 {}:{}：没有权限使用这个端口（1024 以下的端口需要管理员权限）", host, port);
  return fmt::format("无法监听 {}:{}（{}）", host, port, error != 0 ? std::strerror(error) : "地址不可用");
}

} // namespace

std::expected<int, std::string> Server::bind() {
  auto& o = m_impl->options;
  m_impl->http.set_socket_options(listening_socket_options);
  errno = 0;
  int port = o.port == 0 ? m_impl->http.bind_to_any_port(o.host) : (m_impl->http.bind_to_port(o.host, o.port) ? o.port : -1);
  if (port < 0) return std::unexpected(bind_failure(o.host, o.port, errno));
  if (!m_impl->http.widen_listen_backlog())
    return std::unexpected(fmt::format("无法监听 {}:{}：{}", o.host, port, std::strerror(errno)));
  return port;
}

void Server::run() { m_impl->http.listen_after_bind(); }
void Server::stop() { m_impl->http.stop(); }
std::uint64_t Server::replayed() const { return m_impl->http.replayed(); }

} // namespace zwgk::server
