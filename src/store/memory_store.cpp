#include "store/memory_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>

namespace zwgk::store {

std::expected<std::int64_t, std::string> MemoryStore::add_user(const User& user) {
  if (auto ok = check_user(user); !ok) return std::unexpected(ok.error());
  std::lock_guard lock(m_mutex);
  if (has_user_named_locked(user.name)) return std::unexpected(fmt::format("用户名“{}”已存在", user.name));
  User stored = user;
  stored.id = static_cast<std::int64_t>(m_users.size()) + 1;
  m_users.push_back(stored);
  return stored.id;
}

Status MemoryStore::add_users(const std::vector<User>& users, const AuditEntry& entry) {
  for (const auto& user : users)
    if (auto ok = check_user(user); !ok) return ok;
  std::lock_guard lock(m_mutex);
  for (std::size_t i = 0; i < users.size(); ++i) {
    const bool repeated = std::any_of(users.begin(), users.begin() + static_cast<std::ptrdiff_t>(i),
                                      [&](const User& u) { return u.name == users[i].name; });
    if (repeated || has_user_named_locked(users[i].name))
      return std::unexpected(fmt::format("用户名“{}”已存在", users[i].name));
  }
  for (User stored : users) {
    stored.id = static_cast<std::int64_t>(m_users.size()) + 1;
    m_users.push_back(std::move(stored));
  }
  append_audit_locked(entry);
  return {};
}

bool MemoryStore::has_user_named_locked(std::string_view name) const {
  return std::any_of(m_users.begin(), m_users.end(), [&](const User& u) { return u.name == name; });
}

Status MemoryStore::update_user(const User& user, std::string_view keep_session) {
  if (auto ok = check_user(user); !ok) return ok;
  std::lock_guard lock(m_mutex);
  if (!has_user_locked(user.id)) return std::unexpected(fmt::format("用户（编号 {}）不存在", user.id));
  User& stored = m_users[static_cast<std::size_t>(user.id - 1)];
  if (ends_sessions(stored, user)) {
    std::erase_if(m_sessions, [&](const auto& entry) {
      return entry.second.user_id == user.id && entry.first != keep_session;
    });
    std::erase_if(m_devices, [&](const auto& entry) { return entry.second.user_id == user.id; });
  }
  stored.role = user.role;
  stored.unit = user.unit;
  stored.password_hash = user.password_hash;
  stored.disabled = user.disabled;
  stored.must_change_password = user.must_change_password;
  return {};
}

bool MemoryStore::has_user_locked(std::int64_t id) const {
  return id >= 1 && id <= static_cast<std::int64_t>(m_users.size());
}

std::optional<User> MemoryStore::find_user(std::string_view name) {
  std::lock_guard lock(m_mutex);
  auto it = std::find_if(m_users.begin(), m_users.end(), [&](const User& u) { return u.name == name; });
  if (it == m_users.end()) return std::nullopt;
  return *it;
}

std::optional<User> MemoryStore::user_by_id(std::int64_t id) {
  std::lock_guard lock(m_mutex);
  if (!has_user_locked(id)) return std::nullopt;
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
  if (!has_user_locked(session.user_id))
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
  std::erase_if(m_devices, [&](const auto& entry) { return entry.second.expires_at <= now; });
  return {};
}

Status MemoryStore::put_login_device(const LoginDevice& device) {
  std::lock_guard lock(m_mutex);
  if (!has_user_locked(device.user_id))
    return std::unexpected(fmt::format("登录设备的用户（编号 {}）不存在", device.user_id));
  m_devices.insert_or_assign(device.token_hash, device);
  return {};
}

std::optional<LoginDevice> MemoryStore::find_login_device(std::string_view token_hash, std::int64_t now) {
  std::lock_guard lock(m_mutex);
  auto it = m_devices.find(token_hash);
  if (it == m_devices.end() || it->second.expires_at <= now) return std::nullopt;
  return it->second;
}

std::expected<LoginAdmission, std::string> MemoryStore::admit_login_attempt(const std::vector<std::string>& keys,
                                                                            std::int64_t since, std::int64_t at,
                                                                            const LoginRule& rule) {
  std::lock_guard lock(m_mutex);
  std::erase_if(m_login_failures, [&](const LoginFailure& f) { return f.at < since; });
  std::vector<std::vector<std::int64_t>> times;
  for (const auto& key : keys) times.push_back(failure_times_locked(key, since));
  LoginAdmission admission;
  if (auto wait = rule(times)) {
    admission.retry_after = *wait;
    return admission;
  }
  admission.attempt = ++m_last_attempt;
  for (const auto& key : keys) m_login_failures.push_back({admission.attempt, key, at});
  return admission;
}

Status MemoryStore::forget_login_attempt(std::int64_t attempt) {
  std::lock_guard lock(m_mutex);
  std::erase_if(m_login_failures, [&](const LoginFailure& f) { return f.attempt == attempt; });
  return {};
}

std::vector<std::int64_t> MemoryStore::failure_times_locked(std::string_view key, std::int64_t since) const {
  std::vector<std::int64_t> out;
  for (const auto& f : m_login_failures)
    if (f.key == key && f.at >= since) out.push_back(f.at);
  std::sort(out.begin(), out.end(), std::greater<>());
  return out;
}

std::vector<std::int64_t> MemoryStore::login_failure_times(std::string_view key, std::int64_t since) {
  std::lock_guard lock(m_mutex);
  return failure_times_locked(key, since);
}

Status MemoryStore::clear_login_failures(std::string_view key) {
  std::lock_guard lock(m_mutex);
  std::erase_if(m_login_failures, [&](const LoginFailure& f) { return f.key == key; });
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

std::vector<FileVersion> MemoryStore::current_files() {
  std::lock_guard lock(m_mutex);
  std::map<std::string, FileVersion> latest;
  for (const auto& v : m_files) {
    FileVersion listed = v;
    listed.content.clear();
    latest[v.path] = std::move(listed);
  }
  std::vector<FileVersion> out;
  for (auto& [path, v] : latest) out.push_back(std::move(v));
  return out;
}

std::expected<ChangeHold, std::string> MemoryStore::hold_changes() {
  auto held = std::make_shared<std::unique_lock<std::mutex>>(m_change_hold);
  return ChangeHold([held] { held->unlock(); });
}

std::int64_t MemoryStore::files_version() {
  std::lock_guard lock(m_mutex);
  return static_cast<std::int64_t>(m_files.size());
}

} // namespace zwgk::store
