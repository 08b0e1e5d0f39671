// The follow-up ledger (store/followup_store.h): one suite run against every
// implementation (MemoryFollowupStore, SQLite on a file, SQLite in memory)
// so that they behave alike, plus the SQLite ledger's own guarantees
// (triggers against rewriting, migration of an older database, reopening).
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

namespace zwgk::store {
namespace {

FollowupEvent make_event(std::string item, FollowupKind kind = FollowupKind::Reply, std::string text = "已上传目录") {
  FollowupEvent e;
  e.item = std::move(item);
  e.kind = kind;
  e.text = std::move(text);
  e.when = DateTime{{2020, 10, 15}, 10 * 60};
  e.user = "齐都镇用户";
  e.recorded_at = 1'602'727'200;
  return e;
}

constexpr std::string_view k_item = "2020Q3/齐都镇/目录未上传";

enum class Backend { Memory, SqliteFile, SqliteInMemory };

std::string name_of(Backend backend) {
  switch (backend) {
  case Backend::Memory: return "Memory";
  case Backend::SqliteFile: return "SqliteFile";
  case Backend::SqliteInMemory: return "SqliteInMemory";
  }
  return "Unknown";
}

void PrintTo(Backend backend, std::ostream* out) { *out << name_of(backend); }

// One store of the SQLite database at path (store/database.h); the pointer
// keeps the whole database open.
template <typename Part>
std::expected<std::shared_ptr<Part>, std::string> open_part(const std::string& path, Part& (Database::*part)()) {
  auto db = open_sqlite_database(path);
  if (!db) return std::unexpected(db.error());
  return share(std::move(*db), part);
}

class FollowupStoreTest : public ::testing::TestWithParam<Backend> {
protected:
  void SetUp() override {
    switch (GetParam()) {
    case Backend::Memory: m_db = std::make_unique<MemoryDatabase>(); break;
    case Backend::SqliteFile: m_db = open_or_fail(db_path()); break;
    case Backend::SqliteInMemory: m_db = open_or_fail(":memory:"); break;
    }
    ASSERT_NE(m_db, nullptr);
  }
  static std::unique_ptr<Database> open_or_fail(const std::string& path) {
    auto opened = open_sqlite_database(path);
    EXPECT_TRUE(opened) << opened.error();
    return opened ? std::move(*opened) : nullptr;
  }
  FollowupStore& ledger() { return m_db->followup(); }
  Store& audit_log() { return m_db->store(); }
  std::string db_path() const { return (m_dir.path() / "zwgk.db").string(); }

  fs::TempDir m_dir = std::move(*fs::TempDir::create());
  std::unique_ptr<Database> m_db;
};

INSTANTIATE_TEST_SUITE_P(Backends, FollowupStoreTest,
                         ::testing::Values(Backend::Memory, Backend::SqliteFile, Backend::SqliteInMemory),
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

AuditEntry audit_for(const FollowupEvent& e) { return {0, e.recorded_at, e.user, "整改回复", e.item, "说明"}; }

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
  auto entries = audit_log().audit(0, 10);
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
  EXPECT_TRUE(audit_log().audit(0, 10).empty());
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
  EXPECT_TRUE(audit_log().audit(0, 10).empty());
}

// At most k_limit events: a check that passes only below it. Every thread
// that passes must see the events of all that passed before it.
std::expected<void, std::string> below(std::size_t limit, const std::vector<FollowupEvent>& events) {
  if (events.size() >= limit) return std::unexpected("已满");
  return {};
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
  EXPECT_EQ(audit_log().audit(0, 100).size(), k_limit);
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

// ---------------------------------------------------------------- the SQLite ledger itself

// A second, raw connection to the same file, as any other SQLite client would open it.
class RawDb {
public:
  explicit RawDb(const std::string& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &m_db), SQLITE_OK);
    sqlite3_busy_timeout(m_db, 5000);
  }
  ~RawDb() { sqlite3_close(m_db); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  // Runs sql; "" on success, else SQLite's message.
  std::string exec(const std::string& sql) {
    char* error = nullptr;
    int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error);
    std::string message = rc == SQLITE_OK ? "" : (error ? error : "error");
    sqlite3_free(error);
    return message;
  }
  std::string text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
      if (auto* value = sqlite3_column_text(stmt, 0)) out = reinterpret_cast<const char*>(value);
    sqlite3_finalize(stmt);
    return out;
  }

private:
  sqlite3* m_db = nullptr;
};

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
