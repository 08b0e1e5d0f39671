// MemoryMailStore: the mail ledger kept in memory, for tests of the layers
// above. It behaves as the SQLite one does (tests/unit/mail_store_test.cpp
// runs one suite against both). Nothing is persisted. A batch's audit entry
// goes to the Store given at construction (a MemoryDatabase wires its own),
// with this ledger locked and before the messages, so a failing audit write
// stores nothing.
#pragma once

#include "store/mail_store.h"

#include <mutex>

namespace zwgk::store {

class MemoryMailStore final : public MailStore {
public:
  explicit MemoryMailStore(Store& audit) : m_audit(audit) {}

  std::expected<MailAdded, std::string> add_mail(const std::vector<MailMessage>& batch,
                                                 const BatchAudit& audit) override;
  std::vector<MailMessage> mail_messages() override;
  std::vector<std::string> mail_received() override;
  std::optional<MailMessage> mail_message(std::int64_t id) override;
  std::expected<std::int64_t, std::string> add_mail_decision(const MailDecision& decision) override;
  std::vector<MailDecision> mail_decisions() override;
  std::int64_t mail_version() override;

private:
  Store& m_audit;
  std::mutex m_mutex;
  std::vector<MailMessage> m_messages;  // with raw
  std::vector<MailDecision> m_decisions;
};

} // namespace zwgk::store
