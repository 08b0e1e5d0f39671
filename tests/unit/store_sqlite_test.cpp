// The SQLite store's own guarantees (migrations, triggers, WAL, a private file,
// reopening); the suite every implementation passes is store_test.cpp's.
#include "store/sqlite_store_schema.h"
#include "store_test_support.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace zwgk::store {
namespace {

using namespace test;

// ---------------------------------------------------------------- the SQLite store itself

TEST_F(SqliteStoreTest, NewDatabaseIsMigratedAndInWalMode) {
  ASSERT_TRUE(open());
  RawDb raw(m_path);
  EXPECT_EQ(raw.text("SELECT max(version) FROM schema_version"), std::to_string(k_schema_version));
  EXPECT_EQ(raw.text("SELECT count(*) FROM schema_version"), std::to_string(k_migrations.size()));
  EXPECT_EQ(raw.text("PRAGMA journal_mode"), "wal");
}

TEST_F(SqliteStoreTest, NewDatabaseIsPrivate) {
  ASSERT_TRUE(open());
  auto perms = stdfs::status(m_path).permissions();
  EXPECT_EQ(perms & (stdfs::perms::group_all | stdfs::perms::others_all), stdfs::perms::none);
}

TEST_F(SqliteStoreTest, ReopeningKeepsEverything) {
  std::int64_t user_id = 0, version_id = 0;
  {
    auto db = open();
    ASSERT_TRUE(db);
    user_id = *db->add_user(make_user("张三", Role::Admin));
    ASSERT_TRUE(db->put_session({"hash", user_id, "csrf", 0, 100}));
    ASSERT_TRUE(db->append_audit(make_entry(10, "登录")));
    ASSERT_TRUE(*db->save_file_version(make_version("2020Q3/采用.csv", "eee", "内容"), make_entry(20, "上传文件")));
    version_id = db->file_history("")[0].id;
  }
  auto db = open();
  ASSERT_TRUE(db);
  EXPECT_EQ(db->find_user("张三")->id, user_id);
  EXPECT_TRUE(db->find_session("hash", 50));
  EXPECT_EQ(db->audit(0, 10).size(), 2u);
  EXPECT_EQ(db->file_version(version_id)->content, "内容");
  // Ids continue after the old ones.
  EXPECT_GT(*db->append_audit(make_entry(30, "登录")), db->audit(0, 10)[1].id);
  RawDb raw(m_path);
  EXPECT_EQ(raw.text("SELECT count(*) FROM schema_version"), std::to_string(k_migrations.size()));
}

// Issue 19: what the caches of sessions and ledger versions trust instead of a query.
TEST_F(SqliteStoreTest, TheChangeCounterMovesWithEveryWriteOfAnyClient) {
  auto db = open();
  ASSERT_TRUE(db);
  const auto before = db->change_counter();
  ASSERT_TRUE(before);
  EXPECT_FALSE(db->find_user("张三"));
  EXPECT_EQ(db->change_counter(), before) << "reading changes nothing";
  ASSERT_TRUE(db->add_user(make_user("张三", Role::Admin)));
  const auto after_own = db->change_counter();
  EXPECT_NE(after_own, before) << "this process wrote";
  RawDb raw(m_path);
  EXPECT_EQ(raw.exec("INSERT INTO audit (at, user_name, action, target, detail) VALUES (1, 'x', 'y', 'z', '')"), "");
  EXPECT_NE(db->change_counter(), after_own) << "another client wrote";
}

TEST_F(SqliteStoreTest, RefusesADatabaseFromANewerProgram) {
  ASSERT_TRUE(open());
  {
    RawDb raw(m_path);
    ASSERT_EQ(raw.exec("INSERT INTO schema_version (version, applied_at) VALUES (" +
                       std::to_string(k_schema_version + 1) + ", 0)"),
              "");
  }
  auto refused = open_sqlite_store(m_path);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find(m_path), std::string::npos) << refused.error();
  EXPECT_NE(refused.error().find("结构版本是 " + std::to_string(k_schema_version + 1)), std::string::npos)
      << refused.error();
  EXPECT_NE(refused.error().find("请升级 zwgk"), std::string::npos) << refused.error();
}

