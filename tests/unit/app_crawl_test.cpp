// Issue 17: a period crawled through the application layer (app/crawl.h) on an in-memory
// site: the file written with its provenance and counted, a run resumed within a day and
// not after, the refusals (no site file, an unknown unit at its line, an unthrottled crawl
// of a real site), and a stale column confirmed into a finding.
#include "app/crawl.h"
#include "crawl_fake_site.h"

#include "fs/files.h"
#include "store/database.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

namespace zwgk::app {
namespace {

using crawl::test::FakeSite;

constexpr std::int64_t k_now = 1'602'640'800;  // 2020-10-14 10:00 CST

class AppCrawlTest : public ::testing::Test {
protected:
  AppCrawlTest() {
    m_site.pages["http://127.0.0.1/robots.txt"] = {200, "User-agent: *\nAllow: /\n"};
    m_site.pages["http://127.0.0.1/fgj/index.html"] = {
        200, "<ul><li><a href=\"./t1.html\">区发改局召开重点项目推进会议</a><span>2020-09-20</span></li>"
             "<li><a href=\"./t2.html\">区发改局发布价格监测报告</a><span>2020-06-05</span></li></ul>"};
    m_site.pages["http://127.0.0.1/jtj/index.html"] = {
        200, "<ul><li><a href=\"./t1.html\">区教体局召开暑期安全工作会议</a><span>2020-08-01</span></li></ul>"};
    write("站点.toml", "[[columns]]\nunit = \"区发改局\"\nkind = \"通知公告\"\nurl = \"http://127.0.0.1/fgj/index.html\"\n"
                      "[[columns]]\nunit = \"区教体局\"\nkind = \"动态要闻\"\nurl = \"http://127.0.0.1/jtj/index.html\"\n");
    std::ofstream(m_dir / "考核方案.toml", std::ios::app)
        << "\n[[findings]]\ncode = \"栏目未更新\"\nreason = \"网站栏目长期未更新\"\npoints = 0.5\n"
           "\n[[stale_columns]]\nkind = \"动态要闻\"\ndays = 14\nfinding = \"栏目未更新\"\n";
    std::filesystem::remove(m_dir / "2020Q3" / "网站发布.csv");
  }
  ~AppCrawlTest() override { std::filesystem::remove_all(m_dir); }

  void write(const std::string& name, const std::string& text) { std::ofstream(m_dir / name) << text; }
  std::expected<CrawlSummary, Error> crawl(std::int64_t now = k_now) {
    return crawl_period(m_ws, {Period{2020, 3}, {}, crawl::Throttle::None, std::chrono::milliseconds(0)},
                        {"admin", now}, &m_site);
  }

  static std::filesystem::path copy_example() {
    auto dir = std::filesystem::temp_directory_path() /
               ("zwgk-app-crawl-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir);
    std::filesystem::copy(std::filesystem::path(ZWGK_SOURCE_DIR) / "examples/linzi-2020q3", dir,
                          std::filesystem::copy_options::recursive);
    std::filesystem::remove(dir / "站点.toml");
    return dir;
  }

  std::filesystem::path m_dir = copy_example();
  store::MemoryDatabase m_db;
  Workspace m_ws{m_dir, {&m_db.store(), &m_db.mail(), &m_db.followup(), &m_db.crawl()}, [] { return k_now; }};
  FakeSite m_site;
};

TEST_F(AppCrawlTest, TheItemsOfTheQuarterAreWrittenWithTheirColumnAndCounted) {
  auto summary = crawl();
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->file, "2020Q3/网站发布-网站采集.csv");
  EXPECT_EQ(summary->rows, 2u);
  EXPECT_EQ(summary->outside, 1u);
  EXPECT_FALSE(summary->resumed);
  auto file = fs::read_file(m_dir / "2020Q3" / "网站发布-网站采集.csv");
  ASSERT_TRUE(file);
  EXPECT_NE(file->find("区发改局,区发改局召开重点项目推进会议,2020-09-20,http://127.0.0.1/fgj/t1.html,通知公告,"
                       "http://127.0.0.1/fgj/index.html"),
            std::string::npos)
      << *file;
  auto loaded = m_ws.load_period(Period{2020, 3});
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->ws.data.published_items.size(), 2u);
  // The stale column is proposed with its evidence, and confirmed into a finding.
  auto proposals = m_db.crawl().proposals("2020Q3");
  ASSERT_EQ(proposals.size(), 1u);
  EXPECT_EQ(proposals[0].unit, "区教体局");
  ASSERT_TRUE(decide_crawl_proposal(m_ws, Period{2020, 3}, proposals[0].id, store::ProposalDecision::Confirmed, "",
                                    {"admin", k_now}));
  auto findings = m_ws.entered_findings(Period{2020, 3});
  ASSERT_TRUE(findings);
  ASSERT_EQ(findings->size(), 1u);
  EXPECT_EQ((*findings)[0].note, "“动态要闻”栏目最新一条信息发布于2020-08-01，至2020-09-30已60天未更新（规定14天）");
  auto again = decide_crawl_proposal(m_ws, Period{2020, 3}, proposals[0].id, store::ProposalDecision::Dismissed, "x",
                                     {"admin", k_now});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::Conflict);
}

