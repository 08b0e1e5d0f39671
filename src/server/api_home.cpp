// 我的单位: a unit liaison's first screen — the unit's score and place in its
// table, this month's progress, its open and overdue rectification items,
// and whether the ranking may follow — cut from the documents of the
// ranking, progress and 整改 routes (views.h, render/followup_json.h), so
// nothing is computed a second time. A unit user gets its own unit; an
// administrator names one with ?unit=; viewers have no unit.
#include "server/live_scores.h"

#include "render/followup_json.h"

#include <fmt/format.h>

namespace zwgk::server {
namespace {

using annual::ItemStatus;

// The row of `rows` named `name`, or null.
Json row_named(const Json& rows, const std::string& name) {
  for (const auto& row : rows)
    if (row["name"] == name) return row;
  return nullptr;
}

// The unit the caller asks about, or nullopt after sending 400/403/404.
std::optional<UnitId> home_unit(const Caller& caller, const Snapshot& snap, const httplib::Request& req,
                                httplib::Response& res) {
  const auto& registry = snap.ws.registry;
  const std::string asked = req.get_param_value("unit");
  if (caller.user.role == store::Role::Viewer) {
    send_error(res, 403, "只读用户没有“我的单位”页面");
    return std::nullopt;
  }
  if (caller.user.role == store::Role::Unit) {
    auto own = registry.resolve(caller.user.unit);
    if (!asked.empty() && registry.resolve(asked) != own) {
      send_error(res, 403, "无权查看其他单位的首页");
      return std::nullopt;
    }
    if (!own) send_error(res, 404, fmt::format("单位“{}”不在{}的单位名录中", caller.user.unit, snap.ws.period.to_string()));
    return own;
  }
  if (asked.empty()) {
    send_error(res, 400, "请用 unit 参数指定单位，如 ?unit=区商务局");
    return std::nullopt;
  }
  auto id = registry.resolve(asked);
  if (!id) {
    std::string hint;
    for (const auto& s : registry.suggest(asked)) hint += (hint.empty() ? "" : "、") + s;
    send_error(res, 404, fmt::format("没有单位“{}”{}", asked, hint.empty() ? "" : "；是否指：" + hint + "？"));
  }
  return id;
}

// The unit's row of the ranking, with the size of its score table.
Json standing_json(const Snapshot& snap, UnitId unit) {
  const Json ranking = ranking_json(snap);
  const Unit& u = snap.ws.registry.at(unit);
  Json row = row_named(ranking["units"], u.name);
  if (row.is_null())  // in no score table: the figures without a place
    return {{"name", u.name}, {"short_name", u.display_name(NameStyle::Short)}, {"section", u.section},
            {"table", nullptr}, {"rank", nullptr}, {"table_units", nullptr},
            {"total", snap.result->units[unit].total.to_string()}};
  std::size_t size = 0;
  for (const auto& other : ranking["units"]) size += other["table"] == row["table"];
  row["table_units"] = size;
  return row;
}

// The unit's items still to be acted on (not 已整改, 逾期整改 or 已撤销), as
// the 整改 routes list them, with the period's deadline and 公示.
Json open_items_json(const annual::PeriodFollowup& state, const Snapshot& snap, UnitId unit) {
  Json items = Json::array();
  std::size_t overdue = 0;
  for (const auto& item : state.items) {
    if (item.unit != unit || item.status == ItemStatus::Done || item.status == ItemStatus::DoneLate ||
        item.status == ItemStatus::Withdrawn)
      continue;
    overdue += item.status == ItemStatus::Overdue;
    items.push_back(rectification_item_json(item, snap.ws.registry, state.as_of));
  }
  const auto date = [](const std::optional<Date>& d) { return d ? Json(d->to_string()) : Json(nullptr); };
  return {{"enabled", snap.ws.scheme.rectification.enabled}, {"deadline", date(state.deadline)},
          {"draft", state.draft ? Json(state.draft->to_string()) : Json(nullptr)},
          {"open", items.size()}, {"overdue", overdue}, {"items", items}};
}

void home(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  auto snap = assessed_snapshot(api, *period, res);
  if (!snap) return;
  const Snapshot& s = **snap;
  auto unit = home_unit(caller, s, req, res);
  if (!unit) return;
  const auto state = followup_state(s, api.followup.followup_events(), cst_from_unix(api.now()));
  const Json progress = progress_json(s, std::nullopt);
  Json month_row = row_named(progress["units"], s.ws.registry.at(*unit).name);
  if (!month_row.is_null()) month_row["month"] = progress["month"];
  send_json(res, 200,
            {{"period", period_json(s.ws.period)},
             {"unit", standing_json(s, *unit)},
             {"progress", month_row},
             {"rectification", open_items_json(state, s, *unit)},
             {"live_scores", s.ws.scheme.workspace.live_scores == LiveScores::All ? "all" : "office"},
             {"published", is_published(state)},
             {"ranking_visible", score_view(api, caller, s) == ScoreView::Everything}});
}

} // namespace

void register_home_routes(Api& api) {
  api.http.Get(R"(/api/v1/periods/([^/]+)/home)", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = require(api, req, res, Need::Login, Access::Read)) home(api, *caller, req, res);
  });
}

} // namespace zwgk::server
