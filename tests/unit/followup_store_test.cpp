// The follow-up ledger (store/followup_store.h): one suite run against every
// implementation (MemoryFollowupStore, SQLite on a file, SQLite in memory, and
// PostgreSQL: issue 18) so that they behave alike, and append_checked (check, event and audit in
// one transaction). The SQLite ledger's own guarantees are in
// followup_store_sqlite_test.cpp.
#include "fs/process.h"
#include "store/database.h"
#include "store/followup_store.h"
#include "store/mail_store.h"
#include "store/memory_followup_store.h"
#include "store/sqlite_store_schema.h"
#include "store/sql_stores.h"
#include "store/store.h"
#include "util/digest.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "followup_store_support.h"
#include "pg_test_support.h"

namespace zwgk::store {
namespace {

using namespace followup_test;



enum class Backend { Memory, SqliteFile, SqliteInMemory, Postgres };

std::string name_of(Backend backend) {
  switch (backend) {
  case Backend::Memory: return "Memory";
  case Backend::SqliteFile: return "SqliteFile";
  case Backend::SqliteInMemory: return "SqliteInMemory";
  case Backend::Postgres: return "Postgres";
  }
  return "Unknown";
}

void PrintTo(Backend backend, std::ostream* out) { *out << name_of(backend); }


class FollowupStoreTest : public ::testing::TestWithParam<Backend> {
protected:
  void SetUp() override {
    switch (GetParam()) {
    case Backend::Memory: m_db = std::make_unique<MemoryDatabase>(); break;
    case Backend::SqliteFile: m_db = open_or_fail(db_path()); break;
    case Backend::SqliteInMemory: m_db = open_or_fail(":memory:"); break;
    case Backend::Postgres: {
      auto pg = test::postgres_fixture();
      if (!pg.db) GTEST_SKIP() << "no PostgreSQL test server (ctest starts one: fixture pg)";
      ASSERT_TRUE(pg.pool) << pg.error;
      m_pg = std::move(pg.db);
      m_pool = pg.pool;
      m_ledger = make_followup_store(m_pool);
      return;
    }
    }
    ASSERT_NE(m_db, nullptr);
  }
  void TearDown() override {
    m_ledger.reset();
    m_pool.reset();  // its connections closed before the database is dropped
    m_pg.reset();
  }
  static std::unique_ptr<Database> open_or_fail(const std::string& path) {
    auto opened = open_sqlite_database(path);
    EXPECT_TRUE(opened) << opened.error();
    return opened ? std::move(*opened) : nullptr;
  }
  FollowupStore& ledger() { return m_ledger ? *m_ledger : m_db->followup(); }
  // The audit log's newest `limit` entries (in PostgreSQL, read with SQL: its Store is yet to come).
  std::vector<AuditEntry> audit_entries(std::size_t limit) {
    if (!m_pool) return m_db->store().audit(0, limit);
    std::vector<AuditEntry> out;
    auto rows = sql::run(*m_pool->read(), "读取", "SELECT id, at, user_name, action, target, detail FROM audit "
                                                  "ORDER BY id DESC LIMIT ?1", static_cast<std::int64_t>(limit));
    for (std::size_t r = 0; rows && r < rows->size(); ++r)
      out.push_back({rows->int64(r, 0), rows->int64(r, 1), rows->text(r, 2), rows->text(r, 3), rows->text(r, 4),
                     rows->text(r, 5)});
    return out;
  }
  std::string db_path() const { return (m_dir.path() / "zwgk.db").string(); }

