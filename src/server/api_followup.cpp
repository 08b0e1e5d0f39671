// 整改: what follows a bulletin in the workspace — each period's
// rectification items with their history, units' replies (text with a link
// and/or a file) and contests, the office's verifications, rejections and
// decisions on contests, the period's 公示 and 定稿, and the overdue list —
// the same as `zwgk rectify …` (annual/followup.h decides what is
// admissible; the follow-up ledger keeps every event).
//
// Items carry what units wrote and the files they attached: viewers get
// none of them, a unit's liaison only its own unit's, and every event is
// also an audit entry. Item status depends on the clock (Api::now, which
// tests replace), so it is worked out per request from the period's
// snapshot; a withdrawal changes the snapshot itself (the workspace reloads
// a period whenever the ledger changes).
#include "server/api.h"
#include "server/followup_submission.h"

#include "app/record_event.h"
#include "render/followup_json.h"

#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <vector>

namespace zwgk::server {
namespace {

using annual::ItemStatus;
using annual::RectificationItem;

constexpr std::size_t k_max_text_bytes = 20000;  // about 6000 Chinese characters
constexpr std::size_t k_max_link_bytes = 2000;

bool unit_kind(FollowupKind kind) { return kind == FollowupKind::Reply || kind == FollowupKind::Contest; }

// The caller when they may read items: administrators and unit users.
std::optional<Caller> item_reader(const Api& api, const httplib::Request& req, httplib::Response& res,
                                  Access access) {
  auto caller = require(api, req, res, Need::Login, access);
  if (caller && caller->user.role == store::Role::Viewer) {
    send_error(res, 403, access == Access::Read ? "只读用户不能查看整改事项（其中有单位提交的材料）"
                                                : "只读用户不能办理整改事项");
    return std::nullopt;
  }
  return caller;
}

// A unit user's own unit; nullopt for administrators. A unit user whose unit
// is no longer registered owns nothing (an id no item has).
std::optional<std::optional<UnitId>> scope_of(const Caller& caller, const Registry& registry) {
  if (caller.user.role != store::Role::Unit) return std::nullopt;
  return registry.resolve(caller.user.unit);
}

bool in_scope(const std::optional<std::optional<UnitId>>& scope, UnitId unit) { return !scope || *scope == unit; }

annual::Actor actor_kind(const Caller& caller) {
  return caller.user.role == store::Role::Admin ? annual::Actor::Office : annual::Actor::Unit;
}

FollowupReader reader_of(const Caller& caller) { return {actor_kind(caller), caller.user.name}; }

// The documents of render/followup_json.h for this caller.
Json item_json(const RectificationItem& item, const Registry& registry, DateTime as_of) {
  return rectification_item_json(item, registry, as_of);
}

Json detail_json(const annual::PeriodFollowup& state, const Snapshot& snap, const RectificationItem& item,
                 const Caller& caller) {
  return rectification_detail_json(state, snap.ws.scheme, snap.ws.registry, item, reader_of(caller));
}

Json state_json(const annual::PeriodFollowup& s, const Snapshot& snap, const Caller& caller) {
  return followup_state_json(s, snap.ws.scheme, snap.followup_problems, reader_of(caller));
}

std::optional<UnitId> unit_or_404(const Registry& registry, const std::string& name, httplib::Response& res) {
  auto id = registry.resolve(name);
  if (!id) {
    std::string hint;
    for (const auto& s : registry.suggest(name)) hint += (hint.empty() ? "" : "、") + s;
    send_error(res, 404, fmt::format("没有单位“{}”{}", name, hint.empty() ? "" : "；是否指：" + hint + "？"));
  }
  return id;
}

// ------------------------------------------------------------------ list

void list_items(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  auto snap = assessed_snapshot(api, *period, res);
  if (!snap) return;
  const auto& registry = (*snap)->ws.registry;
  std::optional<ItemStatus> status;
  if (const std::string text(trim(req.get_param_value("status"))); !text.empty() && text != "全部" && text != "all") {
    status = annual::parse_item_status(text);
    if (!status) {
      std::string names;
      for (auto s : k_item_statuses) names += (names.empty() ? "" : "、") + std::string(annual::item_status_name(s));
      return send_error(res, 400, fmt::format("status 应为 全部、{}，不能是“{}”", names, text));
    }
  }
  const auto scope = scope_of(caller, registry);
  std::optional<UnitId> unit;
  if (const std::string name(trim(req.get_param_value("unit"))); !name.empty()) {
    unit = unit_or_404(registry, name, res);
    if (!unit) return;
    if (!in_scope(scope, *unit)) return send_error(res, 403, "无权查看其他单位的整改事项");
  }
  const auto state = followup_state(**snap, api.followup.followup_events(), cst_from_unix(api.now()));
  std::vector<const RectificationItem*> selected;
  for (const auto& item : state.items)
    if (in_scope(scope, item.unit) && (!unit || item.unit == *unit)) selected.push_back(&item);
  Json body = state_json(state, **snap, caller);
  if (!refuse_unready_draft(api, *period, body, res)) return;
  add_item_list(body, selected, status, registry, state.as_of);
  send_json(res, 200, body);
}

// ------------------------------------------------------------------ one item

struct ItemRef {
  Period period;
  SnapshotPtr snap;
  UnitId unit = 0;
  std::string id;
};

// The item of the route's period, unit and code parameters, in the caller's
// scope; nullopt after sending 403/404/422.
std::optional<ItemRef> item_ref(const Api& api, const Caller& caller, const httplib::Request& req,
                                httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return std::nullopt;
  auto snap = assessed_snapshot(api, *period, res);
  if (!snap) return std::nullopt;
  const auto& registry = (*snap)->ws.registry;
  auto unit = unit_or_404(registry, req.matches[2].str(), res);
  if (!unit) return std::nullopt;
  if (!in_scope(scope_of(caller, registry), *unit)) {
    send_error(res, 403, "无权查看或办理其他单位的整改事项");
    return std::nullopt;
  }
  return ItemRef{*period, *snap, *unit, annual::item_id(*period, registry.at(*unit), req.matches[3].str())};
}

const RectificationItem* find_item(const annual::PeriodFollowup& state, const ItemRef& ref, httplib::Response& res) {
  const auto* item = state.find(ref.id);
  if (!item) send_error(res, 404, fmt::format("没有整改事项“{}”", ref.id));
  return item;
}

void item_detail(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto ref = item_ref(api, caller, req, res);
  if (!ref) return;
  const auto state = followup_state(*ref->snap, api.followup.followup_events(), cst_from_unix(api.now()));
  const auto* item = find_item(state, *ref, res);
  if (!item) return;
  send_json(res, 200, {{"state", state_json(state, *ref->snap, caller)}, {"item", detail_json(state, *ref->snap, *item, caller)}});
}

void evidence(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto ref = item_ref(api, caller, req, res);
  if (!ref) return;
  const std::string text = req.matches[4].str();
  std::int64_t event_id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), event_id);
  const bool number = ec == std::errc() && end == text.data() + text.size();
  const auto events = api.followup.followup_events();
  auto it = std::find_if(events.begin(), events.end(), [&](const FollowupEvent& e) {
    return number && e.id == event_id && e.item == ref->id && !e.file_name.empty();
  });
  auto file = it == events.end() ? std::nullopt : api.followup.followup_file(event_id);
  if (!file) return send_error(res, 404, fmt::format("整改事项“{}”没有编号为“{}”的附件", ref->id, text));
  res.set_header("Content-Disposition", attachment_header(file->name, "evidence"));
  res.set_header("Cache-Control", "no-store");
  res.set_content(std::move(file->bytes), "application/octet-stream");
}

