// The crawl of a site's columns (crawler.h): worker threads take columns in turn and
// walk each one's pages; the gate, the robots book and the page budget are shared.
#include "crawl/crawler.h"

#include "crawl/paging.h"
#include "crawl/politeness.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

namespace zwgk::crawl {
namespace {

bool worth_retrying(const FetchResponse& r) { return r.status == 0 || r.status == 429 || r.status >= 500; }

std::string status_words(long status) {
  switch (status) {
    case 404: return "404，找不到页面";
    case 403: return "403，网站拒绝访问";
    case 410: return "410，页面已删除";
    default: return std::to_string(status);
  }
}

class Crawl {
public:
  Crawl(const CrawlSettings& settings, Fetcher& fetcher, store::CrawlStore& store, const CrawlProgressFn& progress,
        std::size_t columns)
      : m_settings(settings), m_fetcher(fetcher), m_store(store), m_progress(progress),
        m_gate(settings.throttle == Throttle::None ? 0.0 : static_cast<double>(settings.rate)),
        m_robots([this](const FetchRequest& r) { return fetch_with_retries(r); }, settings.user_agent) {
    m_status.columns = columns;
  }

  void walk(ColumnOutcome& out) {
    std::set<std::string> seen;
    std::vector<std::string> planned;
    std::size_t next_planned = 0;
    std::string url = out.column.url;
    for (bool first = true; !url.empty(); first = false) {
      if (!seen.insert(url).second) {
        out.problems.push_back(fmt::format("分页又回到了已读过的页面 {}（分页循环），本栏目到此为止", url));
        break;
      }
      auto page = read_page(url, out);
      if (!page) {
        out.complete = false;
        break;
      }
      ++out.pages;
      for (const auto& item : page->items) {
        if (!out.newest || *out.newest < item.date) out.newest = item.date;
        out.items.push_back(item);
      }
      report(url, page->items.size(), 0);
      // Lists run newest first; an old notice pinned at the top (置顶) is not the end: the
      // page's last item is.
      if (page->items.empty() || page->items.back().date < m_settings.window.from) break;
      if (first) planned = later_pages(page->url.empty() ? out.column.url : page->url, *page);
      url = next_planned < planned.size() ? planned[next_planned++] : (planned.empty() ? page->next_url : "");
    }
    report({}, 0, out.problems.size(), /*column_done=*/true);
  }

  std::size_t requests() const { return m_requests.load(); }
  bool budget_exhausted() const { return m_exhausted.load(); }

private:
  FetchResponse fetch_with_retries(const FetchRequest& request) {
    FetchResponse response;
    for (std::int64_t attempt = 0;; ++attempt) {
      response = m_fetcher.fetch(request);
      if (!worth_retrying(response) || attempt >= m_settings.retries) return response;
      std::this_thread::sleep_for(m_settings.backoff * (1LL << std::min<std::int64_t>(attempt, 10)));
    }
  }

  // The page at `url`: from this run's earlier attempt, or requested (conditionally when
  // known); nullopt after recording why in `out`.
  std::optional<ListPage> read_page(const std::string& url, ColumnOutcome& out) {
    auto known = m_store.crawl_page(url);
    if (known && known->run == m_settings.run)
      if (auto page = read_page_record(known->content)) {
        ++out.resumed;
        return page;
      }
    auto parts = split_url(url);
    if (!parts) {
      out.problems.push_back(fmt::format("{} 不是 http 或 https 地址", url));
      return std::nullopt;
    }
    auto verdict = m_robots.check(*parts);
    if (!verdict.allowed) {
      out.problems.push_back(verdict.reason);
      return std::nullopt;
    }
    if (m_requests.fetch_add(1) >= static_cast<std::size_t>(m_settings.max_pages)) {
      m_exhausted = true;
      out.problems.push_back(fmt::format("本次抓取已达 {} 个页面的上限（站点文件的 max_pages），{} 未抓取",
                                         m_settings.max_pages, url));
      return std::nullopt;
    }
    m_gate.wait_turn(parts->origin, verdict.delay);
    FetchRequest request{url, known ? known->etag : "", known ? known->last_modified : ""};
    auto response = fetch_with_retries(request);
    ++out.requests;
    if (response.status == 304 && known)
      if (auto page = read_page_record(known->content)) {
        ++out.unchanged;
        keep(url, response.etag.empty() ? known->etag : response.etag,
             response.last_modified.empty() ? known->last_modified : response.last_modified, known->content);
        return page;
      }
    if (response.status != 200) {
      out.problems.push_back(response.status == 0 ? fmt::format("{}：{}", url, response.error)
                                                  : fmt::format("{} 返回 {}", url, status_words(response.status)));
      return std::nullopt;
    }
    const Selectors* selectors = out.column.selectors.item.empty() ? nullptr : &out.column.selectors;
    auto page = parse_list_page(response.body, response.url.empty() ? url : response.url,
                                m_settings.window.to.year, selectors);
    if (!page) {
      out.problems.push_back(fmt::format("{}：{}", url, page.error()));
      return std::nullopt;
    }
    keep(url, response.etag, response.last_modified, page_record(*page));
    return std::move(*page);
  }

  void keep(const std::string& url, const std::string& etag, const std::string& modified, const std::string& content) {
    // A page that cannot be kept is only fetched again next time: the crawl goes on.
    (void)m_store.save_crawl_page({url, m_settings.run, m_settings.now, etag, modified, content});
  }

  void report(const std::string& url, std::size_t items, std::size_t problems, bool column_done = false) {
    std::lock_guard lock(m_mutex);
    if (column_done) {
      ++m_status.columns_done;
      m_status.problems += problems;
    } else {
      ++m_status.pages;
      m_status.items += items;
      m_status.current = url;
    }
    if (m_progress) m_progress(m_status);
  }

  const CrawlSettings& m_settings;
  Fetcher& m_fetcher;
  store::CrawlStore& m_store;
  const CrawlProgressFn& m_progress;
  HostGate m_gate;
  RobotsBook m_robots;
  std::atomic<std::size_t> m_requests{0};
  std::atomic<bool> m_exhausted{false};
  std::mutex m_mutex;
  CrawlProgress m_status;
};

} // namespace

CrawlOutcome crawl_columns(const std::vector<CrawlColumn>& columns, const CrawlSettings& settings, Fetcher& fetcher,
                           store::CrawlStore& store, const CrawlProgressFn& progress) {
  CrawlOutcome outcome;
  outcome.columns.resize(columns.size());
  for (std::size_t i = 0; i < columns.size(); ++i) outcome.columns[i].column = columns[i];
  Crawl crawl(settings, fetcher, store, progress, columns.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < columns.size(); i = next++) crawl.walk(outcome.columns[i]);
  };
  const auto workers = static_cast<std::size_t>(std::clamp<std::int64_t>(settings.concurrency, 1, 64));
  {
    std::vector<std::jthread> threads;
    for (std::size_t w = 1; w < std::min(workers, columns.size()); ++w) threads.emplace_back(worker);
    worker();
  }
  outcome.requests = std::min(crawl.requests(), static_cast<std::size_t>(settings.max_pages));
  outcome.budget_exhausted = crawl.budget_exhausted();
  return outcome;
}

} // namespace zwgk::crawl
