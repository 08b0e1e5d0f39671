// The SQL layer's shared parts and its SQLite connection (sql.h).
#include "store/sql.h"
#include "store/sqlite_db.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <charconv>

namespace zwgk::store::sql {

std::int64_t Rows::int64(std::size_t row, std::size_t column) const {
  const auto& cell = m_cells.at(row * m_columns + column);
  std::int64_t value = 0;
  if (cell) std::from_chars(cell->data(), cell->data() + cell->size(), value);
  return value;
}

std::string postgres_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '?') {
      out += '$';
      continue;
    }
    out += c;
  }
  return out;
}

namespace {

class SqliteConnection : public Connection {
public:
  enum class Owned { Yes, No };
  SqliteConnection(sqlite3* db, Owned owned) : m_db(db), m_owned(owned) {}
  ~SqliteConnection() override {
    if (m_owned == Owned::Yes) sqlite3_close_v2(m_db);
  }

  Dialect dialect() const override { return Dialect::Sqlite; }

  std::expected<Rows, std::string> run(std::string_view what, std::string_view sql,
                                       std::span<const Value> params) override {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
      return std::unexpected(error(what));
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> owned(stmt, sqlite3_finalize);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      int rc = SQLITE_OK;
      if (auto n = std::get_if<std::int64_t>(&params[i])) rc = sqlite3_bind_int64(stmt, index, *n);
      else if (auto t = std::get_if<std::string_view>(&params[i]))
        rc = sqlite3_bind_text64(stmt, index, t->data(), t->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      else {
        const auto& b = std::get<Bytes>(params[i]).bytes;
        rc = sqlite3_bind_blob64(stmt, index, b.empty() ? "" : b.data(), b.size(), SQLITE_TRANSIENT);
      }
      if (rc != SQLITE_OK) return std::unexpected(error(what));
    }
    Rows rows(static_cast<std::size_t>(sqlite3_column_count(stmt)));
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
          rows.add(std::nullopt);
          continue;
        }
        const void* data = sqlite3_column_blob(stmt, c);
        rows.add(std::string(static_cast<const char*>(data), static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
      }
    if (rc != SQLITE_DONE) return std::unexpected(error(what));
    m_changes = sqlite3_changes64(m_db);
    return rows;
  }

  std::int64_t changes() const override { return m_changes; }
  Status script(std::string_view what, const std::string& sql) override {
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) return std::unexpected(error(what));
    return {};
  }
  Status begin_write() override { return script("开始事务", "BEGIN IMMEDIATE"); }
  Status commit() override { return script("提交事务", "COMMIT"); }
  void rollback() override { sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr); }

private:
  std::string error(std::string_view what) const { return fmt::format("数据库{}失败：{}", what, sqlite3_errmsg(m_db)); }

  sqlite3* m_db;
  Owned m_owned;
  std::int64_t m_changes = 0;
};

// A connection of a sqlite::Connections set, held for as long as its lease.
class LeasedSqlite final : public SqliteConnection {
public:
  explicit LeasedSqlite(sqlite::Connections::Lease lease)
      : SqliteConnection(lease.db(), Owned::No), m_lease(std::move(lease)) {}

private:
  sqlite::Connections::Lease m_lease;
};

class SqlitePool final : public Pool {
public:
  explicit SqlitePool(std::shared_ptr<sqlite::Connections> connections) : m_connections(std::move(connections)) {}
  Lease write() override { return Lease(std::make_unique<LeasedSqlite>(m_connections->write()), nullptr); }
  Lease read() override { return Lease(std::make_unique<LeasedSqlite>(m_connections->read()), nullptr); }
  Dialect dialect() const override { return Dialect::Sqlite; }
  std::optional<std::int64_t> change_counter() override { return m_connections->change_counter(); }

private:
  std::shared_ptr<sqlite::Connections> m_connections;
};

} // namespace

std::shared_ptr<Pool> sqlite_pool(std::shared_ptr<sqlite::Connections> connections) {
  return std::make_shared<SqlitePool>(std::move(connections));
}

std::expected<std::unique_ptr<Connection>, std::string> open_sqlite(const std::string& path) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = fmt::format("无法打开数据库 {}：{}", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close_v2(db);
    return std::unexpected(message);
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  return std::make_unique<SqliteConnection>(db, SqliteConnection::Owned::Yes);
}

} // namespace zwgk::store::sql
