// The SQLite follow-up ledger itself: what another connection may and may
// not do to it, reopening, migrations, and transactions across connections.
#include "fs/process.h"
#include "store/database.h"
#include "store/followup_store.h"
#include "store/mail_store.h"
#include "store/memory_followup_store.h"
#include "store/sqlite_store_schema.h"
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
#include "store_test_support.h"

namespace zwgk::store {
namespace {

using namespace followup_test;
using test::RawDb;

class FollowupSqliteTest : public ::testing::Test {
protected:
  std::shared_ptr<FollowupStore> open() {
    auto opened = open_part(m_path, &Database::followup);
    EXPECT_TRUE(opened) << opened.error();
    return opened ? std::move(*opened) : nullptr;
  }
  fs::TempDir m_dir = std::move(*fs::TempDir::create());
  std::string m_path = (m_dir.path() / "zwgk.db").string();
};

TEST_F(FollowupSqliteTest, RefusesRewritingTheLedgerFromAnotherConnection) {
  auto ledger = open();
  ASSERT_TRUE(ledger);
  ASSERT_TRUE(ledger->add_followup_event(make_event(std::string(k_item)), FollowupFile{"a.png", "", "图"}));
  RawDb raw(m_path);
  auto refused = [&](const std::string& sql, std::string_view message) {
    std::string error = raw.exec(sql);
    EXPECT_NE(error.find(message), std::string::npos) << sql << " → “" << error << "”";
  };
  refused("UPDATE followup_events SET text = '篡改'", "整改记录只能追加，不能修改");
  refused("DELETE FROM followup_events", "整改记录只能追加，不能删除");
  // REPLACE would delete the old row without firing the DELETE trigger.
  refused("INSERT OR REPLACE INTO followup_events (id, item, kind, text, link, file_name, file_sha256, happened, "
          "user_name, recorded_at) VALUES (1, 'x', 'verify', '', '', '', '', '2020-10-15 10:00', 'x', 0)",
          "整改记录只能追加，不能覆盖");
  refused("UPDATE followup_files SET bytes = x'00'", "整改附件不能修改");
  refused("DELETE FROM followup_files", "整改附件不能删除");
  refused("INSERT OR REPLACE INTO followup_files (event, name, sha256, bytes) VALUES (1, 'b.png', '', x'00')",
          "整改附件不能覆盖");
  // The schema admits only known kinds and well-formed times.
  EXPECT_NE(raw.exec("INSERT INTO followup_events (item, kind, text, link, file_name, file_sha256, happened, "
                     "user_name, recorded_at) VALUES ('x', 'bogus', '', '', '', '', '2020-10-15 10:00', 'x', 0)"),
            "");
  EXPECT_NE(raw.exec("INSERT INTO followup_events (item, kind, text, link, file_name, file_sha256, happened, "
                     "user_name, recorded_at) VALUES ('x', 'verify', '', '', '', '', '2020-10-15', 'x', 0)"),
            "");
  // Appending is what the ledger is for.
  EXPECT_EQ(raw.exec("INSERT INTO followup_events (item, kind, text, link, file_name, file_sha256, happened, "
                     "user_name, recorded_at) VALUES ('2020Q3', 'final', '', '', '', '', '2020-10-20 09:00', '甲', 0)"),
            "");
  auto events = ledger->followup_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].text, "已上传目录");
  EXPECT_EQ(events[1].kind, FollowupKind::Final);
  EXPECT_EQ(events[1].when, (DateTime{{2020, 10, 20}, 9 * 60}));
  EXPECT_EQ(ledger->followup_file(1)->bytes, "图");
}

TEST_F(FollowupSqliteTest, ReopeningKeepsEverythingAndIdsContinue) {
  {
    auto ledger = open();
    ASSERT_TRUE(ledger);
    ASSERT_TRUE(ledger->add_followup_event(make_event(std::string(k_item)), FollowupFile{"a.png", "", "图"}));
  }
  auto ledger = open();
  ASSERT_TRUE(ledger);
  ASSERT_EQ(ledger->followup_events().size(), 1u);
  EXPECT_EQ(ledger->followup_file(1)->bytes, "图");
  EXPECT_EQ(*ledger->add_followup_event(make_event(std::string(k_item), FollowupKind::Verify, ""), std::nullopt), 2);
  EXPECT_EQ(ledger->followup_version(), 2);
}

TEST_F(FollowupSqliteTest, AnotherConnectionsEventsAreSeenAndGrowTheVersion) {
  auto first = open();
  auto second = open();
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(first->add_followup_event(make_event(std::string(k_item)), std::nullopt));
  std::int64_t version = second->followup_version();
  EXPECT_EQ(version, 1);
  ASSERT_TRUE(first->add_followup_event(make_event(std::string(k_item), FollowupKind::Verify, ""), std::nullopt));
  EXPECT_GT(second->followup_version(), version);
  EXPECT_EQ(second->followup_events().size(), 2u);
}

