// Accounts, sessions, login throttling, the audit log and the data files' versions
// (store.h) over store/sql.h: one implementation for the SQLite file and for
// PostgreSQL. Every check-then-write (a name already taken, a session's user, the
// latest version of a file) runs inside one write transaction, which excludes every
// other writer of the database in any process or server instance (sql.h), so the check
// holds at the commit; constraint errors of either database are never parsed.
#include "store/sql_stores.h"

#include <fmt/format.h>

#include <memory>
#include <utility>

namespace zwgk::store {
namespace {

using sql::run;

constexpr std::string_view k_user_columns =
    "id, name, role, unit, password_hash, created_at, disabled, must_change_password";

User read_user(const sql::Rows& rows, std::size_t r) {
  User user;
  user.id = rows.int64(r, 0);
  user.name = rows.text(r, 1);
  user.role = parse_role(rows.text(r, 2)).value_or(Role::Viewer);  // the schema's CHECK allows only the three codes
  user.unit = rows.text(r, 3);
  user.password_hash = rows.text(r, 4);
  user.created_at = rows.int64(r, 5);
  user.disabled = rows.int64(r, 6) != 0;
  user.must_change_password = rows.int64(r, 7) != 0;
  return user;
}

std::int64_t flag(bool value) { return value ? 1 : 0; }

template <typename T>
std::expected<T, std::string> fail(const std::string& why) {
  return std::unexpected(why);
}

class SqlStore final : public Store {
public:
  explicit SqlStore(std::shared_ptr<sql::Pool> pool) : m_pool(std::move(pool)) {}

  std::expected<std::int64_t, std::string> add_user(const User& user) override {
    if (auto ok = check_user(user); !ok) return fail<std::int64_t>(ok.error());
    auto c = m_pool->write();
    sql::WriteTransaction t(*c);
    if (auto ok = t.begin(); !ok) return fail<std::int64_t>(ok.error());
    auto id = insert_user(*c, user);
    if (!id) return id;
    if (auto ok = t.commit(); !ok) return fail<std::int64_t>(ok.error());
    return id;
  }

  Status add_users(const std::vector<User>& users, const AuditEntry& entry) override {
    for (const auto& user : users)
      if (auto ok = check_user(user); !ok) return ok;
    auto c = m_pool->write();
    sql::WriteTransaction t(*c);
    if (auto ok = t.begin(); !ok) return ok;
    for (const auto& user : users)
      if (auto id = insert_user(*c, user); !id) return std::unexpected(id.error());
    if (auto ok = insert_audit(*c, entry); !ok) return ok;
    return t.commit();
  }

  Status update_user(const User& user, std::string_view keep_session) override {
    if (auto ok = check_user(user); !ok) return ok;
    auto c = m_pool->write();
    sql::WriteTransaction t(*c);
    if (auto ok = t.begin(); !ok) return ok;
    auto before = one_user(*c, "WHERE id = ?1", user.id);
    if (!before) return std::unexpected(fmt::format("用户（编号 {}）不存在", user.id));
    if (auto ok = run(*c, "修改用户",
                      "UPDATE users SET role = ?1, unit = ?2, password_hash = ?3, disabled = ?4, "
                      "must_change_password = ?5 WHERE id = ?6",
                      role_code(user.role), std::string_view(user.unit), std::string_view(user.password_hash),
                      flag(user.disabled), flag(user.must_change_password), user.id);
        !ok)
      return std::unexpected(ok.error());
    if (ends_sessions(*before, user)) {
      if (auto ok = run(*c, "结束会话", "DELETE FROM sessions WHERE user_id = ?1 AND token_hash <> ?2", user.id,
                        keep_session);
          !ok)
        return std::unexpected(ok.error());
      if (auto ok = run(*c, "删除登录设备", "DELETE FROM login_devices WHERE user_id = ?1", user.id); !ok)
        return std::unexpected(ok.error());
    }
    return t.commit();
  }

  std::optional<User> find_user(std::string_view name) override {
    auto c = m_pool->read();
    return one_user(*c, "WHERE name = ?1", name);
  }

  std::optional<User> user_by_id(std::int64_t id) override {
    auto c = m_pool->read();
    return one_user(*c, "WHERE id = ?1", id);
  }

  std::vector<User> users() override {
    auto c = m_pool->read();
    // Names sort byte for byte on both databases (PostgreSQL's collation would not).
    auto rows = c->run("读取用户", fmt::format("SELECT {} FROM users ORDER BY {}", k_user_columns, byte_order(*c, "name")), {});
    std::vector<User> out;
    if (rows)
      for (std::size_t r = 0; r < rows->size(); ++r) out.push_back(read_user(*rows, r));
    return out;
  }

