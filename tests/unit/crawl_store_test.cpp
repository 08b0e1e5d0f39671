// Issue 17: the crawler's store, in memory and in SQLite alike — a run killed half-way
// is continued, pages are replaced, proposals are kept once per key and decided once
// with their audit entry — and, in SQLite, the database itself refuses a second decision.
#include "fs/process.h"
#include "store/database.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

namespace zwgk::store {
namespace {

enum class CrawlBackend { Memory, Sqlite };

class CrawlStoreTest : public ::testing::TestWithParam<CrawlBackend> {
protected:
  void SetUp() override {
    if (GetParam() == CrawlBackend::Memory) {
      m_db = std::make_unique<MemoryDatabase>();
      return;
    }
    auto opened = open_sqlite_database(path());
    ASSERT_TRUE(opened) << opened.error();
    m_db = std::move(*opened);
  }
  CrawlStore& crawl() { return m_db->crawl(); }
  std::string path() const { return (m_dir.path() / "zwgk.db").string(); }
  CrawlProposal proposal(std::string key, std::string kind = "stale") {
    return {0, "2020Q3", std::move(kind), std::move(key), "区发改局", R"({"days": 20})", 1, {}, {}, {}, 0};
  }

  fs::TempDir m_dir = std::move(*fs::TempDir::create());
  std::unique_ptr<Database> m_db;
};

INSTANTIATE_TEST_SUITE_P(Backends, CrawlStoreTest, ::testing::Values(CrawlBackend::Memory, CrawlBackend::Sqlite),
                         [](const auto& p) { return p.param == CrawlBackend::Memory ? "Memory" : "Sqlite"; });

TEST_P(CrawlStoreTest, AnUnfinishedRunIsContinuedAFinishedOneIsNot) {
  auto first = crawl().begin_crawl_run("2020Q3", "命令行", 100);
  ASSERT_TRUE(first) << first.error();
  auto again = crawl().begin_crawl_run("2020Q3", "命令行", 200);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, first->id);  // killed: continued
  EXPECT_EQ(again->started_at, 100);
  auto other = crawl().begin_crawl_run("2020Q4", "命令行", 200);
  ASSERT_TRUE(other);
  EXPECT_NE(other->id, first->id);  // periods apart
  ASSERT_TRUE(crawl().finish_crawl_run(first->id, 300, R"({"rows": 5})"));
  EXPECT_FALSE(crawl().finish_crawl_run(first->id, 400, "{}"));
  auto next = crawl().begin_crawl_run("2020Q3", "admin", 500);
  ASSERT_TRUE(next);
  EXPECT_NE(next->id, first->id);
  auto runs = crawl().crawl_runs("2020Q3");
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].id, next->id);  // newest first
  EXPECT_EQ(runs[1].finished_at, 300);
  EXPECT_EQ(runs[1].summary, R"({"rows": 5})");
}

TEST_P(CrawlStoreTest, PagesAreReplaced) {
  EXPECT_FALSE(crawl().crawl_page("http://x/index.html"));
  ASSERT_TRUE(crawl().save_crawl_page({"http://x/index.html", 1, 10, "\"a\"", "", "{}"}));
  ASSERT_TRUE(crawl().save_crawl_page({"http://x/index.html", 2, 20, "\"b\"", "Tue, 15 Sep 2020 08:00:00 GMT", "[]"}));
  auto page = crawl().crawl_page("http://x/index.html");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->run, 2);
  EXPECT_EQ(page->etag, "\"b\"");
  EXPECT_EQ(page->last_modified, "Tue, 15 Sep 2020 08:00:00 GMT");
  EXPECT_EQ(page->content, "[]");
}

TEST_P(CrawlStoreTest, ProposalsOncePerKeyAndDecidedOnce) {
  auto added = crawl().add_proposals({proposal("a"), proposal("b"), proposal("a", "adoption")});
  ASSERT_TRUE(added);
  EXPECT_EQ(*added, 3u);
  added = crawl().add_proposals({proposal("a"), proposal("c")});
  ASSERT_TRUE(added);
  EXPECT_EQ(*added, 1u);  // "a" is known
  auto all = crawl().proposals("2020Q3");
  ASSERT_EQ(all.size(), 4u);
  EXPECT_TRUE(crawl().proposals("2020Q4").empty());
  const std::int64_t id = all[0].id;
  AuditEntry audit{0, 50, "admin", "确认抓取建议", "2020Q3/抓取建议#1", "栏目未更新：区发改局"};
  ASSERT_TRUE(crawl().decide_proposal(id, ProposalDecision::Confirmed, "核实属实", audit));
  auto refused = crawl().decide_proposal(id, ProposalDecision::Dismissed, "", audit);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("已经处理过"), std::string::npos) << refused.error();
  EXPECT_FALSE(crawl().decide_proposal(9999, ProposalDecision::Confirmed, "", audit));
  EXPECT_FALSE(crawl().decide_proposal(all[1].id, ProposalDecision::Open, "", audit));
  all = crawl().proposals("2020Q3");
  EXPECT_EQ(all[0].decision, ProposalDecision::Confirmed);
  EXPECT_EQ(all[0].reason, "核实属实");
  EXPECT_EQ(all[0].decided_by, "admin");
  EXPECT_EQ(all[1].decision, ProposalDecision::Open);
  auto log = m_db->store().audit(0, 10);
  ASSERT_EQ(log.size(), 1u);  // one decision, one entry
  EXPECT_EQ(log[0].action, "确认抓取建议");
  // Found again after its decision: kept as decided, not proposed anew.
  added = crawl().add_proposals({proposal("a")});
  ASSERT_TRUE(added);
  EXPECT_EQ(*added, 0u);
}

TEST(CrawlStoreSqlite, TheDatabaseRefusesASecondDecisionAndDeletions) {
  auto dir = std::move(*fs::TempDir::create());
  const std::string path = (dir.path() / "zwgk.db").string();
  {
    auto db = open_sqlite_database(path);
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->crawl().add_proposals({{0, "2020Q3", "stale", "k", "区发改局", "{}", 1, {}, {}, {}, 0}}));
    AuditEntry audit{0, 1, "admin", "不采纳抓取建议", "x", ""};
    ASSERT_TRUE((*db)->crawl().decide_proposal(1, ProposalDecision::Dismissed, "栏目已撤销", audit));
  }
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  auto refused = [&](const char* sql, std::string_view message) {
    char* error = nullptr;
    EXPECT_NE(sqlite3_exec(raw, sql, nullptr, nullptr, &error), SQLITE_OK) << sql;
    EXPECT_NE(std::string(error ? error : "").find(message), std::string::npos) << (error ? error : "");
    sqlite3_free(error);
  };
  refused("UPDATE crawl_proposals SET decision = 'confirmed'", "抓取建议只能处理一次");
  refused("DELETE FROM crawl_proposals", "抓取建议不能删除");
  sqlite3_close(raw);
}

} // namespace
} // namespace zwgk::store