  fs::TempDir m_dir = std::move(*fs::TempDir::create());
  std::unique_ptr<Database> m_db;
  std::unique_ptr<test::PostgresDatabase> m_pg;
  std::shared_ptr<sql::Pool> m_pool;
  std::unique_ptr<FollowupStore> m_ledger;
};

INSTANTIATE_TEST_SUITE_P(Backends, FollowupStoreTest,
                         ::testing::Values(Backend::Memory, Backend::SqliteFile, Backend::SqliteInMemory,
                                           Backend::Postgres),
                         [](const auto& p) { return name_of(p.param); });

TEST_P(FollowupStoreTest, StartsEmpty) {
  EXPECT_TRUE(ledger().followup_events().empty());
  EXPECT_EQ(ledger().followup_version(), 0);
  EXPECT_FALSE(ledger().followup_file(1));
}

TEST_P(FollowupStoreTest, IdsIncreaseWithoutGaps) {
  std::vector<std::int64_t> ids;
  for (int n = 0; n < 3; ++n) {
    auto id = ledger().add_followup_event(make_event(std::string(k_item)), std::nullopt);
    ASSERT_TRUE(id) << id.error();
    ids.push_back(*id);
    // A refused event uses up no id.
    EXPECT_FALSE(ledger().add_followup_event(make_event(""), std::nullopt));
  }
  EXPECT_EQ(ids[0], 1);
  EXPECT_EQ(ids[1], ids[0] + 1);
  EXPECT_EQ(ids[2], ids[1] + 1);
  auto events = ledger().followup_events();
  ASSERT_EQ(events.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(events[i].id, ids[i]);
}

TEST_P(FollowupStoreTest, KeepsEveryFieldAndTheFileBytes) {
  FollowupEvent reply = make_event(std::string(k_item));
  reply.link = "http://www.linzi.gov.cn/gongkai/mulu.html";
  reply.when = DateTime{{2020, 10, 16}, 23 * 60 + 59};
  reply.file_name = "别的名字.pdf";  // taken from the file
  const char raw[] = "%PDF-1.4\0\xff\xfe 整改截图\r\n";  // a NUL and bytes that are not UTF-8
  const std::string bytes(raw, sizeof raw - 1);
  auto id = ledger().add_followup_event(reply, FollowupFile{"整改截图.pdf", "", bytes});
  ASSERT_TRUE(id) << id.error();

  FollowupEvent draft = make_event("2020Q3", FollowupKind::Draft, "");
  draft.when = DateTime{{2020, 10, 9}, 9 * 60 + 30};
  draft.user = "管理员甲";
  draft.recorded_at = 7;
  auto draft_id = ledger().add_followup_event(draft, std::nullopt);
  ASSERT_TRUE(draft_id) << draft_id.error();

  auto events = ledger().followup_events();
  ASSERT_EQ(events.size(), 2u);
  const FollowupEvent& got = events[0];
  EXPECT_EQ(got.id, *id);
  EXPECT_EQ(got.item, k_item);
  EXPECT_EQ(got.kind, FollowupKind::Reply);
  EXPECT_EQ(got.text, "已上传目录");
  EXPECT_EQ(got.link, "http://www.linzi.gov.cn/gongkai/mulu.html");
  EXPECT_EQ(got.file_name, "整改截图.pdf");
  EXPECT_EQ(got.file_sha256, sha256_hex(bytes));
  EXPECT_EQ(got.when, (DateTime{{2020, 10, 16}, 23 * 60 + 59}));
  EXPECT_EQ(got.user, "齐都镇用户");
  EXPECT_EQ(got.recorded_at, 1'602'727'200);

  auto file = ledger().followup_file(*id);
  ASSERT_TRUE(file);
  EXPECT_EQ(file->name, "整改截图.pdf");
  EXPECT_EQ(file->sha256, sha256_hex(bytes));
  EXPECT_EQ(file->bytes, bytes);

  EXPECT_EQ(events[1].id, *draft_id);
  EXPECT_EQ(events[1].item, "2020Q3");
  EXPECT_EQ(events[1].kind, FollowupKind::Draft);
  EXPECT_EQ(events[1].text, "");
  EXPECT_EQ(events[1].link, "");
  EXPECT_EQ(events[1].file_name, "");
  EXPECT_EQ(events[1].file_sha256, "");
  EXPECT_EQ(events[1].when, (DateTime{{2020, 10, 9}, 9 * 60 + 30}));
  EXPECT_EQ(events[1].user, "管理员甲");
  EXPECT_EQ(events[1].recorded_at, 7);
  EXPECT_FALSE(ledger().followup_file(*draft_id));
  EXPECT_FALSE(ledger().followup_file(999));
}

TEST_P(FollowupStoreTest, EveryKindRoundTrips) {
  const FollowupKind kinds[] = {FollowupKind::Reply,   FollowupKind::Verify,   FollowupKind::Reject,
                                FollowupKind::Contest, FollowupKind::Uphold,   FollowupKind::Withdraw,
                                FollowupKind::Draft,   FollowupKind::Final};
  for (FollowupKind kind : kinds) {
    auto added = ledger().add_followup_event(make_event(std::string(k_item), kind, "说明"), std::nullopt);
    ASSERT_TRUE(added) << followup_kind_name(kind) << "：" << added.error();
  }
  auto events = ledger().followup_events();
  ASSERT_EQ(events.size(), std::size(kinds));
  for (std::size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].kind, kinds[i]) << i;
}

TEST_P(FollowupStoreTest, AnEmptyFileIsStillAFile) {
  auto id = ledger().add_followup_event(make_event(std::string(k_item)), FollowupFile{"空.txt", "", ""});
  ASSERT_TRUE(id) << id.error();
  auto file = ledger().followup_file(*id);
  ASSERT_TRUE(file);
  EXPECT_EQ(file->bytes, "");
  EXPECT_EQ(file->sha256, sha256_hex(""));
}

TEST_P(FollowupStoreTest, TheCallersDigestMustMatchTheBytes) {
  const std::string bytes = "截图";
  std::string upper = sha256_hex(bytes);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(ledger().add_followup_event(make_event(std::string(k_item)), FollowupFile{"a.png", upper, bytes}));
  auto wrong = ledger().add_followup_event(make_event(std::string(k_item)),
                                           FollowupFile{"b.png", sha256_hex("别的"), bytes});
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error(), "附件“b.png”的校验值与内容不符");
  EXPECT_EQ(ledger().followup_events().size(), 1u);
}

TEST_P(FollowupStoreTest, RefusesIncompleteEvents) {
  auto refused = [&](FollowupEvent e, std::optional<FollowupFile> file = std::nullopt) {
    auto added = ledger().add_followup_event(e, file);
    EXPECT_FALSE(added) << "id " << added.value_or(0);
    return added ? std::string() : added.error();
  };
  EXPECT_EQ(refused(make_event("")), "记录缺少整改事项（或期次）");
  EXPECT_EQ(refused(make_event(" ")), "记录缺少整改事项（或期次）");
  FollowupEvent no_user = make_event(std::string(k_item));
  no_user.user.clear();
  EXPECT_EQ(refused(no_user), "记录缺少操作人");
  EXPECT_EQ(refused(make_event(std::string(k_item), FollowupKind::Reply, "")), "请填写整改情况");
  EXPECT_EQ(refused(make_event(std::string(k_item), FollowupKind::Reply, " \r\n")), "请填写整改情况");
  EXPECT_EQ(refused(make_event(std::string(k_item), FollowupKind::Reject, "")), "请填写退回的理由");
  EXPECT_EQ(refused(make_event(std::string(k_item), FollowupKind::Contest, "")), "请填写申诉的理由");
  EXPECT_EQ(refused(make_event(std::string(k_item), FollowupKind::Uphold, "")), "请填写维持的理由");
  EXPECT_EQ(refused(make_event(std::string(k_item), FollowupKind::Withdraw, "")), "请填写撤销的理由");
  FollowupEvent no_time = make_event(std::string(k_item));
  no_time.when = DateTime{};
  EXPECT_EQ(refused(no_time), "记录的时间“0000-00-00 00:00”无效");
  FollowupEvent bad_minute = make_event(std::string(k_item));
  bad_minute.when.minute_of_day = 24 * 60;
  EXPECT_FALSE(ledger().add_followup_event(bad_minute, std::nullopt));
  EXPECT_EQ(refused(make_event(std::string(k_item)), FollowupFile{"", "", "bytes"}), "附件缺少文件名");
  FollowupEvent named = make_event(std::string(k_item));
  named.file_name = "截图.png";
  EXPECT_EQ(refused(named), "记录写明了附件“截图.png”，却没有附上文件");
  EXPECT_TRUE(ledger().followup_events().empty());
  EXPECT_EQ(ledger().followup_version(), 0);

  // Verify, Draft and Final need no text.
  for (FollowupKind kind : {FollowupKind::Verify, FollowupKind::Draft, FollowupKind::Final}) {
    auto added = ledger().add_followup_event(make_event(std::string(k_item), kind, ""), std::nullopt);
    EXPECT_TRUE(added) << followup_kind_name(kind) << "：" << added.error();
  }
}

TEST_P(FollowupStoreTest, VersionGrowsWithEveryEvent) {
  std::int64_t last = ledger().followup_version();
  for (int n = 0; n < 3; ++n) {
    ASSERT_TRUE(ledger().add_followup_event(make_event(std::string(k_item)), std::nullopt));
    std::int64_t now = ledger().followup_version();
    EXPECT_GT(now, last);
    last = now;
  }
  ASSERT_FALSE(ledger().add_followup_event(make_event(""), std::nullopt));
  EXPECT_EQ(ledger().followup_version(), last);
}

TEST_P(FollowupStoreTest, ManyThreadsAddAtOnce) {
  constexpr int k_threads = 4, k_each = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < k_threads; ++t)
    threads.emplace_back([&, t] {
      for (int n = 0; n < k_each; ++n)
        EXPECT_TRUE(ledger().add_followup_event(make_event("事项" + std::to_string(t)),
                                                FollowupFile{"f.txt", "", std::to_string(n)}));
    });
  for (auto& thread : threads) thread.join();
  auto events = ledger().followup_events();
  ASSERT_EQ(events.size(), std::size_t{k_threads * k_each});
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].id, static_cast<std::int64_t>(i) + 1);
    EXPECT_EQ(ledger().followup_file(events[i].id)->sha256, events[i].file_sha256);
  }
}

