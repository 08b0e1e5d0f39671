// The SQLite store: one connection, every call serialized by a mutex.
//
// One connection keeps the implementation simple and obviously correct:
// the store's calls are short (the slow part of a login, password hashing,
// happens outside it), so serializing them costs little. Other processes
// (the CLI while the server runs) are coordinated by SQLite itself: WAL lets
// readers work beside a writer, and the busy timeout makes writers wait for
// each other instead of failing at once.
//
// Values reach SQL only as bound parameters; the only SQL run as text are
// the fixed scripts below.
#include "store/sqlite_db.h"
#include "store/store.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <utility>

namespace zwgk::store {
namespace {

using namespace sqlite;

constexpr std::string_view k_user_columns = "id, name, role, unit, password_hash, created_at, disabled";

User read_user(const Statement& row) {
  User user;
  user.id = row.int64(0);
  user.name = row.text(1);
  user.role = parse_role(row.text(2)).value_or(Role::Viewer);  // the schema's CHECK allows only the three codes
  user.unit = row.text(3);
  user.password_hash = row.text(4);
  user.created_at = row.int64(5);
  user.disabled = row.int64(6) != 0;
  return user;
}

constexpr std::string_view k_audit_insert =
    "INSERT INTO audit (at, user_name, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)";

class SqliteStore final : public Store {
public:
  explicit SqliteStore(sqlite3* db) : m_db(db) {}
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;
  ~SqliteStore() override { sqlite3_close_v2(m_db); }

  std::expected<std::int64_t, std::string> add_user(const User& user) override {
    if (auto ok = check_user(user); !ok) return std::unexpected(ok.error());
    std::lock_guard lock(m_mutex);
    auto stmt = bound(m_db,
                      "INSERT INTO users (name, role, unit, password_hash, created_at, disabled) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                      user.name, role_code(user.role), user.unit, user.password_hash, user.created_at,
                      std::int64_t{user.disabled});
    if (!stmt) return std::unexpected(stmt.error());
    int rc = stmt->step();
    if (rc == SQLITE_CONSTRAINT_UNIQUE) return std::unexpected(fmt::format("用户名“{}”已存在", user.name));
    if (rc != SQLITE_DONE) return std::unexpected(db_error(m_db, "添加用户"));
    return sqlite3_last_insert_rowid(m_db);
  }

  Status update_user(const User& user) override {
    if (auto ok = check_user(user); !ok) return ok;
    std::lock_guard lock(m_mutex);
    auto status = execute(m_db, "修改用户",
                          "UPDATE users SET role = ?1, unit = ?2, password_hash = ?3, disabled = ?4 WHERE id = ?5",
                          role_code(user.role), user.unit, user.password_hash, std::int64_t{user.disabled},
                          user.id);
    if (status && sqlite3_changes(m_db) == 0) return std::unexpected(fmt::format("用户（编号 {}）不存在", user.id));
    return status;
  }

  std::optional<User> find_user(std::string_view name) override {
    std::lock_guard lock(m_mutex);
    return one_user(fmt::format("SELECT {} FROM users WHERE name = ?1", k_user_columns), name);
  }

  std::optional<User> user_by_id(std::int64_t id) override {
    std::lock_guard lock(m_mutex);
    return one_user(fmt::format("SELECT {} FROM users WHERE id = ?1", k_user_columns), id);
  }

  std::vector<User> users() override {
    std::lock_guard lock(m_mutex);
    std::vector<User> out;
    auto stmt = bound(m_db, fmt::format("SELECT {} FROM users ORDER BY name", k_user_columns));
    while (stmt && stmt->step() == SQLITE_ROW) out.push_back(read_user(*stmt));
    return out;
  }

  Status put_session(const Session& session) override {
    std::lock_guard lock(m_mutex);
    auto stmt = bound(m_db,
                      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (token_hash) DO UPDATE SET "
                      "user_id = excluded.user_id, csrf_token = excluded.csrf_token, "
                      "created_at = excluded.created_at, expires_at = excluded.expires_at",
                      session.token_hash, session.user_id, session.csrf_token, session.created_at,
                      session.expires_at);
    if (!stmt) return std::unexpected(stmt.error());
    int rc = stmt->step();
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
      return std::unexpected(fmt::format("会话的用户（编号 {}）不存在", session.user_id));
    if (rc != SQLITE_DONE) return std::unexpected(db_error(m_db, "保存会话"));
    return {};
  }

  std::optional<Session> find_session(std::string_view token_hash, std::int64_t now) override {
    std::lock_guard lock(m_mutex);
    auto stmt = bound(m_db,
                      "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions "
                      "WHERE token_hash = ?1 AND expires_at > ?2",
                      token_hash, now);
    if (!stmt || stmt->step() != SQLITE_ROW) return std::nullopt;
    return Session{stmt->text(0), stmt->int64(1), stmt->text(2), stmt->int64(3), stmt->int64(4)};
  }

  Status delete_session(std::string_view token_hash) override {
    std::lock_guard lock(m_mutex);
    return execute(m_db, "删除会话", "DELETE FROM sessions WHERE token_hash = ?1", token_hash);
  }

  Status delete_expired_sessions(std::int64_t now) override {
    std::lock_guard lock(m_mutex);
    return execute(m_db, "删除过期会话", "DELETE FROM sessions WHERE expires_at <= ?1", now);
  }

  Status record_login_failure(std::string_view key, std::int64_t at) override {
    std::lock_guard lock(m_mutex);
    return execute(m_db, "记录登录失败", "INSERT INTO login_failures (key, at) VALUES (?1, ?2)", key, at);
  }

