// The follow-up of a bulletin, as a log of events: units reply to
// rectification items and contest findings, the office verifies, rejects,
// upholds or withdraws, and marks a period's bulletin as a draft for
// comment (公示) and as final (定稿).
//
// Events are facts that are never changed: an item's status is worked out
// from all of its events (annual/followup.h), so history can be replayed to
// any date. Items are named by text ids that are stable across runs:
// "2020Q3/齐都镇/目录未上传" (period / the unit's official name / the
// finding type's code, or k_quota_item for a unit's quota deduction); period
// events use the period alone ("2020Q3").
#pragma once

#include "util/calendar.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zwgk {

enum class FollowupKind {
  Reply,     // 整改回复: the unit says what it fixed and where (a link or a file)
  Verify,    // 核实通过: the office checked the fix; the item is closed
  Reject,    // 退回: the office found the fix insufficient (reason required)
  Contest,   // 申诉: the unit disputes the finding within the contest window
  Uphold,    // 维持: the office keeps the contested finding
  Withdraw,  // 撤销: the office drops the finding; scores and bulletin follow
  Draft,     // 公示: the period's bulletin is published as a draft; the contest window opens
  Final,     // 定稿: the bulletin is final; no more contests
  WithdrawDraft,  // 撤回公示: the 公示 is withdrawn inside its contest window; as if not
                  // published (the events stay in the ledger); a new 公示 may follow
};

// The Chinese words staff see and type: 整改回复, 核实通过, 退回, 申诉, 维持, 撤销, 公示, 定稿, 撤回公示.
std::string_view followup_kind_name(FollowupKind kind);
std::optional<FollowupKind> parse_followup_kind(std::string_view text);  // name or code
std::string_view followup_kind_code(FollowupKind kind);  // "reply", "verify", … for the API
// 公示, 定稿 and 撤回公示: events of a period, not of an item.
bool is_period_kind(FollowupKind kind);

// What stands for a unit's quota deduction in an item id.
inline constexpr std::string_view k_quota_item = "投稿任务";

struct FollowupEvent {
  std::int64_t id = 0;        // assigned by the store, increasing
  std::string item;           // item id, or the period for Draft/Final/WithdrawDraft
  FollowupKind kind = FollowupKind::Reply;
  std::string text;           // what was fixed, or the reason
  std::string link;           // where the fix can be seen (URL); may be empty
  std::string file_name;      // evidence attached (the store keeps the bytes); may be empty
  std::string file_sha256;
  DateTime when;              // CST: when the unit replied / the office decided
  std::string user;           // who recorded it
  std::int64_t recorded_at = 0;  // Unix seconds of the entry (the audit log's clock)
};

} // namespace zwgk