// ---------------------------------------------------------------- append_checked


TEST_P(FollowupStoreTest, AppendCheckedRunsTheCheckOverTheLedgerAndStoresTheEventWithItsAudit) {
  ASSERT_TRUE(ledger().add_followup_event(make_event(std::string(k_item)), std::nullopt));
  std::vector<FollowupEvent> seen;
  auto check = [&](const std::vector<FollowupEvent>& events) -> std::expected<void, std::string> {
    seen = events;
    return {};
  };
  const auto event = make_event(std::string(k_item), FollowupKind::Verify, "");
  auto id = ledger().append_checked(check, event, FollowupFile{"证明.png", "", "图"}, audit_for(event));
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(*id, 2);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].id, 1);
  EXPECT_EQ(ledger().followup_events().size(), 2u);
  EXPECT_EQ(ledger().followup_file(2)->bytes, "图");
  auto entries = audit_entries(10);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].target, k_item);
}

TEST_P(FollowupStoreTest, AppendCheckedStoresNothingWhenTheCheckRefuses) {
  auto refuse = [](const std::vector<FollowupEvent>&) -> std::expected<void, std::string> {
    return std::unexpected("已经申诉过");
  };
  const auto event = make_event(std::string(k_item));
  auto id = ledger().append_checked(refuse, event, FollowupFile{"a.png", "", "图"}, audit_for(event));
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().cause, AppendFailure::Refused);
  EXPECT_EQ(id.error().message, "已经申诉过");
  EXPECT_TRUE(ledger().followup_events().empty());
  EXPECT_FALSE(ledger().followup_file(1));
  EXPECT_TRUE(audit_entries(10).empty());
}

