// The SQLite helpers shared by the SQLite stores, and opening the file.
#include "store/sqlite_db.h"

#include "store/sqlite_store_schema.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

namespace zwgk::store::sqlite {
namespace {

constexpr int k_busy_timeout_ms = 5000;

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

// The store holds password hashes: a new database file is readable by its
// owner only (SQLite gives the -wal and -shm files the same permissions).
void create_private_file(const std::string& path) {
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) return;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);  // an empty file is an empty database; if it exists, it stays as it is
}

} // namespace

std::string db_error(sqlite3* db, std::string_view what) {
  return fmt::format("数据库{}失败：{}", what, sqlite3_errmsg(db));
}

Status execute_script(sqlite3* db, std::string_view what, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return std::unexpected(db_error(db, what));
  return {};
}

std::expected<Database, std::string> open_database(const std::string& path) {
  create_private_file(path);
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Database db(raw);  // sqlite3_open_v2 returns a handle even when it fails
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
  return db;
}

} // namespace zwgk::store::sqlite
