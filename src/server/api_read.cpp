// The reading routes: scheme, periods, ranking, progress, trends, unit details.
// Before a period's 公示 what a non-administrator sees of its scores follows
// the district's live_scores setting (server/live_scores.h).
#include "server/api.h"
#include "server/live_scores.h"

#include <fmt/format.h>

namespace zwgk::server {
namespace {

using Handler = std::function<void(const Caller&, const Snapshot&, const httplib::Request&, httplib::Response&)>;

// A GET route over one period's assessed results, for any logged-in user.
void period_route(Api& api, const std::string& pattern, Handler handler) {
  api.http.Get(pattern, [&api, handler](const httplib::Request& req, httplib::Response& res) {
    auto caller = require(api, req, res, Need::Login, Access::Read);
    if (!caller) return;
    permit_replay(*caller);
    auto period = period_param(api, req, res);
    if (!period) return;
    // A period without data has not started: its figures (everyone at the
    // quota's deduction) would only mislead.
    if (!api.workspace.has_data(*period))
      return send_json(res, 409, {{"error", fmt::format("{} 未开始：还没有任何数据文件", period->to_string())},
                                  {"status", "未开始"}, {"status_code", "not_started"}});
    auto snap = snapshot_or_error(api, *period, res);
    if (!snap) return;
    if (!(*snap)->result) {
      send_error(res, 422, fmt::format("{}的数据有 {} 个错误，请先在“数据录入”中改正", period->to_string(),
                                       (*snap)->problems.error_count()),
                 &(*snap)->problems);
      return;
    }
    handler(*caller, **snap, req, res);
  });
}

// Keeps the rows of `rows` named `unit`.
void only_unit(Json& rows, const std::string& unit) {
  Json kept = Json::array();
  for (auto& row : rows)
    if (row["name"] == unit) kept.push_back(std::move(row));
  rows = std::move(kept);
}

void unit_detail(Api& api, const Caller& caller, const Snapshot& snap, const httplib::Request& req,
                 httplib::Response& res) {
  const std::string name = req.matches[2].str();
  auto id = snap.ws.registry.resolve(name);
  if (!id) {
    std::string hint;
    for (const auto& s : snap.ws.registry.suggest(name)) hint += (hint.empty() ? "" : "、") + s;
    send_error(res, 404, fmt::format("没有单位“{}”{}", name, hint.empty() ? "" : "；是否指：" + hint + "？"));
    return;
  }
  const Unit& unit = snap.ws.registry.at(*id);
  if (caller.user.role == store::Role::Unit && caller.user.unit != unit.name) {
    send_error(res, 403, "无权查看其他单位的详情");
    return;
  }
  if (score_view(api, caller, snap) == ScoreView::Nothing) return send_error(res, 403, std::string(k_unpublished_message));
  Json history = Json::array();
  for (Period p : api.workspace.periods()) {
    auto other = api.workspace.snapshot(p);
    if (!other || !(*other)->result || score_view(api, caller, **other) == ScoreView::Nothing) continue;
    auto other_id = (*other)->ws.registry.resolve(unit.name);
    if (!other_id) continue;
    Json entry{{"period", p.to_string()}, {"total", (*other)->result->units[*other_id].total.to_string()}};
    Json placement = placement_json(**other, *other_id);
    entry["table"] = placement.is_null() ? Json(nullptr) : placement["table"];
    entry["rank"] = placement.is_null() ? Json(nullptr) : placement["rank"];
    history.push_back(entry);
  }
  // The unit's own part is the same for everyone who may see it: made once per assessment.
  const std::string& unit_text = snap.rendered("unit " + unit.name, [&] { return json_text(unit_json(snap, *id)); });
  send_rendered(res, R"({"unit":)" + unit_text + R"(,"history":)" + json_text(history) + "}");
}

// Periods whose scores the caller may not all see are left out.
void trends(Api& api, const httplib::Request& req, httplib::Response& res) {
  auto caller = require(api, req, res, Need::Login, Access::Read);
  if (!caller) return;
  permit_replay(*caller);
  Json periods = Json::array();
  for (Period p : api.workspace.periods()) {
    auto snap = api.workspace.snapshot(p);
    if (snap && (!(*snap)->result || score_view(api, *caller, **snap) == ScoreView::Everything))
      periods.push_back(trend_json(**snap));
  }
  send_json(res, 200, {{"periods", periods}});
}

void periods(Api& api, const httplib::Request& req, httplib::Response& res) {
  auto caller = require(api, req, res, Need::Login, Access::Read);
  if (!caller) return;
  permit_replay(*caller);
  // latest: the newest period with data (a period just created is 未开始, not everyone's default).
  const auto listed = api.workspace.period_list();
  Json list = Json::array();
  for (const auto& info : listed.periods) list.push_back(period_entry_json(info));
  const auto& latest = listed.latest;
  send_json(res, 200, {{"periods", list}, {"latest", latest ? Json(latest->to_string()) : Json(nullptr)}});
}

void scheme(Api& api, const httplib::Request& req, httplib::Response& res) {
  auto caller = require(api, req, res, Need::Login, Access::Read);
  if (!caller) return;
  permit_replay(*caller);
  auto all = api.workspace.periods();
  if (all.empty()) return send_error(res, 404, "数据目录中还没有季度文件夹");
  auto snap = snapshot_or_error(api, all.back(), res);
  if (snap) send_json(res, 200, scheme_json((*snap)->ws.scheme));
}

} // namespace

void register_read_routes(Api& api) {
  register_home_routes(api);
  register_period_routes(api);
  register_indicator_fact_routes(api);
  register_crawl_routes(api);
  api.http.Get("/api/v1/periods", [&api](const auto& req, auto& res) { periods(api, req, res); });
  api.http.Get("/api/v1/scheme", [&api](const auto& req, auto& res) { scheme(api, req, res); });
  api.http.Get("/api/v1/trends", [&api](const auto& req, auto& res) { trends(api, req, res); });
  period_route(api, R"(/api/v1/periods/([^/]+)/ranking)",
               [&api](const Caller& caller, const Snapshot& snap, const auto&, auto& res) {
                 if (!require_everything(api, caller, snap, res)) return;
                 send_rendered(res, snap.rendered("ranking", [&snap] { return json_text(ranking_json(snap)); }));
               });
  period_route(api, R"(/api/v1/periods/([^/]+)/progress)",
               [&api](const Caller& caller, const Snapshot& snap, const httplib::Request& req,
                      httplib::Response& res) {
                 const ScoreView view = score_view(api, caller, snap);
                 if (view == ScoreView::Nothing) return send_error(res, 403, std::string(k_unpublished_message));
                 std::optional<YearMonth> month;
                 if (req.has_param("month")) {
                   month = YearMonth::parse(req.get_param_value("month"));
                   if (!month || !snap.ws.period.contains(*month))
                     return send_error(res, 400, "month 应为本季度内的月份，如 2020-09");
                 }
                 if (view == ScoreView::Everything)  // the same for everyone: made once per assessment
                   return send_rendered(res, snap.rendered("progress " + (month ? month->to_string() : std::string()),
                                                           [&] { return json_text(progress_json(snap, month)); }));
                 Json body = progress_json(snap, month);
                 only_unit(body["units"], caller.user.unit);
                 send_json(res, 200, body);
               });
  period_route(api, R"(/api/v1/periods/([^/]+)/units/([^/]+))",
               [&api](const Caller& caller, const Snapshot& snap, const auto& req, auto& res) {
                 unit_detail(api, caller, snap, req, res);
               });
}

} // namespace zwgk::server
