// Internal to store/: the one way to open the SQLite database file (private
// file mode, WAL, foreign keys, defensive mode, migrations), the few statement
// helpers that opening and migrating use, and the writer-and-readers
// connections that the stores, written over store/sql.h, share through
// sql::sqlite_pool().
#pragma once

#include "store/store.h"

#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <expected>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zwgk::store::sqlite {

std::string db_error(sqlite3* db, std::string_view what);

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
Status execute_script(sqlite3* db, std::string_view what, const char* sql);

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

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Handle = std::unique_ptr<sqlite3, CloseDb>;
struct FinalizeStatement {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using PreparedStatement = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

// Opens (creating if needed, readable by its owner only) and migrates the
// database at path; the Chinese message names the path.
std::expected<Handle, std::string> open_handle(const std::string& path);

// A store's connections to its database: one writer and, for a database
// file, up to k_max_readers readers, opened as needed.
//
// The writer serves one thread at a time (SQLite has one writer per
// database anyway; BEGIN IMMEDIATE makes another process's writer wait for
// it). Readers work beside it: in WAL mode a reader sees the last committed
// state and neither waits for a write in progress nor holds one up, so
// checking a session or listing the audit log never delays a save, and a
// save never waits for readers. A reader is lent to one thread at a time;
// when all are lent, the next read waits for one. ":memory:" (or a "file:"
// URI) is private to its connection, so there reads use the writer.
class Connections {
public:
  static constexpr std::size_t k_max_readers = 4;

  // Opens and migrates the database (the writer).
  static std::expected<std::unique_ptr<Connections>, std::string> open(const std::string& path);
  explicit Connections(Handle writer, std::string readers_path);
  Connections(const Connections&) = delete;
  Connections& operator=(const Connections&) = delete;

  // A connection lent until the lease ends. Statements made with it must
  // end before it does.
  class Lease {
  public:
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();
    sqlite3* db() const { return m_db; }

  private:
    friend class Connections;
    Lease(Connections& owner, std::unique_lock<std::mutex> writer_lock, Handle reader, bool counted);
    Connections* m_owner;
    std::unique_lock<std::mutex> m_writer_lock;  // held when this is the writer
    Handle m_reader;                           // set when this is a reader
    bool m_counted;                            // a write lease: counted when it ends
    sqlite3* m_db;
  };

  Lease write();
  Lease read();

  // A number that changes whenever the database may have changed: after every write lease
  // this process ended, and when another process committed (PRAGMA data_version, asked of
  // a connection of its own). Read before reading what it guards, so that a cache made
  // from those reads is never taken for newer than it is. nullopt: it cannot be asked.
  std::optional<std::int64_t> change_counter();

private:
  Handle take_reader();  // null when readers are off or cannot be opened
  void give_back(Handle reader);

  Handle m_writer;
  std::mutex m_writer_mutex;
  std::atomic<std::int64_t> m_writes{0};  // write leases ended
  std::mutex m_watch_mutex;               // guards the watch connection
  Handle m_watch;                         // asks data_version (file databases only)
  PreparedStatement m_data_version;       // on m_watch (declared after it: finalized first), made once
  bool m_watch_failed = false;
  std::string m_readers_path;  // empty: no readers
  std::mutex m_readers_mutex;
  std::condition_variable m_reader_returned;
  std::vector<Handle> m_idle_readers;
  std::size_t m_open_readers = 0;
};

} // namespace zwgk::store::sqlite
