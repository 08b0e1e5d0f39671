// The mail ledger (store/mail_store.h) on every back end and the importer's
// idempotence (mailbox/importer.h); the sources it reads are mail_sources_test.cpp's.
#include "fs/process.h"
#include "mailbox/importer.h"
#include "mailbox/sources.h"
#include "mail/mbox.h"
#include "mail_test_support.h"
#include "store/database.h"
#include "pg_test_support.h"
#include "util/digest.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>

namespace zwgk::mailbox {
namespace {

namespace stdfs = std::filesystem;
using test::eml;
using test::lf;
using test::write;

enum class Backend { Memory, Sqlite, Postgres };

class MailStoreTest : public ::testing::TestWithParam<Backend> {
protected:
  void SetUp() override {
    if (GetParam() == Backend::Memory) {
      m_db = std::make_unique<store::MemoryDatabase>();
      return;
    }
    if (GetParam() == Backend::Postgres) {
      m_pg = store::test::PostgresDatabase::create();
      if (!m_pg) GTEST_SKIP() << "no test PostgreSQL server (run through ctest)";
    }
    auto opened = m_pg ? store::open_postgres_database(m_pg->url())
                       : store::open_sqlite_database((m_dir.path() / "zwgk.db").string());
    ASSERT_TRUE(opened) << opened.error();
    m_db = std::move(*opened);
  }
  store::MailStore& ledger() { return m_db->mail(); }
  store::Store& audit_log() { return m_db->store(); }
  std::string db_path() const { return (m_dir.path() / "zwgk.db").string(); }

  void TearDown() override {
    m_db.reset();  // its connections closed before the database is dropped
    m_pg.reset();
  }

  fs::TempDir m_dir = std::move(*fs::TempDir::create());
  std::unique_ptr<store::test::PostgresDatabase> m_pg;
  std::unique_ptr<store::Database> m_db;
};

INSTANTIATE_TEST_SUITE_P(Backends, MailStoreTest, ::testing::Values(Backend::Memory, Backend::Sqlite, Backend::Postgres),
                         [](const auto& p) {
                           return p.param == Backend::Memory ? "Memory" : p.param == Backend::Sqlite ? "Sqlite" : "Postgres";
                         });

store::MailMessage record(std::string key, std::string raw = "bytes") {
  store::MailMessage m;
  m.key = std::move(key);
  m.subject = "稿件";
  m.received = "2020-08-31 10:00";
  m.raw = std::move(raw);
  return m;
}

TEST_P(MailStoreTest, StoresEachKeyOnce) {
  auto first = ledger().add_mail({record("<a>"), record("<b>"), record("<a>")}, {});
  ASSERT_TRUE(first) << first.error();
  EXPECT_EQ(first->added, 2u);
  EXPECT_EQ(first->existing, 1u);
  auto again = ledger().add_mail({record("<b>"), record("<c>")}, {});
  EXPECT_EQ(again->added, 1u);
  EXPECT_EQ(again->existing, 1u);
  auto all = ledger().mail_messages();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_LT(all[0].id, all[1].id);
  EXPECT_EQ(all[2].key, "<c>");
  // Regression: a key already present used up an id (AUTOINCREMENT behind ON CONFLICT DO NOTHING).
  EXPECT_EQ(all[2].id, all[1].id + 1);
  EXPECT_TRUE(all[0].raw.empty());  // listings leave the bytes out
  EXPECT_EQ(ledger().mail_message(all[0].id)->raw, "bytes");
  EXPECT_FALSE(ledger().mail_message(999));
  EXPECT_FALSE(ledger().add_mail({record("")}, {}));
}

// Issue 19: an import's closing hint needs the dates only; reading every message's text
// for them made the import's memory grow with the ledger (180 MB for 20,000 messages).
TEST_P(MailStoreTest, TheReceivedTimesComeAloneInIdOrder) {
  auto undated = record("<b>");
  undated.received.clear();
  auto later = record("<c>");
  later.received = "2020-10-02 08:00";
  ASSERT_TRUE(ledger().add_mail({record("<a>"), undated, later}, {}));
  EXPECT_EQ(ledger().mail_received(), (std::vector<std::string>{"2020-08-31 10:00", "", "2020-10-02 08:00"}));
}

TEST_P(MailStoreTest, DecisionsNeedAMessageAndAReason) {
  ASSERT_TRUE(ledger().add_mail({record("<a>")}, {}));
  auto id = ledger().mail_messages()[0].id;
  auto before = ledger().mail_version();
  EXPECT_FALSE(ledger().add_mail_decision({0, id, "单位", "朱台镇", "  ", "甲", 1}));
  EXPECT_FALSE(ledger().add_mail_decision({0, 999, "单位", "朱台镇", "理由", "甲", 1}));
  auto added = ledger().add_mail_decision({0, id, "单位", "朱台镇", "电话确认", "甲", 1});
  ASSERT_TRUE(added) << added.error();
  EXPECT_GT(ledger().mail_version(), before);
  auto decisions = ledger().mail_decisions();
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].reason, "电话确认");
  EXPECT_EQ(decisions[0].message, id);
}

