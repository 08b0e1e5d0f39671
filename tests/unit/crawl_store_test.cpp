// Issue 17: the crawler's store, in memory, in SQLite and in PostgreSQL alike (issue 18:
// one implementation over store/sql.h for both databases) — a run killed half-way is
// continued, pages are replaced, proposals are kept once per key and decided once with
// their audit entry — and, in both databases, the database itself refuses a second
// decision.
#include "fs/process.h"
#include "store/database.h"
#include "store/sql_stores.h"

#include "pg_test_support.h"

#include <gtest/gtest.h>

namespace zwgk::store {
namespace {

enum class CrawlBackend { Memory, Sqlite, Postgres };

class CrawlStoreTest : public ::testing::TestWithParam<CrawlBackend> {
protected:
  void SetUp() override {
    if (GetParam() == CrawlBackend::Postgres) {
      auto pg = test::postgres_fixture();
      if (!pg.db) GTEST_SKIP() << "no PostgreSQL test server (ctest starts one: fixture pg)";
      ASSERT_TRUE(pg.pool) << pg.error;
      m_pg = std::move(pg.db);
      m_pool = pg.pool;
      m_crawl = make_crawl_store(m_pool);
      return;
    }
    if (GetParam() == CrawlBackend::Memory) {
      m_db = std::make_unique<MemoryDatabase>();
      return;
    }
    auto opened = open_sqlite_database(path());
    ASSERT_TRUE(opened) << opened.error();
    m_db = std::move(*opened);
  }
  void TearDown() override {
    m_crawl.reset();
    m_pool.reset();  // its connections closed before the database is dropped
    m_pg.reset();
  }
  CrawlStore& crawl() { return m_crawl ? *m_crawl : m_db->crawl(); }
  // The audit log's actions, newest first.
  std::vector<std::string> audit_actions() {
    std::vector<std::string> out;
    if (!m_pool) {
      for (const auto& e : m_db->store().audit(0, 100)) out.push_back(e.action);
      return out;
    }
    auto rows = sql::run(*m_pool->read(), "读取", "SELECT action FROM audit ORDER BY id DESC");
    for (std::size_t r = 0; rows && r < rows->size(); ++r) out.push_back(rows->text(r, 0));
    return out;
  }
  std::string path() const { return (m_dir.path() / "zwgk.db").string(); }
  CrawlProposal proposal(std::string key, std::string kind = "stale") {
    return {0, "2020Q3", std::move(kind), std::move(key), "区发改局", R"({"days": 20})", 1, {}, {}, {}, 0};
  }

  fs::TempDir m_dir = std::move(*fs::TempDir::create());
  std::unique_ptr<Database> m_db;
  std::unique_ptr<test::PostgresDatabase> m_pg;
  std::shared_ptr<sql::Pool> m_pool;
  std::unique_ptr<CrawlStore> m_crawl;
};

INSTANTIATE_TEST_SUITE_P(Backends, CrawlStoreTest,
                         ::testing::Values(CrawlBackend::Memory, CrawlBackend::Sqlite, CrawlBackend::Postgres),
                         [](const auto& p) {
                           return p.param == CrawlBackend::Memory ? "Memory"
                                  : p.param == CrawlBackend::Sqlite ? "Sqlite"
                                                                    : "Postgres";
                         });

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
  EXPECT_EQ(audit_actions(), std::vector<std::string>{"确认抓取建议"});  // one decision, one entry
  // Found again after its decision: kept as decided, not proposed anew.
  added = crawl().add_proposals({proposal("a")});
  ASSERT_TRUE(added);
  EXPECT_EQ(*added, 0u);
}

TEST_P(CrawlStoreTest, TheDatabaseRefusesASecondDecisionAndDeletions) {
  if (GetParam() == CrawlBackend::Memory) GTEST_SKIP() << "the databases' own triggers";
  ASSERT_TRUE(crawl().add_proposals({proposal("k")}));
  AuditEntry audit{0, 1, "admin", "不采纳抓取建议", "x", ""};
  const auto id = crawl().proposals("2020Q3").at(0).id;
  ASSERT_TRUE(crawl().decide_proposal(id, ProposalDecision::Dismissed, "栏目已撤销", audit));
  // Another client of the same database, bypassing the store.
  auto other = GetParam() == CrawlBackend::Postgres ? sql::open_postgres(m_pg->url()) : sql::open_sqlite(path());
  ASSERT_TRUE(other);
  auto refused = [&](const char* statement, std::string_view message) {
    auto done = (*other)->run("修改", statement, {});
    ASSERT_FALSE(done) << statement;
    EXPECT_NE(done.error().find(message), std::string::npos) << done.error();
  };
  refused("UPDATE crawl_proposals SET decision = 'confirmed'", "抓取建议只能处理一次");
  refused("DELETE FROM crawl_proposals", "抓取建议不能删除");
  refused("DELETE FROM audit", "审计日志只能追加，不能删除");
}

} // namespace
} // namespace zwgk::store
