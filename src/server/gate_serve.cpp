// The workers' side of the gate (gate.h): answering a request with httplib, keeping the
// answer for replays, and answering from the replay memo (replay.h).
#include "server/gate.h"

#include "server/memory.h"

#include <sys/socket.h>

namespace zwgk::server {
namespace {

// A request that moved at least this many bytes leaves freed memory the
// allocator should give back at once (memory.h).
constexpr std::uint64_t k_trim_after_bytes = 1u << 20;

} // namespace

void GatedServer::Gate::serve(Owned c) {
  m_queued.fetch_sub(1, std::memory_order_relaxed);
  if (c->pending) return hand_back(std::move(c), send_pending(*c));
  for (;;) {
    const auto [after, kept] = serve_one(*c);
    // The keep-alive fast path: the next request of a busy connection is served here, two
    // thread hand-offs sooner, while no other request waits for a worker — unless the gate
    // can replay it (replay.h).
    if (kept || after != After::KeepAlive || m_queued.load(std::memory_order_relaxed) > 0 || m_server.stopping() ||
        !take_next_request(*c, m_limits, m_limits.keep_serving_wait))
      return hand_back(std::move(c), after);
  }
}

GatedServer::Gate::After GatedServer::Gate::send_pending(Connection& c) {
  GuardedStream stream(c, m_limits);
  const std::string& bytes = *c.pending;
  for (std::size_t at = c.pending_sent; at < bytes.size();) {
    const ssize_t n = stream.write(bytes.data() + at, bytes.size() - at);
    if (n < 0) break;
    at += static_cast<std::size_t>(n);
  }
  c.pending.reset();
  return stream.failed() ? After::Close : After::KeepAlive;
}

GatedServer::Gate::Served GatedServer::Gate::serve_one(Connection& c) {
  GuardedStream stream(c, m_limits);
  const bool last = last_for(c);
  // A GET's answer is kept for replays when its handler permits (replay.h); the stamp is
  // read before the answer is made, so that it is never taken for newer than it is.
  std::optional<ReplayStamp> stamp;
  std::string sent;
  if (!last && m_server.may_replay(c.head) && (stamp = m_server.m_replay.stamp())) {
    stream.capture_into(&sent);
    begin_replay_notes(Clock::now());
  }
  bool closed_by_client = false;
  const bool answered = m_server.serve_request(stream, last, closed_by_client);
  ++c.served;
  stream.finish();
  if (stream.bytes_moved() >= k_trim_after_bytes) return_free_memory();
  if (!answered || stream.failed()) return {After::Close, false};
  if (last || closed_by_client || !stream.body_consumed()) return {After::Linger, false};
  if (!stamp) return {After::KeepAlive, false};
  const ReplayNotes notes = end_replay_notes();
  const bool kept = notes.permitted && stream.capture_complete() &&
                    (sent.starts_with("HTTP/1.1 200 ") || sent.starts_with("HTTP/1.1 304 "));
  if (kept)
    m_server.m_memo.keep(ReplayMemo::key(c.local_address, c.peer_address, c.head.forwarded), std::move(sent), *stamp,
                         notes);
  return {After::KeepAlive, kept};
}

GatedServer::Gate::Replay GatedServer::Gate::replay(Connection& c) {
  if (last_for(c) || !m_server.may_replay(c.head)) return Replay::None;
  if (!m_stamp) m_stamp = m_server.m_replay.stamp();
  if (!*m_stamp) return Replay::None;
  const auto now = Clock::now();
  auto bytes = m_server.m_memo.find(ReplayMemo::key(c.local_address, c.peer_address, c.head.forwarded), **m_stamp,
                                    now, m_server.m_replay.now());
  if (!bytes) return Replay::None;
  c.buffer.erase(0, c.head.forwarded.size());
  ++c.served;
  c.since = now;
  m_server.m_memo.count_replay();
  const ssize_t n = send_now(c.fd, *bytes);
  if (n < 0) return Replay::Broken;
  if (static_cast<std::size_t>(n) == bytes->size()) return Replay::Sent;
  c.pending = std::move(bytes);  // a worker sends the rest at the transfer pace of http_limits.h
  c.pending_sent = static_cast<std::size_t>(n);
  return Replay::Partly;
}

} // namespace zwgk::server
