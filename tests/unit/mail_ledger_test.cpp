// The mail ledger (store/mail_store.h) on both back ends, the importer's
// idempotence (mailbox/importer.h) and the sources it reads
// (mailbox/sources.h: Maildir, mbox, .eml, a folder of .eml).
#include "fs/process.h"
#include "mailbox/importer.h"
#include "mailbox/sources.h"
#include "store/memory_mail_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fmt/format.h>

#include <fstream>

namespace zwgk::mailbox {
namespace {

namespace stdfs = std::filesystem;

std::string eml(int n, std::string_view received = "Mon, 31 Aug 2020 10:00:00 +0800", bool with_id = true) {
  return fmt::format("Received: from mx by mail.linzi.gov.cn; {}\r\n"
                     "From: rsj@linzi.gov.cn\r\n"
                     "{}Subject: =?UTF-8?B?56i/5Lu2?= {}\r\n"
                     "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                     "第{}篇稿件正文，政务公开。\r\n",
                     received, with_id ? fmt::format("Message-ID: <m{}@linzi>\r\n", n) : "", n, n);
}

void write(const stdfs::path& path, std::string_view bytes) {
  stdfs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

enum class Backend { Memory, Sqlite };

class MailStoreTest : public ::testing::TestWithParam<Backend> {
protected:
  void SetUp() override {
    if (GetParam() == Backend::Memory) {
      m_store = std::make_unique<store::MemoryMailStore>();
      return;
    }
    auto opened = store::open_sqlite_mail_store((m_dir.path() / "zwgk.db").string());
    ASSERT_TRUE(opened) << opened.error();
    m_store = std::move(*opened);
  }
  store::MailStore& ledger() { return *m_store; }
  std::string db_path() const { return (m_dir.path() / "zwgk.db").string(); }

  fs::TempDir m_dir = std::move(*fs::TempDir::create());
  std::unique_ptr<store::MailStore> m_store;
};

INSTANTIATE_TEST_SUITE_P(Backends, MailStoreTest, ::testing::Values(Backend::Memory, Backend::Sqlite),
                         [](const auto& p) { return p.param == Backend::Memory ? "Memory" : "Sqlite"; });

store::MailMessage record(std::string key, std::string raw = "bytes") {
  store::MailMessage m;
  m.key = std::move(key);
  m.subject = "稿件";
  m.received = "2020-08-31 10:00";
  m.raw = std::move(raw);
  return m;
}

TEST_P(MailStoreTest, StoresEachKeyOnce) {
  auto first = ledger().add_mail({record("<a>"), record("<b>"), record("<a>")});
  ASSERT_TRUE(first) << first.error();
  EXPECT_EQ(first->added, 2u);
  EXPECT_EQ(first->existing, 1u);
  auto again = ledger().add_mail({record("<b>"), record("<c>")});
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
  EXPECT_FALSE(ledger().add_mail({record("")}));
}

TEST_P(MailStoreTest, DecisionsNeedAMessageAndAReason) {
  ASSERT_TRUE(ledger().add_mail({record("<a>")}));
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

TEST_P(MailStoreTest, SqliteRefusesRewritingTheLedger) {
  if (GetParam() != Backend::Sqlite) GTEST_SKIP() << "triggers of the SQLite schema";
  ASSERT_TRUE(ledger().add_mail({record("<a>")}));
  ASSERT_TRUE(ledger().add_mail_decision({0, 1, "核实", "是", "看过", "甲", 1}));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
  for (const char* sql : {"UPDATE mail_messages SET subject = 'x'", "DELETE FROM mail_messages",
                          "UPDATE mail_decisions SET value = '否'", "DELETE FROM mail_decisions"})
    EXPECT_NE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sql;
  sqlite3_close(db);
  EXPECT_EQ(ledger().mail_messages()[0].subject, "稿件");
}

TEST(MailImporter, ImportingTwiceOrAfterAnInterruptionAddsOnlyWhatIsMissing) {
  store::MemoryMailStore ledger;
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
  store::MemoryMailStore ledger;
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
  ASSERT_EQ(importer.tally().problems.size(), 1u);
  EXPECT_TRUE(importer.tally().problems[0].starts_with("空.eml：")) << importer.tally().problems[0];
  EXPECT_EQ(importer.tally().read, 4u);
}

std::vector<std::string> read_all(const stdfs::path& path, std::string* error = nullptr) {
  std::vector<std::string> origins;
  auto ok = read_source(path, [&](RawMessage&& m) -> std::expected<void, std::string> {
    origins.push_back(m.origin + "|" + std::to_string(m.bytes.size()));
    return {};
  });
  if (!ok && error) *error = ok.error();
  return origins;
}

TEST(MailSources, MaildirReadsCurAndNewButNotTmp) {
  auto dir = std::move(*fs::TempDir::create());
  auto box = dir.path() / "收件箱";
  write(box / "cur" / "2.host:2,S", eml(2));
  write(box / "cur" / "1.host:2,S", eml(1));
  write(box / "new" / "3.host", eml(3));
  write(box / "tmp" / "4.host", eml(4));
  auto origins = read_all(box);
  ASSERT_EQ(origins.size(), 3u);
  EXPECT_TRUE(origins[0].starts_with("“收件箱” cur/1.host:2,S|"));
  EXPECT_TRUE(origins[2].starts_with("“收件箱” new/3.host|"));
}

TEST(MailSources, MboxEmlAndFoldersOfEml) {
  auto dir = std::move(*fs::TempDir::create());
  write(dir.path() / "box.mbox", "From a@b Mon Aug 31 10:00:00 2020\n" + eml(1) + "\nFrom a@b Mon Aug 31 11:00:00 2020\n" + eml(2));
  auto mbox = read_all(dir.path() / "box.mbox");
  ASSERT_EQ(mbox.size(), 2u);
  EXPECT_TRUE(mbox[1].starts_with("“box.mbox” 第2封（第")) << mbox[1];
  write(dir.path() / "eml" / "b.EML", eml(2));
  write(dir.path() / "eml" / "a.eml", eml(1));
  write(dir.path() / "eml" / "说明.txt", "不是邮件");
  auto folder = read_all(dir.path() / "eml");
  ASSERT_EQ(folder.size(), 2u);
  EXPECT_TRUE(folder[0].starts_with("“a.eml”|"));
  std::string error;
  EXPECT_TRUE(read_all(dir.path() / "没有这个", &error).empty());
  EXPECT_NE(error.find("/没有这个”不存在"), std::string::npos) << error;
}

} // namespace
} // namespace zwgk::mailbox
