// Issue 17: a period's publications counted from the website (`zwgk crawl`, the
// workspace's 网站采集): the site file's columns crawled (crawl/crawler.h), the items
// in the period's window written as the period's 网站发布-网站采集.csv (docs/inputs.md's
// item form, each row with its link, its column and the column's URL as provenance),
// read by report, explain and the workspace like any other publication file; then the
// stale columns (the scheme's [[stale_columns]]) and the higher-level portals' adoptions
// (the site file's [[portals]] and [match]) proposed in the CrawlStore for a person to
// confirm — a confirmed stale column becomes a finding in 检查-在线录入.csv, a
// confirmed adoption a row of 采用-网站采集.csv.
//
// A column this run could not read to the end (404, timeouts, robots.txt, the page
// budget) keeps the rows the period's last crawl file had from it, so that a site down
// for an hour does not take a unit's items out of the count; they are reported.
//
// The run is recorded in the CrawlStore: a run killed half-way is continued by the next
// within a day (its pages are not fetched again; later, it is closed and a new run asks
// again), and the file is rewritten whole from what the run read, so repeating a crawl
// never counts an item twice.
#pragma once

#include "app/workspace.h"
#include "crawl/crawler.h"

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace zwgk::app {

inline constexpr std::string_view k_crawled_publications_file = "网站发布-网站采集.csv";
inline constexpr std::string_view k_crawled_adoptions_file = "采用-网站采集.csv";

struct CrawlRequest {
  Period period;
  std::filesystem::path site;   // empty: DIR/站点.toml
  crawl::Throttle throttle = crawl::Throttle::Polite;
  std::chrono::milliseconds backoff{1000};
};

struct CrawlSummary {
  std::string file;                 // "2020Q3/网站发布-网站采集.csv"
  bool written = false;             // false: the file already held exactly these rows
  std::size_t rows = 0, duplicates = 0, outside = 0;
  std::size_t carried = 0;          // rows kept from the last crawl for columns this one could not finish
  crawl::CrawlOutcome outcome;      // units' columns
  crawl::CrawlOutcome portals;      // higher-level portals' columns
  std::int64_t run = 0;
  bool resumed = false;             // continued a run that was interrupted
  std::size_t stale = 0, adoptions = 0, new_proposals = 0;
  std::vector<std::string> other_files;  // the period's other publication files (counted as well)
};

// Problems of the site file, of its units or levels, or of the scheme are BadInput (with
// their places); a missing site file NotFound; a store that fails Internal.
// `fetcher` null: HTTP through libcurl with the site file's user agent and timeout.
std::expected<CrawlSummary, Error> crawl_period(Workspace& workspace, const CrawlRequest& request, const Actor& actor,
                                                crawl::Fetcher* fetcher = nullptr,
                                                const crawl::CrawlProgressFn& progress = {});

// A proposal (store::CrawlProposal) decided: Confirmed writes what it proposes (the
// finding or the adoption, checked with the whole period first), Dismissed only records
// the decision; both audited. An unknown or decided proposal is NotFound / Conflict. A
// confirmation whose finding or adoption row is already in its file adds no second row.
std::expected<void, Error> decide_crawl_proposal(Workspace& workspace, Period period, std::int64_t id,
                                                 store::ProposalDecision decision, const std::string& reason,
                                                 const Actor& actor);

} // namespace zwgk::app
