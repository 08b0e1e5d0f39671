#include "store/memory_mail_store.h"

#include <algorithm>
#include <set>
#include <string_view>

namespace zwgk::store {

std::expected<MailAdded, std::string> MemoryMailStore::add_mail(const std::vector<MailMessage>& batch,
                                                                const BatchAudit& audit) {
  for (const auto& m : batch)
    if (m.key.empty()) return std::unexpected("邮件缺少标识，无法保存");
  std::lock_guard lock(m_mutex);
  std::vector<const MailMessage*> fresh;
  std::set<std::string_view> keys;
  for (const auto& m : m_messages) keys.insert(m.key);
  for (const auto& m : batch)
    if (keys.insert(m.key).second) fresh.push_back(&m);
  const MailAdded out{fresh.size(), batch.size() - fresh.size()};
  // The audit entry first: adding the messages cannot fail after it.
  if (auto entry = audit ? audit(out) : std::nullopt)
    if (auto ok = m_audit.append_audit(*entry); !ok) return std::unexpected(ok.error());
  for (const auto* m : fresh) {
    m_messages.push_back(*m);
    m_messages.back().id = static_cast<std::int64_t>(m_messages.size());
  }
  return out;
}

std::vector<MailMessage> MemoryMailStore::mail_messages() {
  std::lock_guard lock(m_mutex);
  std::vector<MailMessage> out = m_messages;
  for (auto& m : out) m.raw.clear();
  return out;
}

std::vector<std::string> MemoryMailStore::mail_received() {
  std::lock_guard lock(m_mutex);
  std::vector<std::string> out;
  for (const auto& m : m_messages) out.push_back(m.received);
  return out;
}

std::optional<MailMessage> MemoryMailStore::mail_message(std::int64_t id) {
  std::lock_guard lock(m_mutex);
  if (id < 1 || id > static_cast<std::int64_t>(m_messages.size())) return std::nullopt;
  return m_messages[static_cast<std::size_t>(id - 1)];
}

std::expected<std::int64_t, std::string> MemoryMailStore::add_mail_decision(const MailDecision& decision) {
  if (auto ok = check_mail_decision(decision); !ok) return std::unexpected(ok.error());
  std::lock_guard lock(m_mutex);
  if (decision.message < 1 || decision.message > static_cast<std::int64_t>(m_messages.size()))
    return std::unexpected("没有编号为 " + std::to_string(decision.message) + " 的邮件");
  m_decisions.push_back(decision);
  m_decisions.back().id = static_cast<std::int64_t>(m_decisions.size());
  return m_decisions.back().id;
}

std::vector<MailDecision> MemoryMailStore::mail_decisions() {
  std::lock_guard lock(m_mutex);
  return m_decisions;
}

std::int64_t MemoryMailStore::mail_version() {
  std::lock_guard lock(m_mutex);
  return static_cast<std::int64_t>(m_messages.size() + m_decisions.size());
}

} // namespace zwgk::store
