#include "server/views.h"

#include "engine/completeness.h"
#include "engine/narrative.h"
#include "engine/progress.h"
#include "render/json.h"
#include "render/layout.h"
#include "render/text_queries.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>

namespace zwgk::server {
namespace {

const TableResult* score_table_of(const Snapshot& snap, UnitId unit, const TableRow** row) {
  for (const auto& table : snap.result->tables) {
    if (snap.ws.scheme.tables[table.spec].kind != TableKind::Scores) continue;
    for (const auto& r : table.rows)
      if (r.unit == unit) {
        *row = &r;
        return &table;
      }
  }
  return nullptr;
}

Json sections_json(const Scheme& scheme) {
  Json out = Json::array();
  for (const auto& s : scheme.sections) out.push_back({{"code", s.code}, {"title", s.title}});
  return out;
}

} // namespace

Json problems_json(const Diagnostics& problems) {
  Json out = Json::array();
  for (const auto& d : problems.entries())
    out.push_back({{"severity", d.severity == Severity::Error ? "error" : "warning"},
                   {"file", d.where.file},
                   {"sheet", d.where.sheet},
                   {"line", d.where.line},
                   {"column", d.where.column},
                   {"column_name", d.where.column_name},
                   {"message", d.message},
                   {"text", d.to_string()}});
  return out;
}

void add_problems(Json& body, const Diagnostics& problems) {
  body["problems"] = problems_json(problems);
  body["problems_total"] = problems.total_count();
  body["problems_omitted"] = problems.omitted_count();
  body["error_count"] = problems.error_count();
  body["problems_note"] = omitted_note(problems);
}

Json scheme_json(const Scheme& scheme) {
  Json findings = Json::array();
  for (const auto& f : scheme.finding_types)
    findings.push_back({{"code", f.code}, {"reason", f.reason}, {"points", f.points.to_string()}});
  const auto& p = scheme.publication;
  return {{"name", scheme.name},
          {"district", scheme.district},
          {"issuer", scheme.issuer},
          {"sections", sections_json(scheme)},
          {"findings", findings},
          {"adoption_levels", adoption_levels_json(scheme)},
          {"indicator_facts", std::any_of(scheme.indicators.begin(), scheme.indicators.end(), [](const Indicator& i) {
             return i.rule == IndicatorRule::Ratio || i.rule == IndicatorRule::Check || i.rule == IndicatorRule::Manual;
           })},
          {"publication",
           {{"points_per_item", p.points_per_item.to_string()},
            {"monthly_cap", p.monthly_cap ? Json(p.monthly_cap->to_string()) : Json(nullptr)}}}};
}

// Issue 16: the columns of an indicator or count table, as the ranking page shows them:
// key (what each unit's `values` is keyed by), title and the full marks under it. 合计 (and
// 评级, added by the caller) come first, so that a page narrower than the table shows them.
struct Column {
  std::string key, title, marks;
};

std::vector<Column> generic_columns(const Scheme& scheme, const TableSpec& spec) {
  std::vector<Column> out;
  if (spec.kind == TableKind::Counts) {
    for (const auto& f : spec.figures) out.push_back({"f:" + f.name, scheme.figure_heading(f), ""});
    return out;
  }
  out.push_back({"total", "合计", ""});
  for (const auto& code : spec.indicators)
    out.push_back({"i:" + code, indicator_heading(scheme, code), full_marks_heading(scheme, code)});
  return out;
}

std::string generic_value(const Scheme& scheme, const UnitScore& s, const std::string& key) {
  if (key == "total") return s.total.to_string();
  if (key.starts_with("f:"))
    if (auto f = scheme.parse_figure(key.substr(2))) return figure_value(scheme, s, *f).to_string();
  if (key.starts_with("i:"))
    if (auto i = scheme.find_indicator(key.substr(2)); i && *i < s.indicators.size())
      return s.indicators[*i].points.to_string();
  return {};
}

// The ranking of a scheme without a score table (issue 16's indicator trees and count-only
// bulletins): every unit of its indicator and count tables, with those tables' columns.
Json generic_ranking_json(const Snapshot& snap) {
  const auto& result = *snap.result;
  const Scheme& scheme = snap.ws.scheme;
  Json units = Json::array(), columns = Json::array();
  std::vector<std::string> keys;
  auto add_column = [&](const Column& c) {
    if (std::find(keys.begin(), keys.end(), c.key) != keys.end()) return;
    keys.push_back(c.key);
    columns.push_back({{"key", c.key}, {"title", c.title}, {"marks", c.marks}});
  };
  if (!scheme.ratings.empty()) add_column({"rating", "评级", ""});
  for (const auto& table : result.tables) {
    const auto& spec = scheme.tables[table.spec];
    if (spec.kind != TableKind::Indicators && spec.kind != TableKind::Counts) continue;
    for (const auto& c : generic_columns(scheme, spec)) add_column(c);
    for (const auto& row : table.rows) {
      const auto& s = result.units[row.unit];
      const auto& u = snap.ws.registry.at(row.unit);
      Json values = Json::object();
      for (const auto& c : generic_columns(scheme, spec)) values[c.key] = generic_value(scheme, s, c.key);
      if (!scheme.ratings.empty()) values["rating"] = s.rating;
      units.push_back({{"name", u.name}, {"short_name", u.display_name(NameStyle::Short)}, {"section", u.section},
                       {"table", spec.id}, {"seq", row.seq}, {"rank", row.rank}, {"total", s.total.to_string()},
                       {"rating", s.rating}, {"values", values}});
    }
  }
  return {{"period", period_json(snap.ws.period)}, {"sections", sections_json(scheme)}, {"columns", columns},
          {"units", units}};
}

Json ranking_json(const Snapshot& snap) {
  Json units = Json::array();
  const auto& result = *snap.result;
  const bool scores = std::any_of(result.tables.begin(), result.tables.end(), [&](const TableResult& t) {
    return snap.ws.scheme.tables[t.spec].kind == TableKind::Scores;
  });
  if (!scores) return generic_ranking_json(snap);
  for (const auto& table : result.tables) {
    const auto& spec = snap.ws.scheme.tables[table.spec];
    if (spec.kind != TableKind::Scores) continue;
    for (const auto& row : table.rows) {
      const auto& s = result.units[row.unit];
      const auto& u = snap.ws.registry.at(row.unit);
      Json published = Json::array(), submissions = Json::array();
      for (const auto& m : s.months) {
        published.push_back(m.published);
        submissions.push_back(m.submissions);
      }
      units.push_back({{"name", u.name}, {"short_name", u.display_name(NameStyle::Short)}, {"section", u.section},
                       {"table", spec.id}, {"seq", row.seq}, {"rank", row.rank}, {"published", published},
                       {"publication", s.publication.to_string()}, {"bonus", s.bonus.to_string()},
                       {"deduction", s.deduction.to_string()}, {"total", s.total.to_string()},
                       {"submissions", submissions}, {"adoption_bonus", s.adoption_bonus.to_string()},
                       {"deduction_text", deduction_text(s.deductions)}});
    }
  }
  return {{"period", period_json(snap.ws.period)}, {"sections", sections_json(snap.ws.scheme)}, {"units", units}};
}

Json progress_json(const Snapshot& snap, std::optional<YearMonth> month) {
  const auto progress = month_progress(*snap.result, snap.ws.scheme, month);
  const auto& cap = snap.ws.scheme.publication.monthly_cap;
  Json units = Json::array();
  for (const auto& p : progress.units) {
    const auto& u = snap.ws.registry.at(p.unit);
    const auto& f = p.figures;
    std::vector<std::string> behind;
    if (p.publication_behind) behind.push_back(fmt::format("发布{}/{}条", f.published, *p.full_marks));
    if (p.submissions_behind) behind.push_back(fmt::format("投稿未完成：{}/{}篇", f.submissions, *f.quota));
    units.push_back({{"name", u.name}, {"short_name", u.display_name(NameStyle::Short)}, {"section", u.section},
                     {"published", f.published},
                     {"full_marks_items", p.full_marks ? Json(*p.full_marks) : Json(nullptr)},
                     {"publication_points", f.publication_points.to_string()},
                     {"publication_cap", cap ? Json(cap->to_string()) : Json(nullptr)},
                     {"submissions", f.submissions},
                     {"quota", f.quota ? Json(*f.quota) : Json(nullptr)},
                     {"status", p.behind() ? "behind" : "ok"},
                     {"status_text", p.behind() ? join(behind, "；") : "已完成"}});
  }
  return {{"month", progress.month.to_string()}, {"units", units}};
}

Json trend_json(const Snapshot& snap) {
  Json out = period_json(snap.ws.period);
  Json sections = Json::array();
  if (snap.result) {
    for (const auto& s : section_figures(*snap.result, snap.ws.scheme, snap.ws.registry))
      sections.push_back({{"code", s.code}, {"units", s.units}, {"average", s.average.to_string()},
                          {"min", s.min.to_string()}, {"max", s.max.to_string()}});
  } else {
    out["problems"] = snap.problems.error_count();
  }
  out["sections"] = sections;
  return out;
}

Json placement_json(const Snapshot& snap, UnitId unit) {
  const TableRow* row = nullptr;
  const TableResult* table = score_table_of(snap, unit, &row);
  if (!table) return nullptr;
  return {{"table", snap.ws.scheme.tables[table->spec].id}, {"seq", row->seq}, {"rank", row->rank}};
}

Json unit_json(const Snapshot& snap, UnitId unit) {
  const auto& result = *snap.result;
  Json j = result_unit_json(result.units[unit], result, snap.ws.scheme, snap.ws.registry, snap.ws.data.sources);
  Json submissions = Json::array(), adoptions = Json::array();
  for (const auto& item : snap.ws.data.submissions)
    if (item.unit == unit)
      submissions.push_back({{"title", item.title}, {"month", item.received.date.year_month().to_string()},
                             {"source", {{"file", snap.ws.data.sources.locate(item.source).file},
                                         {"line", item.source.line}}}});
  for (const auto& item : snap.ws.data.adoptions)
    if (item.unit == unit)
      adoptions.push_back({{"title", item.title}, {"level", snap.ws.scheme.adoption_levels[item.level].code},
                           {"source", {{"file", snap.ws.data.sources.locate(item.source).file},
                                       {"line", item.source.line}}}});
  j["submission_records"] = submissions;
  j["adoption_records"] = adoptions;
  // What the files left out for the unit (missing from 网站发布, blank cells): as `zwgk explain` says it.
  j["data_notes"] = completeness_notes(snap.ws.registry, snap.ws.data, unit);
  return j;
}

Json registry_json(const Registry& registry) {
  Json units = Json::array();
  for (const auto& u : registry.units())
    units.push_back({{"name", u.name}, {"short_name", u.display_name(NameStyle::Short)}, {"aliases", u.aliases},
                     {"section", u.section}, {"tags", u.tags}, {"exemptions", u.exemptions},
                     {"official_order", u.official_order}, {"mail_addresses", u.mail_addresses}});
  return {{"units", units}};
}

namespace {

// The shown cells (and rows) the listed problems point to: {row (index into
// rows), line, column (0-based index into columns, null: the row as a
// whole), problems (indices into the problem list)}, in row order.
Json preview_marks(const UploadPreview& p, std::size_t shown_columns) {
  std::map<std::pair<std::size_t, std::size_t>, Json> marks;  // (row, column + 1; 0: whole row)
  const auto& entries = p.problems.entries();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Location& where = entries[i].where;
    if (where.file != p.path || where.line == 0) continue;
    auto row = std::ranges::find(p.row_lines, where.line);
    if (row == p.row_lines.end()) continue;
    const std::size_t r = static_cast<std::size_t>(row - p.row_lines.begin());
    const std::size_t c = where.column > 0 && where.column <= shown_columns ? where.column : 0;
    auto [it, added] = marks.try_emplace({r, c});
    if (added)
      it->second = {{"row", r}, {"line", where.line}, {"column", c ? Json(c - 1) : Json(nullptr)}, {"problems", Json::array()}};
    it->second["problems"].push_back(i);
  }
  Json out = Json::array();
  for (auto& [key, mark] : marks) out.push_back(std::move(mark));
  return out;
}

} // namespace

Json upload_json(const UploadPreview& p) {
  // The importer keeps one column more than is shown, so that a cut is known.
  const std::size_t shown = std::min(p.columns.size(), k_preview_columns);
  auto first = [shown](const std::vector<std::string>& cells) {
    Json out = Json::array();
    for (std::size_t i = 0; i < cells.size() && i < shown; ++i) out.push_back(cells[i]);
    return out;
  };
  Json columns = first(p.columns);
  Json rows = Json::array();
  for (const auto& row : p.rows) rows.push_back(first(row));
  Json body{{"file", p.path},         {"name", p.name},
            {"kind", p.kind},         {"replaces", p.replaces},
            {"unchanged", p.unchanged}, {"replaceable", p.replaceable},
            {"replaced", p.replaced.empty() ? Json(nullptr) : Json(p.replaced)}};
  add_problems(body, p.problems);
  body["columns"] = columns;
  body["columns_cut"] = p.columns.size() > k_preview_columns;
  body["rows"] = rows;
  body["row_lines"] = p.row_lines;
  body["marks"] = preview_marks(p, shown);
  body["row_count"] = p.row_count;
  return body;
}

} // namespace zwgk::server
