#include "auth/session_cache.h"

#include <mutex>

namespace zwgk::auth {

std::optional<std::pair<store::User, store::Session>> SessionCache::find(const std::string& token_hash,
                                                                         std::int64_t counter, std::int64_t now) const {
  std::shared_lock lock(m_mutex);
  auto it = m_entries.find(token_hash);
  if (it == m_entries.end() || it->second.counter != counter || now >= it->second.session.expires_at)
    return std::nullopt;
  return std::pair{it->second.user, it->second.session};
}

void SessionCache::keep(const std::string& token_hash, std::int64_t counter, const store::User& user,
                        const store::Session& session) {
  std::unique_lock lock(m_mutex);
  if (m_entries.size() >= k_max_entries && !m_entries.contains(token_hash)) m_entries.clear();
  m_entries[token_hash] = {counter, user, session};
}

} // namespace zwgk::auth
