// MemoryStore: the Store kept in memory, for tests of the layers above
// (auth, server) that need a store but not a database file.
//
// It behaves as the SQLite store does — the same checks, orderings, expiry
// boundaries, duplicate-name and unknown-user errors, file-version dedup —
// and tests/unit/store_test.cpp runs one suite against both to keep it so.
// A mutex makes it safe to share between threads. Nothing is persisted.
#pragma once

#include "store/store.h"

#include <map>
#include <mutex>
#include <utility>

namespace zwgk::store {

class MemoryStore final : public Store {
public:
  std::expected<std::int64_t, std::string> add_user(const User& user) override;
  Status update_user(const User& user) override;
  std::optional<User> find_user(std::string_view name) override;
  std::optional<User> user_by_id(std::int64_t id) override;
  std::vector<User> users() override;

  Status put_session(const Session& session) override;
  std::optional<Session> find_session(std::string_view token_hash, std::int64_t now) override;
  Status delete_session(std::string_view token_hash) override;
  Status delete_expired_sessions(std::int64_t now) override;

  Status record_login_failure(std::string_view key, std::int64_t at) override;
  int login_failures_since(std::string_view key, std::int64_t since) override;
  std::vector<std::int64_t> login_failure_times(std::string_view key, std::int64_t since) override;
  Status clear_login_failures(std::string_view key) override;
  Status delete_login_failures_before(std::int64_t at) override;

  std::expected<std::int64_t, std::string> append_audit(const AuditEntry& entry) override;
  std::vector<AuditEntry> audit(std::int64_t before_id, std::size_t limit) override;

  std::expected<bool, std::string> save_file_version(const FileVersion& version, const AuditEntry& entry) override;
  std::vector<FileVersion> file_history(std::string_view path_prefix) override;
  std::optional<FileVersion> file_version(std::int64_t id) override;

private:
  std::int64_t append_audit_locked(AuditEntry entry);

  std::mutex m_mutex;
  std::vector<User> m_users;  // id = index + 1
  std::map<std::string, Session, std::less<>> m_sessions;
  std::vector<std::pair<std::string, std::int64_t>> m_login_failures;  // key, at
  std::vector<AuditEntry> m_audit;                                     // id = index + 1
  std::vector<FileVersion> m_files;                                    // id = index + 1
};

} // namespace zwgk::store
