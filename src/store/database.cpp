// A workspace's database, the SQLite file of its data directory or a PostgreSQL
// database: one pool of connections shared by its stores.
#include "store/database.h"

#include "store/sql_stores.h"
#include "store/sqlite_db.h"

#include <fmt/format.h>

#include <system_error>
#include <utility>

namespace zwgk::store {
namespace {

// The stores of one database, SQLite or PostgreSQL, over one pool of its connections.
class SqlDatabase final : public Database {
public:
  explicit SqlDatabase(const std::shared_ptr<sql::Pool>& pool)
      : m_home(pool->dialect() == sql::Dialect::Postgres ? FileHome::Database : FileHome::DataDirectory),
        m_store(make_store(pool)), m_mail(make_mail_store(pool)), m_followup(make_followup_store(pool)),
        m_crawl(make_crawl_store(pool)) {}

  Store& store() override { return *m_store; }
  MailStore& mail() override { return *m_mail; }
  FollowupStore& followup() override { return *m_followup; }
  CrawlStore& crawl() override { return *m_crawl; }
  FileHome file_home() const override { return m_home; }

private:
  FileHome m_home;
  std::unique_ptr<Store> m_store;
  std::unique_ptr<MailStore> m_mail;
  std::unique_ptr<FollowupStore> m_followup;
  std::unique_ptr<CrawlStore> m_crawl;
};

class BorrowedDatabase final : public Database {
public:
  explicit BorrowedDatabase(Database& db) : m_db(db) {}
  Store& store() override { return m_db.store(); }
  MailStore& mail() override { return m_db.mail(); }
  FollowupStore& followup() override { return m_db.followup(); }
  CrawlStore& crawl() override { return m_db.crawl(); }
  FileHome file_home() const override { return m_db.file_home(); }

private:
  Database& m_db;
};

} // namespace

std::unique_ptr<Database> borrow(Database& db) { return std::make_unique<BorrowedDatabase>(db); }

std::expected<std::unique_ptr<Database>, std::string> open_sqlite_database(const std::string& path) {
  auto connections = sqlite::Connections::open(path);
  if (!connections) return std::unexpected(connections.error());
  return std::make_unique<SqlDatabase>(sql::sqlite_pool(std::move(*connections)));
}

bool is_postgres_url(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::expected<std::unique_ptr<Database>, std::string> open_postgres_database(const std::string& url) {
  auto pool = sql::open_postgres_pool(url);
  if (!pool) return std::unexpected(pool.error());
  return std::make_unique<SqlDatabase>(*pool);
}

std::expected<std::unique_ptr<Database>, std::string> open_database(const std::filesystem::path& data_dir,
                                                                    Create create, std::string_view location) {
  if (!location.empty()) {
    if (!is_postgres_url(location))
      return std::unexpected(fmt::format("--store “{}”无法识别：应写成 postgresql://用户@主机:端口/数据库", location));
    return open_postgres_database(std::string(location));
  }
  const auto path = data_dir / std::string(k_store_file);
  std::error_code ec;
  if (create == Create::No && !std::filesystem::exists(path, ec)) return nullptr;
  return open_sqlite_database(path.string());
}

} // namespace zwgk::store
