// Issue 17: the crawl of a site file's columns — each column's list pages fetched
// in turn (pagination as crawl/paging.h finds it, else the 下一页 link) until a page
// whose last item is older than the window's first day (lists run newest first; an old
// notice pinned at the top does not end the column), politely:
//   - robots.txt of each host fetched first and honoured (a disallowed page is not
//     requested; its Crawl-delay slows the host down further);
//   - per host, requests start at most `rate` per second and at most `concurrency` run
//     at once (unless Throttle::None, for a test portal on loopback);
//   - a failed request (no answer, 429, 5xx) is retried `retries` times after pauses
//     of backoff, 2×backoff, 4×backoff …;
//   - a page fetched before is requested with its validators (a 304 reuses what was
//     read from it), and a page fetched by the same run (a run killed and resumed) is
//     not requested again;
//   - at most `max_pages` requests per run; a page URL met twice in one column is a
//     pagination loop and ends the column.
// What each page gave is kept in the CrawlStore under its URL. Errors belong to their
// column (the others go on) and are worded in Chinese with the page's URL.
#pragma once

#include "crawl/fetcher.h"
#include "crawl/list_page.h"
#include "store/crawl_store.h"
#include "util/calendar.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace zwgk::crawl {

struct CrawlColumn {
  std::string unit;   // as the site file names it
  std::string kind;
  std::string url;
  Selectors selectors;  // item empty: the page forms are recognised
};

enum class Throttle { Polite, None };

struct CrawlSettings {
  std::string user_agent;  // matched against robots.txt's groups
  std::int64_t rate = 2, concurrency = 2, retries = 3, max_pages = 5000;
  std::chrono::milliseconds backoff{1000};
  Throttle throttle = Throttle::Polite;
  DateWindow window;       // pages are followed until a page ends before window.from
  std::int64_t run = 0;    // the CrawlStore run this crawl belongs to
  std::int64_t now = 0;    // Unix seconds, recorded with each page
};

struct ColumnOutcome {
  CrawlColumn column;
  int requests = 0;       // pages requested
  int unchanged = 0;      // of which the site answered 304
  int resumed = 0;        // pages taken from the interrupted run without a request
  int pages = 0;          // pages read in all
  std::vector<ListItem> items;
  std::optional<Date> newest;  // the newest item's date (also outside the window)
  std::vector<std::string> problems;
  bool complete = true;   // every page up to the window's start was read
};

struct CrawlProgress {
  std::size_t columns_done = 0, columns = 0;
  std::size_t pages = 0, items = 0, problems = 0;
  std::string current;    // the page just read
};
using CrawlProgressFn = std::function<void(const CrawlProgress&)>;

struct CrawlOutcome {
  std::vector<ColumnOutcome> columns;  // in the order given
  std::size_t requests = 0;
  bool budget_exhausted = false;
};

CrawlOutcome crawl_columns(const std::vector<CrawlColumn>& columns, const CrawlSettings& settings, Fetcher& fetcher,
                           store::CrawlStore& store, const CrawlProgressFn& progress = {});

// How a page is kept in the store (CrawlPage::content) and read back.
std::string page_record(const ListPage& page);
std::optional<ListPage> read_page_record(const std::string& content);

} // namespace zwgk::crawl
