// 季度: a period's lifecycle in the workspace (app/period.cpp) — the list
// with each period's status, creating a period with its bulletin fields
// (the deadline proposed from the working-day calendar), editing those
// fields, whether the bulletin is ready to publish and download (the
// reasons why not), and the findings entered in the web, each deletable.
// Every change is the administrator's, audited by app::Workspace.
#include "server/api.h"

#include "publish/report.h"

#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace zwgk::server {
namespace {

// A date field ("2021-01-14" or "2021年1月14日"); nullopt when empty, an
// error message when malformed.
std::expected<std::optional<Date>, std::string> date_field(const nlohmann::json& body, const char* key,
                                                          std::string_view name) {
  const std::string text = body_text(body, key);
  if (text.empty()) return std::nullopt;
  if (auto d = parse_date(text)) return d;
  return std::unexpected(fmt::format("{}“{}”应为日期，如 2021-01-14", name, text));
}

std::optional<app::PeriodFields> fields_of(const nlohmann::json& body, httplib::Response& res) {
  auto published = date_field(body, "published", "成文日期");
  if (!published) return send_error(res, 422, published.error()), std::nullopt;
  auto deadline = date_field(body, "deadline", "整改期限");
  if (!deadline) return send_error(res, 422, deadline.error()), std::nullopt;
  return app::PeriodFields{*published, *deadline, std::nullopt};
}

// Issue 16: the new period's own 考核期 ("from", "to"): both or neither.
bool window_of(const nlohmann::json& body, app::PeriodFields& fields, httplib::Response& res) {
  auto from = date_field(body, "from", "考核期的第一天");
  if (!from) return send_error(res, 422, from.error()), false;
  auto to = date_field(body, "to", "考核期的最后一天");
  if (!to) return send_error(res, 422, to.error()), false;
  if (from->has_value() != to->has_value())
    return send_error(res, 422, "考核期的第一天和最后一天要一起填写（都不填时按考核方案）"), false;
  if (*from) fields.window = DateWindow{**from, **to};
  return true;
}

Json date_json(const std::optional<Date>& d) { return d ? Json(d->to_string()) : Json(nullptr); }

Json fields_json(const app::PeriodFields& f) {
  return {{"published", date_json(f.published)}, {"deadline", date_json(f.deadline)}};
}

// A period id from a request: "2020Q4"; the message names the expected form.
std::optional<Period> period_text(const std::string& text, httplib::Response& res) {
  auto period = Period::parse(text);
  if (!period)
    send_error(res, 422, fmt::format("季度“{}”写法不对：应写成年份加季度，如 2020Q4"
                                     "（按月考核写 2020-08，半年写 2020H1，全年写 2020）", text));
  return period;
}

void create(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto body = json_body(req, res);
  if (!body) return;
  auto period = period_text(body_text(*body, "period"), res);
  if (!period) return;
  auto fields = fields_of(*body, res);
  if (!fields || !window_of(*body, *fields, res)) return;
  auto created = api.workspace.app().create_period(*period, *fields, actor_of(api, caller));
  if (!created) return send_error(res, created.error());
  Json out = period_entry_json(api.workspace.app().period_info(*period));
  out["fields"] = fields_json(*created);
  send_json(res, 201, out);
}

void proposal(Api& api, const httplib::Request& req, httplib::Response& res) {
  auto period = period_text(req.get_param_value("period"), res);
  if (!period) return;
  auto published = parse_date(trim(req.get_param_value("published")));
  if (!published) return send_error(res, 422, "成文日期应为日期，如 2021-01-14");
  auto deadline = api.workspace.app().proposed_deadline(*period, *published);
  if (!deadline) return send_error(res, deadline.error());
  send_json(res, 200, {{"period", period->to_string()}, {"published", published->to_string()},
                       {"deadline", deadline->to_string()}});
}

void fields(Api& api, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  auto current = api.workspace.app().period_fields(*period);
  if (!current) return send_error(res, current.error());
  send_json(res, 200, fields_json(*current));
}

void save_fields(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  auto body = json_body(req, res);
  if (!body) return;
  auto wanted = fields_of(*body, res);
  if (!wanted) return;
  auto saved = api.workspace.app().save_period_fields(*period, *wanted, actor_of(api, caller));
  if (!saved) return send_error(res, saved.error());
  send_json(res, 200, fields_json(*saved));
}

void ready(Api& api, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  auto reasons = readiness_reasons(api, *period, res);
  if (!reasons) return;
  Json out = period_entry_json(api.workspace.app().period_info(*period));
  out["ready"] = reasons->empty();
  out["reasons"] = *reasons;
  send_json(res, 200, out);
}

Json finding_json(const app::EnteredFinding& f) {
  return {{"line", f.line}, {"unit", f.unit}, {"code", f.code}, {"quantity", f.quantity}, {"note", f.note}};
}

void entered(Api& api, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  auto rows = api.workspace.app().entered_findings(*period);
  if (!rows) return send_error(res, rows.error());
  Json list = Json::array();
  for (const auto& f : *rows) list.push_back(finding_json(f));
  send_json(res, 200, {{"period", period->to_string()}, {"findings", list}});
}

void delete_finding(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  auto line = line_param(req, res, "检查问题");
  if (!line) return;
  auto deleted = api.workspace.app().delete_finding(*period, *line, actor_of(api, caller));
  if (!deleted) return send_error(res, deleted.error());
  send_json(res, 200, {{"deleted", finding_json(*deleted)}});
}

} // namespace

