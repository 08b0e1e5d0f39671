// The follow-up ledger: every rectification reply, verification, rejection,
// contest and decision, and each period's 公示/定稿 (model/followup.h), with
// the evidence files units attach.
//
// Append-only like the mail ledger: an event is never changed or deleted
// (the database's triggers refuse it, in SQLite and in PostgreSQL); a later event supersedes an earlier one only
// in how annual/followup.h reads them. Whether an event is admissible (the
// contest window, who may do what) is the caller's rule, which
// append_checked() runs over the ledger inside the transaction that stores
// the event; the store itself checks only that the event is complete.
// Thread safety and error reporting as for Store (store.h).
#pragma once

#include "model/followup.h"
#include "store/store.h"

#include <cstdint>
#include <expected>
#include <functional>
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

// Whether an event may be added, given every event of the ledger (oldest id
// first); the unexpected value says why not (Chinese).
using EventCheck = std::function<std::expected<void, std::string>(const std::vector<FollowupEvent>& events)>;

// Why append_checked() stored nothing.
enum class AppendFailure {
  Refused,  // the check refused the event (the ledger's state does not allow it)
  Invalid,  // the event is incomplete (prepare_followup_event's rules)
  Store,    // the database failed (including the audit entry's write)
};

struct AppendError {
  AppendFailure cause = AppendFailure::Store;
  std::string message;
};

class FollowupStore {
public:
  virtual ~FollowupStore() = default;

  // Stores the event (and the file's bytes, if any: event.file_name and
  // file_sha256 are then taken from `file`); returns its id. Fails on an
  // empty item or user, or an empty text for every kind but Verify, Draft
  // and Final (撤回公示 needs its reason). No check, no audit entry: the application records events
  // with append_checked(); this is for tests and seeding.
  virtual std::expected<std::int64_t, std::string> add_followup_event(const FollowupEvent& event,
                                                                      const std::optional<FollowupFile>& file) = 0;
  // THE way an event is recorded: in one transaction that excludes every
  // other writer of the ledger, in this process and in others (store/sql.h's
  // write transaction: SQLite's BEGIN IMMEDIATE, which waits for another
  // writer up to the busy timeout; PostgreSQL's writers' advisory lock, which
  // also excludes other server instances), reads every event, runs `check` over them, and only if it
  // passes stores the event (as add_followup_event) and `audit` — or
  // nothing at all: a refused check, an incomplete event, or a failing
  // audit write leaves the ledger and the audit log as they were. So two
  // recorders can never both find an item open to its one contest, and no
  // event is ever stored unaudited. `check` runs with the ledger locked: it
  // must be quick and must not call the store.
  virtual std::expected<std::int64_t, AppendError> append_checked(const EventCheck& check, const FollowupEvent& event,
                                                                  const std::optional<FollowupFile>& file,
                                                                  const AuditEntry& audit) = 0;
  // Every event, oldest id first.
  virtual std::vector<FollowupEvent> followup_events() = 0;
  // The file attached to an event, if any.
  virtual std::optional<FollowupFile> followup_file(std::int64_t event_id) = 0;
  // Grows whenever an event is added (a cheap change check).
  virtual std::int64_t followup_version() = 0;
};

} // namespace zwgk::store
