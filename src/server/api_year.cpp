// 年度: the annual assessment in the workspace — the year's quarters added
// up with the bonuses that accrue to the year and the penalties for items
// not put right in time (annual/year.h), the comparison between
// consecutive quarters with the rule changes that make them unlike, and the
// annual report's files (followup/year_report.h, as `zwgk report --year`).
//
// Every logged-in user may read the year, as they may read the rankings;
// the items themselves (with what units wrote) are the 整改 routes'. The
// year is worked out per request from the quarters' snapshots, as of the
// server's clock.
#include "server/api.h"

#include "followup/year_report.h"
#include "fs/process.h"
#include "render/year_tables.h"
#include "util/text.h"

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
  for (Period p : api.workspace.periods())
    if (p.year == year) out.push_back(p);
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
  const DateTime as_of = cst_time(api.now());
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
followup::AssessedYear assessed_year(const YearData& data) {
  followup::AssessedYear out;
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

Json unit_year_json(const annual::UnitYear& u, const annual::YearResult& year, const Registry& registry) {
  const Unit& unit = registry.at(u.unit);
  Json quarters = Json::array();
  for (std::size_t i = 0; i < u.quarters.size(); ++i) {
    const auto& q = u.quarters[i];
    quarters.push_back(q ? Json{{"period", year.quarters[i].to_string()}, {"total", q->total.to_string()}, {"rank", q->rank}}
                         : Json(nullptr));
  }
  return {{"name", unit.name},
          {"short_name", unit.display_name(NameStyle::Short)},
          {"quarters", quarters},
          {"quarter_score", u.quarter_score.to_string()},
          {"adoptions", u.adoptions},
          {"year_bonus", u.year_bonus.to_string()},
          {"unrectified", u.unrectified},
          {"late", u.late},
          {"penalty", u.penalty.to_string()},
          {"total", u.total.to_string()},
          {"rank", u.rank}};
}

// The files of the year's report, by name (nothing written).
std::vector<std::string> report_names(const followup::AssessedYear& assessed) {
  std::vector<std::string> out;
  auto files = followup::build_year_report(assessed, "/nonexistent");
  if (files)
    for (const auto& f : files->files) out.push_back(fs::display_name(f.path.filename()));
  return out;
}

Json year_json(const YearData& data) {
  const auto& scheme = data.latest().ws.scheme;
  const auto& registry = data.latest().ws.registry;
  const auto& year = data.result;
  Json quarters = Json::array(), missing = Json::array(), levels = Json::array(), sections = Json::array(),
       changes = Json::array();
  for (Period p : year.quarters) quarters.push_back(period_json(p));
  for (Period p : year.missing) missing.push_back(p.to_string());
  for (const auto& l : scheme.adoption_levels)
    levels.push_back({{"code", l.code}, {"points", l.points.to_string()},
                      {"accrual", l.accrual == Accrual::Quarter ? "quarter" : "year"}});
  for (const auto& s : year.sections) {
    const auto& section = scheme.sections[s.section];
    Json units = Json::array();
    for (UnitId id : s.order) units.push_back(unit_year_json(year.units[id], year, registry));
    sections.push_back({{"code", section.code}, {"title", section.title}, {"units", units}});
  }
  for (const auto& c : year.changes)
    changes.push_back({{"from", c.from.to_string()}, {"to", c.to.to_string()}, {"name", quarter_change_name(c)},
                       {"comparable", c.rules.empty()}, {"rules", c.rules}});
  std::vector<const annual::PeriodFollowup*> followups;
  for (const auto& f : data.followups) followups.push_back(&f);
  const auto& rule = scheme.rectification;
  return {{"year", year.year},
          {"title", scheme.district + substitute(scheme.year.title, {{"year", std::to_string(year.year)}})},
          {"as_of", year.as_of.to_string()},
          {"combine", scheme.year.combine == QuarterCombine::Sum ? "sum" : "mean"},
          {"combine_text", scheme.year.combine == QuarterCombine::Sum ? "各季度得分相加" : "各季度得分平均"},
          {"quarters", quarters},
          {"missing", missing},
          {"notes", missing_quarter_notes(year)},
          {"adoption_levels", levels},
          {"penalties", {{"enabled", rule.enabled},
                         {"unrectified", rule.unrectified_penalty.to_string()},
                         {"late", rule.late_penalty.to_string()}}},
          {"sections", sections},
          {"changes", changes},
          {"comparison", year.quarters.size() >= 2 ? table_json(lay_out_quarter_changes(year, scheme, registry))
                                                   : Json(nullptr)},
          {"downloads", report_names(assessed_year(data))}};
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
  if (!data) return;
  const std::string wanted = req.matches[2].str();
  auto temp = fs::TempDir::create();
  if (!temp) return send_error(res, 500, temp.error());
  auto report = followup::build_year_report(assessed_year(*data), temp->path());
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
    if (!require(api, req, res, Need::Login, Access::Read)) return;
    if (auto data = year_data(api, req, res)) send_json(res, 200, year_json(*data));
  });
  api.http.Get(R"(/api/v1/years/([^/]+)/report/([^/]+))", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = require(api, req, res, Need::Login, Access::Read)) download(api, *caller, req, res);
  });
}

} // namespace zwgk::server
