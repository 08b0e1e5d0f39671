// The follow-up ledger (followup_store.h) over store/sql.h: one implementation for the
// SQLite file and for PostgreSQL. An event, its file and (append_checked) its audit entry
// are stored in one write transaction, which excludes every other writer of the
// database (in this process, in others, and in other server instances).
#include "store/memory_followup_store.h"  // prepare_followup_event: the rules both implementations apply
#include "store/sql_stores.h"

#include <memory>
#include <utility>

namespace zwgk::store {
namespace {

using sql::run;

FollowupEvent read_event(const sql::Rows& rows, std::size_t r) {
  FollowupEvent e;
  e.id = rows.int64(r, 0);
  e.item = rows.text(r, 1);
  // The schema's CHECK constraints admit only known codes and well-formed times.
  e.kind = parse_followup_kind(rows.text(r, 2)).value_or(FollowupKind::Reply);
  e.text = rows.text(r, 3);
  e.link = rows.text(r, 4);
  e.file_name = rows.text(r, 5);
  e.file_sha256 = rows.text(r, 6);
  e.when = parse_date_time(rows.text(r, 7)).value_or(DateTime{});
  e.user = rows.text(r, 8);
  e.recorded_at = rows.int64(r, 9);
  return e;
}

class SqlFollowupStore final : public FollowupStore {
public:
  explicit SqlFollowupStore(std::shared_ptr<sql::Pool> pool) : m_pool(std::move(pool)) {}

  std::expected<std::int64_t, std::string> add_followup_event(const FollowupEvent& event,
                                                              const std::optional<FollowupFile>& file) override {
    auto prepared = prepare_followup_event(event, file);
    if (!prepared) return std::unexpected(prepared.error());
    auto c = m_pool->write();
    sql::WriteTransaction t(*c);
    if (auto ok = t.begin(); !ok) return std::unexpected(ok.error());
    auto id = insert(*c, prepared->first, prepared->second);
    if (!id) return id;
    if (auto ok = t.commit(); !ok) return std::unexpected(ok.error());
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
    auto c = m_pool->write();
    sql::WriteTransaction t(*c);  // excludes every other writer between the check and the commit
    if (auto ok = t.begin(); !ok) return fail(AppendFailure::Store, ok.error());
    auto events = read_events(*c);
    if (!events) return fail(AppendFailure::Store, events.error());
    if (auto ok = check(*events); !ok) return fail(AppendFailure::Refused, ok.error());
    auto id = insert(*c, prepared->first, prepared->second);
    if (!id) return fail(AppendFailure::Store, id.error());
    if (auto ok = insert_audit(*c, audit); !ok) return fail(AppendFailure::Store, ok.error());
    if (auto ok = t.commit(); !ok) return fail(AppendFailure::Store, ok.error());
    return *id;
  }

  std::vector<FollowupEvent> followup_events() override {
    auto c = m_pool->read();
    return read_events(*c).value_or(std::vector<FollowupEvent>{});
  }

  std::optional<FollowupFile> followup_file(std::int64_t event_id) override {
    auto c = m_pool->read();
    auto rows = run(*c, "读取整改附件", "SELECT name, sha256, bytes FROM followup_files WHERE event = ?1", event_id);
    if (!rows || rows->empty()) return std::nullopt;
    return FollowupFile{rows->text(0, 0), rows->text(0, 1), rows->text(0, 2)};
  }

  std::int64_t followup_version() override {
    auto c = m_pool->read();
    auto rows = run(*c, "读取整改记录", "SELECT coalesce(max(id), 0) FROM followup_events");
    if (!rows || rows->empty()) return -1;
    return rows->int64(0, 0);
  }

private:
  // Every event, oldest first; a read that fails half-way is an error, not a shorter ledger.
  static std::expected<std::vector<FollowupEvent>, std::string> read_events(sql::Connection& c) {
    auto rows = run(c, "读取整改记录",
                    "SELECT id, item, kind, text, link, file_name, file_sha256, happened, user_name, recorded_at "
                    "FROM followup_events ORDER BY id");
    if (!rows) return std::unexpected(rows.error());
    std::vector<FollowupEvent> out;
    for (std::size_t r = 0; r < rows->size(); ++r) out.push_back(read_event(*rows, r));
    return out;
  }

  // Inserts a prepared event and its file (inside the caller's transaction); its id.
  static std::expected<std::int64_t, std::string> insert(sql::Connection& c, const FollowupEvent& e,
                                                         const std::optional<FollowupFile>& kept) {
    const std::string happened = e.when.to_string();
    auto inserted = run(c, "保存整改记录",
                        "INSERT INTO followup_events (item, kind, text, link, file_name, file_sha256, happened, "
                        "user_name, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
                        std::string_view(e.item), followup_kind_code(e.kind), std::string_view(e.text),
                        std::string_view(e.link), std::string_view(e.file_name), std::string_view(e.file_sha256),
                        std::string_view(happened), std::string_view(e.user), e.recorded_at);
    if (!inserted) return std::unexpected(inserted.error());
    const std::int64_t id = inserted->int64(0, 0);
    if (kept) {
      auto saved = run(c, "保存整改附件", "INSERT INTO followup_files (event, name, sha256, bytes) VALUES (?1, ?2, ?3, ?4)",
                       id, std::string_view(kept->name), std::string_view(kept->sha256), sql::Bytes{kept->bytes});
      if (!saved) return std::unexpected(saved.error());
    }
    return id;
  }

  std::shared_ptr<sql::Pool> m_pool;
};

} // namespace

std::unique_ptr<FollowupStore> make_followup_store(std::shared_ptr<sql::Pool> pool) {
  return std::make_unique<SqlFollowupStore>(std::move(pool));
}

} // namespace zwgk::store
