// Rectification items of a period and their status, from the period's
// result and the follow-up events (model/followup.h). Pure: no I/O.
//
// Every deduction the scheme's [rectification] names (each finding type of
// a unit; optionally a unit's quota shortfall) is one item, due on the
// period's deadline: the quarter's stated 整改期限, else N working days
// after the bulletin's date on the district's calendar. An item's status is
// replayed from its events up to `as_of`, so a year can be judged as it
// stood on any day:
//   待整改 → (整改回复) 待核实 → (核实通过) 已整改 | (退回) 已退回 → …
//   申诉 within the window → 申诉中 → (维持) back | (撤销) 已撤销
// A period is 公示'd until 定稿; a 撤回公示 inside the contest window makes
// it as if not published (the ledger keeps both events), and a new 公示 may
// follow with a new window.
// An item is 逾期未整改 once the deadline has passed without a fix that was
// replied on or before it (a reply in time that the office has not checked
// yet is not the unit's delay); a fix replied after the deadline is 逾期整改.
#pragma once

#include "engine/result.h"
#include "model/followup.h"
#include "model/records.h"
#include "model/registry.h"
#include "scheme/scheme.h"
#include "util/workdays.h"

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::annual {

enum class ItemStatus { Open, Replied, Returned, Contested, Done, DoneLate, Overdue, Withdrawn };

// 待整改 待核实 已退回 申诉中 已整改 逾期整改 逾期未整改 已撤销
std::string_view item_status_name(ItemStatus status);
// open replied returned contested done late overdue withdrawn (for the API and filters)
std::string_view item_status_code(ItemStatus status);
std::optional<ItemStatus> parse_item_status(std::string_view name_or_code);

struct RectificationItem {
  std::string id;                 // "2020Q3/齐都镇/目录未上传"
  Period period;
  UnitId unit = 0;
  DeductionKind kind = DeductionKind::Finding;
  std::string code;               // finding type code, or k_quota_item
  std::string reason;             // 附件4's words (several findings of one type: joined by "；")
  Decimal points;                 // deducted in the quarter
  std::optional<Date> deadline;
  ItemStatus status = ItemStatus::Open;
  bool awaiting_check = false;    // a reply the office has neither verified nor rejected
  bool contested = false;         // a contest was filed (whatever its outcome)
  std::optional<FollowupKind> contest_outcome;  // Uphold or Withdraw once decided
  std::optional<DateTime> fixed_at;             // the verified reply's time
  Decimal annual_penalty;         // what the year deducts for it, as of as_of
  std::vector<FollowupEvent> history;           // this item's events up to as_of, in order
};

// The bulletin's dates for a period, as its template states them.
struct PeriodDates {
  std::optional<Date> published;  // 成文日期
  std::optional<Date> deadline;   // 整改期限
};

// Where a period's bulletin stands, from its 公示, 撤回公示 and 定稿 events.
struct Publication {
  std::optional<DateTime> draft;            // 公示 (the latest one not withdrawn)
  std::optional<DateTime> final_at;         // 定稿
  std::optional<DateTime> draft_withdrawn;  // the last 撤回公示, if any
};

// The period's publication as of `as_of` (all events when nullopt); needs no assessment.
Publication publication(Period period, const std::vector<FollowupEvent>& events,
                        std::optional<DateTime> as_of = std::nullopt);

struct PeriodFollowup {
  Period period;
  std::optional<Date> published;
  std::optional<Date> deadline;           // the resolved deadline (see above)
  std::optional<DateTime> draft;          // 公示 (the latest one not withdrawn)
  std::optional<DateTime> draft_withdrawn;  // the last 撤回公示, if any
  std::optional<DateTime> final_at;       // 定稿
  std::optional<Date> contest_closes;     // last day a unit may contest (draft + contest_days)
  DateTime as_of;
  std::vector<RectificationItem> items;   // by unit (registry order), then deduction order
  std::vector<std::string> problems;      // e.g. a calendar year missing: the deadline is unknown

  const RectificationItem* find(std::string_view id) const;
};

// The period's rectification deadline: the template's 整改期限, else the
// scheme's rectification.working_days after 成文日期 on `calendar`; nullopt
// with the reason (Chinese, naming a missing 日历/YYYY.toml) in `problems`.
// `zwgk period new` proposes a new period's deadline with it, and the
// bulletin's {整改期限} is the same day, so both state the same deadline.
std::optional<Date> resolve_deadline(const Scheme& scheme, const PeriodDates& dates, const WorkCalendar& calendar,
                                     Period period, std::vector<std::string>& problems);

// "2020Q3/齐都镇/目录未上传": the item id of a unit's deduction.
std::string item_id(Period period, const Unit& unit, std::string_view code);

// What the office withdrew after contests in `period` (events up to as_of,
// all when nullopt): Dataset::waivers for assess(). Ids that name no unit or
// finding type are skipped (admissible() refuses them before they are stored).
std::vector<Waiver> withdrawals(Period period, const std::vector<FollowupEvent>& events, const Registry& registry,
                                const Scheme& scheme, std::optional<DateTime> as_of = std::nullopt);

// The period's items and their status as of `as_of`. `result` must have been
// assessed with withdrawals() applied, so withdrawn deductions are listed too.
PeriodFollowup follow_up(const Result& result, const Scheme& scheme, const Registry& registry,
                         const std::vector<FollowupEvent>& events, const PeriodDates& dates,
                         const WorkCalendar& calendar, DateTime as_of);

enum class Actor { Office, Unit };

// Whether `event` may be recorded now, in the state `state` describes: the
// item exists, the kind fits its status and the actor (units reply and
// contest; the office does the rest, and may also record a unit's reply or
// contest on its behalf), the contest window and 定稿. A unit user's rights
// over other units' items are the caller's to check. The message is Chinese.
std::expected<void, std::string> admissible(const PeriodFollowup& state, const Scheme& scheme,
                                            const FollowupEvent& event, Actor actor);

// An event already recorded after `event`'s time whose meaning `event` would
// change: a later event of the same item, or for 定稿 a later contest,
// 维持 or 撤销 in the period. admissible() judges the period as it stood at
// `event`'s time and cannot see them, so entries must follow the order in
// which things happened. nullptr if there is none.
const FollowupEvent* recorded_later(const std::vector<FollowupEvent>& events, const FollowupEvent& event);

} // namespace zwgk::annual