TEST_F(AppCrawlTest, AColumnThatCannotBeReadKeepsItsItemsFromTheLastCrawl) {
  ASSERT_TRUE(crawl(k_now - 7200));
  m_site.pages["http://127.0.0.1/fgj/index.html"].failures = 1000;  // the unit's site is down
  auto down = crawl(k_now);
  ASSERT_TRUE(down);
  EXPECT_FALSE(down->outcome.columns[0].complete);
  EXPECT_EQ(down->carried, 1u);
  EXPECT_EQ(down->rows, 2u);  // 区发改局's item of September is still counted
  auto file = fs::read_file(m_dir / "2020Q3" / "网站发布-网站采集.csv");
  ASSERT_TRUE(file);
  EXPECT_NE(file->find("区发改局召开重点项目推进会议"), std::string::npos);
}

TEST_F(AppCrawlTest, AnInterruptedRunIsResumedWithinADayOnly) {
  ASSERT_TRUE(crawl(k_now - 600));
  // A run killed after it had read both pages: its pages are taken as they are the same day...
  auto killed = [&](std::int64_t at) {
    auto run = m_db.crawl().begin_crawl_run("2020Q3", "admin", at);
    ASSERT_TRUE(run);
    for (const char* url : {"http://127.0.0.1/fgj/index.html", "http://127.0.0.1/jtj/index.html"}) {
      auto page = m_db.crawl().crawl_page(url);
      ASSERT_TRUE(page);
      page->run = run->id;
      ASSERT_TRUE(m_db.crawl().save_crawl_page(*page));
    }
  };
  killed(k_now - 60);
  const auto requests = m_site.requested.size();
  auto resumed = crawl();
  ASSERT_TRUE(resumed);
  EXPECT_TRUE(resumed->resumed);
  EXPECT_EQ(m_site.requested.size(), requests);  // nothing, not even robots.txt
  EXPECT_EQ(resumed->rows, 2u);
  // ...but not two days later: that run is closed and a new one asks again (conditionally).
  killed(k_now);
  auto later = crawl(k_now + 2 * 86400);
  ASSERT_TRUE(later);
  EXPECT_FALSE(later->resumed);
  EXPECT_EQ(m_site.not_modified, 2);
  EXPECT_EQ(m_db.crawl().crawl_runs("2020Q3")[1].summary, R"({"abandoned": true})");
}

TEST_F(AppCrawlTest, RefusalsSayWhy) {
  write("站点.toml", "[[columns]]\nunit = \"区发改局\"\nkind = \"k\"\nurl = \"http://www.linzi.gov.cn/a\"\n\n"
                    "[[columns]]\nunit = \"区财政\"\nkind = \"k\"\nurl = \"http://www.linzi.gov.cn/b\"\n");
  auto unknown = crawl();
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::BadInput);
  ASSERT_EQ(unknown.error().problems.error_count(), 1u);
  EXPECT_EQ(unknown.error().problems.entries()[0].where.line, 6u);
  EXPECT_NE(unknown.error().problems.entries()[0].message.find("是否指：区财政局"), std::string::npos);

  write("站点.toml", "[[columns]]\nunit = \"区发改局\"\nkind = \"k\"\nurl = \"http://www.linzi.gov.cn/a\"\n");
  auto real = crawl();  // unthrottled, to a site that is not this machine
  ASSERT_FALSE(real);
  EXPECT_NE(real.error().message.find("不限速抓取只用于本机的测试网站"), std::string::npos);

  std::filesystem::remove(m_dir / "站点.toml");
  auto missing = crawl();
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::NotFound);
  EXPECT_TRUE(m_site.requested.empty());  // nothing was fetched for any of them
}

} // namespace
} // namespace zwgk::app