TEST_P(FollowupStoreTest, AppendCheckedRefusesAnIncompleteEventBeforeTheCheck) {
  bool checked = false;
  auto check = [&](const std::vector<FollowupEvent>&) -> std::expected<void, std::string> {
    checked = true;
    return {};
  };
  const auto event = make_event(std::string(k_item), FollowupKind::Reply, " ");
  auto id = ledger().append_checked(check, event, std::nullopt, audit_for(event));
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().cause, AppendFailure::Invalid);
  EXPECT_EQ(id.error().message, "请填写整改情况");
  EXPECT_FALSE(checked);
  EXPECT_TRUE(audit_entries(10).empty());
}


TEST_P(FollowupStoreTest, ConcurrentRecordersCannotBothPassOneCheck) {
  constexpr std::size_t k_limit = 10;
  constexpr int k_threads = 4, k_each = 8;
  std::vector<std::thread> threads;
  for (int t = 0; t < k_threads; ++t)
    threads.emplace_back([&] {
      for (int n = 0; n < k_each; ++n) {
        const auto event = make_event(std::string(k_item));
        auto id = ledger().append_checked([](const auto& events) { return below(k_limit, events); }, event,
                                          std::nullopt, audit_for(event));
        if (!id) {
          EXPECT_EQ(id.error().cause, AppendFailure::Refused) << id.error().message;
        }
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ledger().followup_events().size(), k_limit);
  EXPECT_EQ(audit_entries(100).size(), k_limit);
}

TEST_P(FollowupStoreTest, AnotherClientOfTheDatabaseCannotRewriteTheLedger) {
  if (GetParam() == Backend::Memory || GetParam() == Backend::SqliteInMemory)
    GTEST_SKIP() << "the database file's or server's own triggers";
  ASSERT_TRUE(ledger().add_followup_event(make_event(std::string(k_item)), FollowupFile{"a.png", "", "图"}));
  auto other = GetParam() == Backend::Postgres ? sql::open_postgres(m_pg->url()) : sql::open_sqlite(db_path());
  ASSERT_TRUE(other);
  for (auto [statement, message] : {std::pair{"UPDATE followup_events SET text = '篡改'", "整改记录只能追加，不能修改"},
                                    std::pair{"DELETE FROM followup_events", "整改记录只能追加，不能删除"},
                                    std::pair{"UPDATE followup_files SET name = 'b.png'", "整改附件不能修改"},
                                    std::pair{"DELETE FROM followup_files", "整改附件不能删除"}}) {
    auto done = (*other)->run("修改", statement, {});
    ASSERT_FALSE(done) << statement;
    EXPECT_NE(done.error().find(message), std::string::npos) << done.error();
  }
  EXPECT_EQ(ledger().followup_file(1)->bytes, "图");
}

// A Store whose audit log cannot be written.
class RefusingAuditStore : public MemoryStore {
public:
  std::expected<std::int64_t, std::string> append_audit(const AuditEntry&) override {
    return std::unexpected("审计日志写不进去");
  }
};

TEST(MemoryFollowupStoreTest, AFailingAuditWriteLeavesNothing) {
  RefusingAuditStore log;
  MemoryFollowupStore ledger(log);
  const auto event = make_event(std::string(k_item));
  auto id = ledger.append_checked([](const auto&) -> std::expected<void, std::string> { return {}; }, event,
                                  FollowupFile{"a.png", "", "图"}, audit_for(event));
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().cause, AppendFailure::Store);
  EXPECT_TRUE(ledger.followup_events().empty());
  EXPECT_FALSE(ledger.followup_file(1));
}

} // namespace
} // namespace zwgk::store
