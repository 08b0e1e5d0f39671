// The SQLite store: writes through one connection, one at a time, reads
// through a few others beside it (sqlite::Connections), so that a save
// never waits behind readers and reads never wait for a save.
//
// Other processes (the CLI while the server runs) are coordinated by SQLite
// itself: WAL lets readers work beside a writer, BEGIN IMMEDIATE takes the
// write lock before reading what a write depends on, and the busy timeout
// makes writers wait for each other instead of failing at once.
//
// Values reach SQL only as bound parameters; the only SQL run as text are
// the fixed scripts below.
#include "store/sqlite_db.h"
#include "store/store.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <memory>
#include <utility>

namespace zwgk::store {
namespace {

using namespace sqlite;

constexpr std::string_view k_user_columns = "id, name, role, unit, password_hash, created_at, disabled, must_change_password";

User read_user(const Statement& row) {
  User user;
  user.id = row.int64(0);
  user.name = row.text(1);
  user.role = parse_role(row.text(2)).value_or(Role::Viewer);  // the schema's CHECK allows only the three codes
  user.unit = row.text(3);
  user.password_hash = row.text(4);
  user.created_at = row.int64(5);
  user.disabled = row.int64(6) != 0;
  user.must_change_password = row.int64(7) != 0;
  return user;
}

class SqliteStore final : public Store {
public:
  explicit SqliteStore(std::shared_ptr<Connections> connections) : m_connections(std::move(connections)) {}

  std::expected<std::int64_t, std::string> add_user(const User& user) override {
    if (auto ok = check_user(user); !ok) return std::unexpected(ok.error());
    auto lease = m_connections->write();
    return insert_user(lease.db(), user);
  }

  Status add_users(const std::vector<User>& users, const AuditEntry& entry) override {
    for (const auto& user : users)
      if (auto ok = check_user(user); !ok) return ok;
    auto lease = m_connections->write();
    sqlite3* db = lease.db();
    Transaction transaction(db);
    if (auto ok = transaction.begin(); !ok) return ok;
    for (const auto& user : users)
      if (auto id = insert_user(db, user); !id) return std::unexpected(id.error());
    if (auto ok = insert_audit(db, entry); !ok) return ok;
    return transaction.commit();
  }

  Status update_user(const User& user, std::string_view keep_session) override {
    if (auto ok = check_user(user); !ok) return ok;
    auto lease = m_connections->write();
    sqlite3* db = lease.db();
    Transaction transaction(db);
    if (auto ok = transaction.begin(); !ok) return ok;
    auto before = one_user(db, fmt::format("SELECT {} FROM users WHERE id = ?1", k_user_columns), user.id);
    if (!before) return std::unexpected(fmt::format("用户（编号 {}）不存在", user.id));
    if (auto ok = execute(db, "修改用户",
                          "UPDATE users SET role = ?1, unit = ?2, password_hash = ?3, disabled = ?4, "
                          "must_change_password = ?5 WHERE id = ?6",
                          role_code(user.role), user.unit, user.password_hash, std::int64_t{user.disabled},
                          std::int64_t{user.must_change_password}, user.id);
        !ok)
      return ok;
    if (ends_sessions(*before, user)) {
      if (auto ok = execute(db, "结束会话", "DELETE FROM sessions WHERE user_id = ?1 AND token_hash <> ?2", user.id,
                            keep_session);
          !ok)
        return ok;
      if (auto ok = execute(db, "删除登录设备", "DELETE FROM login_devices WHERE user_id = ?1", user.id); !ok) return ok;
    }
    return transaction.commit();
  }

  std::optional<User> find_user(std::string_view name) override {
    auto lease = m_connections->read();
    return one_user(lease.db(), fmt::format("SELECT {} FROM users WHERE name = ?1", k_user_columns), name);
  }

  std::optional<User> user_by_id(std::int64_t id) override {
    auto lease = m_connections->read();
    return one_user(lease.db(), fmt::format("SELECT {} FROM users WHERE id = ?1", k_user_columns), id);
  }

  std::vector<User> users() override {
    auto lease = m_connections->read();
    std::vector<User> out;
    auto stmt = bound(lease.db(), fmt::format("SELECT {} FROM users ORDER BY name", k_user_columns));
    while (stmt && stmt->step() == SQLITE_ROW) out.push_back(read_user(*stmt));
    return out;
  }

  Status put_session(const Session& session) override {
    auto lease = m_connections->write();
    sqlite3* db = lease.db();
    auto stmt = bound(db,
                      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (token_hash) DO UPDATE SET "
                      "user_id = excluded.user_id, csrf_token = excluded.csrf_token, "
                      "created_at = excluded.created_at, expires_at = excluded.expires_at",
                      session.token_hash, session.user_id, session.csrf_token, session.created_at,
                      session.expires_at);
    return step_insert(db, stmt, session.user_id, "会话", "保存会话");
  }