TEST_P(MailStoreTest, AnotherClientOfTheDatabaseCannotRewriteTheLedger) {
  if (GetParam() == Backend::Memory) GTEST_SKIP() << "the databases' own triggers";
  ASSERT_TRUE(ledger().add_mail({record("<a>")}, {}));
  ASSERT_TRUE(ledger().add_mail_decision({0, 1, "核实", "是", "看过", "甲", 1}));
  auto other = m_pg ? store::sql::open_postgres(m_pg->url()) : store::sql::open_sqlite(db_path());
  ASSERT_TRUE(other) << other.error();
  for (const char* sql : {"UPDATE mail_messages SET subject = 'x'", "DELETE FROM mail_messages",
                          "UPDATE mail_decisions SET value = '否'", "DELETE FROM mail_decisions"}) {
    auto refused = (*other)->script("改写", sql);
    ASSERT_FALSE(refused) << sql;
    EXPECT_NE(refused.error().find("不能"), std::string::npos) << refused.error();
  }
  EXPECT_EQ(ledger().mail_messages()[0].subject, "稿件");
}

TEST(MailImporter, ImportingTwiceOrAfterAnInterruptionAddsOnlyWhatIsMissing) {
  store::MemoryDatabase db;
  store::MailStore& ledger = db.mail();
  {
    Importer half(ledger, "甲", 100, 2);
    for (int n = 1; n <= 3; ++n) ASSERT_TRUE(half.add({eml(n), fmt::format("m{}", n), std::nullopt}));
    // Killed here: the first batch (two messages) was stored, the third was only queued.
  }
  EXPECT_EQ(ledger.mail_messages().size(), 2u);
  Importer full(ledger, "甲", 200, 2);
  for (int n = 1; n <= 5; ++n) ASSERT_TRUE(full.add({eml(n), fmt::format("m{}", n), std::nullopt}));
  ASSERT_TRUE(full.flush());
  EXPECT_EQ(full.tally().added, 3u);
  EXPECT_EQ(full.tally().existing, 2u);
  EXPECT_EQ(ledger.mail_messages().size(), 5u);
  Importer again(ledger, "甲", 300);
  for (int n = 1; n <= 5; ++n) ASSERT_TRUE(again.add({eml(n), "m", std::nullopt}));
  ASSERT_TRUE(again.flush());
  EXPECT_EQ(again.tally().added, 0u);
  EXPECT_EQ(ledger.mail_messages().size(), 5u);
}

