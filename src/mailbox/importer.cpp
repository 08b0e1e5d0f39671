#include "mailbox/importer.h"

#include "mail/message.h"
#include "util/digest.h"
#include "util/text.h"

#include <fmt/format.h>

namespace zwgk::mailbox {
namespace {

constexpr std::string_view k_content_prefix = "sha256:";

store::MailMessage record_of(const mail::ParsedMessage& parsed, RawMessage& raw) {
  store::MailMessage m;
  m.sha256 = sha256_hex(raw.bytes);
  m.key = parsed.message_id.empty() ? content_key(raw.bytes) : "<" + parsed.message_id + ">";
  m.message_id = parsed.message_id;
  m.from_address = parsed.from_address;
  m.subject = parsed.subject;
  if (parsed.received) {
    m.received = parsed.received->to_string();
    m.received_from = "Received";
  } else if (raw.internaldate) {
    m.received = raw.internaldate->to_string();
    m.received_from = "INTERNALDATE";
  } else if (parsed.date) {
    m.received = parsed.date->to_string();
    m.received_from = "Date";
  }
  m.characters = static_cast<std::int64_t>(parsed.characters);
  m.pictures = static_cast<std::int64_t>(parsed.pictures);
  if (parsed.fingerprint != 0) m.fingerprint = fmt::format("{:016x}", parsed.fingerprint);
  m.attachments = join(parsed.attachments, "\n");
  std::vector<std::string> notes = parsed.needs_review;
  notes.insert(notes.end(), raw.notes.begin(), raw.notes.end());
  m.notes = join(notes, "\n");
  m.text = parsed.text;
  if (!parsed.attachment_text.empty()) m.text += std::string(m.text.empty() ? "" : "\n\n") + "【附件正文】\n" + parsed.attachment_text;
  m.origin = raw.origin;
  m.raw = std::move(raw.bytes);
  return m;
}

} // namespace

std::string import_summary(const ImportTally& tally) {
  std::string out = fmt::format("读取 {} 封邮件：新增 {} 封，以前已导入 {} 封", tally.read, tally.added, tally.existing);
  if (!tally.problems.empty()) out += fmt::format("，无法读取 {} 封", tally.problems.total);
  if (!tally.warnings.empty()) out += fmt::format("，警告 {} 条", tally.warnings.total);
  return out;
}

std::string omitted_note(const ImportNotes& notes) {
  if (notes.omitted() == 0) return {};
  return fmt::format("……另有 {} 条未列出（只列出前 {} 条）", notes.omitted(), k_max_listed_import_notes);
}

std::string progress_summary(const ImportTally& tally) {
  return fmt::format("导入进行中：已读取 {} 封邮件，新增 {} 封，以前已导入 {} 封（已保存）", tally.read, tally.added,
                     tally.existing);
}

std::string content_key(std::string_view bytes) {
  if (bytes.starts_with("From ")) {  // an mbox separator line, as parse_message() skips it
    std::size_t nl = bytes.find('\n');
    bytes.remove_prefix(nl == std::string_view::npos ? bytes.size() : nl + 1);
  }
  while (!bytes.empty() && (bytes.back() == '\n' || bytes.back() == '\r')) bytes.remove_suffix(1);
  std::string content;
  content.reserve(bytes.size());
  for (std::size_t at = 0; at < bytes.size();) {
    std::size_t crlf = bytes.find("\r\n", at);
    if (crlf == std::string_view::npos) crlf = bytes.size();
    content.append(bytes.substr(at, crlf - at));
    if (crlf < bytes.size()) content += '\n';
    at = crlf + 2;
  }
  return std::string(k_content_prefix) + sha256_hex(content);
}

Importer::Importer(store::MailStore& store, std::string user, std::int64_t now, std::size_t batch_size,
                   ImportAudit audit)
    : m_store(store), m_user(std::move(user)), m_now(now), m_batch_size(batch_size == 0 ? 1 : batch_size),
      m_audit(std::move(audit)) {}

bool Importer::known_content(const std::string& key) {
  if (!m_stored_content) {
    // Messages without Message-ID are few; one stored under the digest of
    // its raw bytes (before content keys) is found by its content too.
    m_stored_content.emplace();
    for (const auto& m : m_store.mail_messages()) {
      if (!m.key.starts_with(k_content_prefix)) continue;
      m_stored_content->insert(m.key);
      if (auto full = m_store.mail_message(m.id)) m_stored_content->insert(content_key(full->raw));
    }
  }
  return m_stored_content->contains(key);
}

std::expected<void, std::string> Importer::add(RawMessage message) {
  ++m_tally.read;
  if (!message.unreadable.empty()) {
    m_tally.problems.add(fmt::format("{}：{}，未导入", message.origin, message.unreadable));
    return {};
  }
  auto parsed = mail::parse_message(message.bytes);
  if (!parsed) {
    m_tally.problems.add(fmt::format("{}：{}，未导入", message.origin, parsed.error()));
    return {};
  }
  auto record = record_of(*parsed, message);
  if (record.message_id.empty()) {
    if (known_content(record.key)) {
      ++m_tally.existing;
      return {};
    }
    m_stored_content->insert(record.key);
  }
  record.imported_by = m_user;
  record.imported_at = m_now;
  m_queued_bytes += record.raw.size() + record.text.size();
  m_queue.push_back(std::move(record));
  if (m_queue.size() < m_batch_size && m_queued_bytes < k_batch_bytes) return {};
  return flush();
}

std::expected<void, std::string> Importer::flush() {
  if (m_queue.empty()) return {};
  return store_queue(Entry::Progress);
}

std::expected<void, std::string> Importer::finish() { return store_queue(Entry::Summary); }

std::expected<void, std::string> Importer::store_queue(Entry entry) {
  // The entry is made inside the batch's transaction, from the tally with the batch counted.
  auto audit = [&](const store::MailAdded& stored) -> std::optional<store::AuditEntry> {
    if (m_audit.target.empty() || (entry == Entry::Progress && stored.added == 0)) return std::nullopt;
    ImportTally so_far = m_tally;
    so_far.added += stored.added;
    so_far.existing += stored.existing;
    return store::AuditEntry{0, m_audit.clock ? m_audit.clock() : m_now, m_user, "导入邮件", m_audit.target,
                             entry == Entry::Summary ? import_summary(so_far) : progress_summary(so_far)};
  };
  auto added = m_store.add_mail(m_queue, audit);
  if (!added) return std::unexpected(added.error());
  m_tally.added += added->added;
  m_tally.existing += added->existing;
  m_queue.clear();
  m_queued_bytes = 0;
  return {};
}

} // namespace zwgk::mailbox
