// Rectification as JSON: a period's follow-up state, its items and an item's
// history, for the workspace's 整改 routes (docs/api.md) and the items of
// "zwgk.year" (render/year_json.h, docs/json-schema.md) alike — one shape.
//
// What depends on who asks is an argument: the actions a reader may record
// now (and why not the others) come from annual::admissible() for that
// reader's actor; a unit's own items are the caller's to select.
#pragma once

#include "annual/followup.h"
#include "model/diagnostics.h"

#include <nlohmann/json.hpp>

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace zwgk {

// The events recorded on an item (公示 and 定稿 are recorded on a period).
inline constexpr std::array k_item_event_kinds = {FollowupKind::Reply,   FollowupKind::Verify,
                                                  FollowupKind::Reject,  FollowupKind::Contest,
                                                  FollowupKind::Uphold,  FollowupKind::Withdraw};

// The events recorded on a period, in the order the office's buttons show them.
inline constexpr std::array k_period_event_kinds = {FollowupKind::Draft, FollowupKind::WithdrawDraft,
                                                    FollowupKind::Final};

// The statuses in the order of lists and counts.
inline constexpr std::array k_item_statuses = {annual::ItemStatus::Open,      annual::ItemStatus::Replied,
                                               annual::ItemStatus::Returned,  annual::ItemStatus::Contested,
                                               annual::ItemStatus::Done,      annual::ItemStatus::DoneLate,
                                               annual::ItemStatus::Overdue,   annual::ItemStatus::Withdrawn};

// Who reads: their actor decides the actions listed, their name is the probe's user.
struct FollowupReader {
  annual::Actor actor = annual::Actor::Unit;
  std::string user;
};

// "/api/v1/periods/2020Q3/rectification/<unit>/<code>", segments percent-encoded.
std::string rectification_item_path(Period period, const Unit& unit, std::string_view code);

// {enabled, findings, quota, working_days, contest_days, unrectified_penalty, late_penalty}
nlohmann::ordered_json rectification_rules_json(const RectificationRule& rule);

// An item as of state.as_of (status, deadline, days overdue, contest outcome code and name).
nlohmann::ordered_json rectification_item_json(const annual::RectificationItem& item, const Registry& registry,
                                               DateTime as_of);

// The item with its history (texts, links, evidence files) and the reader's
// actions and refusals: only for readers allowed to see the unit's materials.
nlohmann::ordered_json rectification_detail_json(const annual::PeriodFollowup& state, const Scheme& scheme,
                                                 const Registry& registry, const annual::RectificationItem& item,
                                                 const FollowupReader& reader);

// The period's dates, contest window, rules and problems (state.problems then
// `more_problems`); with the 公示/定稿 actions when the reader is the office.
nlohmann::ordered_json followup_state_json(const annual::PeriodFollowup& state, const Scheme& scheme,
                                           const Diagnostics& more_problems, const FollowupReader& reader);

// A list of items: adds "status" (the code of `status`, or "all"), "total"
// (all of `items`), "counts" ({code, name, count} per status, in
// k_item_statuses order) and "items" (those of `status`; all when none).
// `items` are the ones the reader may see and asked for.
void add_item_list(nlohmann::ordered_json& body, std::span<const annual::RectificationItem* const> items,
                   std::optional<annual::ItemStatus> status, const Registry& registry, DateTime as_of);

} // namespace zwgk
