// Issue 18: the city's view of its districts in the workspace — every district of the
// city's 区县.toml with its period's status and, once published, its figures and its
// bulletin's ranking tables (app::district_standings, as `zwgk city show`). The office and
// viewers see every district; a unit user (a district's liaison at the city) only its own.
// Worked out per request from the districts' own workspaces (no cache yet).
#include "server/api.h"

#include "app/city.h"

#include <filesystem>

namespace zwgk::server {
namespace {

Json district_json(const app::DistrictResult& d) {
  Json figures = Json::object();
  for (const auto& [name, value] : d.figures) figures[name] = value.to_string();
  Json tables = Json::array();
  for (const auto& t : d.tables) {
    Json rows = Json::array();
    for (const auto& r : t.rows) rows.push_back({{"rank", r.rank}, {"unit", r.unit}, {"total", r.total.to_string()}});
    tables.push_back({{"title", t.title}, {"rows", rows}});
  }
  return {{"unit", d.unit},
          {"source", d.source},
          {"status", std::string(app::period_status_name(d.status))},
          {"status_code", std::string(app::period_status_code(d.status))},
          {"figures", figures},
          {"tables", tables}};
}

void districts(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  if (!std::filesystem::exists(api.workspace.dir() / std::string(k_district_file)))
    return send_error(res, 404, "本工作台没有区县（数据目录中没有 区县.toml）");
  auto standings = app::district_standings(api.workspace.app(), *period);
  if (!standings) return send_error(res, standings.error());
  Json out = Json::array();
  for (const auto& d : *standings)
    if (caller.user.role != store::Role::Unit || d.unit == caller.user.unit) out.push_back(district_json(d));
  send_json(res, 200, {{"period", period->to_string()}, {"districts", out}});
}

} // namespace

void register_district_routes(Api& api) {
  api.http.Get(R"(/api/v1/periods/([^/]+)/districts)", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = require(api, req, res, Need::Login, Access::Read)) districts(api, *caller, req, res);
  });
}

} // namespace zwgk::server
