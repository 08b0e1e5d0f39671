// Issue 18: one narrow way to talk SQL to either database the stores support, so that
// every store is written once for the embedded SQLite file and for PostgreSQL (several
// server instances on one database): sql_stores.h. Only opening a SQLite file (its
// pragmas and migrations) speaks SQLite directly (sqlite_db.h).
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
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace zwgk::store::sqlite {
class Connections;
}

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
  // A fixed script of several statements without parameters (a schema's migration).
  virtual Status script(std::string_view what, const std::string& sql) = 0;
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

// A connection lent for one unit of work, given back to its pool when the lease ends.
class Lease {
public:
  using GiveBack = std::function<void(std::unique_ptr<Connection>)>;
  Lease(std::unique_ptr<Connection> connection, GiveBack give_back)
      : m_connection(std::move(connection)), m_give_back(std::move(give_back)) {}
  Lease(Lease&&) = default;
  Lease& operator=(Lease&&) = delete;
  ~Lease() {
    if (m_connection && m_give_back) m_give_back(std::move(m_connection));
  }
  Connection& operator*() const { return *m_connection; }
  Connection* operator->() const { return m_connection.get(); }

private:
  std::unique_ptr<Connection> m_connection;
  GiveBack m_give_back;
};

// The connections of one database, shared by its stores; safe from many threads.
// write() lends the connection writes go through (SQLite: its one writer; PostgreSQL:
// any), read() one for reading beside it.
class Pool {
public:
  virtual ~Pool() = default;
  virtual Lease write() = 0;
  virtual Lease read() = 0;
  virtual Dialect dialect() const = 0;
  // sqlite::Connections::change_counter() for SQLite; nullopt where the database cannot
  // tell cheaply (PostgreSQL: other instances write without this process knowing).
  virtual std::optional<std::int64_t> change_counter() { return std::nullopt; }
};

// ?1 … ?N as $1 … $N, outside '…' and "…" (PostgreSQL's placeholders).
std::string postgres_placeholders(std::string_view sql);

// The pool over a SQLite database's connections (sqlite_db.h: one writer, readers beside it).
std::shared_ptr<Pool> sqlite_pool(std::shared_ptr<sqlite::Connections> connections);
// A pool of up to `size` connections to the PostgreSQL database at `url`, whose schema is
// brought up to date first (pg_schema.h; refused when it is newer than this program's).
std::expected<std::shared_ptr<Pool>, std::string> open_postgres_pool(const std::string& url, std::size_t size = 8);

// A private SQLite connection to `path` (":memory:" for one in memory).
std::expected<std::unique_ptr<Connection>, std::string> open_sqlite(const std::string& path);
// A connection to the PostgreSQL database at `url` ("postgresql://user@host:port/db"),
// its client encoding UTF8. The Chinese message names the server, never a password.
std::expected<std::unique_ptr<Connection>, std::string> open_postgres(const std::string& url);

} // namespace zwgk::store::sql
