// Recording a follow-up event (整改回复, 核实, 退回, 申诉 and its decision,
// 公示, 定稿): the one write path both front ends use (`zwgk rectify …` and
// the workspace's rectification routes).
//
// One order of checks and one audit policy, whoever records:
//   1. the event is complete (store::prepare_followup_event)     BadInput
//   2. nothing of the item (or, for 定稿, of its contests) was
//      recorded at a later time (annual::recorded_later)         Conflict
//   3. the event is admissible in the period as it stood at the
//      event's time (annual::admissible)                         Conflict
//   4. the event, its evidence file and its audit entry are
//      stored together — or nothing                              Internal
// Steps 2-4 run inside one database transaction that excludes every other
// writer, in this process and in others (FollowupStore::append_checked), so
// the check always sees the ledger the event joins: two recorders cannot
// both find an item open to its one contest, and no event is stored
// without its audit entry.
#pragma once

#include "annual/followup.h"
#include "app/error.h"
#include "store/followup_store.h"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>

namespace zwgk::app {

// The period an event is judged in: its result (assessed with the ledger's
// withdrawals applied), rules, units, bulletin dates and calendar.
struct EventPeriod {
  const Result& result;
  const Scheme& scheme;
  const Registry& registry;
  const annual::PeriodDates& dates;
  const WorkCalendar& calendar;
};

struct EventRequest {
  FollowupEvent event;  // item, kind, text, link, when, user; the rest is set by record_event
  std::optional<store::FollowupFile> file;
  annual::Actor actor = annual::Actor::Office;
};

// Records the event at Unix time `now` (its recorded_at and the audit
// entry's time) and returns it as stored (id, file name and digest).
std::expected<FollowupEvent, Error> record_event(store::FollowupStore& ledger, const EventPeriod& period,
                                                 EventRequest request, std::int64_t now);

// The audit entry's detail: "代为登记" when the office records a unit's reply
// or contest, the time, the text (说明 or 理由), the link and the file with
// its SHA-256.
std::string event_audit_detail(const FollowupEvent& event, annual::Actor actor);

} // namespace zwgk::app