Json period_entry_json(const app::PeriodInfo& info) {
  Json out = period_json(info.period);
  out["has_data"] = info.has_data;
  out["status"] = app::period_status_name(info.status);
  out["status_code"] = app::period_status_code(info.status);
  return out;
}

// 公示 is not among the period's actions while the bulletin is not ready:
// its refusal lists the reasons (readiness_reasons). False after sending an error.
bool refuse_unready_draft(const Api& api, Period period, Json& state, httplib::Response& res) {
  if (!state.contains("period_actions")) return true;
  auto& actions = state["period_actions"];
  const std::string draft(followup_kind_code(FollowupKind::Draft));
  auto it = std::find(actions.begin(), actions.end(), draft);
  if (it == actions.end()) return true;
  auto reasons = readiness_reasons(api, period, res);
  if (!reasons) return false;
  if (reasons->empty()) return true;
  actions.erase(it);
  state["period_refusals"][draft] = join(*reasons, "；");
  state["draft_blockers"] = *reasons;
  return true;
}

std::optional<std::vector<std::string>> readiness_reasons(const Api& api, Period period, httplib::Response& res) {
  auto snap = snapshot_or_error(api, period, res);
  if (!snap) return std::nullopt;
  const bool has_data = ingest::has_data(api.workspace.dir(), period);
  auto reasons = app::readiness(**snap, has_data, app::BulletinCheck::Skip);
  if (!(*snap)->result) return reasons;
  // The bulletin as downloads build it, once per data version (BulletinCache).
  auto files = api.bulletins.files(*snap);
  if (files || files.error().kind == publish::ReportFailure::Kind::Tool) return reasons;
  for (auto& reason : app::bulletin_reasons(files.error().problems, files.error().message))
    if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end()) reasons.push_back(std::move(reason));
  return reasons;
}

void send_not_ready(httplib::Response& res, int status, std::string_view what, Period period,
                    const std::vector<std::string>& reasons) {
  send_json(res, status, {{"error", fmt::format("{} 还不能{}：{}", period.to_string(), what, join(reasons, "；"))},
                          {"reasons", reasons}});
}

void register_period_routes(Api& api) {
  const std::string period = R"(/api/v1/periods/([^/]+))";
  api.http.Post("/api/v1/periods", admin_only(api, Access::Write, [&api](const Caller& c, const auto& req, auto& res) {
                  create(api, c, req, res);
                }));
  api.http.Get("/api/v1/period-deadline", admin_only(api, Access::Read, [&api](const Caller&, const auto& req, auto& res) {
                 proposal(api, req, res);
               }));
  api.http.Get(period + "/fields", admin_only(api, Access::Read, [&api](const Caller&, const auto& req, auto& res) {
                 fields(api, req, res);
               }));
  api.http.Put(period + "/fields", admin_only(api, Access::Write, [&api](const Caller& c, const auto& req, auto& res) {
                 save_fields(api, c, req, res);
               }));
  api.http.Get(period + "/readiness", [&api](const httplib::Request& req, httplib::Response& res) {
    if (require(api, req, res, Need::Login, Access::Read)) ready(api, req, res);
  });
  api.http.Get(period + "/findings/entered", admin_only(api, Access::Read, [&api](const Caller&, const auto& req, auto& res) {
                 entered(api, req, res);
               }));
  const auto remove = admin_only(api, Access::Write, [&api](const Caller& c, const auto& req, auto& res) {
    delete_finding(api, c, req, res);
  });
  api.http.Delete(period + R"(/findings/([0-9]+))", remove);
  api.http.Post(period + R"(/findings/([0-9]+)/delete)", remove);
}

} // namespace zwgk::server
