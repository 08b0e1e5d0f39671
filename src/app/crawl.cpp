// A period counted from the website (crawl.h): the site file and rules read and
// checked, the crawl run, its items written as the period's publication file, and
// stale columns and adoptions proposed.
#include "app/crawl.h"

#include "crawl/politeness.h"
#include "crawl/proposals.h"
#include "crawl/records.h"
#include "fs/files.h"
#include "ingest/calendar_dir.h"
#include "ingest/data_dir.h"
#include "scheme/site_file.h"
#include "util/text.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace zwgk::app {
namespace {

constexpr std::size_t k_max_site_file_bytes = 4u << 20;
// An unfinished run is continued only this soon after it started: pages read a day ago
// are fetched again (conditionally), not taken as they were.
constexpr std::int64_t k_resume_seconds = 24 * 3600;

struct Rules {
  Site site;
  Scheme scheme;
  Registry registry;
  DateWindow window;
};

std::expected<Rules, Error> read_rules(const Workspace& ws, const CrawlRequest& request) {
  const auto path = request.site.empty() ? ws.dir() / std::string(k_site_file) : request.site;
  const std::string shown = request.site.empty() ? std::string(k_site_file) : path.filename().string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return std::unexpected(Error::not_found(fmt::format(
        "找不到站点文件“{}”：请在数据目录中写好 {}（各单位在门户网站上的栏目，见 docs/crawl.md）", path.string(),
        k_site_file)));
  auto text = fs::read_file(path, k_max_site_file_bytes);
  if (!text) return std::unexpected(Error::bad_input(text.error()));
  Diagnostics problems;
  auto site = parse_site_file(*text, shown);
  auto scheme = ingest::load_scheme(ws.dir(), problems);
  auto registry = ingest::load_registry(ws.dir(), problems);
  if (!site) problems.append(site.error());
  if (site && registry) problems.append(check_site_units(*site, *registry, shown));
  if (site && scheme) problems.append(check_site_levels(*site, *scheme, shown));
  if (problems.has_errors() || !site || !scheme || !registry)
    return std::unexpected(Error::bad_input("站点文件、考核方案或单位名录有误，未抓取", std::move(problems)));
  if (request.throttle == crawl::Throttle::None)
    for (const auto* list : {&site->columns, &site->portals})
      for (const auto& c : *list)
        if (!crawl::is_loopback_url(c.url))
          return std::unexpected(Error::bad_input(fmt::format(
              "不限速抓取只用于本机的测试网站，{} 不在本机：对真实网站请按站点文件的礼貌限制抓取", c.url)));
  Rules rules{std::move(*site), std::move(*scheme), std::move(*registry), {}};
  rules.window = ingest::period_window(ws.dir(), rules.scheme, request.period, problems);
  if (problems.has_errors()) return std::unexpected(Error::bad_input("本期的考核期文件有误，未抓取", std::move(problems)));
  return rules;
}

crawl::CrawlColumn column_of(const SiteColumn& c, const Registry& registry) {
  auto id = registry.resolve(c.unit);
  return {id ? registry.units()[*id].name : c.unit, c.kind.empty() ? c.level : c.kind, c.url,
          {c.item, c.title, c.link, c.date}};
}

std::string publications_csv(const crawl::CrawledRecords& records) {
  std::string out = "\xEF\xBB\xBF";
  append_csv_row(out, {"单位", "标题", "发布日期", "链接", "栏目", "栏目地址"}, CsvCells::Exact);
  for (const auto& r : records.rows)
    append_csv_row(out, {r.unit, r.item.title, r.item.date.to_string(), r.item.url, r.column_kind, r.column_url},
                   CsvCells::Exact);
  return out;
}

std::vector<store::CrawlProposal> stale_proposals(const crawl::CrawlOutcome& outcome, const Rules& rules,
                                                  const std::string& period, std::int64_t run) {
  std::vector<store::CrawlProposal> out;
  for (const auto& s : crawl::stale_columns(outcome, rules.scheme.stale_columns, rules.window.to)) {
    nlohmann::json detail = {{"kind", s.kind}, {"url", s.url}, {"days", s.days}, {"limit", s.limit},
                             {"finding", s.finding}, {"as_of", rules.window.to.to_string()}};
    if (s.newest)
      detail["newest"] = {{"title", s.newest->title}, {"url", s.newest->url}, {"date", s.newest->date.to_string()}};
    const std::string key = s.url + "|" + (s.newest ? s.newest->date.to_string() : "none");
    out.push_back({0, period, "stale", key, s.unit, detail.dump(), run, {}, {}, {}, 0});
  }
  return out;
}

// The district's items a portal may have adopted: this crawl's publications and the
// period's submitted articles; and the adoptions already recorded (not proposed again).
struct District {
  std::vector<crawl::DistrictItem> items;
  std::set<std::tuple<std::string, std::string, std::string>> recorded;  // unit, level, normalised title
};

District district_items(const Workspace& ws, Period period, const crawl::CrawledRecords& records) {
  District d;
  for (const auto& r : records.rows) d.items.push_back({r.unit, r.item.title, r.item.url, r.item.date, "网站发布"});
  auto loaded = ws.load_period(period);
  if (!loaded) return d;
  const auto& data = loaded->ws.data;
  const auto& units = loaded->ws.registry.units();
  for (const auto& s : data.submissions)
    if (!s.title.empty() && s.unit < units.size())
      d.items.push_back({units[s.unit].name, s.title, {}, s.received.date, "投稿"});
  for (const auto& a : data.adoptions)
    if (a.unit < units.size() && a.level < loaded->ws.scheme.adoption_levels.size())
      d.recorded.insert({units[a.unit].name, loaded->ws.scheme.adoption_levels[a.level].code,
                         crawl::normalised_title(a.title)});
  return d;
}

std::vector<store::CrawlProposal> adoption_proposals(const Workspace& ws, Period period, const Rules& rules,
                                                     const crawl::CrawlOutcome& portals,
                                                     const crawl::CrawledRecords& records, std::int64_t run) {
  std::vector<crawl::PortalItem> portal_items;
  for (const auto& c : portals.columns)
    for (const auto& item : c.items) portal_items.push_back({c.column.kind, item});
  if (portal_items.empty()) return {};
  const auto district = district_items(ws, period, records);
  std::vector<store::CrawlProposal> out;
  for (const auto& m : crawl::match_adoptions(portal_items, district.items, rules.window,
                                              static_cast<int>(rules.site.match_similarity),
                                              static_cast<int>(rules.site.match_days))) {
    if (district.recorded.contains({m.unit, m.level, crawl::normalised_title(m.adopted.title)})) continue;
    nlohmann::json detail = {
        {"level", m.level}, {"title", m.adopted.title}, {"url", m.adopted.url}, {"date", m.adopted.date.to_string()},
        {"similarity", m.similarity},
        {"original", {{"title", m.original.title}, {"url", m.original.url}, {"date", m.original.date.to_string()},
                      {"source", m.original.source}}}};
    out.push_back({0, period.to_string(), "adoption", m.level + "|" + m.adopted.url, m.unit, detail.dump(), run, {},
                   {}, {}, 0});
  }
  return out;
}

nlohmann::json outcome_json(const crawl::CrawlOutcome& outcome) {
  nlohmann::json columns = nlohmann::json::array();
  for (const auto& c : outcome.columns)
    columns.push_back({{"unit", c.column.unit}, {"kind", c.column.kind}, {"url", c.column.url},
                       {"pages", c.pages}, {"requests", c.requests}, {"unchanged", c.unchanged},
                       {"resumed", c.resumed}, {"items", c.items.size()}, {"complete", c.complete},
                       {"newest", c.newest ? c.newest->to_string() : ""}, {"problems", c.problems}});
  return {{"requests", outcome.requests}, {"budget_exhausted", outcome.budget_exhausted}, {"columns", columns}};
}

// The rows of the period's last crawl file that came from `column_urls` (columns this
// run could not read to the end): kept, so that a site down for an hour does not take
// a unit's items out of the count. This run's items come first and win duplicates.
std::vector<crawl::FoundItem> carried_rows(const Workspace& ws, Period period, const std::set<std::string>& column_urls) {
  std::vector<crawl::FoundItem> out;
  if (column_urls.empty()) return out;
  auto rows = ws.entered_rows(period, k_crawled_publications_file, {"单位", "标题", "发布日期", "链接", "栏目", "栏目地址"});
  if (!rows) return out;
  for (const auto& r : *rows) {
    auto date = parse_date(r.cells.at(2));
    if (date && column_urls.contains(r.cells.at(5)))
      out.push_back({r.cells.at(0), r.cells.at(5), {r.cells.at(1), r.cells.at(3), *date}, r.cells.at(4)});
  }
  return out;
}

// The run's items (and those carried over for unfinished columns) inside the window,
// written as the period's crawl file; the summary gets the counts and the file's path.
std::expected<crawl::CrawledRecords, Error> write_publications(Workspace& ws, Period period, const DateWindow& window,
                                                               const Actor& actor, CrawlSummary& summary) {
  std::vector<crawl::FoundItem> found;
  std::set<std::string> unfinished;
  for (const auto& c : summary.outcome.columns) {
    for (const auto& item : c.items) found.push_back({c.column.unit, c.column.url, item, c.column.kind});
    if (!c.complete) unfinished.insert(c.column.url);
  }
  const std::size_t read_now = crawl::crawled_records(found, window).rows.size();
  const auto carried = carried_rows(ws, period, unfinished);
  found.insert(found.end(), carried.begin(), carried.end());
  auto records = crawl::crawled_records(found, window);
  summary.carried = records.rows.size() - read_now;
  summary.rows = records.rows.size();
  summary.duplicates = records.duplicates;
  summary.outside = records.outside;
  const auto folder = ingest::period_dir(ws.dir(), period);
  summary.file = fmt::format("{}/{}", folder.empty() ? period.to_string() : folder.filename().string(),
                             k_crawled_publications_file);
  auto written = ws.save_generated_file(summary.file, publications_csv(records), actor, "网站采集",
                                        fmt::format("{} 条发布信息，", records.rows.size()));
  if (!written) return std::unexpected(written.error());
  summary.written = *written;
  return records;
}

std::vector<std::string> other_publication_files(const Workspace& ws, Period period) {
  std::vector<std::string> out;
  for (const auto& f : ws.data_files(period))
    if (f.kind == "网站发布" && !f.path.ends_with(k_crawled_publications_file)) out.push_back(f.path);
  return out;
}

} // namespace

