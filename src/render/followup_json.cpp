#include "render/followup_json.h"

#include "render/json.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace zwgk {
namespace {

using annual::ItemStatus;
using annual::RectificationItem;
using nlohmann::ordered_json;

ordered_json date_json(const std::optional<Date>& d) { return d ? ordered_json(d->to_string()) : ordered_json(nullptr); }
ordered_json time_json(const std::optional<DateTime>& t) {
  return t ? ordered_json(t->to_string()) : ordered_json(nullptr);
}

// One path segment, percent-encoded (unit names and codes are Chinese).
std::string url_segment(std::string_view text) {
  std::string out;
  for (unsigned char c : text)
    out += std::isalnum(c) || c == '-' || c == '_' || c == '.' ? std::string(1, static_cast<char>(c))
                                                               : fmt::format("%{:02X}", c);
  return out;
}

bool unit_kind(FollowupKind kind) { return kind == FollowupKind::Reply || kind == FollowupKind::Contest; }

std::optional<DateTime> last_event_time(const RectificationItem& item, FollowupKind kind) {
  for (auto it = item.history.rbegin(); it != item.history.rend(); ++it)
    if (it->kind == kind) return it->when;
  return std::nullopt;
}

ordered_json days_overdue(const RectificationItem& item, DateTime as_of) {
  if (item.status != ItemStatus::Overdue || !item.deadline) return nullptr;
  return as_of.date.days_since_epoch() - item.deadline->days_since_epoch();
}

ordered_json event_json(const FollowupEvent& e, const std::string& item_path) {
  ordered_json file = nullptr;
  if (!e.file_name.empty())
    file = {{"name", e.file_name}, {"sha256", e.file_sha256}, {"url", fmt::format("{}/evidence/{}", item_path, e.id)}};
  return {{"id", e.id},
          {"kind", followup_kind_name(e.kind)},
          {"kind_code", followup_kind_code(e.kind)},
          {"text", e.text},
          {"link", e.link},
          {"file", file},
          {"when", e.when.to_string()},
          {"user", e.user},
          {"recorded_at", e.recorded_at}};
}

// What the reader may record now on `target` (an item id or the period), and
// why not the rest (a unit reader: its own kinds only).
void add_actions(ordered_json& out, const annual::PeriodFollowup& state, const Scheme& scheme,
                 const std::string& target, std::span<const FollowupKind> kinds, const FollowupReader& reader) {
  ordered_json allowed = ordered_json::array(), refused = ordered_json::object();
  for (auto kind : kinds) {
    if (reader.actor == annual::Actor::Unit && !unit_kind(kind)) continue;
    // A complete event of that kind: only the state decides.
    FollowupEvent probe{0, target, kind, "（检查）", "https://example.invalid/", "", "", state.as_of, reader.user, 0};
    if (auto ok = annual::admissible(state, scheme, probe, reader.actor)) allowed.push_back(followup_kind_code(kind));
    else refused[std::string(followup_kind_code(kind))] = ok.error();
  }
  out["actions"] = allowed;
  out["refusals"] = refused;
}

} // namespace

std::string rectification_item_path(Period period, const Unit& unit, std::string_view code) {
  return fmt::format("/api/v1/periods/{}/rectification/{}/{}", period.to_string(), url_segment(unit.name),
                     url_segment(code));
}

ordered_json rectification_rules_json(const RectificationRule& r) {
  auto days = [](const std::optional<std::int64_t>& d) { return d ? ordered_json(*d) : ordered_json(nullptr); };
  return {{"enabled", r.enabled},
          {"findings", r.findings},
          {"quota", r.quota},
          {"working_days", days(r.working_days)},
          {"contest_days", days(r.contest_days)},
          {"unrectified_penalty", r.unrectified_penalty.to_string()},
          {"late_penalty", r.late_penalty.to_string()}};
}

