// The SQL layer's PostgreSQL connection (sql.h), through libpq: parameters sent apart
// from the statement (text, or binary for bytes), every result read as text, bytea
// cells unescaped, errors as the server's primary message.
#include "store/sql.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <charconv>
#include <memory>

namespace zwgk::store::sql {
namespace {

// Every zwgk writer takes this transaction-level advisory lock (sql.h: begin_write).
constexpr std::int64_t k_writer_lock = 0x7a77676b;  // "zwgk"
constexpr unsigned k_bytea_oid = 17;

struct ClearResult {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ClearResult>;

// The server named without its password: host:port/database.
std::string server_of(PGconn* c) {
  return fmt::format("{}:{}/{}", PQhost(c) ? PQhost(c) : "", PQport(c) ? PQport(c) : "", PQdb(c) ? PQdb(c) : "");
}

class PostgresConnection final : public Connection {
public:
  explicit PostgresConnection(PGconn* c) : m_conn(c) {}
  ~PostgresConnection() override { PQfinish(m_conn); }

  Dialect dialect() const override { return Dialect::Postgres; }

  std::expected<Rows, std::string> run(std::string_view what, std::string_view sql,
                                       std::span<const Value> params) override {
    reconnect_if_lost();
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size());
    std::vector<int> lengths(params.size()), formats(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (auto n = std::get_if<std::int64_t>(&params[i])) texts[i] = std::to_string(*n);
      else if (auto t = std::get_if<std::string_view>(&params[i])) texts[i] = std::string(*t);
      else {
        texts[i] = std::string(std::get<Bytes>(params[i]).bytes);
        formats[i] = 1;
      }
      values[i] = texts[i].c_str();
      lengths[i] = static_cast<int>(texts[i].size());
    }
    const std::string statement = postgres_placeholders(sql);
    Result result(PQexecParams(m_conn, statement.c_str(), static_cast<int>(params.size()), nullptr, values.data(),
                               lengths.data(), formats.data(), 0));
    const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return std::unexpected(error(what, result.get()));
    const char* changed = PQcmdTuples(result.get());
    m_changes = 0;
    if (changed && *changed) std::from_chars(changed, changed + std::char_traits<char>::length(changed), m_changes);
    return rows_of(result.get());
  }

  std::int64_t changes() const override { return m_changes; }

  Status script(std::string_view what, const std::string& sql) override {
    reconnect_if_lost();
    Result result(PQexec(m_conn, sql.c_str()));
    const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return std::unexpected(error(what, result.get()));
    return {};
  }

  Status begin_write() override {
    if (auto begun = run("开始事务", "BEGIN", {}); !begun) return std::unexpected(begun.error());
    m_in_transaction = true;
    if (auto locked = sql::run(*this, "开始事务", "SELECT pg_advisory_xact_lock(?1)", k_writer_lock); !locked) {
      rollback();
      return std::unexpected(locked.error());
    }
    return {};
  }
  Status commit() override {
    auto done = run("提交事务", "COMMIT", {});
    if (!done) return std::unexpected(done.error());
    m_in_transaction = false;
    return {};
  }
  void rollback() override {
    Result(PQexec(m_conn, "ROLLBACK"));
    m_in_transaction = false;
  }

private:
  // A connection the server dropped (restarted, failed over) is opened again before the
  // next statement; the statement that found it lost has failed with why.
  // Never inside a transaction: its later statements would run outside it.
  void reconnect_if_lost() {
    if (!m_in_transaction && PQstatus(m_conn) == CONNECTION_BAD) PQreset(m_conn);
  }

  std::string error(std::string_view what, const PGresult* r) const {
    const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    std::string words = primary ? primary : PQerrorMessage(m_conn);
    while (!words.empty() && (words.back() == '\n' || words.back() == ' ')) words.pop_back();
    return fmt::format("数据库{}失败：{}", what, words);
  }

  static Rows rows_of(const PGresult* r) {
    const int columns = PQnfields(r);
    Rows rows(static_cast<std::size_t>(columns));
    for (int row = 0; row < PQntuples(r); ++row)
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(r, row, c)) {
          rows.add(std::nullopt);
          continue;
        }
        const char* value = PQgetvalue(r, row, c);
        if (PQftype(r, c) != k_bytea_oid) {
          rows.add(std::string(value, static_cast<std::size_t>(PQgetlength(r, row, c))));
          continue;
        }
        std::size_t size = 0;
        unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(value), &size);
        rows.add(bytes ? std::string(reinterpret_cast<const char*>(bytes), size) : std::string());
        PQfreemem(bytes);
      }
    return rows;
  }

  PGconn* m_conn;
  std::int64_t m_changes = 0;
  bool m_in_transaction = false;
};

} // namespace

std::expected<std::unique_ptr<Connection>, std::string> open_postgres(const std::string& url) {
  PGconn* c = PQconnectdb(url.c_str());
  if (!c || PQstatus(c) != CONNECTION_OK) {
    std::string words = c ? PQerrorMessage(c) : "内存不足";
    while (!words.empty() && (words.back() == '\n' || words.back() == ' ')) words.pop_back();
    std::string message = fmt::format("无法连接 PostgreSQL 数据库 {}：{}", c ? server_of(c) : std::string(), words);
    PQfinish(c);
    return std::unexpected(message);
  }
  PQsetClientEncoding(c, "UTF8");
  // The server's notices ("relation … already exists, skipping") are not the user's business.
  PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
  return std::make_unique<PostgresConnection>(c);
}

} // namespace zwgk::store::sql
