// The workspace's database: one object per data directory that owns the one
// set of connections to its database — the SQLite file DIR/zwgk.db (a writer
// and a few readers, sqlite_db.h) or a PostgreSQL database shared by several
// server instances (sql.h) — and hands out the stores kept in it — accounts and the audit
// log (Store), the mail ledger (MailStore), the follow-up ledger
// (FollowupStore) and the website crawler's pages and proposals (CrawlStore).
// It is opened once, with its migrations, by whoever owns the data directory
// (the server at start, a CLI command for its run); everything else borrows
// the stores. The stores share the connections, so
// a write that must be atomic with its audit entry (an event, a mail batch,
// a file version) is one transaction in one file.
//
// MemoryDatabase is the in-memory fake with the same interface, for tests
// of the layers above: its ledgers write their audit entries to its Store.
#pragma once

#include "store/crawl_store.h"
#include "store/followup_store.h"
#include "store/memory_crawl_store.h"
#include "store/mail_store.h"
#include "store/memory_followup_store.h"
#include "store/memory_mail_store.h"
#include "store/memory_store.h"
#include "store/store.h"

#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace zwgk::store {

// Where a workspace's data files live (issue 18). DataDirectory: the directory's files
// are the truth and the store keeps their history (SQLite, one server). Database: the
// store's latest versions are the truth and each instance's data directory is a working
// copy made from them (PostgreSQL, several instances; app/file_sync.cpp).
enum class FileHome { DataDirectory, Database };

class Database {
public:
  virtual ~Database() = default;
  virtual FileHome file_home() const { return FileHome::DataDirectory; }
  // Valid as long as the Database is; safe to use from many threads.
  virtual Store& store() = 0;
  virtual MailStore& mail() = 0;
  virtual FollowupStore& followup() = 0;
  virtual CrawlStore& crawl() = 0;  // issue 17: the website crawler's pages, runs and proposals
};

enum class Create { IfMissing, No };

// THE place a data directory's database is opened: DIR/zwgk.db
// (k_store_file) when `location` is empty, else the PostgreSQL database it
// names ("postgresql://user@host:port/db", its schema migrated; `create`
// does not apply: the database and its role are made by the administrator,
// README), anything else refused with a Chinese message. For SQLite: with
// Create::No a missing file is not an error but nullptr (a data directory
// where nothing has been recorded yet) and nothing is created; with
// Create::IfMissing a new file is made, readable by its owner only. Refuses, with a Chinese message naming the file, a file that
// is not a SQLite database or whose schema is newer than this program's.
std::expected<std::unique_ptr<Database>, std::string> open_database(const std::filesystem::path& data_dir,
                                                                    Create create, std::string_view location = {});

// Whether `location` names a PostgreSQL database (postgresql:// or postgres://).
bool is_postgres_url(std::string_view location);

// The PostgreSQL database at `url`, its schema brought up to date.
std::expected<std::unique_ptr<Database>, std::string> open_postgres_database(const std::string& url);

// The SQLite database at `path` (":memory:" for a private one): what
// open_database() opens, for tests that need a file elsewhere.
std::expected<std::unique_ptr<Database>, std::string> open_sqlite_database(const std::string& path);

// A handle on a database that someone else owns and keeps open (a test's
// MemoryDatabase handed to code that opens its own): destroying it closes
// nothing.
std::unique_ptr<Database> borrow(Database& db);

// One store of `db` as a pointer that keeps the whole database open, for a
// caller that holds one store only: share(std::move(db), &Database::store).
template <typename Part>
std::shared_ptr<Part> share(std::unique_ptr<Database> db, Part& (Database::*part)()) {
  std::shared_ptr<Database> owner = std::move(db);
  Part& borrowed = ((*owner).*part)();
  return std::shared_ptr<Part>(std::move(owner), &borrowed);
}

class MemoryDatabase final : public Database {
public:
  explicit MemoryDatabase(FileHome home = FileHome::DataDirectory) : m_home(home) {}
  FileHome file_home() const override { return m_home; }
  Store& store() override { return m_store; }
  MailStore& mail() override { return m_mail; }
  FollowupStore& followup() override { return m_followup; }
  CrawlStore& crawl() override { return m_crawl; }

private:
  FileHome m_home;
  MemoryStore m_store;
  MemoryMailStore m_mail{m_store};
  MemoryFollowupStore m_followup{m_store};
  MemoryCrawlStore m_crawl{m_store};
};

} // namespace zwgk::store