  Status put_session(const Session& s) override {
    return put_for_user(s.user_id, "会话", "保存会话",
                        [&](sql::Connection& c) {
                          return run(c, "保存会话",
                                     "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (token_hash) DO UPDATE SET "
                                     "user_id = excluded.user_id, csrf_token = excluded.csrf_token, "
                                     "created_at = excluded.created_at, expires_at = excluded.expires_at",
                                     std::string_view(s.token_hash), s.user_id, std::string_view(s.csrf_token),
                                     s.created_at, s.expires_at);
                        });
  }

  std::optional<Session> find_session(std::string_view token_hash, std::int64_t now) override {
    auto c = m_pool->read();
    auto rows = run(*c, "读取会话",
                    "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions "
                    "WHERE token_hash = ?1 AND expires_at > ?2",
                    token_hash, now);
    if (!rows || rows->empty()) return std::nullopt;
    return Session{rows->text(0, 0), rows->int64(0, 1), rows->text(0, 2), rows->int64(0, 3), rows->int64(0, 4)};
  }

  Status delete_session(std::string_view token_hash) override {
    auto c = m_pool->write();
    return done(run(*c, "删除会话", "DELETE FROM sessions WHERE token_hash = ?1", token_hash));
  }

  Status delete_expired_sessions(std::int64_t now) override {
    auto c = m_pool->write();
    if (auto ok = run(*c, "删除过期会话", "DELETE FROM sessions WHERE expires_at <= ?1", now); !ok)
      return std::unexpected(ok.error());
    return done(run(*c, "删除过期的登录设备", "DELETE FROM login_devices WHERE expires_at <= ?1", now));
  }

  Status put_login_device(const LoginDevice& d) override {
    return put_for_user(d.user_id, "登录设备", "保存登录设备", [&](sql::Connection& c) {
      return run(c, "保存登录设备",
                 "INSERT INTO login_devices (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4) "
                 "ON CONFLICT (token_hash) DO UPDATE SET user_id = excluded.user_id, "
                 "created_at = excluded.created_at, expires_at = excluded.expires_at",
                 std::string_view(d.token_hash), d.user_id, d.created_at, d.expires_at);
    });
  }

  std::optional<LoginDevice> find_login_device(std::string_view token_hash, std::int64_t now) override {
    auto c = m_pool->read();
    auto rows = run(*c, "读取登录设备",
                    "SELECT token_hash, user_id, created_at, expires_at FROM login_devices "
                    "WHERE token_hash = ?1 AND expires_at > ?2",
                    token_hash, now);
    if (!rows || rows->empty()) return std::nullopt;
    return LoginDevice{rows->text(0, 0), rows->int64(0, 1), rows->int64(0, 2), rows->int64(0, 3)};
  }

  std::expected<LoginAdmission, std::string> admit_login_attempt(const std::vector<std::string>& keys,
                                                                 std::int64_t since, std::int64_t at,
                                                                 const LoginRule& rule) override {
    auto c = m_pool->write();
    sql::WriteTransaction t(*c);  // no other writer, in any process, counts in between
    if (auto ok = t.begin(); !ok) return fail<LoginAdmission>(ok.error());
    if (auto ok = run(*c, "清除登录失败记录", "DELETE FROM login_failures WHERE at < ?1", since); !ok)
      return fail<LoginAdmission>(ok.error());
    std::vector<std::vector<std::int64_t>> times;
    for (const auto& key : keys) {
      auto some = failure_times(*c, key, since);
      if (!some) return fail<LoginAdmission>(some.error());
      times.push_back(std::move(*some));
    }
    LoginAdmission admission;
    if (auto wait = rule(times)) {
      admission.retry_after = *wait;
    } else {
      auto next = run(*c, "记录登录尝试", "SELECT coalesce(max(attempt), 0) + 1 FROM login_failures");
      if (!next) return fail<LoginAdmission>(next.error());
      admission.attempt = next->int64(0, 0);
      for (const auto& key : keys)
        if (auto ok = run(*c, "记录登录尝试", "INSERT INTO login_failures (attempt, key, at) VALUES (?1, ?2, ?3)",
                          admission.attempt, std::string_view(key), at);
            !ok)
          return fail<LoginAdmission>(ok.error());
    }
    if (auto ok = t.commit(); !ok) return fail<LoginAdmission>(ok.error());
    return admission;
  }