// ------------------------------------------------------------------ recording events

bool web_link(std::string_view link) {
  const std::string lower = ascii_lower(link.substr(0, 8));
  const std::size_t prefix = lower.starts_with("https://") ? 8 : lower.starts_with("http://") ? 7 : 0;
  if (prefix == 0 || link.size() <= prefix || link.size() > k_max_link_bytes || !is_valid_utf8(link)) return false;
  return std::none_of(link.begin(), link.end(), [](char c) {
    return static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '<' || c == '>' || c == '\\' || c == 0x7f;
  });
}

// What the submission lacks for `kind`, in the caller's words; empty when complete.
std::string incomplete(FollowupKind kind, const Submission& s, const Caller& caller) {
  if (s.text.size() > k_max_text_bytes) return "文字过长：请控制在 6000 字以内";
  if (!s.link.empty() && !web_link(s.link)) return "链接应为以 http:// 或 https:// 开头的网址";
  if (s.file && s.file->bytes.empty()) return fmt::format("附件“{}”是空文件", s.file->name);
  if (!s.at.empty()) {
    if (caller.user.role != store::Role::Admin) return "只有管理员代为登记时可以填写时间";
    if (!unit_kind(kind)) return "只有代为登记整改回复或申诉时可以填写时间";
  }
  if ((!s.link.empty() || s.file) && kind != FollowupKind::Reply) return "只有整改回复可以附链接或文件";
  switch (kind) {
  case FollowupKind::Reply:
    if (s.text.empty()) return "请填写整改情况";
    if (s.link.empty() && !s.file) return "请附上整改后的网址链接或证明文件（至少一项）";
    return {};
  case FollowupKind::Reject: return s.text.empty() ? "请写明退回理由" : "";
  case FollowupKind::Contest: return s.text.empty() ? "请写明申诉理由" : "";
  case FollowupKind::Uphold: return s.text.empty() ? "请写明维持原认定的理由" : "";
  case FollowupKind::Withdraw: return s.text.empty() ? "请写明撤销的理由" : "";
  default: return {};
  }
}

