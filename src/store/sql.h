// Issue 18 (first part): one narrow way to talk SQL to either database the stores
// support, so that a store is written once for the embedded SQLite file and for
// PostgreSQL (several server instances on one database). Not yet used by the stores:
// they still speak SQLite directly (sqlite_db.h) until each is moved onto this.
//
// SQL is written once for both: parameters as ?1 … ?N (the PostgreSQL connection
// rewrites them to $1 … $N outside quoted text), and only what SQLite 3.40 and
// PostgreSQL 15 both run (ON CONFLICT … DO UPDATE, RETURNING, CHECK, …). Values go in
// only as parameters. Errors come back as "数据库{what}失败：{the database's words}",
// a trigger's RAISE message included, so a refusal reads the same on both.
//
// A Connection serves one thread at a time. begin_write() starts a transaction that
// excludes every other writer of the database, in any process or server instance
// (SQLite: BEGIN IMMEDIATE; PostgreSQL: BEGIN and one transaction-level advisory lock
// that every zwgk writer takes), so a check-then-write is never interleaved.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace zwgk::store::sql {

using Status = std::expected<void, std::string>;

struct Bytes {
  std::string_view bytes;
};
using Value = std::variant<std::int64_t, std::string_view, Bytes>;

// A statement's rows, every cell as text (bytes for a blob; empty and null() for NULL).
class Rows {
public:
  Rows() = default;
  explicit Rows(std::size_t columns) : m_columns(columns) {}
  std::size_t size() const { return m_columns == 0 ? 0 : m_cells.size() / m_columns; }
  bool empty() const { return size() == 0; }
  std::size_t columns() const { return m_columns; }
  bool null(std::size_t row, std::size_t column) const { return !m_cells.at(row * m_columns + column); }
  std::string text(std::size_t row, std::size_t column) const { return m_cells.at(row * m_columns + column).value_or(""); }
  std::int64_t int64(std::size_t row, std::size_t column) const;
  void add(std::optional<std::string> cell) { m_cells.push_back(std::move(cell)); }

private:
  std::size_t m_columns = 0;
  std::vector<std::optional<std::string>> m_cells;
};

enum class Dialect { Sqlite, Postgres };

class Connection {
public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Runs one statement with ?1 … bound to `params`; its rows (none for most writes).
  virtual std::expected<Rows, std::string> run(std::string_view what, std::string_view sql,
                                               std::span<const Value> params) = 0;
  // Rows inserted, updated or deleted by the last statement run.
  virtual std::int64_t changes() const = 0;
  virtual Status begin_write() = 0;
  virtual Status commit() = 0;
  virtual void rollback() = 0;
};

template <typename... Args>
std::expected<Rows, std::string> run(Connection& c, std::string_view what, std::string_view sql, const Args&... args) {
  const Value values[] = {Value(args)..., Value(std::int64_t{0})};  // the last one keeps the array non-empty
  return c.run(what, sql, std::span<const Value>(values, sizeof...(Args)));
}

// begin_write() until commit(); rolled back when destroyed otherwise.
class WriteTransaction {
public:
  explicit WriteTransaction(Connection& c) : m_connection(c) {}
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  ~WriteTransaction() {
    if (m_open) m_connection.rollback();
  }
  Status begin() {
    auto status = m_connection.begin_write();
    m_open = status.has_value();
    return status;
  }
  Status commit() {
    auto status = m_connection.commit();
    if (status) m_open = false;
    return status;
  }

private:
  Connection& m_connection;
  bool m_open = false;
};

// ?1 … ?N as $1 … $N, outside '…' and "…" (PostgreSQL's placeholders).
std::string postgres_placeholders(std::string_view sql);

// A private SQLite connection to `path` (":memory:" for one in memory).
std::expected<std::unique_ptr<Connection>, std::string> open_sqlite(const std::string& path);
// A connection to the PostgreSQL database at `url` ("postgresql://user@host:port/db"),
// its client encoding UTF8. The Chinese message names the server, never a password.
std::expected<std::unique_ptr<Connection>, std::string> open_postgres(const std::string& url);

} // namespace zwgk::store::sql
