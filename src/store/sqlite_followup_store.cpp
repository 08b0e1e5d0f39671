// The follow-up ledger in SQLite: one connection, every call serialized by a
// mutex, values only as bound parameters (see sqlite_store.cpp). An event and
// its file are stored in one transaction.
#include "store/followup_store.h"
#include "store/memory_followup_store.h"  // prepare_followup_event: the rules both implementations apply
#include "store/sqlite_db.h"

#include <mutex>

namespace zwgk::store {
namespace {

using namespace sqlite;

FollowupEvent read_event(const Statement& row) {
  FollowupEvent e;
  e.id = row.int64(0);
  e.item = row.text(1);
  // The schema's CHECK constraints admit only known codes and well-formed times.
  e.kind = parse_followup_kind(row.text(2)).value_or(FollowupKind::Reply);
  e.text = row.text(3);
  e.link = row.text(4);
  e.file_name = row.text(5);
  e.file_sha256 = row.text(6);
  e.when = parse_date_time(row.text(7)).value_or(DateTime{});
  e.user = row.text(8);
  e.recorded_at = row.int64(9);
  return e;
}

class SqliteFollowupStore final : public FollowupStore {
public:
  explicit SqliteFollowupStore(sqlite3* db) : m_db(db) {}
  ~SqliteFollowupStore() override { sqlite3_close_v2(m_db); }
  SqliteFollowupStore(const SqliteFollowupStore&) = delete;
  SqliteFollowupStore& operator=(const SqliteFollowupStore&) = delete;

  std::expected<std::int64_t, std::string> add_followup_event(const FollowupEvent& event,
                                                              const std::optional<FollowupFile>& file) override {
    auto prepared = prepare_followup_event(event, file);
    if (!prepared) return std::unexpected(prepared.error());
    const auto& [e, kept] = *prepared;
    std::lock_guard lock(m_mutex);
    Transaction transaction(m_db);
    if (auto ok = transaction.begin(); !ok) return std::unexpected(ok.error());
    auto inserted = execute(m_db, "保存整改记录",
                            "INSERT INTO followup_events (item, kind, text, link, file_name, file_sha256, happened, "
                            "user_name, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                            e.item, followup_kind_code(e.kind), e.text, e.link, e.file_name, e.file_sha256,
                            e.when.to_string(), e.user, e.recorded_at);
    if (!inserted) return std::unexpected(inserted.error());
    std::int64_t id = sqlite3_last_insert_rowid(m_db);
    if (kept) {
      auto saved = execute(m_db, "保存整改附件",
                           "INSERT INTO followup_files (event, name, sha256, bytes) VALUES (?1, ?2, ?3, ?4)", id,
                           kept->name, kept->sha256, Blob{kept->bytes});
      if (!saved) return std::unexpected(saved.error());
    }
    if (auto ok = transaction.commit(); !ok) return std::unexpected(ok.error());
    return id;
  }

  std::vector<FollowupEvent> followup_events() override {
    std::lock_guard lock(m_mutex);
    std::vector<FollowupEvent> out;
    auto stmt = bound(m_db, "SELECT id, item, kind, text, link, file_name, file_sha256, happened, user_name, "
                            "recorded_at FROM followup_events ORDER BY id");
    while (stmt && stmt->step() == SQLITE_ROW) out.push_back(read_event(*stmt));
    return out;
  }

  std::optional<FollowupFile> followup_file(std::int64_t event_id) override {
    std::lock_guard lock(m_mutex);
    auto stmt = bound(m_db, "SELECT name, sha256, bytes FROM followup_files WHERE event = ?1", event_id);
    if (!stmt || stmt->step() != SQLITE_ROW) return std::nullopt;
    return FollowupFile{stmt->text(0), stmt->text(1), stmt->text(2)};
  }

  std::int64_t followup_version() override {
    std::lock_guard lock(m_mutex);
    auto stmt = bound(m_db, "SELECT coalesce(max(id), 0) FROM followup_events");
    if (!stmt || stmt->step() != SQLITE_ROW) return -1;
    return stmt->int64(0);
  }

private:
  std::mutex m_mutex;
  sqlite3* m_db;
};

} // namespace

std::expected<std::unique_ptr<FollowupStore>, std::string> open_sqlite_followup_store(const std::string& path) {
  auto db = open_database(path);
  if (!db) return std::unexpected(db.error());
  return std::make_unique<SqliteFollowupStore>(db->release());
}

} // namespace zwgk::store
