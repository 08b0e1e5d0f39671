// Issue 19: the sessions recently recognised, so that a request of a logged-in user needs
// no database query while nothing in the database changed (store::Store::change_counter).
//
// Contract: an entry answers only for the change counter it was read under and only
// before its session expires; a counter that moved (a logout, a disabled user, a new
// password, anything written by this process or another) makes every entry stale. At most
// k_max_entries sessions are kept; the cache is emptied when it is full. Safe from many
// threads.
#pragma once

#include "store/store.h"

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

namespace zwgk::auth {

class SessionCache {
public:
  static constexpr std::size_t k_max_entries = 4096;

  // The user and session kept for `token_hash` under `counter`, unexpired at `now`.
  std::optional<std::pair<store::User, store::Session>> find(const std::string& token_hash, std::int64_t counter,
                                                             std::int64_t now) const;
  void keep(const std::string& token_hash, std::int64_t counter, const store::User& user,
            const store::Session& session);

private:
  struct Entry {
    std::int64_t counter = 0;
    store::User user;
    store::Session session;
  };
  mutable std::shared_mutex m_mutex;
  std::unordered_map<std::string, Entry> m_entries;
};

} // namespace zwgk::auth
