// Issue 18: the city's view of its districts in the workspace — every district of the
// city's 区县.toml with its period's status and, once published, its figures and its
// bulletin's ranking tables (app::district_standings, as `zwgk city show`). The office and
// viewers see every district; a unit user (a district's liaison at the city) only its own,
// without where it is kept. POST …/districts/gather (the office): app::gather_districts, as
// `zwgk city gather` — the figures written as the period's 指标-区县结果.csv.
// Worked out per request from the districts' own workspaces (no cache yet).
#include "server/api.h"

#include "app/city.h"

#include <filesystem>

namespace zwgk::server {
namespace {

constexpr std::string_view k_no_districts = "本工作台没有区县（数据目录中没有 区县.toml）";

bool has_districts(const Api& api) {
  return std::filesystem::exists(api.workspace.dir() / std::string(k_district_file));
}

enum class Source { Shown, Hidden };

Json district_json(const app::DistrictResult& d, Source source) {
  Json figures = Json::object();
  for (const auto& [name, value] : d.figures) figures[name] = value.to_string();
  Json tables = Json::array();
  for (const auto& t : d.tables) {
    Json rows = Json::array();
    for (const auto& r : t.rows) rows.push_back({{"rank", r.rank}, {"unit", r.unit}, {"total", r.total.to_string()}});
    tables.push_back({{"title", t.title}, {"rows", rows}});
  }
  return {{"unit", d.unit},
          {"source", source == Source::Shown ? d.source : std::string()},
          {"status", std::string(app::period_status_name(d.status))},
          {"status_code", std::string(app::period_status_code(d.status))},
          {"figures", figures},
          {"tables", tables}};
}

void districts(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  if (!has_districts(api)) return send_error(res, 404, std::string(k_no_districts));
  auto standings = app::district_standings(api.workspace.app(), *period);
  if (!standings) return send_error(res, standings.error());
  const bool unit_user = caller.user.role == store::Role::Unit;
  Json out = Json::array();
  for (const auto& d : *standings)
    if (!unit_user || d.unit == caller.user.unit) out.push_back(district_json(d, unit_user ? Source::Hidden : Source::Shown));
  send_json(res, 200, {{"period", period->to_string()}, {"districts", out}});
}

void gather(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  if (!has_districts(api)) return send_error(res, 404, std::string(k_no_districts));
  auto gathered = app::gather_districts(api.workspace.app(), *period, actor_of(api, caller));
  if (!gathered) return send_error(res, gathered.error());
  Json out = Json::array();
  for (const auto& d : gathered->districts) out.push_back(district_json(d, Source::Shown));
  send_json(res, 200, {{"period", period->to_string()}, {"path", gathered->path}, {"changed", gathered->changed},
                       {"districts", out}});
}

} // namespace

Json workspace_json(const Api& api) { return {{"districts", has_districts(api)}}; }

void register_district_routes(Api& api) {
  api.http.Get(R"(/api/v1/periods/([^/]+)/districts)", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = require(api, req, res, Need::Login, Access::Read)) districts(api, *caller, req, res);
  });
  api.http.Post(R"(/api/v1/periods/([^/]+)/districts/gather)",
                admin_only(api, Access::Write, [&api](const Caller& c, const auto& req, auto& res) { gather(api, c, req, res); }));
}

} // namespace zwgk::server
