// `zwgk serve`: the web workspace — the front-end (web/, embedded) and the
// JSON API of docs/api.md — over one data directory, in one process.
//
// Binds to loopback by default: Debian 12's cpp-httplib lacks later upstream
// security fixes, so wider access belongs behind nginx (README). Whatever is
// in front, the server bounds what a client can make it hold itself: a gate
// reads every request's head under size, count and time limits before a
// worker sees it (http_gate.h, http_limits.h), and a request policy checks
// Host, Origin and Content-Type before any handler (request_policy.h).
// Every handler runs on the gate's worker threads; the store and the
// workspace serialise what must be serialised.
#pragma once

#include "app/clock.h"
#include "auth/password.h"
#include "server/http_limits.h"
#include "store/followup_store.h"
#include "store/mail_store.h"
#include "store/store.h"

#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace zwgk::server {

// Behind nginx every request comes from 127.0.0.1: login throttling per
// address then needs the client's address from nginx's X-Real-IP header,
// which is believed only on connections from loopback.
enum class ProxyHeaders { Ignore, TrustFromLoopback };

struct ServerOptions {
  std::filesystem::path data_dir;
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (tests)
  auth::HashCost hash_cost = auth::HashCost::Interactive;  // tests: MinimumForTests
  // The clock, in Unix seconds; tests replace it.
  app::Clock now = app::system_clock();
  ProxyHeaders proxy = ProxyHeaders::Ignore;
  // Host names the workspace is reached under besides its address (--server-name;
  // request_policy.h): behind nginx, the name users type.
  std::vector<std::string> server_names;
  HttpLimits limits;  // tests shorten the times
  // The database: "" for DATA/zwgk.db, or a PostgreSQL URL shared by several instances
  // (store::open_database; `zwgk serve --store`).
  std::string store;
};

class Server {
public:
  // Opens the data directory's store (creating it) and records the current
  // data files as the first versions of their history.
  static std::expected<std::unique_ptr<Server>, std::string> open(ServerOptions options);
  // Tests: a server over a store they own (and empty mail and follow-up ledgers, or theirs).
  static std::unique_ptr<Server> with_store(ServerOptions options, store::Store& store);
  static std::unique_ptr<Server> with_store(ServerOptions options, store::Store& store, store::MailStore& mail);
  static std::unique_ptr<Server> with_store(ServerOptions options, store::Store& store, store::MailStore& mail,
                                            store::FollowupStore& followup);
  ~Server();

  // Binds; returns the port (useful with port 0).
  std::expected<int, std::string> bind();
  // Serves until stop(); blocks.
  void run();
  void stop();
  // Requests the gate answered from its replay memo (server/replay.h; tests, benchmarks).
  std::uint64_t replayed() const;

  struct Impl;  // the services behind the routes (server.cpp)

private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace zwgk::server
