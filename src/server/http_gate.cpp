#include "server/http_gate.h"

#include "server/gate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace zwgk::server {
namespace {

// What the gate thread reads and throws away from one lingering connection
// before it looks at the others again.
constexpr std::size_t k_discard_per_wakeup = 1u << 20;

} // namespace

void GatedServer::Gate::admit(int fd) {
  auto c = std::make_unique<Connection>();
  c->fd = fd;
  address_of(fd, true, c->peer_address, c->peer_port);
  address_of(fd, false, c->local_address, c->local_port);
  c->since = Clock::now();
  std::optional<Refusal> refusal;
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping) {
      ::close(fd);
      return;
    }
    if (fd >= FD_SETSIZE || m_total >= m_limits.max_connections)
      refusal = Refusal{503, "服务器繁忙：连接数已达上限，请稍后再试"};
    else if (counted(c->peer_address) && m_per_address[c->peer_address] >= m_limits.max_connections_per_address)
      refusal = Refusal{503, fmt::format("来自同一地址的连接过多（最多 {} 个），请稍后再试", m_limits.max_connections_per_address)};
    if (!refusal) {
      ++m_total;
      if (counted(c->peer_address)) ++m_per_address[c->peer_address];
      m_incoming.push_back(std::move(c));
    }
  }
  if (refusal) {
    send_now(fd, refusal_response(*refusal));
    ::close(fd);
    return;
  }
  wake();
}

void GatedServer::Gate::release(Owned& c) {
  std::lock_guard lock(m_mutex);
  m_busy.erase(c->fd);
  ::close(c->fd);
  --m_total;
  if (counted(c->peer_address)) {
    auto it = m_per_address.find(c->peer_address);
    if (it != m_per_address.end() && --it->second == 0) m_per_address.erase(it);
  }
  c.reset();
}

void GatedServer::Gate::hand_back(Owned c, After after) {
  {
    std::lock_guard lock(m_mutex);
    m_busy.erase(c->fd);
    if (!m_stopping && after != After::Close) {
      c->since = Clock::now();
      if (after == After::Linger) {
        ::shutdown(c->fd, SHUT_WR);
        c->lingering = true;
        c->buffer.clear();
      }
      m_incoming.push_back(std::move(c));
    }
  }
  if (c) release(c);
  else wake();
}

void GatedServer::Gate::refuse(Connection& c, const Refusal& refusal) {
  send_now(c.fd, refusal_response(refusal));
  ::shutdown(c.fd, SHUT_WR);
  c.lingering = true;
  c.since = Clock::now();
  c.buffer.clear();
}

