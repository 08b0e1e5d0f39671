// Issue 18: a workspace's records moved from a data directory's zwgk.db to PostgreSQL and
// back (store/copy.h) read the same at every step, ids included; a database that already
// has records is refused and left as it was.
#include "pg_test_support.h"
#include "store/copy.h"
#include "store/database.h"
#include "store_test_support.h"
#include "util/digest.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace zwgk::store::test {
namespace {

// Everything a workspace's history shows, as one text to compare.
std::string history_of(Database& db) {
  std::string out;
  for (const auto& u : db.store().users())
    out += fmt::format("用户 {} {} {} {} {}\n", u.id, u.name, role_code(u.role), u.unit, u.must_change_password);
  for (const auto& e : db.store().audit(0, 1000)) out += fmt::format("审计 {} {} {} {}\n", e.id, e.at, e.action, e.target);
  for (const auto& v : db.store().file_history(""))
    out += fmt::format("版本 {} {} {} [{}]\n", v.id, v.path, v.saved_by, db.store().file_version(v.id)->content);
  for (const auto& m : db.mail().mail_messages())
    out += fmt::format("邮件 {} {} [{}]\n", m.id, m.key, db.mail().mail_message(m.id)->raw);
  for (const auto& d : db.mail().mail_decisions()) out += fmt::format("审核 {} {} {}\n", d.id, d.message, d.value);
  for (const auto& e : db.followup().followup_events()) {
    out += fmt::format("整改 {} {} {}\n", e.id, e.item, e.text);
    if (auto f = db.followup().followup_file(e.id)) out += fmt::format("附件 {} [{}]\n", f->name, f->bytes);
  }
  for (const auto& p : db.crawl().proposals("2020Q3")) out += fmt::format("建议 {} {} {}\n", p.id, p.key, proposal_decision_code(p.decision));
  return out;
}

void fill(Database& db) {
  Store& s = db.store();
  ASSERT_TRUE(s.add_user(make_user("管理员甲", Role::Admin)));
  ASSERT_TRUE(s.add_user(make_user("rsj", Role::Unit, "区人社局")));
  // Bytes that are not text: a zero byte and an invalid UTF-8 sequence.
  const std::string binary("PK\x03\x04\0\xff\xfe", 7);
  ASSERT_TRUE(s.save_file_version(make_version("2020Q3/投稿.xlsx", "a1", binary), make_entry(10, "上传文件")));
  ASSERT_TRUE(s.save_file_version(make_version("2020Q3/投稿.xlsx", "a2", "第二版"), make_entry(11, "上传文件")));
  MailMessage m;
  m.key = "<m1@linzi>";
  m.raw = binary;
  ASSERT_TRUE(db.mail().add_mail({m}, {}));
  ASSERT_TRUE(db.mail().add_mail_decision({0, 1, "单位", "区人社局", "看过", "管理员甲", 12}));
  FollowupEvent e;
  e.item = "2020Q3-1";
  e.text = "已整改";
  e.when = *parse_date_time("2020-11-02 09:30");
  e.user = "rsj";
  auto added = db.followup().add_followup_event(e, FollowupFile{"证明.png", sha256_hex(binary), binary});
  ASSERT_TRUE(added) << added.error();
  ASSERT_TRUE(db.crawl().add_proposals({{0, "2020Q3", "stale", "k1", "区人社局", "{}", 1, {}, {}, {}, 0}}));
}

TEST(StoreCopy, ADataDirectoryMovesToPostgresAndBackWithEveryVersion) {
  auto pg = PostgresDatabase::create();
  if (!pg) GTEST_SKIP() << "no test PostgreSQL server (run through ctest)";
  TempDir dir;
  const std::string first = dir.file("zwgk.db"), back = dir.file("back.db");
  std::string before;
  {
    auto db = open_sqlite_database(first);
    ASSERT_TRUE(db) << db.error();
    fill(**db);
    before = history_of(**db);
  }
  auto copied = copy_records(first, pg->url());
  ASSERT_TRUE(copied) << copied.error();
  EXPECT_EQ(copied->size(), 10u);
  {
    auto db = open_postgres_database(pg->url());
    ASSERT_TRUE(db) << db.error();
    EXPECT_EQ(history_of(**db), before);
    // New rows continue after the copied ids.
    auto id = (*db)->store().add_user(make_user("新用户"));
    ASSERT_TRUE(id) << id.error();
    EXPECT_EQ(*id, 3);
  }
  auto returned = copy_records(pg->url(), back);
  ASSERT_TRUE(returned) << returned.error();
  auto db = open_sqlite_database(back);
  ASSERT_TRUE(db);
  const std::string after = history_of(**db);
  EXPECT_NE(after.find("用户 3 新用户"), std::string::npos);
  EXPECT_NE(after.find("版本 1 2020Q3/投稿.xlsx 管理员甲 [PK"), std::string::npos);
}

TEST(StoreCopy, ADatabaseThatHasRecordsIsRefusedAndLeftAsItWas) {
  TempDir dir;
  const std::string from = dir.file("from.db"), to = dir.file("to.db");
  {
    auto a = open_sqlite_database(from);
    ASSERT_TRUE(a);
    fill(**a);
    auto b = open_sqlite_database(to);
    ASSERT_TRUE(b);
    ASSERT_TRUE((*b)->store().append_audit(make_entry(1, "登录")));
  }
  auto copied = copy_records(from, to);
  ASSERT_FALSE(copied);
  EXPECT_NE(copied.error().find("audit"), std::string::npos) << copied.error();
  auto b = open_sqlite_database(to);
  EXPECT_EQ((*b)->store().audit(0, 10).size(), 1u);
  EXPECT_TRUE((*b)->store().users().empty());
}

} // namespace
} // namespace zwgk::store::test