TEST_F(FollowupSqliteTest, SharesTheFileWithTheStoreAndTheMailLedger) {
  auto store = open_part(m_path, &Database::store);
  ASSERT_TRUE(store) << store.error();
  auto mail = open_part(m_path, &Database::mail);
  ASSERT_TRUE(mail) << mail.error();
  auto ledger = open();
  ASSERT_TRUE(ledger);
  ASSERT_TRUE((*store)->append_audit({0, 1, "管理员甲", "整改回复", std::string(k_item), "说明"}));
  ASSERT_TRUE(ledger->add_followup_event(make_event(std::string(k_item)), std::nullopt));
  EXPECT_EQ((*store)->audit(0, 10).size(), 1u);
  EXPECT_EQ(ledger->followup_events().size(), 1u);
  EXPECT_TRUE((*mail)->mail_messages().empty());
}

TEST_F(FollowupSqliteTest, OpeningAVersion2DatabaseMigratesIt) {
  static_assert(k_schema_version >= 3, "the follow-up ledger is migration 3");
  {
    // A database as zwgk wrote it before the follow-up ledger: migrations 1 and 2 only, with data.
    RawDb raw(m_path);
    ASSERT_EQ(raw.exec(k_schema_version_table), "");
    for (const auto& migration : k_migrations) {
      if (migration.version > 2) break;
      ASSERT_EQ(raw.exec(migration.sql), "") << migration.version;
      ASSERT_EQ(raw.exec("INSERT INTO schema_version (version, applied_at) VALUES (" +
                         std::to_string(migration.version) + ", 0)"),
                "");
    }
    ASSERT_EQ(raw.exec("INSERT INTO audit (at, user_name, action, target, detail) VALUES (1, '甲', '登录', '', '')"),
              "");
    ASSERT_EQ(raw.exec("INSERT INTO mail_messages (key, sha256, message_id, from_address, subject, received, "
                       "received_from, characters, pictures, fingerprint, attachments, notes, text, origin, "
                       "imported_by, imported_at, raw) VALUES ('<a>', '', '', '', '稿件', '', '', 0, 0, '', '', '', "
                       "'', '', '', 0, x'00')"),
              "");
    ASSERT_EQ(raw.text("SELECT count(*) FROM sqlite_master WHERE name = 'followup_events'"), "0");
  }
  auto ledger = open();
  ASSERT_TRUE(ledger);
  EXPECT_TRUE(ledger->followup_events().empty());
  ASSERT_TRUE(ledger->add_followup_event(make_event(std::string(k_item)), std::nullopt));
  RawDb raw(m_path);
  EXPECT_EQ(raw.text("SELECT max(version) FROM schema_version"), std::to_string(k_schema_version));
  EXPECT_EQ(raw.text("SELECT count(*) FROM schema_version"), std::to_string(k_migrations.size()));
  // What was there stays.
  EXPECT_EQ(raw.text("SELECT action FROM audit"), "登录");
  EXPECT_EQ(raw.text("SELECT subject FROM mail_messages"), "稿件");
  auto mail = open_part(m_path, &Database::mail);
  ASSERT_TRUE(mail) << mail.error();
  EXPECT_EQ((*mail)->mail_messages().size(), 1u);
}

TEST_F(FollowupSqliteTest, OpeningAVersion4DatabaseKeepsTheLedgerAndAcceptsWithdrawDraft) {
  {
    // A database as zwgk wrote it before 撤回公示: migrations 1-4, an event with its file.
    RawDb raw(m_path);
    ASSERT_EQ(raw.exec(k_schema_version_table), "");
    for (const auto& migration : k_migrations) {
      if (migration.version > 4) break;
      ASSERT_EQ(raw.exec(migration.sql), "") << migration.version;
      ASSERT_EQ(raw.exec("INSERT INTO schema_version (version, applied_at) VALUES (" +
                         std::to_string(migration.version) + ", 0)"),
                "");
    }
    ASSERT_EQ(raw.exec("INSERT INTO followup_events (item, kind, text, link, file_name, file_sha256, happened, "
                       "user_name, recorded_at) VALUES ('2020Q3/齐都镇/目录未上传', 'reply', '已上传', '', 'a.png', "
                       "'', '2020-10-15 10:00', '甲', 1)"),
              "");
    ASSERT_EQ(raw.exec("INSERT INTO followup_files (event, name, sha256, bytes) VALUES (1, 'a.png', '', x'00')"), "");
    EXPECT_NE(raw.exec("INSERT INTO followup_events (item, kind, text, link, file_name, file_sha256, happened, "
                       "user_name, recorded_at) VALUES ('2020Q3', 'withdraw_draft', '重发', '', '', '', "
                       "'2020-10-15 11:00', '甲', 2)"),
              "");
  }
  auto ledger = open();
  ASSERT_TRUE(ledger);
  ASSERT_EQ(ledger->followup_events().size(), 1u);
  EXPECT_EQ(ledger->followup_events()[0].id, 1);
  EXPECT_TRUE(ledger->followup_file(1));
  auto id = ledger->add_followup_event(make_event("2020Q3", FollowupKind::WithdrawDraft, "成文日期有误"), std::nullopt);
  ASSERT_TRUE(id) << id.error();
  EXPECT_EQ(*id, 2);
  EXPECT_EQ(ledger->followup_events()[1].kind, FollowupKind::WithdrawDraft);
  // Still append-only after the rebuild.
  RawDb raw(m_path);
  EXPECT_NE(raw.exec("UPDATE followup_events SET text = '篡改'").find("整改记录只能追加，不能修改"), std::string::npos);
  EXPECT_NE(raw.exec("DELETE FROM followup_events").find("整改记录只能追加，不能删除"), std::string::npos);
  EXPECT_EQ(raw.text("SELECT count(*) FROM sqlite_master WHERE name = 'followup_events_by_item'"), "1");
}

