// The workspace's HTTP server: cpp-httplib's routing and parsing behind a
// gate that bounds what a client can make the server hold.
//
// httplib 0.11.4 (Debian 12) gives each accepted connection to a worker
// thread that then waits for the request as long as bytes keep trickling in,
// with no limit on the head's size or field count, on a body without
// Content-Length, or on inflating a compressed body. Here one gate thread
// receives every connection instead: it waits (poll) for each request's
// complete head — and a body of at most max_anonymous_body_bytes — under
// the limits of http_limits.h, answers what breaks them itself (408, 411,
// 413, 414, 415, 431, 503), and only then hands the request to a worker,
// which runs httplib's own request processing over a GuardedStream — unless the
// request is one whose answer it may replay (replay.h), which it sends itself. Between
// the requests of a keep-alive connection the connection is the gate's
// again, so idle and slow clients hold no thread.
//
// The hook is httplib's: Server::process_and_close_socket is virtual and
// process_request protected (SSLServer uses the same pair); the task queue
// httplib gives accepted sockets only admits them to the gate.
#pragma once

#include "server/http_limits.h"
#include "server/replay.h"
#include "server/request_head.h"

#include <httplib.h>

#include <functional>
#include <memory>
#include <optional>

namespace zwgk::server {

// Connections from loopback are each a client, or all nginx's (--behind-proxy):
// then the per-address cap does not apply to them.
enum class LoopbackPeers { Clients, Proxy };

class GatedServer : public httplib::Server {
public:
  GatedServer(HttpLimits limits, LoopbackPeers loopback);
  ~GatedServer() override;

  const HttpLimits& limits() const { return m_limits; }
  // After bind_to_port/bind_to_any_port: the kernel queues up to
  // k_listen_backlog connections instead of httplib's 5. False on failure.
  bool widen_listen_backlog();

  // Issue 19: the gate replays answers (replay.h) once it knows what they depend on: the
  // stamp (nullopt: cannot be known now) and the app clock (seconds) sessions expire by.
  struct ReplaySource {
    std::function<std::optional<ReplayStamp>()> stamp;
    std::function<std::int64_t()> now;
  };
  void enable_replays(ReplaySource source);
  // Requests answered from the replay memo so far (tests, benchmarks).
  std::uint64_t replayed() const { return m_memo.replayed(); }

  class Gate;

private:
  bool process_and_close_socket(socket_t sock) override;
  // One request read from `stream` and answered (httplib's processing).
  bool serve_request(httplib::Stream& stream, bool last, bool& closed_by_client);
  bool stopping() const { return svr_sock_ == INVALID_SOCKET; }
  bool may_replay(const RequestHead& head) const;

  HttpLimits m_limits;
  LoopbackPeers m_loopback;
  ReplaySource m_replay;  // set before listening
  ReplayMemo m_memo;
  std::unique_ptr<Gate> m_gate;  // while listening
};

} // namespace zwgk::server
