#include "store/memory_store.h"

#include <fmt/format.h>

#include <algorithm>

namespace zwgk::store {

std::expected<std::int64_t, std::string> MemoryStore::add_user(const User& user) {
  if (auto ok = check_user(user); !ok) return std::unexpected(ok.error());
  std::lock_guard lock(m_mutex);
  if (std::any_of(m_users.begin(), m_users.end(), [&](const User& u) { return u.name == user.name; }))
    return std::unexpected(fmt::format("用户名“{}”已存在", user.name));
  User stored = user;
  stored.id = static_cast<std::int64_t>(m_users.size()) + 1;
  m_users.push_back(stored);
  return stored.id;
}

Status MemoryStore::update_user(const User& user) {
  if (auto ok = check_user(user); !ok) return ok;
  std::lock_guard lock(m_mutex);
  if (user.id < 1 || user.id > static_cast<std::int64_t>(m_users.size()))
    return std::unexpected(fmt::format("用户（编号 {}）不存在", user.id));
  User& stored = m_users[static_cast<std::size_t>(user.id - 1)];
  stored.role = user.role;
  stored.unit = user.unit;
  stored.password_hash = user.password_hash;
  stored.disabled = user.disabled;
  return {};
}

std::optional<User> MemoryStore::find_user(std::string_view name) {
  std::lock_guard lock(m_mutex);
  auto it = std::find_if(m_users.begin(), m_users.end(), [&](const User& u) { return u.name == name; });
  if (it == m_users.end()) return std::nullopt;
  return *it;
}

std::optional<User> MemoryStore::user_by_id(std::int64_t id) {
  std::lock_guard lock(m_mutex);
  if (id < 1 || id > static_cast<std::int64_t>(m_users.size())) return std::nullopt;
  return m_users[static_cast<std::size_t>(id - 1)];
}

std::vector<User> MemoryStore::users() {
  std::lock_guard lock(m_mutex);
  std::vector<User> out = m_users;
  // std::string compares bytes as unsigned char, as SQLite's BINARY collation does.
  std::sort(out.begin(), out.end(), [](const User& a, const User& b) { return a.name < b.name; });
  return out;
}

Status MemoryStore::put_session(const Session& session) {
  std::lock_guard lock(m_mutex);
  if (session.user_id < 1 || session.user_id > static_cast<std::int64_t>(m_users.size()))
    return std::unexpected(fmt::format("会话的用户（编号 {}）不存在", session.user_id));
  m_sessions.insert_or_assign(session.token_hash, session);
  return {};
}

std::optional<Session> MemoryStore::find_session(std::string_view token_hash, std::int64_t now) {
  std::lock_guard lock(m_mutex);
  auto it = m_sessions.find(token_hash);
  if (it == m_sessions.end() || it->second.expires_at <= now) return std::nullopt;
  return it->second;
}

Status MemoryStore::delete_session(std::string_view token_hash) {
  std::lock_guard lock(m_mutex);
  if (auto it = m_sessions.find(token_hash); it != m_sessions.end()) m_sessions.erase(it);
  return {};
}

Status MemoryStore::delete_expired_sessions(std::int64_t now) {
  std::lock_guard lock(m_mutex);
  std::erase_if(m_sessions, [&](const auto& entry) { return entry.second.expires_at <= now; });
  return {};
}

Status MemoryStore::record_login_failure(std::string_view key, std::int64_t at) {
  std::lock_guard lock(m_mutex);
  m_login_failures.emplace_back(std::string(key), at);
  return {};
}

int MemoryStore::login_failures_since(std::string_view key, std::int64_t since) {
  std::lock_guard lock(m_mutex);
  return static_cast<int>(std::count_if(m_login_failures.begin(), m_login_failures.end(),
                                        [&](const auto& f) { return f.first == key && f.second >= since; }));
}

std::vector<std::int64_t> MemoryStore::login_failure_times(std::string_view key, std::int64_t since) {
  std::lock_guard lock(m_mutex);
  std::vector<std::int64_t> out;
  for (const auto& [k, at] : m_login_failures)
    if (k == key && at >= since) out.push_back(at);
  std::sort(out.begin(), out.end(), std::greater<>());
  return out;
}

Status MemoryStore::clear_login_failures(std::string_view key) {
  std::lock_guard lock(m_mutex);
  std::erase_if(m_login_failures, [&](const auto& f) { return f.first == key; });
  return {};
}

Status MemoryStore::delete_login_failures_before(std::int64_t at) {
  std::lock_guard lock(m_mutex);
  std::erase_if(m_login_failures, [&](const auto& f) { return f.second < at; });
  return {};
}

std::int64_t MemoryStore::append_audit_locked(AuditEntry entry) {
  entry.id = static_cast<std::int64_t>(m_audit.size()) + 1;
  m_audit.push_back(std::move(entry));
  return m_audit.back().id;
}

std::expected<std::int64_t, std::string> MemoryStore::append_audit(const AuditEntry& entry) {
  std::lock_guard lock(m_mutex);
  return append_audit_locked(entry);
}

std::vector<AuditEntry> MemoryStore::audit(std::int64_t before_id, std::size_t limit) {
  std::lock_guard lock(m_mutex);
  std::vector<AuditEntry> out;
  for (auto it = m_audit.rbegin(); it != m_audit.rend() && out.size() < limit; ++it)
    if (before_id <= 0 || it->id < before_id) out.push_back(*it);
  return out;
}

std::expected<bool, std::string> MemoryStore::save_file_version(const FileVersion& version, const AuditEntry& entry) {
  if (version.path.empty()) return std::unexpected("文件路径不能为空");
  std::lock_guard lock(m_mutex);
  auto latest = std::find_if(m_files.rbegin(), m_files.rend(), [&](const FileVersion& v) { return v.path == version.path; });
  if (latest != m_files.rend() && latest->sha256 == version.sha256) return false;
  FileVersion stored = version;
  stored.id = static_cast<std::int64_t>(m_files.size()) + 1;
  stored.size = static_cast<std::int64_t>(stored.content.size());
  m_files.push_back(std::move(stored));
  append_audit_locked(entry);
  return true;
}

std::vector<FileVersion> MemoryStore::file_history(std::string_view path_prefix) {
  std::lock_guard lock(m_mutex);
  std::vector<FileVersion> out;
  for (auto it = m_files.rbegin(); it != m_files.rend(); ++it) {
    if (!it->path.starts_with(path_prefix)) continue;
    FileVersion listed = *it;
    listed.content.clear();
    out.push_back(std::move(listed));
  }
  return out;
}

std::optional<FileVersion> MemoryStore::file_version(std::int64_t id) {
  std::lock_guard lock(m_mutex);
  if (id < 1 || id > static_cast<std::int64_t>(m_files.size())) return std::nullopt;
  return m_files[static_cast<std::size_t>(id - 1)];
}

} // namespace zwgk::store
