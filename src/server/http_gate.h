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
// which runs httplib's own request processing over a GuardedStream. Between
// the requests of a keep-alive connection the connection is the gate's
// again, so idle and slow clients hold no thread.
//
// The hook is httplib's: Server::process_and_close_socket is virtual and
// process_request protected (SSLServer uses the same pair); the task queue
// httplib gives accepted sockets only admits them to the gate.
#pragma once

#include "server/http_limits.h"

#include <httplib.h>

#include <memory>

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

  class Gate;

private:
  bool process_and_close_socket(socket_t sock) override;
  // One request read from `stream` and answered (httplib's processing).
  bool serve_request(httplib::Stream& stream, bool last, bool& closed_by_client);
  bool stopping() const { return svr_sock_ == INVALID_SOCKET; }

  HttpLimits m_limits;
  LoopbackPeers m_loopback;
  std::unique_ptr<Gate> m_gate;  // while listening
};

} // namespace zwgk::server
