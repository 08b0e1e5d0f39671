// MemoryFollowupStore: the follow-up ledger kept in memory, for tests of the
// layers above. It behaves as the SQLite one does
// (tests/unit/followup_store_test.cpp runs one suite against both). Nothing
// is persisted. append_checked() writes its audit entry to the Store given
// at construction (a MemoryDatabase wires its own), with this ledger locked
// and before the event, so a failing audit write leaves nothing.
#pragma once

#include "store/followup_store.h"

#include <map>
#include <mutex>
#include <utility>

namespace zwgk::store {

class MemoryFollowupStore final : public FollowupStore {
public:
  explicit MemoryFollowupStore(Store& audit) : m_audit(audit) {}

  std::expected<std::int64_t, std::string> add_followup_event(const FollowupEvent& event,
                                                              const std::optional<FollowupFile>& file) override;
  std::expected<std::int64_t, AppendError> append_checked(const EventCheck& check, const FollowupEvent& event,
                                                          const std::optional<FollowupFile>& file,
                                                          const AuditEntry& audit) override;
  std::vector<FollowupEvent> followup_events() override;
  std::optional<FollowupFile> followup_file(std::int64_t event_id) override;
  std::int64_t followup_version() override;

private:
  std::int64_t add_locked(std::pair<FollowupEvent, std::optional<FollowupFile>> prepared);

  Store& m_audit;
  std::mutex m_mutex;
  std::vector<FollowupEvent> m_events;
  std::map<std::int64_t, FollowupFile> m_files;  // by event id
};

// The event as both implementations store it (id 0, file_name and
// file_sha256 taken from the file, whose sha256 is computed here), or why it
// is refused: an empty item or user, a text that is empty (or only spaces)
// for a kind other than Verify, Draft and Final, an impossible time, a file
// without a name or whose given sha256 does not match its bytes, or a file
// name without a file.
std::expected<std::pair<FollowupEvent, std::optional<FollowupFile>>, std::string> prepare_followup_event(
    const FollowupEvent& event, const std::optional<FollowupFile>& file);

} // namespace zwgk::store
