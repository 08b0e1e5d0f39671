// Issue 17: 网站采集 in the workspace (admin) — start a crawl of the period (CrawlJobs),
// follow its progress, see the last run's columns, each unit's crawled items with their
// links, and the proposals (stale columns, adoptions) to confirm or dismiss
// (app::decide_crawl_proposal, as `zwgk crawl confirm|dismiss`).
#include "server/api.h"

#include "app/crawl.h"
#include "fs/files.h"
#include "scheme/site_file.h"

#include <fmt/format.h>

namespace zwgk::server {
namespace {

Json progress_json(const CrawlJobs::Status& s) {
  const auto& p = s.progress;
  return {{"running", s.running},  {"period", s.period},        {"user", s.user},
          {"started_at", s.started_at}, {"pages", p.pages},    {"items", p.items},
          {"columns_done", p.columns_done}, {"columns", p.columns}, {"problems", p.problems},
          {"current", p.current},  {"error", s.error},          {"error_problems", problems_json(s.problems)}};
}

Json proposal_json(const store::CrawlProposal& p) {
  auto detail = Json::parse(p.detail, nullptr, false);
  return {{"id", p.id},
          {"kind", p.kind},
          {"unit", p.unit},
          {"detail", detail.is_discarded() ? Json::object() : detail},
          {"decision", std::string(store::proposal_decision_code(p.decision))},
          {"reason", p.reason},
          {"decided_by", p.decided_by},
          {"decided_at", p.decided_at}};
}

Json last_run_json(store::CrawlStore* state, Period period) {
  if (!state) return nullptr;
  for (const auto& run : state->crawl_runs(period.to_string())) {
    if (run.finished_at == 0) continue;
    auto summary = Json::parse(run.summary, nullptr, false);
    return {{"id", run.id}, {"user", run.user}, {"started_at", run.started_at}, {"finished_at", run.finished_at},
            {"summary", summary.is_discarded() ? Json::object() : summary}};
  }
  return nullptr;
}

// Whether the data directory has a site file, and how many columns it names.
Json site_json(const Api& api) {
  const auto path = api.workspace.dir() / std::string(k_site_file);
  auto text = fs::read_file(path, 4u << 20);
  if (!text) return {{"exists", false}};
  auto site = parse_site_file(*text, k_site_file);
  if (!site) return {{"exists", true}, {"problems", problems_json(site.error())}};
  return {{"exists", true}, {"columns", site->columns.size()}, {"portals", site->portals.size()}};
}

void status(Api& api, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  store::CrawlStore* state = api.workspace.app().stores().crawl;
  Json proposals = Json::array();
  if (state)
    for (const auto& p : state->proposals(period->to_string())) proposals.push_back(proposal_json(p));
  send_json(res, 200, {{"period", period->to_string()}, {"job", progress_json(api.crawls.status())},
                       {"site", site_json(api)}, {"last_run", last_run_json(state, *period)},
                       {"proposals", proposals}});
}

void items(Api& api, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  auto rows = api.workspace.app().entered_rows(*period, app::k_crawled_publications_file,
                                               {"单位", "标题", "发布日期", "链接", "栏目"});
  if (!rows) return send_error(res, rows.error());
  Json out = Json::array();
  for (const auto& r : *rows)
    out.push_back({{"unit", r.cells.at(0)}, {"title", r.cells.at(1)}, {"date", r.cells.at(2)}, {"url", r.cells.at(3)},
                   {"kind", r.cells.at(4)}});
  send_json(res, 200, {{"period", period->to_string()}, {"file", std::string(app::k_crawled_publications_file)},
                       {"items", out}});
}

void start(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  if (!api.crawls.start(api.workspace.app(), *period, actor_of(api, caller)))
    return send_error(res, 409, fmt::format("正在抓取 {}，请等这次抓取结束", api.crawls.status().period));
  send_json(res, 202, {{"started", true}, {"job", progress_json(api.crawls.status())}});
}

void decide(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  auto id = line_param(req, res, "抓取建议");
  if (!id) return;
  auto body = json_body(req, res);
  if (!body) return;
  const std::string decision = body_text(*body, "decision");
  if (decision != "confirm" && decision != "dismiss")
    return send_error(res, 400, "decision 应为 confirm（确认）或 dismiss（不采纳）");
  const std::string reason = body_text(*body, "reason");
  if (decision == "dismiss" && reason.empty()) return send_error(res, 400, "不采纳须写明理由");
  auto done = app::decide_crawl_proposal(
      api.workspace.app(), *period, static_cast<std::int64_t>(*id),
      decision == "confirm" ? store::ProposalDecision::Confirmed : store::ProposalDecision::Dismissed, reason,
      actor_of(api, caller));
  if (!done) return send_error(res, done.error());
  send_json(res, 200, {{"decided", true}});
}

} // namespace

void register_crawl_routes(Api& api) {
  const std::string base = R"(/api/v1/periods/([^/]+)/crawl)";
  api.http.Get(base, admin_only(api, Access::Read, [&api](const Caller&, const auto& req, auto& res) { status(api, req, res); }));
  api.http.Post(base, admin_only(api, Access::Write, [&api](const Caller& c, const auto& req, auto& res) { start(api, c, req, res); }));
  api.http.Get(base + "/items", admin_only(api, Access::Read, [&api](const Caller&, const auto& req, auto& res) { items(api, req, res); }));
  api.http.Post(base + R"(/proposals/([0-9]+))",
                admin_only(api, Access::Write, [&api](const Caller& c, const auto& req, auto& res) { decide(api, c, req, res); }));
}

} // namespace zwgk::server
