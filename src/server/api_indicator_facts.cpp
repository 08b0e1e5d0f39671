// Issue 16: 指标数据 entered in the web (admin) — the facts of the scheme's ratio, check and
// manual indicators (app/indicator_facts.cpp, 指标-在线录入.csv): the indicators that take
// them, the rows entered, one added, one deleted. Every change is checked as the pipeline
// reads it and audited by app::Workspace.
#include "server/api.h"

#include <fmt/format.h>

namespace zwgk::server {
namespace {

Json fact_json(const app::EnteredIndicatorFact& f) {
  const auto& x = f.fact;
  return {{"line", f.line},          {"unit", x.unit},          {"indicator", x.indicator},
          {"item", x.item},          {"numerator", x.numerator}, {"denominator", x.denominator},
          {"result", x.result},      {"points", x.points}};
}

// The indicators whose facts are entered: "ratio" (分子/分母), "check" (结果), "manual" (得分).
Json enterable_json(const Scheme& scheme) {
  Json out = Json::array();
  for (const auto& i : scheme.indicators) {
    const char* form = i.rule == IndicatorRule::Ratio   ? "ratio"
                       : i.rule == IndicatorRule::Check ? "check"
                       : i.rule == IndicatorRule::Manual ? "manual"
                                                        : nullptr;
    if (!form) continue;
    out.push_back({{"code", i.code}, {"name", i.name.empty() ? i.code : i.name}, {"form", form},
                   {"full_marks", i.full_marks ? Json(i.full_marks->to_string()) : Json(nullptr)}});
  }
  return out;
}

void list(Api& api, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  auto rows = api.workspace.app().entered_indicator_facts(*period);
  if (!rows) return send_error(res, rows.error());
  Diagnostics ignored;  // a broken scheme is reported by every other page
  const Scheme scheme = ingest::load_scheme(api.workspace.dir(), ignored).value_or(Scheme{});
  Json out = Json::array();
  for (const auto& f : *rows) out.push_back(fact_json(f));
  send_json(res, 200, {{"period", period->to_string()}, {"indicators", enterable_json(scheme)}, {"facts", out}});
}

void add(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  auto body = json_body(req, res);
  if (!body) return;
  app::IndicatorFactEntry fact{body_text(*body, "unit"),      body_text(*body, "indicator"), body_text(*body, "item"),
                               body_text(*body, "numerator"), body_text(*body, "denominator"), body_text(*body, "result"),
                               body_text(*body, "points")};
  if (auto added = api.workspace.app().add_indicator_fact(*period, fact, actor_of(api, caller)); !added)
    return send_error(res, added.error());
  send_json(res, 201, {{"saved", true}});
}

void remove(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  auto line = line_param(req, res, "指标数据");
  if (!line) return;
  auto deleted = api.workspace.app().delete_indicator_fact(*period, *line, actor_of(api, caller));
  if (!deleted) return send_error(res, deleted.error());
  send_json(res, 200, {{"deleted", fact_json(*deleted)}});
}

} // namespace

void register_indicator_fact_routes(Api& api) {
  const std::string base = R"(/api/v1/periods/([^/]+)/indicator-facts)";
  api.http.Get(base, admin_only(api, Access::Read, [&api](const Caller&, const auto& req, auto& res) { list(api, req, res); }));
  api.http.Post(base, admin_only(api, Access::Write, [&api](const Caller& c, const auto& req, auto& res) { add(api, c, req, res); }));
  const auto deletion = admin_only(api, Access::Write, [&api](const Caller& c, const auto& req, auto& res) { remove(api, c, req, res); });
  api.http.Delete(base + R"(/([0-9]+))", deletion);
  api.http.Post(base + R"(/([0-9]+)/delete)", deletion);
}

} // namespace zwgk::server