// The status of a refused event: the one mapping (http_status), except that
// an incomplete or malformed submission is 422 on these routes, as the
// handlers' own checks above answer it (docs/api.md, 整改).
int status_of(const app::Error& error) {
  return error.kind == app::ErrorKind::BadInput ? 422 : http_status(error);
}

// Records `event` through the one write path (app/record_event.h: checks,
// event, file and audit entry in one transaction that also excludes the
// CLI); false after sending the error.
bool record(Api& api, const Caller& caller, const Snapshot& snap, FollowupEvent event,
            std::optional<store::FollowupFile> file, httplib::Response& res) {
  auto recorded = app::record_event(api.followup, {*snap.result, snap.ws.scheme, snap.ws.registry, snap.dates, snap.calendar},
                                    {std::move(event), std::move(file), actor_kind(caller)}, api.now());
  if (recorded) return true;
  send_error(res, status_of(recorded.error()), recorded.error().message);
  return false;
}

// The time an event happened: now, or (administrators recording a unit's
// reply or contest on its behalf) the time given, not later than now.
std::optional<DateTime> event_time(const Api& api, const Submission& s, httplib::Response& res) {
  const DateTime now = cst_from_unix(api.now());
  if (s.at.empty()) return now;
  auto at = parse_date_time(s.at);
  if (!at) {
    send_error(res, 422, fmt::format("时间“{}”应写成 2020-10-15 10:00", s.at));
    return std::nullopt;
  }
  if (*at > now) {
    send_error(res, 422, fmt::format("代为登记的时间 {} 不能晚于现在（{}）", at->to_string(), now.to_string()));
    return std::nullopt;
  }
  return at;
}

void act(Api& api, const Caller& caller, FollowupKind kind, const httplib::Request& req, httplib::Response& res) {
  if (caller.user.role != store::Role::Admin && !unit_kind(kind))
    return send_error(res, 403, fmt::format("只有管理员可以{}", kind == FollowupKind::Verify ? "核实整改"
                                                                   : kind == FollowupKind::Reject ? "退回整改"
                                                                                                  : "对申诉作出决定"));
  auto ref = item_ref(api, caller, req, res);
  if (!ref) return;
  auto sent = submission(req, res);
  if (!sent) return;
  if (auto problem = incomplete(kind, *sent, caller); !problem.empty()) return send_error(res, 422, problem);
  auto when = event_time(api, *sent, res);
  if (!when) return;
  if (!find_item(followup_state(*ref->snap, api.followup.followup_events(), cst_from_unix(api.now())), *ref, res)) return;
  FollowupEvent event{0, ref->id, kind, sent->text, sent->link, "", "", *when, caller.user.name, 0};
  if (!record(api, caller, *ref->snap, std::move(event), std::move(sent->file), res)) return;
  // A withdrawal changes the assessment: the snapshot is reloaded with it.
  auto snap = assessed_snapshot(api, ref->period, res);
  if (!snap) return;
  const auto state = followup_state(**snap, api.followup.followup_events(), cst_from_unix(api.now()));
  const auto* item = find_item(state, *ref, res);
  if (!item) return;
  send_json(res, 200, {{"state", state_json(state, **snap, caller)}, {"item", detail_json(state, **snap, *item, caller)}});
}

void mark_period(Api& api, const Caller& caller, FollowupKind kind, const httplib::Request& req,
                 httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  if (kind == FollowupKind::Draft) {  // refused with every reason the bulletin is not ready
    auto reasons = readiness_reasons(api, *period, res);
    if (!reasons) return;
    if (!reasons->empty()) return send_not_ready(res, 409, "公示", *period, *reasons);
  }
  auto snap = assessed_snapshot(api, *period, res);
  if (!snap) return;
  auto sent = submission(req, res);
  if (!sent) return;
  if (!sent->link.empty() || sent->file || !sent->at.empty())
    return send_error(res, 422, fmt::format("{}只需说明（可不填），不能附链接、文件或时间", followup_kind_name(kind)));
  if (sent->text.size() > k_max_text_bytes) return send_error(res, 422, "文字过长：请控制在 6000 字以内");
  FollowupEvent event{0, period->to_string(), kind, sent->text, "", "", "", cst_from_unix(api.now()), caller.user.name, 0};
  if (!record(api, caller, **snap, std::move(event), std::nullopt, res)) return;
  const auto state = followup_state(**snap, api.followup.followup_events(), cst_from_unix(api.now()));
  send_json(res, 200, {{"state", state_json(state, **snap, caller)}});
}