  int login_failures_since(std::string_view key, std::int64_t since) override {
    std::lock_guard lock(m_mutex);
    auto stmt = bound(m_db, "SELECT count(*) FROM login_failures WHERE key = ?1 AND at >= ?2", key, since);
    if (!stmt || stmt->step() != SQLITE_ROW) return 0;
    return static_cast<int>(stmt->int64(0));
  }

  std::vector<std::int64_t> login_failure_times(std::string_view key, std::int64_t since) override {
    std::lock_guard lock(m_mutex);
    std::vector<std::int64_t> out;
    auto stmt = bound(m_db, "SELECT at FROM login_failures WHERE key = ?1 AND at >= ?2 ORDER BY at DESC", key,
                      since);
    while (stmt && stmt->step() == SQLITE_ROW) out.push_back(stmt->int64(0));
    return out;
  }

  Status clear_login_failures(std::string_view key) override {
    std::lock_guard lock(m_mutex);
    return execute(m_db, "清除登录失败记录", "DELETE FROM login_failures WHERE key = ?1", key);
  }

  Status delete_login_failures_before(std::int64_t at) override {
    std::lock_guard lock(m_mutex);
    return execute(m_db, "清除登录失败记录", "DELETE FROM login_failures WHERE at < ?1", at);
  }

  std::expected<std::int64_t, std::string> append_audit(const AuditEntry& entry) override {
    std::lock_guard lock(m_mutex);
    auto status = insert_audit(entry);
    if (!status) return std::unexpected(status.error());
    return sqlite3_last_insert_rowid(m_db);
  }

  std::vector<AuditEntry> audit(std::int64_t before_id, std::size_t limit) override {
    std::lock_guard lock(m_mutex);
    std::vector<AuditEntry> out;
    auto stmt = bound(m_db,
                      "SELECT id, at, user_name, action, target, detail FROM audit "
                      "WHERE ?1 <= 0 OR id < ?1 ORDER BY id DESC LIMIT ?2",
                      before_id, to_int64(limit));
    while (stmt && stmt->step() == SQLITE_ROW)
      out.push_back({stmt->int64(0), stmt->int64(1), stmt->text(2), stmt->text(3), stmt->text(4), stmt->text(5)});
    return out;
  }

  std::expected<bool, std::string> save_file_version(const FileVersion& version, const AuditEntry& entry) override {
    if (version.path.empty()) return std::unexpected("文件路径不能为空");
    std::lock_guard lock(m_mutex);
    Transaction transaction(m_db);
    if (auto ok = transaction.begin(); !ok) return std::unexpected(ok.error());
    auto latest = latest_sha256(version.path);
    if (!latest) return std::unexpected(latest.error());
    if (*latest == version.sha256) return false;  // rolled back: nothing written
    auto inserted = execute(m_db, "保存文件版本",
                            "INSERT INTO file_versions (path, sha256, size, saved_by, saved_at, content) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                            version.path, version.sha256, to_int64(version.content.size()), version.saved_by,
                            version.saved_at, Blob{version.content});
    if (!inserted) return std::unexpected(inserted.error());
    if (auto ok = insert_audit(entry); !ok) return std::unexpected(ok.error());
    if (auto ok = transaction.commit(); !ok) return std::unexpected(ok.error());
    return true;
  }

  std::vector<FileVersion> file_history(std::string_view path_prefix) override {
    std::lock_guard lock(m_mutex);
    std::vector<FileVersion> out;
    // substr and length both count characters of the bound text: a prefix test.
    auto stmt = bound(m_db,
                      "SELECT id, path, sha256, size, saved_by, saved_at FROM file_versions "
                      "WHERE substr(path, 1, length(?1)) = ?1 ORDER BY id DESC",
                      path_prefix);
    while (stmt && stmt->step() == SQLITE_ROW)
      out.push_back({stmt->int64(0), stmt->text(1), stmt->text(2), stmt->int64(3), stmt->text(4), stmt->int64(5), {}});
    return out;
  }

  std::optional<FileVersion> file_version(std::int64_t id) override {
    std::lock_guard lock(m_mutex);
    auto stmt = bound(m_db,
                      "SELECT id, path, sha256, size, saved_by, saved_at, content FROM file_versions WHERE id = ?1",
                      id);
    if (!stmt || stmt->step() != SQLITE_ROW) return std::nullopt;
    return FileVersion{stmt->int64(0), stmt->text(1), stmt->text(2), stmt->int64(3),
                       stmt->text(4),  stmt->int64(5), stmt->text(6)};
  }

private:
  template <typename Key>
  std::optional<User> one_user(const std::string& sql, const Key& key) {
    auto stmt = bound(m_db, sql, key);
    if (!stmt || stmt->step() != SQLITE_ROW) return std::nullopt;
    return read_user(*stmt);
  }

  // The sha256 of path's latest version; "" if it has none.
  std::expected<std::string, std::string> latest_sha256(const std::string& path) {
    auto stmt = bound(m_db, "SELECT sha256 FROM file_versions WHERE path = ?1 ORDER BY id DESC LIMIT 1", path);
    if (!stmt) return std::unexpected(stmt.error());
    int rc = stmt->step();
    if (rc == SQLITE_ROW) return stmt->text(0);
    if (rc == SQLITE_DONE) return std::string();
    return std::unexpected(db_error(m_db, "读取文件历史"));
  }

  Status insert_audit(const AuditEntry& entry) {
    return execute(m_db, "写审计日志", k_audit_insert, entry.at, entry.user, entry.action, entry.target,
                   entry.detail);
  }

  std::mutex m_mutex;
  sqlite3* m_db;
};

} // namespace

std::expected<std::unique_ptr<Store>, std::string> open_sqlite_store(const std::string& path) {
  auto db = sqlite::open_database(path);
  if (!db) return std::unexpected(db.error());
  return std::make_unique<SqliteStore>(db->release());
}

} // namespace zwgk::store
