#include "app/record_event.h"

#include "util/digest.h"
#include "util/text.h"

#include <fmt/format.h>

#include <vector>

namespace zwgk::app {
namespace {

bool is_reason(FollowupKind kind) {
  return kind == FollowupKind::Reject || kind == FollowupKind::Contest || kind == FollowupKind::Uphold ||
         kind == FollowupKind::Withdraw;
}

bool unit_kind(FollowupKind kind) { return kind == FollowupKind::Reply || kind == FollowupKind::Contest; }

// Steps 2 and 3 of the header, over the ledger as the transaction sees it.
store::EventCheck admissibility(const EventPeriod& period, const FollowupEvent& event, annual::Actor actor) {
  return [&period, &event, actor](const std::vector<FollowupEvent>& events) -> std::expected<void, std::string> {
    if (const auto* later = annual::recorded_later(events, event))
      return std::unexpected(fmt::format("{} 已有 {} 的“{}”记录，不能在它之前补录“{}”（请按发生的先后录入）",
                                         later->item, later->when.to_string(), followup_kind_name(later->kind),
                                         followup_kind_name(event.kind)));
    const auto state = annual::follow_up(period.result, period.scheme, period.registry, events, period.dates,
                                         period.calendar, event.when);
    return annual::admissible(state, period.scheme, event, actor);
  };
}

Error error_of(const store::AppendError& e) {
  switch (e.cause) {
  case store::AppendFailure::Refused: return Error::conflict(e.message);
  case store::AppendFailure::Invalid: return Error::bad_input(e.message);
  case store::AppendFailure::Store: break;
  }
  return Error::internal(e.message);
}

} // namespace

std::string event_audit_detail(const FollowupEvent& e, annual::Actor actor) {
  std::vector<std::string> parts;
  if (actor == annual::Actor::Office && unit_kind(e.kind)) parts.emplace_back("代为登记");
  parts.push_back(fmt::format("时间：{}", e.when.to_string()));
  if (!e.text.empty()) parts.push_back(fmt::format("{}：{}", is_reason(e.kind) ? "理由" : "说明", e.text));
  if (!e.link.empty()) parts.push_back("链接：" + e.link);
  if (!e.file_name.empty()) parts.push_back(fmt::format("附件：{}（SHA-256 {}）", e.file_name, e.file_sha256));
  return join(parts, "；");
}

std::expected<FollowupEvent, Error> record_event(store::FollowupStore& ledger, const EventPeriod& period,
                                                 EventRequest request, std::int64_t now) {
  FollowupEvent& event = request.event;
  event.id = 0;
  event.recorded_at = now;
  event.file_name = request.file ? request.file->name : std::string();
  event.file_sha256 = request.file ? sha256_hex(request.file->bytes) : std::string();
  const store::AuditEntry audit{0, now, event.user, std::string(followup_kind_name(event.kind)), event.item,
                                event_audit_detail(event, request.actor)};
  auto id = ledger.append_checked(admissibility(period, event, request.actor), event, request.file, audit);
  if (!id) return std::unexpected(error_of(id.error()));
  event.id = *id;
  return std::move(event);
}

} // namespace zwgk::app
