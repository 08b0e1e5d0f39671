// Issue 17: the crawl's logic against an in-memory site (crawl/fetcher.h's narrow
// interface): pagination until the window's start, loops, retries, robots.txt, the page
// budget, conditional requests, resumption of an interrupted run, and the gate's spacing.
#include "crawl/crawler.h"
#include "crawl_fake_site.h"

#include "store/memory_crawl_store.h"
#include "store/memory_store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <mutex>

namespace zwgk::crawl {
namespace {

using test::FakeSite;

constexpr std::string_view k_host = "http://www.example.gov.cn";

std::string url(std::string_view path) { return std::string(k_host) + std::string(path); }

// A static list page of items dated `dates` (MM-DD of 2020) and the page count.
std::string static_page(const std::vector<std::string>& dates, int pages, const std::string& tag = "a") {
  std::string html = "<html><body><ul>";
  for (const auto& d : dates)
    html += "<li><a href=\"./t" + tag + d + ".html\">信息标题" + tag + d + "</a><span>2020-" + d + "</span></li>";
  return html + "</ul><script>createPageHTML(" + std::to_string(pages) + ", 0, \"index\", \"html\");</script></body></html>";
}

struct CrawlCrawler : ::testing::Test {
  FakeSite site;
  store::MemoryStore audit;
  store::MemoryCrawlStore state{audit};
  CrawlSettings settings;
  CrawlCrawler() {
    settings.user_agent = "zwgk-test";
    settings.backoff = std::chrono::milliseconds(0);
    settings.throttle = Throttle::None;
    settings.window = {{2020, 7, 1}, {2020, 9, 30}};
    settings.run = 1;
    site.pages[url("/robots.txt")] = {200, "User-agent: *\nDisallow: /private/\n"};
  }
  CrawlOutcome run(const std::vector<std::string>& column_urls) {
    std::vector<CrawlColumn> columns;
    for (const auto& u : column_urls) columns.push_back({"区发改局", "通知公告", u, {}});
    return crawl_columns(columns, settings, site, state);
  }
};

TEST_F(CrawlCrawler, FollowsPagesUntilAnItemOlderThanTheWindow) {
  site.pages[url("/col/index.html")] = {200, static_page({"09-20", "08-10"}, 5)};
  site.pages[url("/col/index_1.html")] = {200, static_page({"07-15", "06-20"}, 5)};
  site.pages[url("/col/index_2.html")] = {200, static_page({"06-01"}, 5)};
  auto out = run({url("/col/index.html")});
  ASSERT_EQ(out.columns.size(), 1u);
  const auto& c = out.columns[0];
  EXPECT_TRUE(c.complete);
  EXPECT_EQ(c.pages, 2);  // the second page reaches June: the third is not fetched
  EXPECT_EQ(site.count(url("/col/index_2.html")), 0u);
  EXPECT_EQ(c.items.size(), 4u);
  EXPECT_EQ(c.newest, (Date{2020, 9, 20}));
  EXPECT_TRUE(c.problems.empty());
}

TEST_F(CrawlCrawler, AnOldNoticePinnedAtTheTopDoesNotEndTheColumn) {
  site.pages[url("/p/index.html")] = {200, static_page({"01-10", "09-20", "08-10"}, 2)};  // 置顶: January
  site.pages[url("/p/index_1.html")] = {200, static_page({"07-15", "06-20"}, 2)};
  auto out = run({url("/p/index.html")});
  EXPECT_EQ(out.columns[0].pages, 2);
  EXPECT_EQ(out.columns[0].items.size(), 5u);
}

TEST_F(CrawlCrawler, APaginationLoopEndsTheColumn) {
  site.pages[url("/l/1.html")] = {200, "<ul><li><a href=\"/a1.html\">第一页的信息</a> 2020-09-01</li></ul>"
                                       "<a href=\"2.html\">下一页</a>"};
  site.pages[url("/l/2.html")] = {200, "<ul><li><a href=\"/a2.html\">第二页的信息</a> 2020-08-01</li></ul>"
                                       "<a href=\"1.html\">下一页</a>"};
  auto out = run({url("/l/1.html")});
  const auto& c = out.columns[0];
  EXPECT_EQ(c.pages, 2);
  EXPECT_EQ(c.items.size(), 2u);
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_NE(c.problems[0].find("分页循环"), std::string::npos) << c.problems[0];
  EXPECT_EQ(site.count(url("/l/1.html")), 1u);
}

TEST_F(CrawlCrawler, FailuresAreRetriedThenReportedWithThePage) {
  site.pages[url("/a/index.html")] = {200, static_page({"09-01"}, 1), 2};
  settings.retries = 2;
  auto out = run({url("/a/index.html")});
  EXPECT_TRUE(out.columns[0].complete);
  EXPECT_EQ(site.count(url("/a/index.html")), 3u);

  site.pages[url("/b/index.html")] = {200, static_page({"09-01"}, 1), 5};
  settings.retries = 1;
  out = run({url("/b/index.html")});
  EXPECT_FALSE(out.columns[0].complete);
  ASSERT_EQ(out.columns[0].problems.size(), 1u);
  EXPECT_EQ(out.columns[0].problems[0], url("/b/index.html") + " 返回 503");
}

TEST_F(CrawlCrawler, RobotsTxtIsHonouredAndAnUnreadableOneStopsTheHost) {
  site.pages[url("/private/index.html")] = {200, static_page({"09-01"}, 1)};
  auto out = run({url("/private/index.html")});
  EXPECT_EQ(site.count(url("/private/index.html")), 0u);
  EXPECT_EQ(out.columns[0].problems.at(0), "网站的 robots.txt 不允许抓取 /private/index.html");

  FakeSite down;
  down.pages["http://down.example/robots.txt"] = {503, "", 99};
  down.pages["http://down.example/index.html"] = {200, static_page({"09-01"}, 1)};
  std::vector<CrawlColumn> columns{{"区发改局", "通知公告", "http://down.example/index.html", {}}};
  out = crawl_columns(columns, settings, down, state);
  EXPECT_EQ(down.count("http://down.example/index.html"), 0u);
  EXPECT_NE(out.columns[0].problems.at(0).find("robots.txt 返回 503"), std::string::npos);
}

TEST_F(CrawlCrawler, ThePageBudgetIsKept) {
  site.pages[url("/c/index.html")] = {200, static_page({"09-20"}, 4)};
  site.pages[url("/c/index_1.html")] = {200, static_page({"09-10"}, 4)};
  site.pages[url("/c/index_2.html")] = {200, static_page({"09-01"}, 4)};
  settings.max_pages = 2;
  auto out = run({url("/c/index.html")});
  EXPECT_TRUE(out.budget_exhausted);
  EXPECT_FALSE(out.columns[0].complete);
  EXPECT_EQ(out.columns[0].pages, 2);
  EXPECT_EQ(out.requests, 2u);
}

TEST_F(CrawlCrawler, ASecondRunAsksWithValidatorsAndAResumedRunAsksNothing) {
  site.pages[url("/d/index.html")] = {200, static_page({"09-20", "06-01"}, 1)};
  auto first = run({url("/d/index.html")});
  EXPECT_EQ(first.columns[0].requests, 1);
  // The same run again (killed and resumed): the page is taken as it was read.
  auto resumed = run({url("/d/index.html")});
  EXPECT_EQ(resumed.columns[0].requests, 0);
  EXPECT_EQ(resumed.columns[0].resumed, 1);
  EXPECT_EQ(resumed.columns[0].items.size(), 2u);
  // A new run: a conditional request, answered 304, and the items kept.
  settings.run = 2;
  auto second = run({url("/d/index.html")});
  EXPECT_EQ(site.not_modified, 1);
  EXPECT_EQ(second.columns[0].unchanged, 1);
  EXPECT_EQ(second.columns[0].items.size(), 2u);
}

TEST_F(CrawlCrawler, TheGateSpacesRequestsToOneHost) {
  for (int i = 0; i < 4; ++i)
    site.pages[url("/g" + std::to_string(i) + "/index.html")] = {200, static_page({"06-01"}, 1)};
  settings.throttle = Throttle::Polite;
  settings.rate = 20;  // 50 ms apart
  settings.concurrency = 4;
  const auto start = std::chrono::steady_clock::now();
  run({url("/g0/index.html"), url("/g1/index.html"), url("/g2/index.html"), url("/g3/index.html")});
  // Four requests to one host start at least 3 × 50 ms apart from the first (a lower
  // bound: sleeping never ends early).
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
}

} // namespace
} // namespace zwgk::crawl