TEST(MailImporter, KeysReceivedTimesAndUnreadableMessages) {
  store::MemoryDatabase db;
  store::MailStore& ledger = db.mail();
  Importer importer(ledger, "甲", 100);
  const std::string no_id = eml(1, "Mon, 31 Aug 2020 16:30:00 +0000", false);
  ASSERT_TRUE(importer.add({no_id, "a.eml", std::nullopt}));
  // No Received header: IMAP's INTERNALDATE, else the Date header.
  ASSERT_TRUE(importer.add({"From: a@b.cn\r\nMessage-ID: <x@y>\r\nDate: Tue, 1 Sep 2020 08:00:00 +0800\r\n\r\n正文\r\n",
                            "b.eml", DateTime{{2020, 8, 30}, 600}}));
  ASSERT_TRUE(importer.add({"From: a@b.cn\r\nMessage-ID: <z@y>\r\nDate: Tue, 1 Sep 2020 08:00:00 +0800\r\n\r\n正文\r\n",
                            "c.eml", std::nullopt}));
  ASSERT_TRUE(importer.add({"", "空.eml", std::nullopt}));
  ASSERT_TRUE(importer.flush());
  auto all = ledger.mail_messages();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_TRUE(all[0].key.starts_with("sha256:"));
  EXPECT_EQ(all[0].received, "2020-09-01 00:30");
  EXPECT_EQ(all[0].received_from, "Received");
  EXPECT_EQ(all[1].key, "<x@y>");
  EXPECT_EQ(all[1].received, "2020-08-30 10:00");
  EXPECT_EQ(all[1].received_from, "INTERNALDATE");
  EXPECT_EQ(all[2].received_from, "Date");
  ASSERT_EQ(importer.tally().problems.total, 1u);
  EXPECT_TRUE(importer.tally().problems.listed[0].starts_with("空.eml：")) << importer.tally().problems.listed[0];
  EXPECT_EQ(importer.tally().read, 4u);
}

// Issue 12: an import kept every unreadable message's text, so a file of a
// million broken "messages" held a million strings (and the web reply
// carried them all). The first k_max_listed_import_notes are listed, all counted.
TEST(MailImporter, ProblemsAndWarningsAreListedUpToALimitAndAllCounted) {
  store::MemoryDatabase db;
  store::MailStore& ledger = db.mail();
  Importer importer(ledger, "甲", 100);
  const std::size_t n = k_max_listed_import_notes + 25;
  for (std::size_t i = 0; i < n; ++i) {
    ASSERT_TRUE(importer.add({"", "空" + std::to_string(i) + ".eml", std::nullopt}));
    importer.warn("警告" + std::to_string(i));
  }
  ASSERT_TRUE(importer.flush());
  const auto& tally = importer.tally();
  EXPECT_EQ(tally.problems.total, n);
  EXPECT_EQ(tally.problems.listed.size(), k_max_listed_import_notes);
  EXPECT_EQ(tally.warnings.total, n);
  EXPECT_EQ(tally.warnings.listed.size(), k_max_listed_import_notes);
  EXPECT_EQ(omitted_note(tally.problems), "……另有 25 条未列出（只列出前 500 条）");
  EXPECT_NE(import_summary(tally).find(fmt::format("无法读取 {} 封", n)), std::string::npos);
}

// ---- issue 15: the content key, an audit entry per stored batch

TEST(MailImporter, Issue15_ContentKeyDoesNotDependOnLineEnds) {
  const std::string crlf = eml(1, "Mon, 31 Aug 2020 10:00:00 +0800", false);
  ASSERT_NE(crlf.find("\r\n"), std::string::npos);
  const std::string key = content_key(crlf);
  EXPECT_TRUE(key.starts_with("sha256:"));
  EXPECT_EQ(content_key(lf(crlf)), key);
  EXPECT_EQ(content_key("From a@b Mon Aug 31 10:00:00 2020\n" + lf(crlf) + "\n\n"), key);  // an mbox entry
  EXPECT_NE(content_key(lf(crlf) + "x"), key);
  EXPECT_NE(content_key(eml(2, "Mon, 31 Aug 2020 10:00:00 +0800", false)), key);

  store::MemoryDatabase db;
  store::MailStore& ledger = db.mail();
  Importer first(ledger, "甲", 100);
  ASSERT_TRUE(first.add({crlf, "无编号.eml", std::nullopt}));
  ASSERT_TRUE(first.add({lf(crlf), "“收件箱” cur/1", std::nullopt}));  // the same message, in the same run
  ASSERT_TRUE(first.flush());
  EXPECT_EQ(first.tally().added, 1u);
  EXPECT_EQ(first.tally().existing, 1u);
  Importer second(ledger, "甲", 200);
  ASSERT_TRUE(second.add({lf(crlf), "imap://x/INBOX UID 7", std::nullopt}));
  ASSERT_TRUE(second.flush());
  EXPECT_EQ(second.tally().added, 0u);
  EXPECT_EQ(second.tally().existing, 1u);
  ASSERT_EQ(ledger.mail_messages().size(), 1u);
  EXPECT_EQ(ledger.mail_messages()[0].key, key);
  EXPECT_EQ(ledger.mail_message(ledger.mail_messages()[0].id)->raw, crlf);  // the bytes as they were read
}

