// admissible(): whether an event may be recorded in the state a period is in.
#include "annual/followup.h"

#include <fmt/format.h>

namespace zwgk::annual {
namespace {

using Check = std::expected<void, std::string>;

Check fail(std::string message) { return std::unexpected(std::move(message)); }

// 撤回公示: only a 公示 in force, inside its contest window (before 定稿,
// which period_event checks first), with a reason, and with no contest
// waiting for a decision (its outcome would be lost with the window).
Check withdraw_draft(const PeriodFollowup& state, const FollowupEvent& e) {
  const std::string pid = state.period.to_string();
  if (!state.draft) return fail(fmt::format("{} 的通报尚未公示，无需撤回", pid));
  if (e.when < *state.draft) return fail(fmt::format("撤回时间早于公示时间 {}", state.draft->to_string()));
  if (state.contest_closes && *state.contest_closes < e.when.date)
    return fail(fmt::format("申诉期已于 {} 结束，不能再撤回公示", state.contest_closes->to_string()));
  if (e.text.empty()) return fail("撤回公示需要写明理由");
  for (const auto& item : state.items)
    if (item.status == ItemStatus::Contested)
      return fail(fmt::format("{} 的申诉尚未处理（维持或撤销），不能撤回公示", item.id));
  return {};
}

Check period_event(const PeriodFollowup& state, const Scheme& scheme, const FollowupEvent& e, Actor actor) {
  if (actor != Actor::Office) return fail("只有区政府办公室可以公示、撤回公示或定稿通报");
  const std::string pid = state.period.to_string();
  if (state.final_at) return fail(fmt::format("{} 的通报已于 {} 定稿", pid, state.final_at->to_string()));
  if (e.kind == FollowupKind::Draft) {
    if (state.draft) return fail(fmt::format("{} 的通报已于 {} 公示", pid, state.draft->to_string()));
    return {};
  }
  if (e.kind == FollowupKind::WithdrawDraft) return withdraw_draft(state, e);
  if (scheme.rectification.contest_days && !state.draft)
    return fail(fmt::format("考核方案规定了申诉期，{} 的通报须先公示，申诉期满后才能定稿", pid));
  for (const auto& item : state.items)
    if (item.status == ItemStatus::Contested)
      return fail(fmt::format("{} 的申诉尚未处理（维持或撤销），不能定稿", item.id));
  if (state.contest_closes && !(*state.contest_closes < e.when.date))
    return fail(fmt::format("申诉期至 {} 止，期满后才能定稿", state.contest_closes->to_string()));
  return {};
}

Check contest(const PeriodFollowup& state, const Scheme& scheme, const RectificationItem& item,
              const FollowupEvent& e) {
  const std::string pid = state.period.to_string();
  if (!scheme.rectification.contest_days) return fail("考核方案没有规定申诉期（rectification.contest_days），不受理申诉");
  if (state.final_at) return fail(fmt::format("{} 的通报已于 {} 定稿，不再受理申诉", pid, state.final_at->to_string()));
  if (!state.draft) return fail(fmt::format("{} 的通报尚未公示，公示后才能申诉", pid));
  if (e.when < *state.draft) return fail(fmt::format("申诉时间早于公示时间 {}", state.draft->to_string()));
  if (!state.contest_closes) return fail("申诉截止日期无法推算（缺少工作日历）");
  if (*state.contest_closes < e.when.date)
    return fail(fmt::format("申诉期已于 {} 结束", state.contest_closes->to_string()));
  if (item.contested) return fail(fmt::format("{} 已经申诉过，每个问题只能申诉一次", item.id));
  return {};
}

Check item_event(const PeriodFollowup& state, const Scheme& scheme, const RectificationItem& item,
                 const FollowupEvent& e, Actor actor) {
  const auto status_word = item_status_name(item.status);
  const bool closed = item.status == ItemStatus::Done || item.status == ItemStatus::DoneLate ||
                      item.status == ItemStatus::Withdrawn;
  const bool office_only = e.kind != FollowupKind::Reply && e.kind != FollowupKind::Contest;
  if (office_only && actor != Actor::Office)
    return fail(fmt::format("只有区政府办公室可以{}", followup_kind_name(e.kind)));
  switch (e.kind) {
  case FollowupKind::Reply:
    if (closed || item.status == ItemStatus::Contested)
      return fail(fmt::format("{} 的状态是“{}”，不能再回复", item.id, status_word));
    if (item.awaiting_check) return fail(fmt::format("{} 已回复，正等待核实", item.id));
    if (e.text.empty()) return fail("请写明整改了什么");
    if (e.link.empty() && e.file_name.empty()) return fail("请给出整改后的网址或上传佐证文件");
    return {};
  case FollowupKind::Verify:
    if (closed || item.status == ItemStatus::Contested)
      return fail(fmt::format("{} 的状态是“{}”，不能核实", item.id, status_word));
    return {};
  case FollowupKind::Reject:
    if (!item.awaiting_check) return fail(fmt::format("{} 没有待核实的回复", item.id));
    if (e.text.empty()) return fail("退回需要写明理由");
    return {};
  case FollowupKind::Contest:
    if (e.text.empty()) return fail("申诉需要写明理由");
    if (closed) return fail(fmt::format("{} 的状态是“{}”，不能申诉", item.id, status_word));
    return contest(state, scheme, item, e);
  case FollowupKind::Uphold:
  case FollowupKind::Withdraw:
    if (item.status != ItemStatus::Contested) return fail(fmt::format("{} 没有待处理的申诉", item.id));
    if (e.text.empty()) return fail(fmt::format("{}需要写明理由", followup_kind_name(e.kind)));
    return {};
  case FollowupKind::Draft:
  case FollowupKind::Final:
  case FollowupKind::WithdrawDraft:
    break;
  }
  return fail(fmt::format("“{}”不是对整改事项的操作", followup_kind_name(e.kind)));
}

} // namespace

std::expected<void, std::string> admissible(const PeriodFollowup& state, const Scheme& scheme,
                                            const FollowupEvent& event, Actor actor) {
  if (is_period_kind(event.kind)) {
    if (event.item != state.period.to_string())
      return fail(fmt::format("公示、撤回公示、定稿针对季度（如 {}），不针对单个事项", state.period.to_string()));
    return period_event(state, scheme, event, actor);
  }
  if (!scheme.rectification.enabled) return fail("考核方案没有整改规则（[rectification]）");
  const RectificationItem* item = state.find(event.item);
  if (!item) return fail(fmt::format("{} 没有编号为“{}”的整改事项", state.period.to_string(), event.item));
  return item_event(state, scheme, *item, event, actor);
}

const FollowupEvent* recorded_later(const std::vector<FollowupEvent>& events, const FollowupEvent& event) {
  const bool final = event.kind == FollowupKind::Final;
  for (const auto& e : events) {
    if (!(event.when < e.when)) continue;
    const bool period_event = is_period_kind(e.kind);
    if (e.item == event.item && !period_event) return &e;
    const bool contest_step = e.kind == FollowupKind::Contest || e.kind == FollowupKind::Uphold ||
                              e.kind == FollowupKind::Withdraw;
    if (final && contest_step && e.item.starts_with(event.item + "/")) return &e;
  }
  return nullptr;
}

} // namespace zwgk::annual
