// 年度: the annual assessment in the workspace — the year's quarters added
// up with the bonuses that accrue to the year and the penalties for items
// not put right in time (annual/year.h), the comparison between
// consecutive quarters with the rule changes that make them unlike, and the
// annual report's files (app/year_report.h, as `zwgk report --year`).
//
// Every logged-in user may read the year, as they may read the rankings;
// the items themselves (with what units wrote) are the 整改 routes'. The
// year is worked out per request from the quarters' snapshots, as of the
// server's clock.
#include "server/api.h"
#include "server/live_scores.h"

#include "app/year_report.h"
#include "fs/process.h"
#include "render/year_json.h"
#include "render/year_tables.h"

#include <fmt/format.h>

#include <charconv>
#include <map>

namespace zwgk::server {
namespace {

struct YearData {
  int year = 0;
  std::vector<SnapshotPtr> snaps;                 // the year's quarters, oldest first
  std::vector<annual::PeriodFollowup> followups;  // one per snapshot
  annual::YearResult result;
  // The year's rules and units: its latest quarter's.
  const Snapshot& latest() const { return *snaps.back(); }
};

std::vector<Period> quarters_of(const Api& api, int year) {
  std::vector<Period> out;
  // As app::assess_year: a quarter without data (未开始) is not added up.
  for (Period p : api.workspace.periods())
    if (p.year == year && ingest::has_data(api.workspace.dir(), p)) out.push_back(p);
  return out;
}

// The year of the route's first parameter, assessed; nullopt after sending 404/422.
std::optional<YearData> year_data(const Api& api, const httplib::Request& req, httplib::Response& res) {
  const std::string text = req.matches[1].str();
  int year = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
  const auto periods = ec == std::errc() && end == text.data() + text.size() ? quarters_of(api, year)
                                                                             : std::vector<Period>{};
  if (periods.empty()) {
    send_error(res, 404, fmt::format("数据目录中没有 {} 年的季度文件夹", text));
    return std::nullopt;
  }
  YearData out;
  out.year = year;
  const auto events = api.followup.followup_events();
  const DateTime as_of = cst_from_unix(api.now());
  for (Period p : periods) {
    auto snap = assessed_snapshot(api, p, res);
    if (!snap) return std::nullopt;
    out.followups.push_back(followup_state(**snap, events, as_of));
    out.snaps.push_back(*snap);
  }
  std::vector<annual::QuarterInput> inputs;
  for (std::size_t i = 0; i < out.snaps.size(); ++i)
    inputs.push_back({out.snaps[i]->ws.period, &out.snaps[i]->ws.scheme, &*out.snaps[i]->result, &out.followups[i]});
  out.result = annual::assess_year(year, out.latest().ws.registry, out.latest().ws.scheme, inputs, as_of);
  return out;
}

// The year as `zwgk report --year` sees it (copies of the snapshots' data).
app::AssessedYear assessed_year(const YearData& data) {
  app::AssessedYear out;
  for (std::size_t i = 0; i < data.snaps.size(); ++i)
    out.quarters.push_back({data.snaps[i]->ws, *data.snaps[i]->result, data.followups[i]});
  out.year = data.result;
  return out;
}

Json table_json(const LaidOutTable& t) {
  Json header = Json::array();
  for (const auto& c : t.header)
    header.push_back({{"text", c.text}, {"row", c.row}, {"column", c.column}, {"row_span", c.row_span},
                      {"column_span", c.column_span}});
  return {{"id", t.id}, {"title", t.title}, {"header_rows", t.header_rows}, {"columns", t.columns},
          {"header", header}, {"rows", t.rows}, {"numeric_columns", t.numeric_columns}, {"lines", t.lines},
          {"note", t.note}};
}

// The files of the year's report, by name (nothing written).
std::vector<std::string> report_names(const app::AssessedYear& assessed) {
  std::vector<std::string> out;
  auto files = app::build_year_report(assessed, "/nonexistent");
  if (files)
    for (const auto& f : files->files) out.push_back(fs::display_name(f.path.filename()));
  return out;
}

// The year's document ("zwgk.year", as 年度考核.json) and what the page adds:
// the laid-out comparison table and the report's file names.
Json year_reply(const YearData& data) {
  const auto& scheme = data.latest().ws.scheme;
  const auto& registry = data.latest().ws.registry;
  std::vector<const annual::PeriodFollowup*> followups;
  for (const auto& f : data.followups) followups.push_back(&f);
  Json out = year_json(data.result, followups, scheme, registry);
  out["comparison"] = data.result.quarters.size() >= 2
                          ? table_json(lay_out_quarter_changes(data.result, scheme, registry))
                          : Json(nullptr);
  out["downloads"] = report_names(assessed_year(data));
  return out;
}

void years(Api& api, httplib::Response& res) {
  std::map<int, Json> by_year;
  for (Period p : api.workspace.periods()) {
    auto& entry = by_year[p.year];
    if (entry.is_null()) entry = {{"year", p.year}, {"quarters", Json::array()}};
    entry["quarters"].push_back(period_json(p));
  }
  Json list = Json::array();
  for (auto& [year, entry] : by_year) list.push_back(std::move(entry));
  send_json(res, 200, {{"years", list}, {"latest", by_year.empty() ? Json(nullptr) : Json(by_year.rbegin()->first)}});
}

std::string content_type(const std::string& name) {
  if (name.ends_with(".xlsx")) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (name.ends_with(".html")) return "text/html; charset=utf-8";
  if (name.ends_with(".json")) return "application/json; charset=utf-8";
  return "text/csv; charset=utf-8";
}

void download(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto data = year_data(api, req, res);
  if (!data || !year_visible(caller, data->snaps, data->followups, res)) return;
  const std::string wanted = req.matches[2].str();
  auto temp = fs::TempDir::create();
  if (!temp) return send_error(res, 500, temp.error());
  auto report = app::build_year_report(assessed_year(*data), temp->path());
  if (!report) return send_error(res, 500, report.error());
  auto it = std::find_if(report->files.begin(), report->files.end(),
                         [&](const fs::OutputFile& f) { return fs::display_name(f.path.filename()) == wanted; });
  if (it == report->files.end()) return send_error(res, 404, fmt::format("年度报告中没有文件“{}”", wanted));
  if (auto written = fs::write_files_atomically({*it}); !written) return send_error(res, 500, written.error());
  auto content = fs::read_file(it->path);
  if (!content) return send_error(res, 500, content.error());
  auto audited = api.store.append_audit(
      {0, api.now(), caller.user.name, "生成年度考核", fmt::format("{}/{}", data->year, wanted), ""});
  if (!audited) return send_error(res, 500, "写审计日志失败：" + audited.error());
  res.set_header("Content-Disposition", attachment_header(wanted, "year-report"));
  res.set_header("Cache-Control", "no-store");
  res.set_content(std::move(*content), content_type(wanted));
}

} // namespace

void register_year_routes(Api& api) {
  api.http.Get("/api/v1/years", [&api](const httplib::Request& req, httplib::Response& res) {
    if (require(api, req, res, Need::Login, Access::Read)) years(api, res);
  });
  api.http.Get(R"(/api/v1/years/([^/]+))", [&api](const httplib::Request& req, httplib::Response& res) {
    auto caller = require(api, req, res, Need::Login, Access::Read);
    if (!caller) return;
    auto data = year_data(api, req, res);
    if (data && year_visible(*caller, data->snaps, data->followups, res)) send_json(res, 200, year_reply(*data));
  });
  api.http.Get(R"(/api/v1/years/([^/]+)/report/([^/]+))", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = require(api, req, res, Need::Login, Access::Read)) download(api, *caller, req, res);
  });
}

} // namespace zwgk::server