TEST(MailImporter, Issue15_AMessageStoredUnderItsRawDigestIsRecognised) {
  // Ledgers written before content keys hold "sha256:<digest of the raw bytes>".
  const std::string crlf = eml(1, "Mon, 31 Aug 2020 10:00:00 +0800", false);
  store::MemoryDatabase db;
  store::MailStore& ledger = db.mail();
  auto old = record("sha256:" + sha256_hex(crlf), crlf);
  ASSERT_TRUE(ledger.add_mail({old}, {}));
  Importer importer(ledger, "甲", 100);
  ASSERT_TRUE(importer.add({lf(crlf), "“收件箱” cur/1", std::nullopt}));
  ASSERT_TRUE(importer.add({crlf, "无编号.eml", std::nullopt}));
  ASSERT_TRUE(importer.flush());
  EXPECT_EQ(importer.tally().added, 0u);
  EXPECT_EQ(importer.tally().existing, 2u);
  EXPECT_EQ(ledger.mail_messages().size(), 1u);
}

// The entries of the audit log, oldest first.
std::vector<store::AuditEntry> audit_of(store::Store& log) {
  auto entries = log.audit(0, 1000);
  std::reverse(entries.begin(), entries.end());
  return entries;
}

TEST(MailImporter, Issue15_EachStoredBatchIsAuditedWithIt) {
  store::MemoryDatabase db;
  {
    Importer importer(db.mail(), "甲", 100, 2, {"收件箱.mbox"});
    for (int n = 1; n <= 5; ++n) ASSERT_TRUE(importer.add({eml(n), fmt::format("m{}", n), std::nullopt}));
    // Killed here: two batches stored, each with its entry; the fifth message only queued.
  }
  auto entries = audit_of(db.store());
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].detail, "导入进行中：已读取 2 封邮件，新增 2 封，以前已导入 0 封（已保存）");
  EXPECT_EQ(entries[1].detail, "导入进行中：已读取 4 封邮件，新增 4 封，以前已导入 0 封（已保存）");
  EXPECT_EQ(entries[1].action, "导入邮件");
  EXPECT_EQ(entries[1].target, "收件箱.mbox");
  EXPECT_EQ(entries[1].user, "甲");
  EXPECT_EQ(db.mail().mail_messages().size(), 4u);
  // finish() stores the last batch with the run's summary; a batch that adds nothing is not audited as progress.
  Importer rest(db.mail(), "甲", 200, 2, {"收件箱.mbox", [] { return std::int64_t{250}; }});
  for (int n = 1; n <= 5; ++n) ASSERT_TRUE(rest.add({eml(n), "m", std::nullopt}));
  ASSERT_TRUE(rest.finish());
  entries = audit_of(db.store());
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[2].detail, "读取 5 封邮件：新增 1 封，以前已导入 4 封");
  EXPECT_EQ(entries[2].at, 250);
  // With nothing left to store, finish() writes the summary alone.
  Importer none(db.mail(), "甲", 300, 2, {"空.mbox"});
  ASSERT_TRUE(none.finish());
  EXPECT_EQ(audit_of(db.store()).back().detail, "读取 0 封邮件：新增 0 封，以前已导入 0 封");
}

