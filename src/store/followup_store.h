// The follow-up ledger: every rectification reply, verification, rejection,
// contest and decision, and each period's 公示/定稿 (model/followup.h), with
// the evidence files units attach.
//
// Append-only like the mail ledger: an event is never changed or deleted
// (SQLite triggers refuse it); a later event supersedes an earlier one only
// in how annual/followup.h reads them. Whether an event is admissible (the
// contest window, who may do what) is decided before it is added, by the
// caller; the store checks only that it is complete. Thread safety and
// error reporting as for Store (store.h).
#pragma once

#include "model/followup.h"

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace zwgk::store {

struct FollowupFile {
  std::string name;
  std::string sha256;  // hex
  std::string bytes;
};

class FollowupStore {
public:
  virtual ~FollowupStore() = default;

  // Stores the event (and the file's bytes, if any: event.file_name and
  // file_sha256 are then taken from `file`); returns its id. Fails on an
  // empty item or user, or an empty text for every kind but Verify, Draft
  // and Final.
  virtual std::expected<std::int64_t, std::string> add_followup_event(const FollowupEvent& event,
                                                                      const std::optional<FollowupFile>& file) = 0;
  // Every event, oldest id first.
  virtual std::vector<FollowupEvent> followup_events() = 0;
  // The file attached to an event, if any.
  virtual std::optional<FollowupFile> followup_file(std::int64_t event_id) = 0;
  // Grows whenever an event is added (a cheap change check).
  virtual std::int64_t followup_version() = 0;
};

// DIR/zwgk.db's follow-up ledger (the same file as the store and the mail
// ledger; migration 3).
std::expected<std::unique_ptr<FollowupStore>, std::string> open_sqlite_followup_store(const std::string& path);

} // namespace zwgk::store