TEST_F(SqliteStoreTest, AFailedMigrationChangesNothing) {
  {
    RawDb raw(m_path);  // someone else's database that happens to have a users table
    ASSERT_EQ(raw.exec("CREATE TABLE users (x INTEGER)"), "");
  }
  auto refused = open_sqlite_store(m_path);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("版本 1"), std::string::npos) << refused.error();
  RawDb raw(m_path);
  EXPECT_EQ(raw.text("SELECT count(*) FROM sqlite_master WHERE name IN ('schema_version', 'audit')"), "0");
}

TEST_F(SqliteStoreTest, RefusesAFileThatIsNotADatabase) {
  std::ofstream(m_path) << "序号,单位名称\n1,区财政局\n" << std::string(4096, 'x');
  auto refused = open_sqlite_store(m_path);
  ASSERT_FALSE(refused);
  EXPECT_TRUE(refused.error().starts_with("数据库“" + m_path + "”")) << refused.error();
}

TEST_F(SqliteStoreTest, ReportsAPathThatCannotBeOpened) {
  auto refused = open_sqlite_store(m_dir.file("no-such-dir/zwgk.db"));
  ASSERT_FALSE(refused);
  EXPECT_TRUE(refused.error().starts_with("无法打开数据库")) << refused.error();
}

TEST_F(SqliteStoreTest, AuditLogIsAppendOnlyForEveryClient) {
  auto db = open();
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->append_audit(make_entry(10, "登录")));
  RawDb raw(m_path);
  EXPECT_NE(raw.exec("UPDATE audit SET action = '篡改'").find("审计日志只能追加，不能修改"), std::string::npos);
  EXPECT_NE(raw.exec("DELETE FROM audit").find("审计日志只能追加，不能删除"), std::string::npos);
  // REPLACE would delete the old row without firing the DELETE trigger.
  EXPECT_NE(raw.exec("INSERT OR REPLACE INTO audit (id, at, user_name, action, target, detail) "
                     "VALUES (1, 0, 'x', 'x', 'x', 'x')")
                .find("不能覆盖"),
            std::string::npos);
  EXPECT_EQ(raw.exec("INSERT INTO audit (at, user_name, action, target, detail) VALUES (1, 'x', 'x', 'x', 'x')"),
            "");
  auto entries = db->audit(0, 10);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].action, "登录");
}

TEST_F(SqliteStoreTest, FileVersionsCannotBeRewritten) {
  auto db = open();
  ASSERT_TRUE(db);
  ASSERT_TRUE(*db->save_file_version(make_version("2020Q3/检查.csv", "fff", "原文"), make_entry(10, "上传文件")));
  RawDb raw(m_path);
  EXPECT_NE(raw.exec("UPDATE file_versions SET content = 'x'"), "");
  EXPECT_NE(raw.exec("DELETE FROM file_versions"), "");
  EXPECT_NE(raw.exec("INSERT OR REPLACE INTO file_versions (id, path, sha256, size, saved_by, saved_at, content) "
                     "VALUES (1, 'p', 's', 0, 'x', 0, x'')")
                .find("不能覆盖"),
            std::string::npos);
  EXPECT_EQ(db->file_version(db->file_history("")[0].id)->content, "原文");
}

TEST_F(SqliteStoreTest, ForeignKeysAreEnforced) {
  auto db = open();
  ASSERT_TRUE(db);
  EXPECT_FALSE(db->put_session({"hash", 42, "csrf", 0, 100}));
}

TEST_F(SqliteStoreTest, TwoConnectionsShareTheFile) {
  auto first = open();
  auto second = open();  // as the CLI beside a running server
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(first->add_user(make_user("zhang")));
  ASSERT_TRUE(second->add_user(make_user("li")));
  EXPECT_FALSE(second->add_user(make_user("zhang")));
  EXPECT_EQ(first->users().size(), 2u);
  ASSERT_TRUE(first->append_audit(make_entry(1, "a")));
  ASSERT_TRUE(second->append_audit(make_entry(2, "b")));
  EXPECT_EQ(first->audit(0, 10).size(), 2u);
}

} // namespace
} // namespace zwgk::store
