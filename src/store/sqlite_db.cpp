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
  auto current = query_text(db, "读取结构版本", "SELECT coalesce(max(version), 0) FROM schema_version");
  if (!current) return std::unexpected(current.error());
  // Read and finalized before migrating: a pending statement would keep DROP TABLE from running.
  const std::int64_t version = std::stoll(*current);
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
  // Migrations run with foreign keys off (a table rebuilt keeps its
  // children's references); none may leave a reference broken.
  if (version < k_schema_version) {
    auto broken = query_text(db, "检查外键约束", "PRAGMA foreign_key_check");
    if (!broken) return std::unexpected(broken.error());
    if (!broken->empty())
      return std::unexpected(fmt::format("升级数据库结构后表“{}”有引用不存在的记录，未升级", *broken));
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

// A connection for reading only (query_only: a mistake cannot write
// through it); nullptr when it cannot be opened (reads then use the writer).
Handle open_reader(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
  Handle db(raw);
  if (rc != SQLITE_OK) return nullptr;
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, k_busy_timeout_ms);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  if (!execute_script(raw, "设置只读连接", "PRAGMA query_only = 1")) return nullptr;
  return db;
}

bool is_private_database(const std::string& path) {
  return path.empty() || path == ":memory:" || path.starts_with("file:");
}

} // namespace

std::string db_error(sqlite3* db, std::string_view what) {
  return fmt::format("数据库{}失败：{}", what, sqlite3_errmsg(db));
}

Status execute_script(sqlite3* db, std::string_view what, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return std::unexpected(db_error(db, what));
  return {};
}

std::expected<Handle, std::string> open_handle(const std::string& path) {
  create_private_file(path);
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Handle db(raw);  // sqlite3_open_v2 returns a handle even when it fails
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
  // Migrations first, foreign keys off (SQLite's way of rebuilding a table
  // that others reference; migrate() checks the references before committing).
  if (auto ok = migrate(raw); !ok) return std::unexpected(with_path(ok.error()));
  auto foreign_keys = query_text(raw, "启用外键约束", "PRAGMA foreign_keys = ON");
  if (!foreign_keys) return std::unexpected(with_path(foreign_keys.error()));
  auto enabled = query_text(raw, "检查外键约束", "PRAGMA foreign_keys");
  if (!enabled || *enabled != "1") return std::unexpected(with_path("无法启用外键约束"));
  return db;
}

} // namespace zwgk::store::sqlite

namespace zwgk::store::sqlite {

std::expected<std::unique_ptr<Connections>, std::string> Connections::open(const std::string& path) {
  auto writer = open_handle(path);
  if (!writer) return std::unexpected(writer.error());
  return std::make_unique<Connections>(std::move(*writer), is_private_database(path) ? std::string() : path);
}

Connections::Connections(Handle writer, std::string readers_path)
    : m_writer(std::move(writer)), m_readers_path(std::move(readers_path)) {}

Connections::Lease::Lease(Connections& owner, std::unique_lock<std::mutex> writer_lock, Handle reader, bool counted)
    : m_owner(&owner), m_writer_lock(std::move(writer_lock)), m_reader(std::move(reader)), m_counted(counted),
      m_db(m_reader ? m_reader.get() : owner.m_writer.get()) {}

Connections::Lease::~Lease() {
  if (m_reader) m_owner->give_back(std::move(m_reader));
  if (m_counted && m_writer_lock.owns_lock()) m_owner->m_writes.fetch_add(1, std::memory_order_release);  // after its commit
}

Connections::Lease Connections::write() { return Lease(*this, std::unique_lock(m_writer_mutex), nullptr, true); }

Connections::Lease Connections::read() {
  if (Handle reader = take_reader()) return Lease(*this, {}, std::move(reader), false);
  return Lease(*this, std::unique_lock(m_writer_mutex), nullptr, false);  // a private database: the writer reads
}

std::optional<std::int64_t> Connections::change_counter() {
  const std::int64_t writes = m_writes.load(std::memory_order_acquire);
  if (m_readers_path.empty()) return writes;  // private to this process: no one else writes
  std::lock_guard lock(m_watch_mutex);
  if (!m_watch && !m_watch_failed) {
    m_watch = open_reader(m_readers_path);
    sqlite3_stmt* stmt = nullptr;
    // Prepared once: every API request asks, and parsing the pragma each time showed in profiles.
    if (m_watch && sqlite3_prepare_v3(m_watch.get(), "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT, &stmt,
                                      nullptr) == SQLITE_OK)
      m_data_version.reset(stmt);
    else
      m_watch.reset();
    m_watch_failed = !m_watch;
  }
  if (!m_watch) return std::nullopt;
  const int rc = sqlite3_step(m_data_version.get());
  const std::int64_t version = rc == SQLITE_ROW ? sqlite3_column_int64(m_data_version.get(), 0) : -1;
  sqlite3_reset(m_data_version.get());
  if (version < 0) return std::nullopt;
  return (version << 32) + (writes & 0xFFFFFFFF);
}

Handle Connections::take_reader() {
  if (m_readers_path.empty()) return nullptr;
  std::unique_lock lock(m_readers_mutex);
  m_reader_returned.wait(lock, [this] { return !m_idle_readers.empty() || m_open_readers < k_max_readers; });
  if (!m_idle_readers.empty()) {
    Handle reader = std::move(m_idle_readers.back());
    m_idle_readers.pop_back();
    return reader;
  }
  ++m_open_readers;  // counted before opening, so that no more than the limit are ever open
  lock.unlock();
  Handle reader = open_reader(m_readers_path);
  if (!reader) {
    lock.lock();
    --m_open_readers;
    m_reader_returned.notify_one();
  }
  return reader;
}

void Connections::give_back(Handle reader) {
  {
    std::lock_guard lock(m_readers_mutex);
    m_idle_readers.push_back(std::move(reader));
  }
  m_reader_returned.notify_one();
}

} // namespace zwgk::store::sqlite
