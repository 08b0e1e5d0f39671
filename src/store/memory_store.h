// MemoryStore: the Store kept in memory, for tests of the layers above
// (auth, server) that need a store but not a database file.
//
// It behaves as the SQLite store does — the same checks, orderings, expiry
// boundaries, duplicate-name and unknown-user errors, file-version dedup —
// and tests/unit/store_test.cpp runs one suite against both to keep it so.
// A mutex makes it safe to share between threads. Nothing is persisted.
// Not final: a test may override a method to watch the layers above call it.
#pragma once

#include "store/store.h"

#include <map>
#include <mutex>
#include <utility>

namespace zwgk::store {

class MemoryStore : public Store {
public:
  std::expected<std::int64_t, std::string> add_user(const User& user) override;
  Status add_users(const std::vector<User>& users, const AuditEntry& entry) override;
  Status update_user(const User& user, std::string_view keep_session) override;
  std::optional<User> find_user(std::string_view name) override;
  std::optional<User> user_by_id(std::int64_t id) override;
  std::vector<User> users() override;

  Status put_session(const Session& session) override;
  std::optional<Session> find_session(std::string_view token_hash, std::int64_t now) override;
  Status delete_session(std::string_view token_hash) override;
  Status delete_expired_sessions(std::int64_t now) override;

  Status put_login_device(const LoginDevice& device) override;
  std::optional<LoginDevice> find_login_device(std::string_view token_hash, std::int64_t now) override;

  std::expected<LoginAdmission, std::string> admit_login_attempt(const std::vector<std::string>& keys,
                                                                 std::int64_t since, std::int64_t at,
                                                                 const LoginRule& rule) override;
  Status forget_login_attempt(std::int64_t attempt) override;
  std::vector<std::int64_t> login_failure_times(std::string_view key, std::int64_t since) override;
  Status clear_login_failures(std::string_view key) override;

  std::expected<std::int64_t, std::string> append_audit(const AuditEntry& entry) override;
  std::vector<AuditEntry> audit(std::int64_t before_id, std::size_t limit) override;

  std::expected<bool, std::string> save_file_version(const FileVersion& version, const AuditEntry& entry) override;
  std::vector<FileVersion> file_history(std::string_view path_prefix) override;
  std::optional<FileVersion> file_version(std::int64_t id) override;
  std::vector<FileVersion> current_files() override;
  std::int64_t files_version() override;
  // As PostgreSQL's: one hold at a time, for the tests of several instances on one store.
  std::expected<ChangeHold, std::string> hold_changes() override;

private:
  struct LoginFailure {
    std::int64_t attempt = 0;
    std::string key;
    std::int64_t at = 0;
  };

  std::int64_t append_audit_locked(AuditEntry entry);
  std::vector<std::int64_t> failure_times_locked(std::string_view key, std::int64_t since) const;
  bool has_user_locked(std::int64_t id) const;
  bool has_user_named_locked(std::string_view name) const;

  std::mutex m_mutex;
  std::vector<User> m_users;  // id = index + 1
  std::map<std::string, Session, std::less<>> m_sessions;
  std::map<std::string, LoginDevice, std::less<>> m_devices;
  std::vector<LoginFailure> m_login_failures;
  std::int64_t m_last_attempt = 0;
  std::vector<AuditEntry> m_audit;                                     // id = index + 1
  std::mutex m_change_hold;
  std::vector<FileVersion> m_files;                                    // id = index + 1
};

} // namespace zwgk::store
