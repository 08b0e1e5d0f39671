// The mail ledger (mail_store.h) over store/sql.h: one implementation for the SQLite
// file and for PostgreSQL. A batch, its messages and its audit entry are one write
// transaction, which excludes every other writer (sql.h), so two imports of the same
// mailbox at once, in two processes or server instances, store each message once.
#include "store/mail_store.h"
#include "store/sql_stores.h"

#include <fmt/format.h>

#include <memory>
#include <utility>

namespace zwgk::store {
namespace {

using sql::run;

constexpr std::string_view k_message_columns =
    "id, key, sha256, message_id, from_address, subject, received, received_from, characters, pictures, "
    "fingerprint, attachments, notes, text, origin, imported_by, imported_at";

MailMessage read_message(const sql::Rows& rows, std::size_t r) {
  MailMessage m;
  m.id = rows.int64(r, 0);
  m.key = rows.text(r, 1);
  m.sha256 = rows.text(r, 2);
  m.message_id = rows.text(r, 3);
  m.from_address = rows.text(r, 4);
  m.subject = rows.text(r, 5);
  m.received = rows.text(r, 6);
  m.received_from = rows.text(r, 7);
  m.characters = rows.int64(r, 8);
  m.pictures = rows.int64(r, 9);
  m.fingerprint = rows.text(r, 10);
  m.attachments = rows.text(r, 11);
  m.notes = rows.text(r, 12);
  m.text = rows.text(r, 13);
  m.origin = rows.text(r, 14);
  m.imported_by = rows.text(r, 15);
  m.imported_at = rows.int64(r, 16);
  return m;
}

std::string select_messages(std::string_view where, std::string_view extra = {}) {
  return fmt::format("SELECT {}{} FROM mail_messages {}", k_message_columns, extra, where);
}

class SqlMailStore final : public MailStore {
public:
  explicit SqlMailStore(std::shared_ptr<sql::Pool> pool) : m_pool(std::move(pool)) {}

  std::expected<MailAdded, std::string> add_mail(const std::vector<MailMessage>& batch,
                                                 const BatchAudit& audit) override {
    for (const auto& m : batch)
      if (m.key.empty()) return std::unexpected("邮件缺少标识，无法保存");
    auto c = m_pool->write();
    sql::WriteTransaction t(*c);
    if (auto ok = t.begin(); !ok) return std::unexpected(ok.error());
    MailAdded out;
    for (const auto& m : batch) {
      // Looked up first: a refused INSERT would still use up an id.
      auto present = run(*c, "读取邮件", "SELECT 1 FROM mail_messages WHERE key = ?1", std::string_view(m.key));
      if (!present) return std::unexpected(present.error());
      if (!present->empty()) {
        ++out.existing;
        continue;
      }
      if (auto ok = insert(*c, m); !ok) return std::unexpected(ok.error());
      ++out.added;
    }
    if (auto entry = audit ? audit(out) : std::nullopt)
      if (auto ok = insert_audit(*c, *entry); !ok) return std::unexpected(ok.error());
    if (auto ok = t.commit(); !ok) return std::unexpected(ok.error());
    return out;
  }

  std::vector<MailMessage> mail_messages() override {
    auto c = m_pool->read();
    auto rows = c->run("读取邮件", select_messages("ORDER BY id"), {});
    std::vector<MailMessage> out;
    if (rows)
      for (std::size_t r = 0; r < rows->size(); ++r) out.push_back(read_message(*rows, r));
    return out;
  }

  std::vector<std::string> mail_received() override {
    auto c = m_pool->read();
    auto rows = c->run("读取邮件", "SELECT received FROM mail_messages ORDER BY id", {});
    std::vector<std::string> out;
    if (rows)
      for (std::size_t r = 0; r < rows->size(); ++r) out.push_back(rows->text(r, 0));
    return out;
  }

  std::optional<MailMessage> mail_message(std::int64_t id) override {
    auto c = m_pool->read();
    auto rows = run(*c, "读取邮件", select_messages("WHERE id = ?1", ", raw"), id);
    if (!rows || rows->empty()) return std::nullopt;
    MailMessage m = read_message(*rows, 0);
    m.raw = rows->text(0, 17);
    return m;
  }

  std::expected<std::int64_t, std::string> add_mail_decision(const MailDecision& d) override {
    if (auto ok = check_mail_decision(d); !ok) return std::unexpected(ok.error());
    auto c = m_pool->write();
    sql::WriteTransaction t(*c);
    if (auto ok = t.begin(); !ok) return std::unexpected(ok.error());
    auto exists = run(*c, "读取邮件", "SELECT 1 FROM mail_messages WHERE id = ?1", d.message);
    if (!exists) return std::unexpected(exists.error());
    if (exists->empty()) return std::unexpected(fmt::format("没有编号为 {} 的邮件", d.message));
    auto rows = run(*c, "保存审核记录",
                    "INSERT INTO mail_decisions (message, field, value, reason, user_name, at) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                    d.message, std::string_view(d.field), std::string_view(d.value), std::string_view(d.reason),
                    std::string_view(d.user), d.at);
    if (!rows) return std::unexpected(rows.error());
    if (auto ok = t.commit(); !ok) return std::unexpected(ok.error());
    return rows->int64(0, 0);
  }

  std::vector<MailDecision> mail_decisions() override {
    auto c = m_pool->read();
    auto rows = run(*c, "读取审核记录",
                    "SELECT id, message, field, value, reason, user_name, at FROM mail_decisions ORDER BY id");
    std::vector<MailDecision> out;
    if (rows)
      for (std::size_t r = 0; r < rows->size(); ++r)
        out.push_back({rows->int64(r, 0), rows->int64(r, 1), rows->text(r, 2), rows->text(r, 3), rows->text(r, 4),
                       rows->text(r, 5), rows->int64(r, 6)});
    return out;
  }

  std::int64_t mail_version() override {
    auto c = m_pool->read();
    auto rows = run(*c, "读取邮件", "SELECT (SELECT coalesce(max(id), 0) FROM mail_messages) + "
                                    "(SELECT coalesce(max(id), 0) FROM mail_decisions)");
    if (!rows || rows->empty()) return -1;
    return rows->int64(0, 0);
  }

private:
  static Status insert(sql::Connection& c, const MailMessage& m) {
    auto ok = run(c, "保存邮件",
                  "INSERT INTO mail_messages (key, sha256, message_id, from_address, subject, received, "
                  "received_from, characters, pictures, fingerprint, attachments, notes, text, origin, "
                  "imported_by, imported_at, raw) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                  std::string_view(m.key), std::string_view(m.sha256), std::string_view(m.message_id),
                  std::string_view(m.from_address), std::string_view(m.subject), std::string_view(m.received),
                  std::string_view(m.received_from), m.characters, m.pictures, std::string_view(m.fingerprint),
                  std::string_view(m.attachments), std::string_view(m.notes), std::string_view(m.text),
                  std::string_view(m.origin), std::string_view(m.imported_by), m.imported_at, sql::Bytes{m.raw});
    if (!ok) return std::unexpected(ok.error());
    return {};
  }

  std::shared_ptr<sql::Pool> m_pool;
};

} // namespace

Status check_mail_decision(const MailDecision& d) {
  if (d.field.empty()) return std::unexpected("审核记录缺少要修改的项目");
  if (d.reason.find_first_not_of(" \t\r\n") == std::string::npos) return std::unexpected("请填写理由");
  return {};
}

std::unique_ptr<MailStore> make_mail_store(std::shared_ptr<sql::Pool> pool) {
  return std::make_unique<SqlMailStore>(std::move(pool));
}

} // namespace zwgk::store
