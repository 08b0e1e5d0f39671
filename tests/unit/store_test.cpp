// The workspace store: one suite run against every implementation (SQLite
// on a file, SQLite in memory, PostgreSQL, MemoryStore) so that they behave alike;
// the SQLite file's own guarantees are store_sqlite_test.cpp's.
#include "store_test_support.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <unistd.h>

namespace zwgk::store {
namespace {

using namespace test;

// ---------------------------------------------------------------- roles and rules

TEST(Roles, CodesTitlesAndParsing) {
  for (Role role : {Role::Admin, Role::Unit, Role::Viewer}) {
    EXPECT_EQ(parse_role(role_code(role)), role);
    EXPECT_EQ(parse_role(role_title(role)), role);
  }
  EXPECT_EQ(role_code(Role::Admin), "admin");
  EXPECT_EQ(role_code(Role::Unit), "unit");
  EXPECT_EQ(role_code(Role::Viewer), "viewer");
  EXPECT_EQ(role_title(Role::Admin), "管理员");
  EXPECT_EQ(role_title(Role::Unit), "单位用户");
  EXPECT_EQ(role_title(Role::Viewer), "只读用户");
  EXPECT_EQ(parse_role("单位"), Role::Unit);
  EXPECT_EQ(parse_role("只读"), Role::Viewer);
  EXPECT_EQ(parse_role("Admin"), std::nullopt);
  EXPECT_EQ(parse_role(""), std::nullopt);
}

TEST(CheckUser, AcceptsOrdinaryUsers) {
  EXPECT_TRUE(check_user(make_user("zhang")));
  EXPECT_TRUE(check_user(make_user("张三", Role::Admin)));
  EXPECT_TRUE(check_user(make_user("李四", Role::Unit, "区财政局")));
  EXPECT_TRUE(check_user(make_user(std::string(k_max_user_name_chars, 'a'))));
}

TEST(CheckUser, RefusesBadNamesUnitsAndHashes) {
  EXPECT_FALSE(check_user(make_user("")));
  EXPECT_FALSE(check_user(make_user(" zhang")));
  EXPECT_FALSE(check_user(make_user("zhang\u3000")));
  EXPECT_FALSE(check_user(make_user("a\nb")));
  EXPECT_FALSE(check_user(make_user("\xff\xfe")));
  EXPECT_FALSE(check_user(make_user(std::string(k_max_user_name_chars + 1, 'a'))));
  EXPECT_FALSE(check_user(make_user("李四", Role::Unit)));
  auto viewer_with_unit = check_user(make_user("王五", Role::Viewer, "区财政局"));
  ASSERT_FALSE(viewer_with_unit);
  EXPECT_NE(viewer_with_unit.error().find("只有单位用户"), std::string::npos);
  User no_hash = make_user("zhang");
  no_hash.password_hash.clear();
  EXPECT_FALSE(check_user(no_hash));
}

// ---------------------------------------------------------------- every implementation

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest,
                         ::testing::Values(Backend::Memory, Backend::SqliteFile, Backend::SqliteInMemory,
                                           Backend::Postgres),
                         backend_name);

TEST_P(StoreTest, AddsAndFindsUsers) {
  User li = make_user("李四", Role::Unit, "区财政局");
  li.disabled = true;
  std::int64_t id = add(li);
  EXPECT_GT(id, 0);
  auto found = store().find_user("李四");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->name, "李四");
  EXPECT_EQ(found->role, Role::Unit);
  EXPECT_EQ(found->unit, "区财政局");
  EXPECT_EQ(found->password_hash, li.password_hash);
  EXPECT_EQ(found->created_at, li.created_at);
  EXPECT_TRUE(found->disabled);
  auto by_id = store().user_by_id(id);
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->name, "李四");
  EXPECT_FALSE(store().find_user("李"));
  EXPECT_FALSE(store().find_user("李四 "));
  EXPECT_FALSE(store().user_by_id(id + 1));
  EXPECT_FALSE(store().user_by_id(0));
}

TEST_P(StoreTest, UserNamesAreUnique) {
  std::int64_t first = add(make_user("zhang", Role::Admin));
  auto again = store().add_user(make_user("zhang", Role::Viewer));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), "用户名“zhang”已存在");
  EXPECT_EQ(store().users().size(), 1u);
  EXPECT_EQ(store().find_user("zhang")->role, Role::Admin);
  // Byte for byte: another case is another name.
  std::int64_t other = add(make_user("Zhang"));
  EXPECT_NE(first, other);
}

TEST_P(StoreTest, AddRefusesWhatCheckUserRefuses) {
  EXPECT_FALSE(store().add_user(make_user("")));
  EXPECT_FALSE(store().add_user(make_user("李四", Role::Unit)));
  EXPECT_TRUE(store().users().empty());
}

