// The store's part in issue 14's accounts, on every implementation: the
// must-change-password flag, accounts added in bulk with their audit entry
// (all or none), and the migration that adds the flag to an older database.
#include "store/sqlite_store_schema.h"
#include "store_test_support.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace zwgk::store {
namespace {

using namespace test;

class StoreAccountsTest : public StoreTest {};

INSTANTIATE_TEST_SUITE_P(Backends, StoreAccountsTest,
                         ::testing::Values(Backend::Memory, Backend::SqliteFile, Backend::SqliteInMemory),
                         backend_name);

TEST_P(StoreAccountsTest, KeepsTheMustChangePasswordFlag) {
  User li = make_user("李四", Role::Unit, "区财政局");
  li.must_change_password = true;
  std::int64_t id = add(li);
  EXPECT_TRUE(store().find_user("李四")->must_change_password);
  EXPECT_FALSE(store().user_by_id(add(make_user("zhang")))->must_change_password);
  User changed = *store().user_by_id(id);
  changed.must_change_password = false;
  ASSERT_TRUE(store().update_user(changed, ""));
  EXPECT_FALSE(store().user_by_id(id)->must_change_password);
  changed.must_change_password = true;
  ASSERT_TRUE(store().update_user(changed, ""));
  EXPECT_TRUE(store().find_user("李四")->must_change_password);
}

TEST_P(StoreAccountsTest, AddsUsersInBulkWithOneAuditEntry) {
  std::vector<User> users{make_user("区财政局", Role::Unit, "区财政局"), make_user("区商务局", Role::Unit, "区商务局")};
  users[0].must_change_password = users[1].must_change_password = true;
  ASSERT_TRUE(store().add_users(users, {0, 5, "管理员", "创建单位账号", "单位账号.csv", "新建 2 个"}));
  ASSERT_EQ(store().users().size(), 2u);
  EXPECT_TRUE(store().find_user("区商务局")->must_change_password);
  EXPECT_GT(store().find_user("区商务局")->id, store().find_user("区财政局")->id);
  auto audit = store().audit(0, 10);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "创建单位账号");
  EXPECT_EQ(audit[0].detail, "新建 2 个");
}

TEST_P(StoreAccountsTest, BulkAddIsAllOrNone) {
  add(make_user("区商务局"));
  const AuditEntry entry{0, 5, "管理员", "创建单位账号", "单位账号.csv", ""};
  // A name taken, a name twice in the batch, a user that check_user refuses: nothing is added.
  for (const auto& batch : std::vector<std::vector<User>>{
           {make_user("区财政局"), make_user("区商务局")},
           {make_user("区教体局"), make_user("区教体局")},
           {make_user("区教体局"), make_user("区民政局", Role::Unit)}}) {
    EXPECT_FALSE(store().add_users(batch, entry));
    EXPECT_EQ(store().users().size(), 1u);
    EXPECT_TRUE(store().audit(0, 10).empty());
  }
  EXPECT_TRUE(store().add_users({}, entry));  // an empty batch still audits
  EXPECT_EQ(store().audit(0, 10).size(), 1u);
}

class SqliteAccountsTest : public SqliteStoreTest {};

TEST_F(SqliteAccountsTest, OpeningAVersion4DatabaseAddsTheFlag) {
  static_assert(k_schema_version >= 5, "the must-change flag is migration 5");
  {
    RawDb raw(m_path);
    ASSERT_EQ(raw.exec(k_schema_version_table), "");
    for (const auto& migration : k_migrations) {
      if (migration.version > 4) break;
      ASSERT_EQ(raw.exec(migration.sql), "") << migration.version;
      ASSERT_EQ(raw.exec("INSERT INTO schema_version (version, applied_at) VALUES (" +
                         std::to_string(migration.version) + ", 0)"),
                "");
    }
    ASSERT_EQ(raw.exec("INSERT INTO users (name, role, unit, password_hash, created_at) "
                       "VALUES ('zhang', 'admin', '', '$argon2id$x', 1)"),
              "");
  }
  auto store = open();
  ASSERT_TRUE(store);
  auto zhang = store->find_user("zhang");
  ASSERT_TRUE(zhang);
  EXPECT_FALSE(zhang->must_change_password);
  EXPECT_EQ(zhang->password_hash, "$argon2id$x");
  RawDb raw(m_path);
  EXPECT_EQ(raw.text("SELECT max(version) FROM schema_version"), std::to_string(k_schema_version));
  EXPECT_NE(raw.exec("UPDATE users SET must_change_password = 2"), "");  // the CHECK
}

} // namespace
} // namespace zwgk::store