std::expected<CrawlSummary, Error> crawl_period(Workspace& ws, const CrawlRequest& request, const Actor& actor,
                                                crawl::Fetcher* fetcher, const crawl::CrawlProgressFn& progress) {
  auto rules = read_rules(ws, request);
  if (!rules) return std::unexpected(rules.error());
  store::CrawlStore* state = ws.stores().crawl;
  if (!state) return std::unexpected(Error::internal("数据目录的 zwgk.db 未打开，无法记录抓取"));
  const std::string period = request.period.to_string();
  auto earlier = state->crawl_runs(period);
  auto run = state->begin_crawl_run(period, actor.user, actor.now);
  if (run && run->started_at < actor.now - k_resume_seconds) {
    if (auto closed = state->finish_crawl_run(run->id, actor.now, R"({"abandoned": true})"); !closed)
      return std::unexpected(Error::internal(closed.error()));
    run = state->begin_crawl_run(period, actor.user, actor.now);
  }
  if (!run) return std::unexpected(Error::internal(run.error()));
  CrawlSummary summary;
  summary.run = run->id;
  summary.resumed = !earlier.empty() && earlier.front().id == run->id && earlier.front().finished_at == 0;

  const Site& site = rules->site;
  std::unique_ptr<crawl::Fetcher> own;
  if (!fetcher) {
    own = crawl::http_fetcher({site.user_agent, std::chrono::seconds(site.timeout)});
    fetcher = own.get();
  }
  crawl::CrawlSettings settings{site.user_agent, site.rate, site.concurrency, site.retries, site.max_pages,
                                request.backoff, request.throttle, rules->window, run->id, actor.now};
  std::vector<crawl::CrawlColumn> columns, portals;
  for (const auto& c : site.columns) columns.push_back(column_of(c, rules->registry));
  for (const auto& c : site.portals) portals.push_back(column_of(c, rules->registry));
  summary.outcome = crawl::crawl_columns(columns, settings, *fetcher, *state, progress);
  if (!portals.empty()) {
    settings.max_pages = std::max<std::int64_t>(1, site.max_pages - static_cast<std::int64_t>(summary.outcome.requests));
    // The portals' progress goes on from the units' (one crawl for whoever watches).
    crawl::CrawlProgress done{columns.size(), columns.size() + portals.size(), 0, 0, 0, {}};
    for (const auto& c : summary.outcome.columns) {
      done.pages += static_cast<std::size_t>(c.pages);
      done.items += c.items.size();
      done.problems += c.problems.size();
    }
    summary.portals = crawl::crawl_columns(portals, settings, *fetcher, *state, [&](const crawl::CrawlProgress& p) {
      if (!progress) return;
      progress({done.columns_done + p.columns_done, done.columns, done.pages + p.pages, done.items + p.items,
                done.problems + p.problems, p.current});
    });
  }

  auto records = write_publications(ws, request.period, rules->window, actor, summary);
  if (!records) return std::unexpected(records.error());
  summary.other_files = other_publication_files(ws, request.period);

  auto proposals = stale_proposals(summary.outcome, *rules, period, run->id);
  summary.stale = proposals.size();
  auto adoptions = adoption_proposals(ws, request.period, *rules, summary.portals, *records, run->id);
  summary.adoptions = adoptions.size();
  proposals.insert(proposals.end(), adoptions.begin(), adoptions.end());
  auto added = state->add_proposals(proposals);
  if (!added) return std::unexpected(Error::internal(added.error()));
  summary.new_proposals = *added;
  nlohmann::json report = {{"file", summary.file}, {"rows", summary.rows}, {"duplicates", summary.duplicates},
                           {"outside", summary.outside}, {"carried", summary.carried},
                           {"units", outcome_json(summary.outcome)},
                           {"portals", outcome_json(summary.portals)}, {"stale", summary.stale},
                           {"adoptions", summary.adoptions}};
  if (auto finished = state->finish_crawl_run(run->id, actor.now, report.dump()); !finished)
    return std::unexpected(Error::internal(finished.error()));
  return summary;
}

} // namespace zwgk::app
