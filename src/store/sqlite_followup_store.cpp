// The follow-up ledger in SQLite, on the database's shared connections
// (writes through the writer, reads beside it), values only as bound
// parameters (see sqlite_store.cpp). An event, its file and (append_checked)
// its audit entry are stored in one transaction.
#include "store/followup_store.h"
#include "store/memory_followup_store.h"  // prepare_followup_event: the rules both implementations apply
#include "store/sqlite_db.h"

#include <memory>
#include <utility>

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
  explicit SqliteFollowupStore(std::shared_ptr<Connections> connections) : m_connections(std::move(connections)) {}

  std::expected<std::int64_t, std::string> add_followup_event(const FollowupEvent& event,
                                                              const std::optional<FollowupFile>& file) override {
    auto prepared = prepare_followup_event(event, file);
    if (!prepared) return std::unexpected(prepared.error());
    auto lease = m_connections->write();
    Transaction transaction(lease.db());
    if (auto ok = transaction.begin(); !ok) return std::unexpected(ok.error());
    auto id = insert(lease.db(), prepared->first, prepared->second);
    if (!id) return id;
    if (auto ok = transaction.commit(); !ok) return std::unexpected(ok.error());
    return id;
  }

  std::expected<std::int64_t, AppendError> append_checked(const EventCheck& check, const FollowupEvent& event,
                                                          const std::optional<FollowupFile>& file,
                                                          const AuditEntry& audit) override {
    auto fail = [](AppendFailure cause, std::string message) {
      return std::unexpected(AppendError{cause, std::move(message)});
    };
    auto prepared = prepare_followup_event(event, file);
    if (!prepared) return fail(AppendFailure::Invalid, prepared.error());
    auto lease = m_connections->write();
    sqlite3* db = lease.db();
    Transaction transaction(db);  // BEGIN IMMEDIATE: no other writer between the check and the commit
    if (auto ok = transaction.begin(); !ok) return fail(AppendFailure::Store, ok.error());
    auto events = read_events(db);
    if (!events) return fail(AppendFailure::Store, events.error());
    if (auto ok = check(*events); !ok) return fail(AppendFailure::Refused, ok.error());
    auto id = insert(db, prepared->first, prepared->second);
    if (!id) return fail(AppendFailure::Store, id.error());
    if (auto ok = insert_audit(db, audit); !ok) return fail(AppendFailure::Store, ok.error());
    if (auto ok = transaction.commit(); !ok) return fail(AppendFailure::Store, ok.error());
    return *id;
  }

  std::vector<FollowupEvent> followup_events() override {
    auto lease = m_connections->read();
    return read_events(lease.db()).value_or(std::vector<FollowupEvent>{});
  }

  std::optional<FollowupFile> followup_file(std::int64_t event_id) override {
    auto lease = m_connections->read();
    auto stmt = bound(lease.db(), "SELECT name, sha256, bytes FROM followup_files WHERE event = ?1", event_id);
    if (!stmt || stmt->step() != SQLITE_ROW) return std::nullopt;
    return FollowupFile{stmt->text(0), stmt->text(1), stmt->text(2)};
  }

  std::int64_t followup_version() override {
    auto lease = m_connections->read();
    auto stmt = bound(lease.db(), "SELECT coalesce(max(id), 0) FROM followup_events");
    if (!stmt || stmt->step() != SQLITE_ROW) return -1;
    return stmt->int64(0);
  }

private:
  // Every event, oldest first; a read that fails half-way is an error, not a shorter ledger.
  static std::expected<std::vector<FollowupEvent>, std::string> read_events(sqlite3* db) {
    auto stmt = bound(db, "SELECT id, item, kind, text, link, file_name, file_sha256, happened, user_name, "
                          "recorded_at FROM followup_events ORDER BY id");
    if (!stmt) return std::unexpected(stmt.error());
    std::vector<FollowupEvent> out;
    int rc = SQLITE_ROW;
    while ((rc = stmt->step()) == SQLITE_ROW) out.push_back(read_event(*stmt));
    if (rc != SQLITE_DONE) return std::unexpected(db_error(db, "读取整改记录"));
    return out;
  }

  // Inserts a prepared event and its file (inside the caller's transaction); its id.
  static std::expected<std::int64_t, std::string> insert(sqlite3* db, const FollowupEvent& e,
                                                         const std::optional<FollowupFile>& kept) {
    auto inserted = execute(db, "保存整改记录",
                            "INSERT INTO followup_events (item, kind, text, link, file_name, file_sha256, happened, "
                            "user_name, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                            e.item, followup_kind_code(e.kind), e.text, e.link, e.file_name, e.file_sha256,
                            e.when.to_string(), e.user, e.recorded_at);
    if (!inserted) return std::unexpected(inserted.error());
    std::int64_t id = sqlite3_last_insert_rowid(db);
    if (kept) {
      auto saved = execute(db, "保存整改附件",
                           "INSERT INTO followup_files (event, name, sha256, bytes) VALUES (?1, ?2, ?3, ?4)", id,
                           kept->name, kept->sha256, Blob{kept->bytes});
      if (!saved) return std::unexpected(saved.error());
    }
    return id;
  }

  std::shared_ptr<Connections> m_connections;
};

} // namespace

std::unique_ptr<FollowupStore> sqlite::make_followup_store(std::shared_ptr<Connections> connections) {
  return std::make_unique<SqliteFollowupStore>(std::move(connections));
}

} // namespace zwgk::store