TEST_P(MailStoreTest, ABatchIsStoredWithTheAuditEntryItsCountsGive) {
  std::optional<store::MailAdded> seen;
  auto audit = [&](const store::MailAdded& stored) -> std::optional<store::AuditEntry> {
    seen = stored;
    return store::AuditEntry{0, 7, "甲", "导入邮件", "收件箱", fmt::format("新增 {} 封", stored.added)};
  };
  ASSERT_TRUE(ledger().add_mail({record("<a>")}, {}));
  ASSERT_TRUE(ledger().add_mail({record("<a>"), record("<b>"), record("<c>")}, audit));
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->added, 2u);
  EXPECT_EQ(seen->existing, 1u);
  auto entries = audit_of(audit_log());
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].detail, "新增 2 封");
  // No entry asked for, none written.
  ASSERT_TRUE(ledger().add_mail({record("<d>")}, [](const store::MailAdded&) { return std::nullopt; }));
  EXPECT_EQ(audit_of(audit_log()).size(), 1u);
  EXPECT_EQ(ledger().mail_messages().size(), 4u);
}

// Issue 13, item 3 (issue 12's gap): a batch was committed before its audit
// entry was written, so a kill (or a failing write) in between left stored
// mail that the audit log never mentioned. Now the two are one transaction:
// an audit entry that cannot be written stores none of the batch.
TEST(MailBatchAudit, Issue13_SqliteStoresNoneOfTheBatchWhenItsAuditEntryFails) {
  auto dir = std::move(*fs::TempDir::create());
  const std::string path = (dir.path() / "zwgk.db").string();
  auto db = store::open_sqlite_database(path);
  ASSERT_TRUE(db) << db.error();
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw,
                         "CREATE TRIGGER audit_refused BEFORE INSERT ON audit "
                         "BEGIN SELECT RAISE(ABORT, '审计日志写不进去'); END",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  Importer importer((*db)->mail(), "甲", 100, 2, {"收件箱.mbox"});
  ASSERT_TRUE(importer.add({eml(1), "m1", std::nullopt}));
  auto stored = importer.add({eml(2), "m2", std::nullopt});
  ASSERT_FALSE(stored);
  EXPECT_NE(stored.error().find("审计日志写不进去"), std::string::npos) << stored.error();
  EXPECT_TRUE((*db)->mail().mail_messages().empty());
  EXPECT_TRUE((*db)->store().audit(0, 10).empty());
}

// The same on the memory ledger, whose audit log is a Store that fails.
class RefusingAuditStore : public store::MemoryStore {
public:
  std::expected<std::int64_t, std::string> append_audit(const store::AuditEntry&) override {
    return std::unexpected("审计日志写不进去");
  }
};

TEST(MailBatchAudit, Issue13_MemoryStoresNoneOfTheBatchWhenItsAuditEntryFails) {
  RefusingAuditStore log;
  store::MemoryMailStore ledger(log);
  Importer importer(ledger, "甲", 100, 1, {"收件箱.mbox"});
  EXPECT_FALSE(importer.add({eml(1), "m1", std::nullopt}));
  EXPECT_TRUE(ledger.mail_messages().empty());
}

TEST(MailImporter, Issue14_UnreadableMessageIsReportedNotStored) {
  store::MemoryDatabase db;
  store::MailStore& ledger = db.mail();
  Importer importer(ledger, "甲", 100);
  RawMessage big{"", "“收件箱.mbox” 第2封（第40行）", std::nullopt};
  big.unreadable = "邮件大小 70.0 MB，超过上限 64.0 MB";
  ASSERT_TRUE(importer.add(std::move(big)));
  ASSERT_TRUE(importer.flush());
  EXPECT_EQ(importer.tally().read, 1u);
  ASSERT_EQ(importer.tally().problems.total, 1u);
  EXPECT_EQ(importer.tally().problems.listed[0], "“收件箱.mbox” 第2封（第40行）：邮件大小 70.0 MB，超过上限 64.0 MB，未导入");
  EXPECT_TRUE(ledger.mail_messages().empty());
}

} // namespace
} // namespace zwgk::mailbox
