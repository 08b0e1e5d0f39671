// Issue 19: answers the gate replays (http_gate.h) without a worker.
//
// A logged-in user's page asks the same few GETs again and again (the 总览 page: me,
// periods, scheme, ranking, progress, trends) and each answer is a function of what the
// request says, the database and the data files. When a handler has said its answer may
// be replayed (permit_replay), the worker keeps the bytes it sent, keyed by the exact
// request head httplib saw and the connection's addresses. The gate thread then answers
// the same head itself — no thread hand-off, no handler — for as long as the answer is
// what a worker would send:
//
// - the database's change counter (store::Store::change_counter) and the workspace's
//   generation (changes made through it) are those read before the answer was made: a
//   login, logout, new password, disabled user, save, upload, import or publication in
//   this process or another ends every replay at once. A store without a counter
//   (PostgreSQL, the tests' memory ledgers) never replays;
// - the session is unexpired at the app clock (its expires_at);
// - no cache the answer was read from is due for its look at the data files
//   (note_fresh_until: WorkspaceService notes its rechecks), and never longer than
//   k_replay_lifetime: files changed by hand outside zwgk show as soon as without replays;
// - only 200 and 304 answers to GETs without a body, on a connection that stays open.
//
// Bounded: at most k_max_replays answers of at most k_max_replay_bytes each; the memo is
// emptied when full.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace zwgk::server {

inline constexpr std::chrono::milliseconds k_replay_lifetime{1000};
inline constexpr std::size_t k_max_replays = 1024;
inline constexpr std::size_t k_max_replay_bytes = 1u << 20;

// What every replay depends on besides time: nullopt when it cannot be known.
struct ReplayStamp {
  std::int64_t counter = 0;
  std::uint64_t generation = 0;
  friend bool operator==(const ReplayStamp&, const ReplayStamp&) = default;
};

// ---- notes taken while one request is answered (on the worker's thread) ----

// A handler's word: its answer may be replayed to the same request while the caller's
// session, which expires at `session_expires_at` (app clock, seconds), lasts.
void permit_replay(std::int64_t session_expires_at);
// What the answer was read from is good until `deadline` at most (a cache's next look).
void note_fresh_until(std::chrono::steady_clock::time_point deadline);

struct ReplayNotes {
  bool permitted = false;
  std::int64_t session_expires_at = 0;
  std::chrono::steady_clock::time_point fresh_until;
};
// The gate's worker: begin before a request, end after it (the notes taken since).
void begin_replay_notes(std::chrono::steady_clock::time_point now);
ReplayNotes end_replay_notes();

// ---- the memo ----

using ReplayBytes = std::shared_ptr<const std::string>;

class ReplayMemo {
public:
  // The key of a request: the connection's local and peer addresses and its head as httplib saw it.
  static std::string key(std::string_view local, std::string_view peer, std::string_view head);

  // The answer kept for `key` if it is still good under `stamp` at `now` / `app_now`.
  ReplayBytes find(const std::string& key, const ReplayStamp& stamp, std::chrono::steady_clock::time_point now,
                   std::int64_t app_now) const;
  void keep(std::string key, std::string bytes, const ReplayStamp& stamp, const ReplayNotes& notes);

  std::uint64_t replayed() const { return m_replayed.load(std::memory_order_relaxed); }
  void count_replay() { m_replayed.fetch_add(1, std::memory_order_relaxed); }

private:
  struct Entry {
    ReplayBytes bytes;
    ReplayStamp stamp;
    std::chrono::steady_clock::time_point fresh_until;
    std::int64_t session_expires_at = 0;
  };
  mutable std::shared_mutex m_mutex;
  std::unordered_map<std::string, Entry> m_entries;
  std::atomic<std::uint64_t> m_replayed{0};
};

} // namespace zwgk::server
