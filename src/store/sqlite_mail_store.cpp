// The mail ledger in SQLite, on the database's shared connections (writes
// through the writer, reads beside it), values only as bound parameters
// (see sqlite_store.cpp).
#include "store/mail_store.h"
#include "store/sqlite_db.h"

#include <memory>
#include <utility>

namespace zwgk::store {
namespace {

using namespace sqlite;

constexpr std::string_view k_message_columns =
    "id, key, sha256, message_id, from_address, subject, received, received_from, characters, pictures, "
    "fingerprint, attachments, notes, text, origin, imported_by, imported_at";

MailMessage read_message(const Statement& row) {
  MailMessage m;
  m.id = row.int64(0);
  m.key = row.text(1);
  m.sha256 = row.text(2);
  m.message_id = row.text(3);
  m.from_address = row.text(4);
  m.subject = row.text(5);
  m.received = row.text(6);
  m.received_from = row.text(7);
  m.characters = row.int64(8);
  m.pictures = row.int64(9);
  m.fingerprint = row.text(10);
  m.attachments = row.text(11);
  m.notes = row.text(12);
  m.text = row.text(13);
  m.origin = row.text(14);
  m.imported_by = row.text(15);
  m.imported_at = row.int64(16);
  return m;
}

class SqliteMailStore final : public MailStore {
public:
  explicit SqliteMailStore(std::shared_ptr<Connections> connections) : m_connections(std::move(connections)) {}

  std::expected<MailAdded, std::string> add_mail(const std::vector<MailMessage>& batch,
                                                 const BatchAudit& audit) override {
    for (const auto& m : batch)
      if (m.key.empty()) return std::unexpected("邮件缺少标识，无法保存");
    auto lease = m_connections->write();
    sqlite3* db = lease.db();
    Transaction transaction(db);
    if (auto ok = transaction.begin(); !ok) return std::unexpected(ok.error());
    MailAdded out;
    for (const auto& m : batch) {
      // Looked up first: a refused INSERT would still use up an AUTOINCREMENT id.
      auto present = bound(db, "SELECT 1 FROM mail_messages WHERE key = ?1", m.key);
      if (!present) return std::unexpected(present.error());
      int found = present->step();
      if (found == SQLITE_ROW) {
        ++out.existing;
        continue;
      }
      if (found != SQLITE_DONE) return std::unexpected(db_error(db, "读取邮件"));
      auto stmt = bound(db,
                        "INSERT INTO mail_messages (key, sha256, message_id, from_address, subject, received, "
                        "received_from, characters, pictures, fingerprint, attachments, notes, text, origin, "
                        "imported_by, imported_at, raw) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) "
                        "ON CONFLICT (key) DO NOTHING",
                        m.key, m.sha256, m.message_id, m.from_address, m.subject, m.received, m.received_from,
                        m.characters, m.pictures, m.fingerprint, m.attachments, m.notes, m.text, m.origin,
                        m.imported_by, m.imported_at, Blob{m.raw});
      if (!stmt) return std::unexpected(stmt.error());
      if (stmt->step() != SQLITE_DONE) return std::unexpected(db_error(db, "保存邮件"));
      ++(sqlite3_changes(db) > 0 ? out.added : out.existing);
    }
    if (auto entry = audit ? audit(out) : std::nullopt)
      if (auto ok = insert_audit(db, *entry); !ok) return std::unexpected(ok.error());
    if (auto ok = transaction.commit(); !ok) return std::unexpected(ok.error());
    return out;
  }

  std::vector<MailMessage> mail_messages() override {
    auto lease = m_connections->read();
    std::vector<MailMessage> out;
    auto stmt = bound(lease.db(), fmt_select("ORDER BY id"));
    while (stmt && stmt->step() == SQLITE_ROW) out.push_back(read_message(*stmt));
    return out;
  }

  std::optional<MailMessage> mail_message(std::int64_t id) override {
    auto lease = m_connections->read();
    auto stmt = bound(lease.db(), fmt_select("WHERE id = ?1", ", raw"), id);
    if (!stmt || stmt->step() != SQLITE_ROW) return std::nullopt;
    MailMessage m = read_message(*stmt);
    m.raw = stmt->text(17);
    return m;
  }

  std::expected<std::int64_t, std::string> add_mail_decision(const MailDecision& d) override {
    if (auto ok = check_mail_decision(d); !ok) return std::unexpected(ok.error());
    auto lease = m_connections->write();
    sqlite3* db = lease.db();
    auto exists = bound(db, "SELECT 1 FROM mail_messages WHERE id = ?1", d.message);
    if (!exists || exists->step() != SQLITE_ROW) return std::unexpected(fmt_missing(d.message));
    auto inserted = execute(db, "保存审核记录",
                            "INSERT INTO mail_decisions (message, field, value, reason, user_name, at) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                            d.message, d.field, d.value, d.reason, d.user, d.at);
    if (!inserted) return std::unexpected(inserted.error());
    return sqlite3_last_insert_rowid(db);
  }

  std::vector<MailDecision> mail_decisions() override {
    auto lease = m_connections->read();
    std::vector<MailDecision> out;
    auto stmt = bound(lease.db(), "SELECT id, message, field, value, reason, user_name, at FROM mail_decisions ORDER BY id");
    while (stmt && stmt->step() == SQLITE_ROW)
      out.push_back({stmt->int64(0), stmt->int64(1), stmt->text(2), stmt->text(3), stmt->text(4), stmt->text(5),
                     stmt->int64(6)});
    return out;
  }

  std::int64_t mail_version() override {
    auto lease = m_connections->read();
    auto stmt = bound(lease.db(), "SELECT (SELECT coalesce(max(id), 0) FROM mail_messages) + "
                            "(SELECT coalesce(max(id), 0) FROM mail_decisions)");
    if (!stmt || stmt->step() != SQLITE_ROW) return -1;
    return stmt->int64(0);
  }

private:
  static std::string fmt_select(std::string_view where, std::string_view extra = {}) {
    return std::string("SELECT ").append(k_message_columns).append(extra).append(" FROM mail_messages ").append(where);
  }
  static std::string fmt_missing(std::int64_t id) { return "没有编号为 " + std::to_string(id) + " 的邮件"; }

  std::shared_ptr<Connections> m_connections;
};

} // namespace

Status check_mail_decision(const MailDecision& d) {
  if (d.field.empty()) return std::unexpected("审核记录缺少要修改的项目");
  if (d.reason.find_first_not_of(" \t\r\n") == std::string::npos) return std::unexpected("请填写理由");
  return {};
}

std::unique_ptr<MailStore> sqlite::make_mail_store(std::shared_ptr<Connections> connections) {
  return std::make_unique<SqliteMailStore>(std::move(connections));
}

} // namespace zwgk::store
