// The audit log and the file versions are append-only for every client of the database,
// not only through the store (issue 18: the same guarantee on SQLite and PostgreSQL).
#include "store_test_support.h"

#include "store/sql.h"

namespace zwgk::store::test {
namespace {

TEST_P(StoreTest, AnotherClientOfTheDatabaseCannotRewriteTheHistory) {
  if (GetParam() != Backend::SqliteFile && GetParam() != Backend::Postgres)
    GTEST_SKIP() << "a database another client can open";
  ASSERT_TRUE(store().append_audit(make_entry(100, "上传文件")));
  ASSERT_TRUE(store().save_file_version(make_version("2020Q3/网站发布.csv", "aa", "单位\n"), make_entry(101, "上传文件")));
  auto other = m_pg ? sql::open_postgres(m_pg->url()) : sql::open_sqlite(m_dir.file("zwgk.db"));
  ASSERT_TRUE(other) << other.error();
  for (const char* statement : {"UPDATE audit SET action = '删除'", "DELETE FROM audit",
                                "UPDATE file_versions SET content = content", "DELETE FROM file_versions"}) {
    auto refused = (*other)->script("改写", statement);
    ASSERT_FALSE(refused) << statement;
    EXPECT_NE(refused.error().find("不能"), std::string::npos) << refused.error();
  }
  EXPECT_EQ(store().audit(0, 10).size(), 2u);  // the entry and the version's
  ASSERT_EQ(store().file_history("").size(), 1u);
  EXPECT_EQ(store().file_version(store().file_history("")[0].id)->content, "单位\n");
}

TEST_P(StoreTest, UsersAreListedByTheBytesOfTheirNames) {
  for (const char* name : {"张三", "Zhao", "admin", "李四", "Admin"}) add(make_user(name));
  std::vector<std::string> names;
  for (const auto& user : store().users()) names.push_back(user.name);
  EXPECT_EQ(names, (std::vector<std::string>{"Admin", "Zhao", "admin", "张三", "李四"}));
}

} // namespace
} // namespace zwgk::store::test
