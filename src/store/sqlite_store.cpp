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
#include "store/sqlite_store_schema.h"
#include "store/store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <limits>
#include <memory>
#include <mutex>
#include <utility>

namespace zwgk::store {
namespace {

constexpr int k_busy_timeout_ms = 5000;

struct Blob {
  std::string_view bytes;
};

std::string db_error(sqlite3* db, std::string_view what) {
  return fmt::format("数据库{}失败：{}", what, sqlite3_errmsg(db));
}

// A prepared statement; finalized on destruction. Bind failures are kept
// and reported by step(), so a sequence of binds needs no checks.
class Statement {
public:
  static std::expected<Statement, std::string> prepare(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return std::unexpected(db_error(db, "准备语句"));
    }
    return Statement(stmt);
  }

  Statement(Statement&& other) noexcept
      : m_stmt(std::exchange(other.m_stmt, nullptr)), m_bind_rc(other.m_bind_rc) {}
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(m_stmt); }

  void bind(int index, std::int64_t value) { keep(sqlite3_bind_int64(m_stmt, index, value)); }
  void bind(int index, std::string_view text) {
    keep(sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  void bind(int index, Blob blob) {
    // A zero-length blob must still be a blob, not NULL: pass a valid pointer.
    const char* data = blob.bytes.empty() ? "" : blob.bytes.data();
    keep(sqlite3_bind_blob64(m_stmt, index, data, blob.bytes.size(), SQLITE_TRANSIENT));
  }

  template <typename... Args>
  void bind_all(const Args&... args) {
    int index = 0;
    (bind(++index, args), ...);
  }

  // SQLITE_ROW, SQLITE_DONE or an (extended) error code.
  int step() { return m_bind_rc != SQLITE_OK ? m_bind_rc : sqlite3_step(m_stmt); }

  std::int64_t int64(int column) const { return sqlite3_column_int64(m_stmt, column); }
  std::string text(int column) const {
    const void* data = sqlite3_column_blob(m_stmt, column);  // text and blob alike
    int size = sqlite3_column_bytes(m_stmt, column);
    return data ? std::string(static_cast<const char*>(data), static_cast<std::size_t>(size)) : std::string();
  }

private:
  explicit Statement(sqlite3_stmt* stmt) : m_stmt(stmt) {}
  void keep(int rc) {
    if (m_bind_rc == SQLITE_OK) m_bind_rc = rc;
  }

  sqlite3_stmt* m_stmt = nullptr;
  int m_bind_rc = SQLITE_OK;
};

// Prepares sql and binds args to ?1, ?2, ... in order.
template <typename... Args>
std::expected<Statement, std::string> bound(sqlite3* db, std::string_view sql, const Args&... args) {
  auto stmt = Statement::prepare(db, sql);
  if (stmt) stmt->bind_all(args...);
  return stmt;
}

// Runs a statement that returns no rows.
template <typename... Args>
Status execute(sqlite3* db, std::string_view what, std::string_view sql, const Args&... args) {
  auto stmt = bound(db, sql, args...);
  if (!stmt) return std::unexpected(stmt.error());
  if (stmt->step() != SQLITE_DONE) return std::unexpected(db_error(db, what));
  return {};
}

// Runs a fixed script of several statements (no values in it).
Status execute_script(sqlite3* db, std::string_view what, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return std::unexpected(db_error(db, what));
  return {};
}

// BEGIN IMMEDIATE (take the write lock now, so the transaction cannot fail
// half-way for a lock); rolls back unless committed.
class Transaction {
public:
  explicit Transaction(sqlite3* db) : m_db(db) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (m_open) sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Status begin() {
    auto status = execute_script(m_db, "开始事务", "BEGIN IMMEDIATE");
    m_open = status.has_value();
    return status;
  }
  Status commit() {
    auto status = execute_script(m_db, "提交事务", "COMMIT");
    if (status) m_open = false;
    return status;
  }

private:
  sqlite3* m_db;
  bool m_open = false;
};

std::int64_t to_int64(std::size_t n) {
  constexpr auto k_max = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::int64_t>(n < k_max ? n : k_max);
}

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

// Reads a one-value pragma or query as text.
std::expected<std::string, std::string> query_text(sqlite3* db, std::string_view what, std::string_view sql) {
  auto stmt = bound(db, sql);
  if (!stmt) return std::unexpected(stmt.error());
  int rc = stmt->step();
  if (rc == SQLITE_DONE) return std::string();
  if (rc != SQLITE_ROW) return std::unexpected(db_error(db, what));
  return stmt->text(0);
}

// Brings the schema to k_schema_version in one transaction, or refuses a
// database made by a newer program.
Status migrate(sqlite3* db) {
  Transaction transaction(db);
  if (auto ok = transaction.begin(); !ok) return ok;
  if (auto ok = execute_script(db, "创建版本表", k_schema_version_table); !ok) return ok;
  auto current = bound(db, "SELECT coalesce(max(version), 0) FROM schema_version");
  if (!current) return std::unexpected(current.error());
  if (current->step() != SQLITE_ROW) return std::unexpected(db_error(db, "读取结构版本"));
  std::int64_t version = current->int64(0);
  if (version > k_schema_version)
    return std::unexpected(
        fmt::format("结构版本是 {}，本程序只支持到版本 {}：它由更新版本的 zwgk 创建，请升级 zwgk 后再使用", version,
                    k_schema_version));
  for (const auto& migration : k_migrations) {
    if (migration.version <= version) continue;
    if (auto ok = execute_script(db, fmt::format("升级数据库结构到版本 {} ", migration.version), migration.sql);
        !ok)
      return ok;
    if (auto ok = execute(db, "记录结构版本",
                          "INSERT INTO schema_version (version, applied_at) "
                          "VALUES (?1, CAST(strftime('%s', 'now') AS INTEGER))",
                          std::int64_t{migration.version});
        !ok)
      return ok;
  }
  return transaction.commit();
}

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};

// The store holds password hashes: a new database file is readable by its
// owner only (SQLite gives the -wal and -shm files the same permissions).
void create_private_file(const std::string& path) {
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) return;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);  // an empty file is an empty database; if it exists, it stays as it is
}

} // namespace

std::expected<std::unique_ptr<Store>, std::string> open_sqlite_store(const std::string& path) {
  create_private_file(path);
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  std::unique_ptr<sqlite3, CloseDb> db(raw);  // sqlite3_open_v2 returns a handle even when it fails
  if (rc != SQLITE_OK)
    return std::unexpected(fmt::format("无法打开数据库“{}”：{}", path, raw ? sqlite3_errmsg(raw) : "内存不足"));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, k_busy_timeout_ms);
  // Defensive mode: no writable_schema or other ways to corrupt the file through SQL.
  sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  auto with_path = [&](std::string message) { return fmt::format("数据库“{}”：{}", path, message); };
  // The first read of the file: a file that is not a database fails here.
  auto mode = query_text(raw, "设置日志模式", "PRAGMA journal_mode = WAL");
  if (!mode) return std::unexpected(with_path(mode.error()));
  auto foreign_keys = query_text(raw, "启用外键约束", "PRAGMA foreign_keys = ON");
  if (!foreign_keys) return std::unexpected(with_path(foreign_keys.error()));
  auto enabled = query_text(raw, "检查外键约束", "PRAGMA foreign_keys");
  if (!enabled || *enabled != "1") return std::unexpected(with_path("无法启用外键约束"));
  if (auto ok = migrate(raw); !ok) return std::unexpected(with_path(ok.error()));
  return std::make_unique<SqliteStore>(db.release());
}

} // namespace zwgk::store