  std::optional<Session> find_session(std::string_view token_hash, std::int64_t now) override {
    auto lease = m_connections->read();
    auto stmt = bound(lease.db(),
                      "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions "
                      "WHERE token_hash = ?1 AND expires_at > ?2",
                      token_hash, now);
    if (!stmt || stmt->step() != SQLITE_ROW) return std::nullopt;
    return Session{stmt->text(0), stmt->int64(1), stmt->text(2), stmt->int64(3), stmt->int64(4)};
  }

  Status delete_session(std::string_view token_hash) override {
    auto lease = m_connections->write();
    return execute(lease.db(), "删除会话", "DELETE FROM sessions WHERE token_hash = ?1", token_hash);
  }

  Status delete_expired_sessions(std::int64_t now) override {
    auto lease = m_connections->write();
    if (auto ok = execute(lease.db(), "删除过期会话", "DELETE FROM sessions WHERE expires_at <= ?1", now); !ok) return ok;
    return execute(lease.db(), "删除过期的登录设备", "DELETE FROM login_devices WHERE expires_at <= ?1", now);
  }

  Status put_login_device(const LoginDevice& device) override {
    auto lease = m_connections->write();
    sqlite3* db = lease.db();
    auto stmt = bound(db,
                      "INSERT INTO login_devices (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4) "
                      "ON CONFLICT (token_hash) DO UPDATE SET user_id = excluded.user_id, "
                      "created_at = excluded.created_at, expires_at = excluded.expires_at",
                      device.token_hash, device.user_id, device.created_at, device.expires_at);
    return step_insert(db, stmt, device.user_id, "登录设备", "保存登录设备");
  }

  std::optional<LoginDevice> find_login_device(std::string_view token_hash, std::int64_t now) override {
    auto lease = m_connections->read();
    auto stmt = bound(lease.db(),
                      "SELECT token_hash, user_id, created_at, expires_at FROM login_devices "
                      "WHERE token_hash = ?1 AND expires_at > ?2",
                      token_hash, now);
    if (!stmt || stmt->step() != SQLITE_ROW) return std::nullopt;
    return LoginDevice{stmt->text(0), stmt->int64(1), stmt->int64(2), stmt->int64(3)};
  }

  std::expected<LoginAdmission, std::string> admit_login_attempt(const std::vector<std::string>& keys,
                                                                 std::int64_t since, std::int64_t at,
                                                                 const LoginRule& rule) override {
    auto lease = m_connections->write();
    sqlite3* db = lease.db();
    Transaction transaction(db);  // BEGIN IMMEDIATE: no other connection counts in between
    if (auto ok = transaction.begin(); !ok) return std::unexpected(ok.error());
    if (auto ok = execute(db, "清除登录失败记录", "DELETE FROM login_failures WHERE at < ?1", since); !ok)
      return std::unexpected(ok.error());
    std::vector<std::vector<std::int64_t>> times;
    for (const auto& key : keys) times.push_back(failure_times(db, key, since));
    LoginAdmission admission;
    if (auto wait = rule(times)) {
      admission.retry_after = *wait;
    } else {
      auto next = bound(db, "SELECT coalesce(max(attempt), 0) + 1 FROM login_failures");
      if (!next || next->step() != SQLITE_ROW) return std::unexpected(db_error(db, "记录登录尝试"));
      admission.attempt = next->int64(0);
      for (const auto& key : keys)
        if (auto ok = execute(db, "记录登录尝试", "INSERT INTO login_failures (attempt, key, at) VALUES (?1, ?2, ?3)",
                              admission.attempt, key, at);
            !ok)
          return std::unexpected(ok.error());
    }
    if (auto ok = transaction.commit(); !ok) return std::unexpected(ok.error());
    return admission;
  }

  Status forget_login_attempt(std::int64_t attempt) override {
    auto lease = m_connections->write();
    return execute(lease.db(), "撤销登录失败记录", "DELETE FROM login_failures WHERE attempt = ?1", attempt);
  }

  std::vector<std::int64_t> login_failure_times(std::string_view key, std::int64_t since) override {
    auto lease = m_connections->read();
    return failure_times(lease.db(), key, since);
  }

  Status clear_login_failures(std::string_view key) override {
    auto lease = m_connections->write();
    return execute(lease.db(), "清除登录失败记录", "DELETE FROM login_failures WHERE key = ?1", key);
  }

  std::expected<std::int64_t, std::string> append_audit(const AuditEntry& entry) override {
    auto lease = m_connections->write();
    auto status = insert_audit(lease.db(), entry);
    if (!status) return std::unexpected(status.error());
    return sqlite3_last_insert_rowid(lease.db());
  }

  std::vector<AuditEntry> audit(std::int64_t before_id, std::size_t limit) override {
    auto lease = m_connections->read();
    std::vector<AuditEntry> out;
    auto stmt = bound(lease.db(),
                      "SELECT id, at, user_name, action, target, detail FROM audit "
                      "WHERE ?1 <= 0 OR id < ?1 ORDER BY id DESC LIMIT ?2",
                      before_id, to_int64(limit));
    while (stmt && stmt->step() == SQLITE_ROW)
      out.push_back({stmt->int64(0), stmt->int64(1), stmt->text(2), stmt->text(3), stmt->text(4), stmt->text(5)});
    return out;
  }