// ------------------------------------------------------------------ overdue

void overdue(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  const auto events = api.followup.followup_events();
  const DateTime as_of = cst_from_unix(api.now());
  const std::string unit_name(trim(req.get_param_value("unit")));
  Json items = Json::array(), skipped = Json::array();
  std::map<std::string, std::pair<Json, std::size_t>> by_unit;  // official name → unit, count
  for (Period p : api.workspace.periods()) {
    auto snap = api.workspace.snapshot(p);
    if (!snap || !(*snap)->result) {
      skipped.push_back({{"period", p.to_string()}, {"text", fmt::format("{}的数据有错误，未列出其逾期事项", p.to_string())}});
      continue;
    }
    const auto& registry = (*snap)->ws.registry;
    const auto scope = scope_of(caller, registry);
    std::optional<UnitId> unit;
    if (!unit_name.empty()) {
      unit = unit_or_404(registry, unit_name, res);
      if (!unit) return;
      if (!in_scope(scope, *unit)) return send_error(res, 403, "无权查看其他单位的整改事项");
    }
    const auto state = followup_state(**snap, events, as_of);
    for (const auto& item : state.items) {
      if (item.status != ItemStatus::Overdue || !in_scope(scope, item.unit) || (unit && item.unit != *unit)) continue;
      Json j = item_json(item, registry, as_of);
      auto& entry = by_unit[registry.at(item.unit).name];
      if (entry.first.is_null()) entry.first = j["unit"];
      ++entry.second;
      items.push_back(std::move(j));
    }
  }
  Json units = Json::array();
  for (auto& [name, entry] : by_unit) {
    Json u = entry.first;
    u["count"] = entry.second;
    units.push_back(u);
  }
  std::stable_sort(units.begin(), units.end(), [](const Json& a, const Json& b) { return a["count"] > b["count"]; });
  send_json(res, 200, {{"as_of", as_of.to_string()}, {"items", items}, {"units", units}, {"skipped", skipped}});
}

} // namespace

std::optional<SnapshotPtr> assessed_snapshot(const Api& api, Period period, httplib::Response& res) {
  auto snap = snapshot_or_error(api, period, res);
  if (snap && !(*snap)->result) {
    send_error(res, 422, fmt::format("{}的数据有 {} 个错误，请先在“数据录入”中改正", period.to_string(),
                                     (*snap)->problems.error_count()),
               &(*snap)->problems);
    return std::nullopt;
  }
  return snap;
}

annual::PeriodFollowup followup_state(const Snapshot& snap, const std::vector<FollowupEvent>& events, DateTime as_of) {
  return annual::follow_up(*snap.result, snap.ws.scheme, snap.ws.registry, events, snap.dates, snap.calendar, as_of);
}

void register_followup_routes(Api& api) {
  const std::string item = R"(/api/v1/periods/([^/]+)/rectification/([^/]+)/([^/]+))";
  api.http.Get(R"(/api/v1/periods/([^/]+)/rectification)", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = item_reader(api, req, res, Access::Read)) list_items(api, *caller, req, res);
  });
  api.http.Get(item, [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = item_reader(api, req, res, Access::Read)) item_detail(api, *caller, req, res);
  });
  api.http.Get(item + R"(/evidence/([^/]+))", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = item_reader(api, req, res, Access::Read)) evidence(api, *caller, req, res);
  });
  for (auto kind : k_item_event_kinds)
    api.http.Post(item + "/" + std::string(followup_kind_code(kind)),
                  [&api, kind](const httplib::Request& req, httplib::Response& res) {
                    if (auto caller = item_reader(api, req, res, Access::Write)) act(api, *caller, kind, req, res);
                  });
  for (auto kind : k_period_event_kinds)
    api.http.Post(R"(/api/v1/periods/([^/]+)/rectification/)" + std::string(followup_kind_code(kind)),
                  [&api, kind](const httplib::Request& req, httplib::Response& res) {
                    if (auto caller = require(api, req, res, Need::Admin, Access::Write))
                      mark_period(api, *caller, kind, req, res);
                  });
  api.http.Get("/api/v1/rectification/overdue", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = item_reader(api, req, res, Access::Read)) overdue(api, *caller, req, res);
  });
}

} // namespace zwgk::server