bool GatedServer::Gate::on_readable(Owned& c) {
  char chunk[16384];
  const std::size_t cap = m_limits.max_head_bytes + m_limits.max_anonymous_body_bytes;
  std::size_t discard_budget = k_discard_per_wakeup;  // a fast sender cannot hold the gate thread
  for (;;) {
    const std::size_t room = c->lingering ? std::min(sizeof chunk, discard_budget)
                                          : std::min(sizeof chunk, cap - std::min(cap, c->buffer.size()));
    if (room == 0) break;
    const ssize_t n = ::recv(c->fd, chunk, room, MSG_DONTWAIT);
    if (n > 0) {
      if (c->lingering) discard_budget -= static_cast<std::size_t>(n);
      else c->buffer.append(chunk, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    release(c);  // closed by the client, or reset
    return false;
  }
  return c->lingering || evaluate(c);
}

// Hands the request to a worker once its head (and a small body) is here.
bool GatedServer::Gate::evaluate(Owned& c) {
  Replay replayed = Replay::None;
  do {
    if (c->buffer.empty()) return true;
    auto verdict = read_request_head(c->buffer, m_limits);
    if (auto* refusal = std::get_if<Refusal>(&verdict)) {
      refuse(*c, *refusal);
      return true;
    }
    auto* head = std::get_if<RequestHead>(&verdict);
    if (!head) return true;
    const bool small = head->content_length <= m_limits.max_anonymous_body_bytes && !head->expects_continue;
    if (small && c->buffer.size() < head->size + head->content_length) return true;
    c->buffer.replace(0, head->size, head->forwarded);
    c->head = std::move(*head);
    replayed = replay(*c);
    if (replayed == Replay::Broken) {
      release(c);
      return false;
    }
  } while (replayed == Replay::Sent);  // a pipelined request may follow
  {
    std::lock_guard lock(m_mutex);
    m_busy.insert(c->fd);
  }
  auto* raw = c.release();
  m_queued.fetch_add(1, std::memory_order_relaxed);
  m_workers.enqueue([this, raw] { serve(Owned(raw)); });
  return false;
}

Clock::time_point GatedServer::Gate::next_deadline(const Connection& c) const {
  if (c.lingering) return c.since + m_limits.linger_time;
  return c.since + (c.buffer.empty() ? m_limits.idle_timeout : m_limits.head_timeout);
}

bool GatedServer::Gate::check_time(Owned& c, Clock::time_point now) {
  if (now < next_deadline(*c)) return true;
  if (c->lingering || c->buffer.empty()) {
    release(c);  // idle, or done lingering: closed without a word
    return false;
  }
  refuse(*c, {408, fmt::format("请求超时：请求头须在 {} 秒内发完", m_limits.head_timeout.count() / 1000)});
  return true;
}

void GatedServer::Gate::run() {
  std::vector<pollfd> polled;
  for (;;) {
    std::vector<Owned> arrived;
    m_stamp.reset();  // read again once the next requests are here
    {
      std::lock_guard lock(m_mutex);
      if (m_stopping) break;
      arrived.swap(m_incoming);
    }
    for (auto& c : arrived)  // a connection handed back may hold the next request already
      if (c->lingering || evaluate(c)) m_waiting.push_back(std::move(c));
    polled.assign(1, pollfd{m_wake, POLLIN, 0});
    auto soonest = Clock::now() + std::chrono::seconds(1);
    for (const auto& c : m_waiting) {
      polled.push_back({c->fd, POLLIN, 0});
      soonest = std::min(soonest, next_deadline(*c));
    }
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(soonest - Clock::now()).count();
    if (::poll(polled.data(), polled.size(), static_cast<int>(std::clamp<std::int64_t>(wait, 0, 1000))) < 0 &&
        errno != EINTR)
      break;
    std::uint64_t drained = 0;
    while (::read(m_wake, &drained, sizeof drained) > 0) {
    }
    const auto now = Clock::now();
    m_stamp.reset();
    for (std::size_t i = 0; i < m_waiting.size(); ++i) {
      auto& c = m_waiting[i];
      if (polled[i + 1].revents != 0 && !on_readable(c)) continue;
      if (c) check_time(c, now);
    }
    std::erase_if(m_waiting, [](const Owned& c) { return !c; });
  }
  for (auto& c : m_waiting) release(c);
  m_waiting.clear();
}

void GatedServer::Gate::stop() {
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping) return;
    m_stopping = true;
    for (int fd : m_busy) ::shutdown(fd, SHUT_RDWR);  // a worker waiting for the client gives up now
  }
  wake();
  if (m_thread.joinable()) m_thread.join();
  m_workers.shutdown();
  std::vector<Owned> left;
  {
    std::lock_guard lock(m_mutex);
    left.swap(m_incoming);
  }
  for (auto& c : left) release(c);
}

namespace {

// httplib's queue of accepted sockets: each is only admitted to the gate, on
// the listening thread (process_and_close_socket returns at once).
class AdmittingQueue : public httplib::TaskQueue {
public:
  explicit AdmittingQueue(GatedServer::Gate& gate) : m_gate(gate) {}
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override { m_gate.stop(); }

private:
  GatedServer::Gate& m_gate;
};

} // namespace

GatedServer::GatedServer(HttpLimits limits, LoopbackPeers loopback) : m_limits(limits), m_loopback(loopback) {
  new_task_queue = [this] {
    m_gate = std::make_unique<Gate>(*this);
    return new AdmittingQueue(*m_gate);
  };
  set_keep_alive_max_count(m_limits.max_requests_per_connection);
  set_keep_alive_timeout(std::max<time_t>(1, static_cast<time_t>(m_limits.idle_timeout.count() / 1000)));
  set_payload_max_length(m_limits.max_body_bytes);
}

GatedServer::~GatedServer() = default;

bool GatedServer::process_and_close_socket(socket_t sock) {
  if (m_gate) m_gate->admit(sock);
  else ::close(sock);
  return true;
}

bool GatedServer::widen_listen_backlog() {
  const socket_t sock = svr_sock_;
  return sock != INVALID_SOCKET && ::listen(sock, k_listen_backlog) == 0;  // listen() again only resizes the queue
}

void GatedServer::enable_replays(ReplaySource source) { m_replay = std::move(source); }

bool GatedServer::may_replay(const RequestHead& head) const {
  return m_replay.stamp && head.method == "GET" && head.content_length == 0;
}

bool GatedServer::serve_request(httplib::Stream& stream, bool last, bool& closed_by_client) {
  return process_request(stream, last, closed_by_client, nullptr);
}

} // namespace zwgk::server