  std::expected<bool, std::string> save_file_version(const FileVersion& version, const AuditEntry& entry) override {
    if (version.path.empty()) return std::unexpected("文件路径不能为空");
    auto lease = m_connections->write();
    sqlite3* db = lease.db();
    Transaction transaction(db);
    if (auto ok = transaction.begin(); !ok) return std::unexpected(ok.error());
    auto latest = latest_sha256(db, version.path);
    if (!latest) return std::unexpected(latest.error());
    if (*latest == version.sha256) return false;  // rolled back: nothing written
    auto inserted = execute(db, "保存文件版本",
                            "INSERT INTO file_versions (path, sha256, size, saved_by, saved_at, content) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                            version.path, version.sha256, to_int64(version.content.size()), version.saved_by,
                            version.saved_at, Blob{version.content});
    if (!inserted) return std::unexpected(inserted.error());
    if (auto ok = insert_audit(db, entry); !ok) return std::unexpected(ok.error());
    if (auto ok = transaction.commit(); !ok) return std::unexpected(ok.error());
    return true;
  }

  std::vector<FileVersion> file_history(std::string_view path_prefix) override {
    auto lease = m_connections->read();
    std::vector<FileVersion> out;
    // substr and length both count characters of the bound text: a prefix test.
    auto stmt = bound(lease.db(),
                      "SELECT id, path, sha256, size, saved_by, saved_at FROM file_versions "
                      "WHERE substr(path, 1, length(?1)) = ?1 ORDER BY id DESC",
                      path_prefix);
    while (stmt && stmt->step() == SQLITE_ROW)
      out.push_back({stmt->int64(0), stmt->text(1), stmt->text(2), stmt->int64(3), stmt->text(4), stmt->int64(5), {}});
    return out;
  }

  std::optional<FileVersion> file_version(std::int64_t id) override {
    auto lease = m_connections->read();
    auto stmt = bound(lease.db(),
                      "SELECT id, path, sha256, size, saved_by, saved_at, content FROM file_versions WHERE id = ?1",
                      id);
    if (!stmt || stmt->step() != SQLITE_ROW) return std::nullopt;
    return FileVersion{stmt->int64(0), stmt->text(1), stmt->text(2), stmt->int64(3),
                       stmt->text(4),  stmt->int64(5), stmt->text(6)};
  }

private:
  static std::expected<std::int64_t, std::string> insert_user(sqlite3* db, const User& user) {
    auto stmt = bound(db,
                      "INSERT INTO users (name, role, unit, password_hash, created_at, disabled, must_change_password) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                      user.name, role_code(user.role), user.unit, user.password_hash, user.created_at,
                      std::int64_t{user.disabled}, std::int64_t{user.must_change_password});
    if (!stmt) return std::unexpected(stmt.error());
    int rc = stmt->step();
    if (rc == SQLITE_CONSTRAINT_UNIQUE) return std::unexpected(fmt::format("用户名“{}”已存在", user.name));
    if (rc != SQLITE_DONE) return std::unexpected(db_error(db, "添加用户"));
    return sqlite3_last_insert_rowid(db);
  }

  template <typename Key>
  static std::optional<User> one_user(sqlite3* db, const std::string& sql, const Key& key) {
    auto stmt = bound(db, sql, key);
    if (!stmt || stmt->step() != SQLITE_ROW) return std::nullopt;
    return read_user(*stmt);
  }

  // Steps an insert of a row that belongs to user_id (what: 会话, 登录设备).
  static Status step_insert(sqlite3* db, std::expected<Statement, std::string>& stmt, std::int64_t user_id,
                            std::string_view what, std::string_view doing) {
    if (!stmt) return std::unexpected(stmt.error());
    int rc = stmt->step();
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
      return std::unexpected(fmt::format("{}的用户（编号 {}）不存在", what, user_id));
    if (rc != SQLITE_DONE) return std::unexpected(db_error(db, doing));
    return {};
  }

  static std::vector<std::int64_t> failure_times(sqlite3* db, std::string_view key, std::int64_t since) {
    std::vector<std::int64_t> out;
    auto stmt = bound(db, "SELECT at FROM login_failures WHERE key = ?1 AND at >= ?2 ORDER BY at DESC", key, since);
    while (stmt && stmt->step() == SQLITE_ROW) out.push_back(stmt->int64(0));
    return out;
  }

  // The sha256 of path's latest version; "" if it has none.
  static std::expected<std::string, std::string> latest_sha256(sqlite3* db, const std::string& path) {
    auto stmt = bound(db, "SELECT sha256 FROM file_versions WHERE path = ?1 ORDER BY id DESC LIMIT 1", path);
    if (!stmt) return std::unexpected(stmt.error());
    int rc = stmt->step();
    if (rc == SQLITE_ROW) return stmt->text(0);
    if (rc == SQLITE_DONE) return std::string();
    return std::unexpected(db_error(db, "读取文件历史"));
  }

  std::shared_ptr<Connections> m_connections;
};

} // namespace

std::unique_ptr<Store> sqlite::make_store(std::shared_ptr<Connections> connections) {
  return std::make_unique<SqliteStore>(std::move(connections));
}

} // namespace zwgk::store