TEST_P(StoreTest, ListsUsersByName) {
  add(make_user("wang"));
  add(make_user("张三"));
  add(make_user("admin"));
  add(make_user("Zed"));
  std::vector<std::string> names;
  for (const auto& user : store().users()) names.push_back(user.name);
  EXPECT_EQ(names, (std::vector<std::string>{"Zed", "admin", "wang", "张三"}));
}

TEST_P(StoreTest, UpdatesUsersById) {
  std::int64_t id = add(make_user("zhang", Role::Viewer));
  User changed = *store().user_by_id(id);
  changed.name = "ignored";
  changed.created_at = 1;
  changed.role = Role::Unit;
  changed.unit = "区财政局";
  changed.password_hash = "$argon2id$new";
  changed.disabled = true;
  ASSERT_TRUE(store().update_user(changed, ""));
  User stored = *store().user_by_id(id);
  EXPECT_EQ(stored.name, "zhang");
  EXPECT_EQ(stored.created_at, 1'600'000'000);
  EXPECT_EQ(stored.role, Role::Unit);
  EXPECT_EQ(stored.unit, "区财政局");
  EXPECT_EQ(stored.password_hash, "$argon2id$new");
  EXPECT_TRUE(stored.disabled);

  changed.id = id + 5;
  auto missing = store().update_user(changed, "");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("不存在"), std::string::npos);
  changed.id = id;
  changed.unit.clear();  // a unit user needs a unit
  EXPECT_FALSE(store().update_user(changed, ""));
  EXPECT_EQ(store().user_by_id(id)->unit, "区财政局");
}

TEST_P(StoreTest, SessionsExpire) {
  std::int64_t id = add(make_user("zhang"));
  ASSERT_TRUE(store().put_session({"hash-a", id, "csrf-a", 1000, 2000}));
  auto found = store().find_session("hash-a", 1999);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->token_hash, "hash-a");
  EXPECT_EQ(found->user_id, id);
  EXPECT_EQ(found->csrf_token, "csrf-a");
  EXPECT_EQ(found->created_at, 1000);
  EXPECT_EQ(found->expires_at, 2000);
  EXPECT_FALSE(store().find_session("hash-a", 2000));  // expired when now >= expires_at
  EXPECT_FALSE(store().find_session("hash-b", 1500));
}

TEST_P(StoreTest, PutSessionReplacesAndNeedsAUser) {
  std::int64_t id = add(make_user("zhang"));
  ASSERT_TRUE(store().put_session({"hash-a", id, "csrf-a", 1000, 2000}));
  ASSERT_TRUE(store().put_session({"hash-a", id, "csrf-b", 1500, 3000}));
  auto found = store().find_session("hash-a", 2500);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->csrf_token, "csrf-b");
  auto orphan = store().put_session({"hash-x", id + 1, "csrf", 1000, 2000});
  ASSERT_FALSE(orphan);
  EXPECT_NE(orphan.error().find("不存在"), std::string::npos);
  EXPECT_FALSE(store().find_session("hash-x", 1500));
}

TEST_P(StoreTest, DeletesSessions) {
  std::int64_t id = add(make_user("zhang"));
  ASSERT_TRUE(store().put_session({"old", id, "c1", 0, 100}));
  ASSERT_TRUE(store().put_session({"edge", id, "c2", 0, 200}));
  ASSERT_TRUE(store().put_session({"new", id, "c3", 0, 300}));
  ASSERT_TRUE(store().delete_expired_sessions(200));
  EXPECT_FALSE(store().find_session("old", 0));
  EXPECT_FALSE(store().find_session("edge", 0));
  EXPECT_TRUE(store().find_session("new", 0));
  ASSERT_TRUE(store().delete_session("new"));
  EXPECT_FALSE(store().find_session("new", 0));
  EXPECT_TRUE(store().delete_session("never-there"));
}

TEST_P(StoreTest, AuditIsNewestFirstAndPaged) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 7; ++i) {
    auto id = store().append_audit(make_entry(1000 + i, "操作" + std::to_string(i)));
    ASSERT_TRUE(id) << id.error();
    if (!ids.empty()) {
      EXPECT_GT(*id, ids.back());
    }
    ids.push_back(*id);
  }
  auto newest = store().audit(0, 3);
  ASSERT_EQ(newest.size(), 3u);
  EXPECT_EQ(newest[0].id, ids[6]);
  EXPECT_EQ(newest[0].action, "操作6");
  EXPECT_EQ(newest[0].at, 1006);
  EXPECT_EQ(newest[0].user, "管理员甲");
  EXPECT_EQ(newest[0].target, "2020Q3/网站发布.csv");
  EXPECT_EQ(newest[0].detail, "说明");
  EXPECT_EQ(newest[2].id, ids[4]);

  auto next = store().audit(newest.back().id, 3);
  ASSERT_EQ(next.size(), 3u);
  EXPECT_EQ(next[0].id, ids[3]);
  EXPECT_EQ(next[2].id, ids[1]);
  auto last = store().audit(next.back().id, 3);
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0].id, ids[0]);
  EXPECT_TRUE(store().audit(ids[0], 3).empty());
  EXPECT_TRUE(store().audit(0, 0).empty());
  EXPECT_EQ(store().audit(-1, 100).size(), 7u);
  EXPECT_EQ(store().audit(0, static_cast<std::size_t>(-1)).size(), 7u);
}