TEST_F(FollowupSqliteTest, AFailingAuditWriteLeavesNothing) {
  auto ledger = open();
  ASSERT_TRUE(ledger);
  {
    RawDb raw(m_path);
    ASSERT_EQ(raw.exec("CREATE TRIGGER audit_refused BEFORE INSERT ON audit "
                       "BEGIN SELECT RAISE(ABORT, '审计日志写不进去'); END"),
              "");
  }
  const auto event = make_event(std::string(k_item));
  auto id = ledger->append_checked([](const auto&) -> std::expected<void, std::string> { return {}; }, event,
                                   FollowupFile{"a.png", "", "图"}, audit_for(event));
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().cause, AppendFailure::Store);
  EXPECT_NE(id.error().message.find("审计日志写不进去"), std::string::npos) << id.error().message;
  EXPECT_TRUE(ledger->followup_events().empty());
  RawDb raw(m_path);
  EXPECT_EQ(raw.text("SELECT count(*) FROM followup_files"), "0");
  EXPECT_EQ(raw.text("SELECT count(*) FROM audit"), "0");
}

// Two connections, as two processes (the CLI beside the server) have: while
// one runs its check, the other cannot record, and its own check then sees
// the first one's event — the check runs inside a transaction that holds
// the database's write lock (BEGIN IMMEDIATE), not a lock of one process.
TEST_F(FollowupSqliteTest, AnotherConnectionWaitsForTheCheckAndThenSeesItsEvent) {
  auto first = open();
  auto second = open();
  ASSERT_TRUE(first && second);
  std::atomic<bool> second_done{false};
  std::size_t second_saw = 0;
  std::thread other;
  const auto event = make_event(std::string(k_item));
  auto id = first->append_checked(
      [&](const std::vector<FollowupEvent>&) -> std::expected<void, std::string> {
        other = std::thread([&] {
          auto check = [&](const std::vector<FollowupEvent>& events) -> std::expected<void, std::string> {
            second_saw = events.size();
            return {};
          };
          EXPECT_TRUE(second->append_checked(check, event, std::nullopt, audit_for(event)));
          second_done = true;
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        EXPECT_FALSE(second_done) << "the other connection recorded while the check ran";
        return {};
      },
      event, std::nullopt, audit_for(event));
  other.join();
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(*id, 1);
  EXPECT_EQ(second_saw, 1u);
  EXPECT_EQ(first->followup_events().size(), 2u);
}

// Many connections at once, each as another process would record: exactly
// as many events as the check admits, each audited.
TEST_F(FollowupSqliteTest, ConnectionsRecordingAtOnceCannotBothPassOneCheck) {
  constexpr std::size_t k_limit = 12;
  constexpr int k_connections = 4, k_each = 6;
  std::vector<std::shared_ptr<FollowupStore>> ledgers;
  for (int c = 0; c < k_connections; ++c) ledgers.push_back(open());
  std::vector<std::thread> threads;
  for (auto& ledger : ledgers)
    threads.emplace_back([&ledger] {
      for (int n = 0; n < k_each; ++n) {
        const auto event = make_event(std::string(k_item));
        auto id = ledger->append_checked([](const auto& events) { return below(k_limit, events); }, event,
                                         std::nullopt, audit_for(event));
        if (!id) {
          EXPECT_EQ(id.error().cause, AppendFailure::Refused) << id.error().message;
        }
      }
    });
  for (auto& thread : threads) thread.join();
  RawDb raw(m_path);
  EXPECT_EQ(raw.text("SELECT count(*) FROM followup_events"), std::to_string(k_limit));
  EXPECT_EQ(raw.text("SELECT count(*) FROM audit"), std::to_string(k_limit));
}

} // namespace
} // namespace zwgk::store
