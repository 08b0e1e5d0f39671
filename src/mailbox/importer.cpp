#include "mailbox/importer.h"

#include "mail/message.h"
#include "util/digest.h"
#include "util/text.h"

#include <fmt/format.h>

namespace zwgk::mailbox {
namespace {

store::MailMessage record_of(const mail::ParsedMessage& parsed, RawMessage& raw) {
  store::MailMessage m;
  m.sha256 = sha256_hex(raw.bytes);
  m.key = parsed.message_id.empty() ? "sha256:" + m.sha256 : "<" + parsed.message_id + ">";
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
  m.notes = join(parsed.needs_review, "\n");
  m.text = parsed.text;
  if (!parsed.attachment_text.empty()) m.text += std::string(m.text.empty() ? "" : "\n\n") + "【附件正文】\n" + parsed.attachment_text;
  m.origin = raw.origin;
  m.raw = std::move(raw.bytes);
  return m;
}

} // namespace

Importer::Importer(store::MailStore& store, std::string user, std::int64_t now, std::size_t batch_size)
    : m_store(store), m_user(std::move(user)), m_now(now), m_batch_size(batch_size == 0 ? 1 : batch_size) {}

std::expected<void, std::string> Importer::add(RawMessage message) {
  ++m_tally.read;
  auto parsed = mail::parse_message(message.bytes);
  if (!parsed) {
    m_tally.problems.push_back(fmt::format("{}：{}，未导入", message.origin, parsed.error()));
    return {};
  }
  auto record = record_of(*parsed, message);
  record.imported_by = m_user;
  record.imported_at = m_now;
  m_queue.push_back(std::move(record));
  if (m_queue.size() >= m_batch_size) return flush();
  return {};
}

std::expected<void, std::string> Importer::flush() {
  if (m_queue.empty()) return {};
  auto added = m_store.add_mail(m_queue);
  if (!added) return std::unexpected(added.error());
  m_tally.added += added->added;
  m_tally.existing += added->existing;
  m_queue.clear();
  return {};
}

} // namespace zwgk::mailbox