  Status forget_login_attempt(std::int64_t attempt) override {
    auto c = m_pool->write();
    return done(run(*c, "撤销登录失败记录", "DELETE FROM login_failures WHERE attempt = ?1", attempt));
  }

  std::vector<std::int64_t> login_failure_times(std::string_view key, std::int64_t since) override {
    auto c = m_pool->read();
    return failure_times(*c, key, since).value_or(std::vector<std::int64_t>{});
  }

  Status clear_login_failures(std::string_view key) override {
    auto c = m_pool->write();
    return done(run(*c, "清除登录失败记录", "DELETE FROM login_failures WHERE key = ?1", key));
  }

  std::expected<std::int64_t, std::string> append_audit(const AuditEntry& e) override {
    auto c = m_pool->write();
    auto rows = run(*c, "写审计日志",
                    "INSERT INTO audit (at, user_name, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                    e.at, std::string_view(e.user), std::string_view(e.action), std::string_view(e.target),
                    std::string_view(e.detail));
    if (!rows) return fail<std::int64_t>(rows.error());
    return rows->int64(0, 0);
  }

  std::vector<AuditEntry> audit(std::int64_t before_id, std::size_t limit) override {
    auto c = m_pool->read();
    auto rows = run(*c, "读取审计日志",
                    "SELECT id, at, user_name, action, target, detail FROM audit "
                    "WHERE ?1 <= 0 OR id < ?1 ORDER BY id DESC LIMIT ?2",
                    before_id, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
    std::vector<AuditEntry> out;
    if (rows)
      for (std::size_t r = 0; r < rows->size(); ++r)
        out.push_back({rows->int64(r, 0), rows->int64(r, 1), rows->text(r, 2), rows->text(r, 3), rows->text(r, 4),
                       rows->text(r, 5)});
    return out;
  }

  std::expected<bool, std::string> save_file_version(const FileVersion& v, const AuditEntry& entry) override {
    if (v.path.empty()) return fail<bool>("文件路径不能为空");
    auto c = m_pool->write();
    sql::WriteTransaction t(*c);
    if (auto ok = t.begin(); !ok) return fail<bool>(ok.error());
    auto latest = run(*c, "读取文件历史", "SELECT sha256 FROM file_versions WHERE path = ?1 ORDER BY id DESC LIMIT 1",
                      std::string_view(v.path));
    if (!latest) return fail<bool>(latest.error());
    if (!latest->empty() && latest->text(0, 0) == v.sha256) return false;  // rolled back: nothing written
    if (auto ok = run(*c, "保存文件版本",
                      "INSERT INTO file_versions (path, sha256, size, saved_by, saved_at, content) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                      std::string_view(v.path), std::string_view(v.sha256), static_cast<std::int64_t>(v.content.size()),
                      std::string_view(v.saved_by), v.saved_at, sql::Bytes{v.content});
        !ok)
      return fail<bool>(ok.error());
    if (auto ok = insert_audit(*c, entry); !ok) return fail<bool>(ok.error());
    if (auto ok = t.commit(); !ok) return fail<bool>(ok.error());
    return true;
  }

  std::vector<FileVersion> file_history(std::string_view path_prefix) override {
    auto c = m_pool->read();
    // substr and length both count characters of the bound text: a prefix test that
    // no character of the prefix (%, _) can turn into a pattern.
    auto rows = run(*c, "读取文件历史",
                    "SELECT id, path, sha256, size, saved_by, saved_at FROM file_versions "
                    "WHERE substr(path, 1, length(?1)) = ?1 ORDER BY id DESC",
                    path_prefix);
    return versions(rows);
  }

  std::optional<FileVersion> file_version(std::int64_t id) override {
    auto c = m_pool->read();
    auto rows = run(*c, "读取文件版本",
                    "SELECT id, path, sha256, size, saved_by, saved_at, content FROM file_versions WHERE id = ?1", id);
    if (!rows || rows->empty()) return std::nullopt;
    return FileVersion{rows->int64(0, 0), rows->text(0, 1), rows->text(0, 2), rows->int64(0, 3),
                       rows->text(0, 4),  rows->int64(0, 5), rows->text(0, 6)};
  }

  std::vector<FileVersion> current_files() override {
    auto c = m_pool->read();
    auto rows = c->run("读取文件历史",
                       fmt::format("SELECT id, path, sha256, size, saved_by, saved_at FROM file_versions WHERE id IN "
                                   "(SELECT max(id) FROM file_versions GROUP BY path) ORDER BY {}",
                                   byte_order(*c, "path")),
                       {});
    return versions(rows);
  }

  std::optional<std::int64_t> change_counter() override { return m_pool->change_counter(); }

  std::int64_t files_version() override {
    auto c = m_pool->read();
    auto rows = run(*c, "读取文件历史", "SELECT coalesce(max(id), 0) FROM file_versions");
    if (!rows || rows->empty()) return -1;
    return rows->int64(0, 0);
  }

  std::expected<ChangeHold, std::string> hold_changes() override {
    if (m_pool->dialect() != sql::Dialect::Postgres) return ChangeHold{};
    auto c = std::make_shared<sql::Lease>(m_pool->write());
    if (auto held = run(**c, "等待其他修改完成", "SELECT pg_advisory_lock(?1)", k_changes_lock); !held)
      return std::unexpected(held.error());
    return ChangeHold([c] { (void)run(**c, "结束修改", "SELECT pg_advisory_unlock(?1)", k_changes_lock); });
  }

private:
  // The change hold's session-level advisory lock (apart from the writers' lock, sql.h).
  static constexpr std::int64_t k_changes_lock = 0x7a77676b + 1;

  static std::vector<FileVersion> versions(const std::expected<sql::Rows, std::string>& rows) {
    std::vector<FileVersion> out;
    if (rows)
      for (std::size_t r = 0; r < rows->size(); ++r)
        out.push_back({rows->int64(r, 0), rows->text(r, 1), rows->text(r, 2), rows->int64(r, 3), rows->text(r, 4),
                       rows->int64(r, 5), {}});
    return out;
  }

  static Status done(const std::expected<sql::Rows, std::string>& ran) {
    if (!ran) return std::unexpected(ran.error());
    return {};
  }

  // `column` in the order of its bytes on both databases (PostgreSQL's collation would not be).
  static std::string byte_order(const sql::Connection& c, std::string_view column) {
    return c.dialect() == sql::Dialect::Postgres ? fmt::format("{} COLLATE \"C\"", column) : std::string(column);
  }

  // Inside the caller's write transaction: the name is free when checked and when committed.
  static std::expected<std::int64_t, std::string> insert_user(sql::Connection& c, const User& user) {
    if (one_user(c, "WHERE name = ?1", std::string_view(user.name)))
      return fail<std::int64_t>(fmt::format("用户名“{}”已存在", user.name));
    auto rows = run(c, "添加用户",
                    "INSERT INTO users (name, role, unit, password_hash, created_at, disabled, must_change_password) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                    std::string_view(user.name), role_code(user.role), std::string_view(user.unit),
                    std::string_view(user.password_hash), user.created_at, flag(user.disabled),
                    flag(user.must_change_password));
    if (!rows) return fail<std::int64_t>(rows.error());
    return rows->int64(0, 0);
  }

  template <typename Key>
  static std::optional<User> one_user(sql::Connection& c, std::string_view where, const Key& key) {
    auto rows = run(c, "读取用户", fmt::format("SELECT {} FROM users {}", k_user_columns, where), key);
    if (!rows || rows->empty()) return std::nullopt;
    return read_user(*rows, 0);
  }

  // Writes a row that belongs to user_id (what: 会话, 登录设备) once the user is known to exist.
  template <typename Write>
  Status put_for_user(std::int64_t user_id, std::string_view what, std::string_view doing, const Write& write) {
    auto c = m_pool->write();
    sql::WriteTransaction t(*c);
    if (auto ok = t.begin(); !ok) return ok;
    auto user = run(*c, doing, "SELECT 1 FROM users WHERE id = ?1", user_id);
    if (!user) return std::unexpected(user.error());
    if (user->empty()) return std::unexpected(fmt::format("{}的用户（编号 {}）不存在", what, user_id));
    if (auto ok = write(*c); !ok) return std::unexpected(ok.error());
    return t.commit();
  }

  static std::expected<std::vector<std::int64_t>, std::string> failure_times(sql::Connection& c, std::string_view key,
                                                                             std::int64_t since) {
    auto rows = run(c, "读取登录失败记录", "SELECT at FROM login_failures WHERE key = ?1 AND at >= ?2 ORDER BY at DESC",
                    key, since);
    if (!rows) return fail<std::vector<std::int64_t>>(rows.error());
    std::vector<std::int64_t> out;
    for (std::size_t r = 0; r < rows->size(); ++r) out.push_back(rows->int64(r, 0));
    return out;
  }

  std::shared_ptr<sql::Pool> m_pool;
};

} // namespace

std::unique_ptr<Store> make_store(std::shared_ptr<sql::Pool> pool) { return std::make_unique<SqlStore>(std::move(pool)); }

} // namespace zwgk::store
