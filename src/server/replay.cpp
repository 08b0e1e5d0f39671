#include "server/replay.h"

#include <algorithm>
#include <mutex>

namespace zwgk::server {
namespace {

// The notes of the request this thread answers (a worker answers one at a time).
thread_local ReplayNotes t_notes;

} // namespace

void permit_replay(std::int64_t session_expires_at) {
  t_notes.permitted = true;
  t_notes.session_expires_at = session_expires_at;
}

void note_fresh_until(std::chrono::steady_clock::time_point deadline) {
  t_notes.fresh_until = std::min(t_notes.fresh_until, deadline);
}

void begin_replay_notes(std::chrono::steady_clock::time_point now) { t_notes = {false, 0, now + k_replay_lifetime}; }

ReplayNotes end_replay_notes() {
  ReplayNotes notes = t_notes;
  t_notes = {};
  return notes;
}

std::string ReplayMemo::key(std::string_view local, std::string_view peer, std::string_view head) {
  std::string key;
  key.reserve(local.size() + peer.size() + head.size() + 2);
  key.append(local).append(1, '\n').append(peer).append(1, '\n').append(head);
  return key;
}

ReplayBytes ReplayMemo::find(const std::string& key, const ReplayStamp& stamp,
                             std::chrono::steady_clock::time_point now, std::int64_t app_now) const {
  std::shared_lock lock(m_mutex);
  auto it = m_entries.find(key);
  if (it == m_entries.end()) return nullptr;
  const Entry& e = it->second;
  if (e.stamp != stamp || now >= e.fresh_until || app_now >= e.session_expires_at) return nullptr;
  return e.bytes;
}

void ReplayMemo::keep(std::string key, std::string bytes, const ReplayStamp& stamp, const ReplayNotes& notes) {
  if (bytes.size() > k_max_replay_bytes) return;
  Entry entry{std::make_shared<const std::string>(std::move(bytes)), stamp, notes.fresh_until,
              notes.session_expires_at};
  std::unique_lock lock(m_mutex);
  if (m_entries.size() >= k_max_replays && !m_entries.contains(key)) m_entries.clear();
  m_entries.insert_or_assign(std::move(key), std::move(entry));
}

} // namespace zwgk::server
