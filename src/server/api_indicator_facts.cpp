// Issue 16: 指标数据 entered in the web (admin) — the facts of the scheme's ratio, check and
// manual indicators (app/indicator_facts.cpp, 指标-在线录入.csv): the indicators that take
// them, the rows entered, one added, one deleted. Every change is checked as the pipeline
// reads it and audited by app::Workspace.
#include "server/api.h"

#include "util/text.h"

#include <fmt/format.h>

#include <charconv>

namespace zwgk::server {
namespace {

std::string text_of(const nlohmann::json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_string()) return {};
  return std::string(trim(it->get_ref<const std::string&>()));
}

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
  app::IndicatorFactEntry fact{text_of(*body, "unit"),      text_of(*body, "indicator"), text_of(*body, "item"),
                               text_of(*body, "numerator"), text_of(*body, "denominator"), text_of(*body, "result"),
                               text_of(*body, "points")};
  if (auto added = api.workspace.app().add_indicator_fact(*period, fact, actor_of(api, caller)); !added)
    return send_error(res, added.error());
  send_json(res, 201, {{"saved", true}});
}

void remove(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  const std::string text = req.matches[2].str();
  std::size_t line = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), line);
  if (ec != std::errc() || end != text.data() + text.size() || line == 0)
    return send_error(res, 404, fmt::format("没有编号为“{}”的指标数据", text));
  auto deleted = api.workspace.app().delete_indicator_fact(*period, line, actor_of(api, caller));
  if (!deleted) return send_error(res, deleted.error());
  send_json(res, 200, {{"deleted", fact_json(*deleted)}});
}

using Route = std::function<void(const Caller&, const httplib::Request&, httplib::Response&)>;

httplib::Server::Handler admin(Api& api, Access access, Route route) {
  return [&api, access, route](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = require(api, req, res, Need::Admin, access)) route(*caller, req, res);
  };
}

} // namespace

void register_indicator_fact_routes(Api& api) {
  const std::string base = R"(/api/v1/periods/([^/]+)/indicator-facts)";
  api.http.Get(base, admin(api, Access::Read, [&api](const Caller&, const auto& req, auto& res) { list(api, req, res); }));
  api.http.Post(base, admin(api, Access::Write, [&api](const Caller& c, const auto& req, auto& res) { add(api, c, req, res); }));
  const auto deletion = admin(api, Access::Write, [&api](const Caller& c, const auto& req, auto& res) { remove(api, c, req, res); });
  api.http.Delete(base + R"(/([0-9]+))", deletion);
  api.http.Post(base + R"(/([0-9]+)/delete)", deletion);
}

} // namespace zwgk::server