ordered_json rectification_item_json(const RectificationItem& item, const Registry& registry, DateTime as_of) {
  const Unit& unit = registry.at(item.unit);
  const auto& outcome = item.contest_outcome;
  return {{"id", item.id},
          {"period", item.period.to_string()},
          {"unit", {{"name", unit.name}, {"short_name", unit.display_name(NameStyle::Short)}, {"section", unit.section}}},
          {"kind", item.kind == DeductionKind::Finding ? "finding" : "quota"},
          {"code", item.code},
          {"reason", item.reason},
          {"points", item.points.to_string()},
          {"deadline", date_json(item.deadline)},
          {"status", annual::item_status_name(item.status)},
          {"status_code", annual::item_status_code(item.status)},
          {"awaiting_check", item.awaiting_check},
          {"contested", item.contested},
          {"contest_outcome", outcome ? ordered_json(followup_kind_code(*outcome)) : ordered_json(nullptr)},
          {"contest_outcome_name", outcome ? ordered_json(followup_kind_name(*outcome)) : ordered_json(nullptr)},
          {"replied_at", time_json(last_event_time(item, FollowupKind::Reply))},
          {"verified_at", time_json(last_event_time(item, FollowupKind::Verify))},
          {"fixed_at", time_json(item.fixed_at)},
          {"annual_penalty", item.annual_penalty.to_string()},
          {"days_overdue", days_overdue(item, as_of)}};
}

ordered_json rectification_detail_json(const annual::PeriodFollowup& state, const Scheme& scheme,
                                       const Registry& registry, const RectificationItem& item,
                                       const FollowupReader& reader) {
  ordered_json out = rectification_item_json(item, registry, state.as_of);
  const std::string path = rectification_item_path(item.period, registry.at(item.unit), item.code);
  ordered_json history = ordered_json::array();
  for (const auto& e : item.history) history.push_back(event_json(e, path));
  out["history"] = history;
  add_actions(out, state, scheme, item.id, k_item_event_kinds, reader);
  return out;
}

ordered_json followup_state_json(const annual::PeriodFollowup& s, const Scheme& scheme,
                                 const Diagnostics& more_problems, const FollowupReader& reader) {
  const bool contest_open = s.draft && !s.final_at && s.contest_closes && s.as_of.date <= *s.contest_closes;
  ordered_json problems = ordered_json::array();
  for (const auto& p : s.problems) problems.push_back(p);
  for (const auto& d : more_problems.entries()) problems.push_back(d.to_string());
  ordered_json out{{"period", period_json(s.period)},
                   {"as_of", s.as_of.to_string()},
                   {"published", date_json(s.published)},
                   {"deadline", date_json(s.deadline)},
                   {"draft", time_json(s.draft)},
                   {"draft_withdrawn", time_json(s.draft_withdrawn)},
                   {"final", time_json(s.final_at)},
                   {"contest_closes", date_json(s.contest_closes)},
                   {"contest_open", contest_open},
                   {"rules", rectification_rules_json(scheme.rectification)},
                   {"problems", problems}};
  if (reader.actor == annual::Actor::Office) {
    ordered_json period_actions = ordered_json::object();
    add_actions(period_actions, s, scheme, s.period.to_string(), k_period_event_kinds,
                reader);
    out["period_actions"] = period_actions["actions"];
    out["period_refusals"] = period_actions["refusals"];
  }
  return out;
}

void add_item_list(ordered_json& body, std::span<const RectificationItem* const> items,
                   std::optional<ItemStatus> status, const Registry& registry, DateTime as_of) {
  std::array<std::size_t, k_item_statuses.size()> counts{};
  ordered_json listed = ordered_json::array();
  for (const auto* item : items) {
    ++counts[static_cast<std::size_t>(std::ranges::find(k_item_statuses, item->status) - k_item_statuses.begin())];
    if (!status || item->status == *status) listed.push_back(rectification_item_json(*item, registry, as_of));
  }
  ordered_json count_list = ordered_json::array();
  for (std::size_t i = 0; i < k_item_statuses.size(); ++i)
    count_list.push_back({{"code", annual::item_status_code(k_item_statuses[i])},
                          {"name", annual::item_status_name(k_item_statuses[i])},
                          {"count", counts[i]}});
  body["status"] = status ? ordered_json(annual::item_status_code(*status)) : ordered_json("all");
  body["total"] = items.size();
  body["counts"] = count_list;
  body["items"] = listed;
}

} // namespace zwgk
