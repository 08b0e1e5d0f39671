// The SQLite database of a data directory: one set of connections shared
// by the three stores.
#include "store/database.h"

#include "store/sql_stores.h"
#include "store/sqlite_db.h"

#include <system_error>
#include <utility>

namespace zwgk::store {
namespace {

class SqliteDatabase final : public Database {
public:
  explicit SqliteDatabase(std::shared_ptr<sqlite::Connections> connections)
      : m_store(sqlite::make_store(connections)), m_mail(sqlite::make_mail_store(connections)),
        m_followup(make_followup_store(sql::sqlite_pool(connections))),
        m_crawl(make_crawl_store(sql::sqlite_pool(std::move(connections)))) {}

  Store& store() override { return *m_store; }
  MailStore& mail() override { return *m_mail; }
  FollowupStore& followup() override { return *m_followup; }
  CrawlStore& crawl() override { return *m_crawl; }

private:
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

private:
  Database& m_db;
};

} // namespace

std::unique_ptr<Database> borrow(Database& db) { return std::make_unique<BorrowedDatabase>(db); }

std::expected<std::unique_ptr<Database>, std::string> open_sqlite_database(const std::string& path) {
  auto connections = sqlite::Connections::open(path);
  if (!connections) return std::unexpected(connections.error());
  return std::make_unique<SqliteDatabase>(std::move(*connections));
}

std::expected<std::unique_ptr<Database>, std::string> open_database(const std::filesystem::path& data_dir,
                                                                    Create create) {
  const auto path = data_dir / std::string(k_store_file);
  std::error_code ec;
  if (create == Create::No && !std::filesystem::exists(path, ec)) return nullptr;
  return open_sqlite_database(path.string());
}

} // namespace zwgk::store