TEST_P(StoreTest, SavesFileVersionsWithoutDuplicates) {
  std::string content("网站发布\0binary\xff", 20);
  auto saved = store().save_file_version(make_version("2020Q3/网站发布.csv", "aaa", content, 100),
                                         make_entry(100, "上传文件"));
  ASSERT_TRUE(saved) << saved.error();
  EXPECT_TRUE(*saved);
  EXPECT_EQ(store().audit(0, 10).size(), 1u);

  // The same content again: nothing recorded, not even the audit entry.
  auto same = store().save_file_version(make_version("2020Q3/网站发布.csv", "aaa", content, 200),
                                        make_entry(200, "上传文件"));
  ASSERT_TRUE(same);
  EXPECT_FALSE(*same);
  EXPECT_EQ(store().audit(0, 10).size(), 1u);
  EXPECT_EQ(store().file_history("").size(), 1u);

  // New content, then the first content back: both are versions (only the latest counts).
  EXPECT_TRUE(*store().save_file_version(make_version("2020Q3/网站发布.csv", "bbb", "v2", 300),
                                         make_entry(300, "上传文件")));
  EXPECT_TRUE(*store().save_file_version(make_version("2020Q3/网站发布.csv", "aaa", content, 400),
                                         make_entry(400, "上传文件")));
  // The same content under another path is that path's first version.
  EXPECT_TRUE(*store().save_file_version(make_version("2020Q4/网站发布.csv", "aaa", content, 500),
                                         make_entry(500, "上传文件", "2020Q4/网站发布.csv")));
  EXPECT_EQ(store().audit(0, 10).size(), 4u);

  auto q3 = store().file_history("2020Q3/");
  ASSERT_EQ(q3.size(), 3u);
  EXPECT_EQ(q3[0].saved_at, 400);
  EXPECT_EQ(q3[1].sha256, "bbb");
  EXPECT_EQ(q3[2].saved_at, 100);
  for (const auto& v : q3) {
    EXPECT_EQ(v.path, "2020Q3/网站发布.csv");
    EXPECT_TRUE(v.content.empty());
    EXPECT_EQ(v.saved_by, "管理员甲");
  }
  EXPECT_EQ(q3[1].size, 2);
  EXPECT_EQ(store().file_history("").size(), 4u);
  EXPECT_EQ(store().file_history("2020Q4").size(), 1u);
  EXPECT_EQ(store().file_history("2020Q3/网站").size(), 3u);
  EXPECT_TRUE(store().file_history("2021").empty());

  auto first = store().file_version(q3[2].id);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->content, content);  // binary and NUL bytes intact
  EXPECT_EQ(first->size, static_cast<std::int64_t>(content.size()));
  EXPECT_EQ(first->sha256, "aaa");
  EXPECT_FALSE(store().file_version(9999));
}

TEST_P(StoreTest, FileVersionSizeComesFromContent) {
  FileVersion version = make_version("2020Q3/投稿.csv", "ccc", "", 100);
  version.size = 12345;
  ASSERT_TRUE(*store().save_file_version(version, make_entry(100, "上传文件")));
  auto history = store().file_history("");
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].size, 0);
  auto stored = store().file_version(history[0].id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->content, "");
  EXPECT_FALSE(store().save_file_version(make_version("", "ddd", "x"), make_entry(100, "上传文件")));
}

TEST_P(StoreTest, SafeFromManyThreads) {
  constexpr int k_threads = 4;
  constexpr int k_each = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < k_threads; ++t)
    threads.emplace_back([this, t] {
      for (int i = 0; i < k_each; ++i) {
        EXPECT_TRUE(store().append_audit(make_entry(i, "并发")));
        EXPECT_TRUE(store().add_user(make_user("u" + std::to_string(t) + "-" + std::to_string(i))));
        EXPECT_TRUE(store().admit_login_attempt({"name:x"}, 0, i, [](const auto&) { return std::optional<std::int64_t>(); }));
      }
    });
  for (auto& thread : threads) thread.join();
  auto entries = store().audit(0, 1000);
  EXPECT_EQ(entries.size(), static_cast<std::size_t>(k_threads * k_each));
  std::set<std::int64_t> ids;
  for (const auto& e : entries) ids.insert(e.id);
  EXPECT_EQ(ids.size(), entries.size());
  EXPECT_EQ(store().users().size(), static_cast<std::size_t>(k_threads * k_each));
  EXPECT_EQ(store().login_failure_times("name:x", 0).size(), static_cast<std::size_t>(k_threads * k_each));
}

} // namespace
} // namespace zwgk::store
