// The gate of GatedServer (http_gate.h): one thread waits for every connection's next
// request under the limits of http_limits.h and hands complete requests to the workers;
// the workers answer them (gate_serve.cpp) and hand the connections back. Private to
// http_gate.cpp and gate_serve.cpp.
#pragma once

#include "server/http_connection.h"
#include "server/http_gate.h"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <sys/eventfd.h>
#include <unistd.h>

namespace zwgk::server {

class GatedServer::Gate {
public:
  enum class After { KeepAlive, Linger, Close };

  explicit Gate(GatedServer& server)
      : m_server(server), m_limits(server.m_limits), m_wake(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)),
        m_workers(server.m_limits.worker_threads), m_thread([this] { run(); }) {}
  ~Gate() {
    stop();
    if (m_wake >= 0) ::close(m_wake);
  }

  void admit(int fd);
  void stop();

private:
  using Owned = std::unique_ptr<Connection>;

  void run();
  void wake() {
    const std::uint64_t one = 1;
    (void)!::write(m_wake, &one, sizeof one);
  }
  bool counted(const std::string& address) const {
    return !(m_server.m_loopback == LoopbackPeers::Proxy && is_loopback(address));
  }
  // Closes the socket and forgets the connection (any thread).
  void release(Owned& c);
  // Gives a connection back to the gate thread after a request (worker).
  void hand_back(Owned c, After after);
  void serve(Owned c);
  struct Served {
    After after;
    bool kept;  // the answer went into the replay memo: the gate answers the next one
  };
  Served serve_one(Connection& c);
  After send_pending(Connection& c);
  // Whether this request may be the connection's last (Connection: close follows).
  bool last_for(const Connection& c) const {
    return c.served + 1 >= m_limits.max_requests_per_connection || m_server.stopping();
  }

  // Gate thread: false when the connection left the gate (to a worker, or closed).
  bool on_readable(Owned& c);
  bool evaluate(Owned& c);
  enum class Replay { None, Sent, Partly, Broken };
  // Answers c's request (its head) from the replay memo if it holds a good answer.
  Replay replay(Connection& c);
  bool check_time(Owned& c, Clock::time_point now);
  void refuse(Connection& c, const Refusal& refusal);
  Clock::time_point next_deadline(const Connection& c) const;

  GatedServer& m_server;
  const HttpLimits& m_limits;
  int m_wake;

  std::mutex m_mutex;  // guards what follows
  std::vector<Owned> m_incoming;  // admitted or handed back, for the gate thread
  std::map<std::string, std::size_t> m_per_address;
  std::size_t m_total = 0;
  std::set<int> m_busy;  // sockets of requests in workers (shut down on stop)
  bool m_stopping = false;

  std::atomic<std::size_t> m_queued{0};  // requests handed to workers and not yet started
  std::vector<Owned> m_waiting;  // the gate thread's own
  std::optional<std::optional<ReplayStamp>> m_stamp;  // the gate thread's, read once per wake-up
  httplib::ThreadPool m_workers;
  std::thread m_thread;  // last: starts once the rest exists
};

} // namespace zwgk::server
