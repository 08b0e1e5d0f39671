#include "annual/followup.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

namespace zwgk::annual {
namespace {

struct StatusNames {
  ItemStatus status;
  std::string_view name;
  std::string_view code;
};

constexpr std::array<StatusNames, 8> k_statuses = {{
    {ItemStatus::Open, "待整改", "open"},
    {ItemStatus::Replied, "待核实", "replied"},
    {ItemStatus::Returned, "已退回", "returned"},
    {ItemStatus::Contested, "申诉中", "contested"},
    {ItemStatus::Done, "已整改", "done"},
    {ItemStatus::DoneLate, "逾期整改", "late"},
    {ItemStatus::Overdue, "逾期未整改", "overdue"},
    {ItemStatus::Withdrawn, "已撤销", "withdrawn"},
}};

bool by_time(const FollowupEvent& a, const FollowupEvent& b) {
  return a.when != b.when ? a.when < b.when : a.id < b.id;
}

// The events of `period` up to as_of, in the order they happened.
std::vector<FollowupEvent> period_events(Period period, const std::vector<FollowupEvent>& events,
                                         std::optional<DateTime> as_of) {
  const std::string prefix = period.to_string();
  std::vector<FollowupEvent> out;
  for (const auto& e : events) {
    if (as_of && *as_of < e.when) continue;
    if (e.item == prefix || e.item.starts_with(prefix + "/")) out.push_back(e);
  }
  std::stable_sort(out.begin(), out.end(), by_time);
  return out;
}

// What the id names: the unit and the deduction's code.
struct ParsedId {
  UnitId unit = 0;
  std::string code;
};

std::optional<ParsedId> parse_id(std::string_view id, Period period, const Registry& registry) {
  const std::string prefix = period.to_string() + "/";
  if (!id.starts_with(prefix)) return std::nullopt;
  id.remove_prefix(prefix.size());
  auto slash = id.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto unit = registry.resolve(id.substr(0, slash));
  if (!unit) return std::nullopt;
  return ParsedId{*unit, std::string(id.substr(slash + 1))};
}

// The items of one unit: its deductions (and withdrawn ones) that the scheme
// asks to put right, findings of one type merged.
void add_unit_items(const UnitScore& score, const Unit& unit, const Scheme& scheme, Period period,
                    std::vector<RectificationItem>& out) {
  const auto& rule = scheme.rectification;
  std::map<std::string, std::size_t> by_code;  // code → index into out
  auto add = [&](const Deduction& d) {
    if (d.kind == DeductionKind::Finding && !rule.findings) return;
    if (d.kind == DeductionKind::Quota && !rule.quota) return;
    std::string code = d.kind == DeductionKind::Quota ? std::string(k_quota_item)
                                                      : scheme.finding_types[d.finding_type].code;
    if (auto it = by_code.find(code); it != by_code.end()) {
      auto& item = out[it->second];
      item.reason += "；" + d.reason;
      item.points += d.points;
      return;
    }
    RectificationItem item;
    item.id = item_id(period, unit, code);
    item.period = period;
    item.unit = unit.id;
    item.kind = d.kind;
    item.code = code;
    item.reason = d.reason;
    item.points = d.points;
    by_code.emplace(code, out.size());
    out.push_back(std::move(item));
  };
  for (const auto& d : score.deductions) add(d);
  for (const auto& d : score.withdrawn) add(d);
}

// Replays an item's events into its workflow state.
struct Replay {
  ItemStatus status = ItemStatus::Open;
  ItemStatus before_contest = ItemStatus::Open;
  // A reply neither verified nor rejected yet (a flag, not an optional:
  // GCC 12's -O2 misreads an optional DateTime as maybe uninitialized).
  bool has_pending = false;
  DateTime pending_reply;
};

void replay(RectificationItem& item, Replay& r, const FollowupEvent& e) {
  switch (e.kind) {
  case FollowupKind::Reply:
    r.pending_reply = e.when;
    r.has_pending = true;
    r.status = ItemStatus::Replied;
    break;
  case FollowupKind::Verify:
    item.fixed_at = r.has_pending ? r.pending_reply : e.when;
    r.has_pending = false;
    r.status = ItemStatus::Done;
    break;
  case FollowupKind::Reject:
    r.has_pending = false;
    r.status = ItemStatus::Returned;
    break;
  case FollowupKind::Contest:
    item.contested = true;
    r.before_contest = r.status;
    r.status = ItemStatus::Contested;
    break;
  case FollowupKind::Uphold:
    item.contest_outcome = FollowupKind::Uphold;
    r.status = r.before_contest;
    break;
  case FollowupKind::Withdraw:
    item.contest_outcome = FollowupKind::Withdraw;
    r.status = ItemStatus::Withdrawn;
    break;
  case FollowupKind::Draft:
  case FollowupKind::Final:
    break;
  }
}

// Applies the deadline to the workflow state and sets the annual penalty.
void judge(RectificationItem& item, const Replay& r, const RectificationRule& rule, Date today) {
  item.status = r.status;
  item.awaiting_check = r.has_pending;
  if (!item.deadline) return;
  const Date deadline = *item.deadline;
  switch (r.status) {
  case ItemStatus::Done:
    if (item.fixed_at && deadline < item.fixed_at->date) item.status = ItemStatus::DoneLate;
    break;
  case ItemStatus::Replied:
    if (deadline < r.pending_reply.date && deadline < today) item.status = ItemStatus::Overdue;
    break;
  case ItemStatus::Open:
  case ItemStatus::Returned:
    if (deadline < today) item.status = ItemStatus::Overdue;
    break;
  default:
    break;
  }
  if (item.status == ItemStatus::Overdue) item.annual_penalty = rule.unrectified_penalty;
  if (item.status == ItemStatus::DoneLate) item.annual_penalty = rule.late_penalty;
}

void set_period_state(PeriodFollowup& state, const std::vector<FollowupEvent>& events, const Scheme& scheme,
                      const WorkCalendar& calendar) {
  const std::string pid = state.period.to_string();
  for (const auto& e : events) {
    if (e.item != pid) continue;
    if (e.kind == FollowupKind::Draft && !state.draft) state.draft = e.when;
    if (e.kind == FollowupKind::Final && !state.final_at) state.final_at = e.when;
  }
  const auto& days = scheme.rectification.contest_days;
  if (!state.draft || !days) return;
  auto closes = calendar.add_working_days(state.draft->date, static_cast<int>(*days));
  if (closes)
    state.contest_closes = *closes;
  else
    state.problems.push_back(fmt::format("缺少 {} 年的工作日历（日历/{}.toml），无法推算 {} 的申诉截止日期",
                                         closes.error(), closes.error(), pid));
}

} // namespace

std::optional<Date> resolve_deadline(const Scheme& scheme, const PeriodDates& dates, const WorkCalendar& calendar,
                                     Period period, std::vector<std::string>& problems) {
  if (dates.deadline) return dates.deadline;
  const auto& days = scheme.rectification.working_days;
  if (!days) {
    problems.push_back(fmt::format("{} 的通报模板没有写整改期限，考核方案也没有规定整改的工作日数"
                                   "（rectification.working_days），整改事项没有期限",
                                   period.to_string()));
    return std::nullopt;
  }
  if (!dates.published) {
    problems.push_back(fmt::format("{} 的通报模板没有写成文日期，无法按 {} 个工作日推算整改期限",
                                   period.to_string(), *days));
    return std::nullopt;
  }
  auto deadline = calendar.add_working_days(*dates.published, static_cast<int>(*days));
  if (!deadline) {
    problems.push_back(fmt::format("缺少 {} 年的工作日历（日历/{}.toml），无法推算 {} 的整改期限",
                                   deadline.error(), deadline.error(), period.to_string()));
    return std::nullopt;
  }
  return *deadline;
}

std::string_view item_status_name(ItemStatus status) {
  for (const auto& s : k_statuses)
    if (s.status == status) return s.name;
  return {};
}

std::string_view item_status_code(ItemStatus status) {
  for (const auto& s : k_statuses)
    if (s.status == status) return s.code;
  return {};
}

std::optional<ItemStatus> parse_item_status(std::string_view text) {
  for (const auto& s : k_statuses)
    if (s.name == text || s.code == text) return s.status;
  return std::nullopt;
}

const RectificationItem* PeriodFollowup::find(std::string_view id) const {
  for (const auto& item : items)
    if (item.id == id) return &item;
  return nullptr;
}

std::string item_id(Period period, const Unit& unit, std::string_view code) {
  return fmt::format("{}/{}/{}", period.to_string(), unit.name, code);
}

std::vector<Waiver> withdrawals(Period period, const std::vector<FollowupEvent>& events, const Registry& registry,
                                const Scheme& scheme, std::optional<DateTime> as_of) {
  std::vector<Waiver> out;
  for (const auto& e : period_events(period, events, as_of)) {
    if (e.kind != FollowupKind::Withdraw) continue;
    auto id = parse_id(e.item, period, registry);
    if (!id) continue;
    Waiver w{.unit = id->unit, .reason = e.text};
    if (id->code == k_quota_item) {
      w.kind = WaivedKind::Quota;
    } else if (auto type = scheme.find_finding(id->code)) {
      w.kind = WaivedKind::Finding;
      w.finding_type = *type;
    } else {
      continue;
    }
    out.push_back(std::move(w));
  }
  return out;
}

PeriodFollowup follow_up(const Result& result, const Scheme& scheme, const Registry& registry,
                         const std::vector<FollowupEvent>& events, const PeriodDates& dates,
                         const WorkCalendar& calendar, DateTime as_of) {
  PeriodFollowup state;
  state.period = result.period;
  state.published = dates.published;
  state.as_of = as_of;
  const auto mine = period_events(result.period, events, as_of);
  set_period_state(state, mine, scheme, calendar);
  if (!scheme.rectification.enabled) return state;
  for (const auto& score : result.units) add_unit_items(score, registry.at(score.unit), scheme, result.period, state.items);
  if (state.items.empty()) return state;
  state.deadline = resolve_deadline(scheme, dates, calendar, result.period, state.problems);
  for (auto& item : state.items) {
    item.deadline = state.deadline;
    Replay r;
    for (const auto& e : mine) {
      if (e.item != item.id) continue;
      item.history.push_back(e);
      replay(item, r, e);
    }
    judge(item, r, scheme.rectification, as_of.date);
  }
  return state;
}

} // namespace zwgk::annual
