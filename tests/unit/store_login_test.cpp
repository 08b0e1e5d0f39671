// The store's part in logging in (issue 12, items 4 and 9), on every
// implementation: login attempts admitted atomically (from many threads,
// and over two connections to one SQLite file), login devices, a new
// password or a disabled account ending the user's sessions, and SQLite
// reads beside a write.
#include "store_test_support.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace zwgk::store {
namespace {

using namespace test;

class StoreLoginTest : public StoreTest {};

INSTANTIATE_TEST_SUITE_P(Backends, StoreLoginTest,
                         ::testing::Values(Backend::Memory, Backend::SqliteFile, Backend::SqliteInMemory),
                         backend_name);

class SqliteConnectionsTest : public SqliteStoreTest {};

// Admits while fewer than `limit` failures of the first key are on record.
LoginRule at_most(std::size_t limit) {
  return [limit](const std::vector<std::vector<std::int64_t>>& times) -> std::optional<std::int64_t> {
    if (times.front().size() < limit) return std::nullopt;
    return 60;
  };
}

// Issue 12, item 9: a password reset left the user's sessions alive.
TEST_P(StoreLoginTest, ANewPasswordEndsTheUsersSessionsButTheKeptOne) {
  std::int64_t zhang = add(make_user("zhang", Role::Admin));
  std::int64_t li = add(make_user("li"));
  ASSERT_TRUE(store().put_session({"zhang-here", zhang, "c1", 0, 1000}));
  ASSERT_TRUE(store().put_session({"zhang-there", zhang, "c2", 0, 1000}));
  ASSERT_TRUE(store().put_session({"li", li, "c3", 0, 1000}));
  ASSERT_TRUE(store().put_login_device({"zhang-browser", zhang, 0, 1000}));
  ASSERT_TRUE(store().put_login_device({"li-browser", li, 0, 1000}));

  User same = *store().user_by_id(zhang);
  same.role = Role::Viewer;  // no new password: sessions stay
  ASSERT_TRUE(store().update_user(same, ""));
  EXPECT_TRUE(store().find_session("zhang-there", 1));

  User changed = *store().user_by_id(zhang);
  changed.password_hash = "$argon2id$new";
  ASSERT_TRUE(store().update_user(changed, "zhang-here"));
  EXPECT_TRUE(store().find_session("zhang-here", 1));
  EXPECT_FALSE(store().find_session("zhang-there", 1));
  EXPECT_FALSE(store().find_login_device("zhang-browser", 1));
  EXPECT_TRUE(store().find_session("li", 1));  // other users keep theirs
  EXPECT_TRUE(store().find_login_device("li-browser", 1));
}

// Issue 12, item 9: disabling a user and enabling them again revived the old sessions.
TEST_P(StoreLoginTest, DisablingEndsTheUsersSessionsForGood) {
  std::int64_t id = add(make_user("zhang"));
  ASSERT_TRUE(store().put_session({"s", id, "c", 0, 1000}));
  ASSERT_TRUE(store().put_login_device({"d", id, 0, 1000}));
  User user = *store().user_by_id(id);
  user.disabled = true;
  ASSERT_TRUE(store().update_user(user, "s"));  // even the kept one: nobody keeps a disabled account's session
  user.disabled = false;
  ASSERT_TRUE(store().update_user(user, ""));
  EXPECT_FALSE(store().find_session("s", 1));
  EXPECT_FALSE(store().find_login_device("d", 1));
}

TEST_P(StoreLoginTest, LoginDevicesExpireAndNeedAUser) {
  std::int64_t id = add(make_user("zhang"));
  ASSERT_TRUE(store().put_login_device({"d1", id, 100, 200}));
  auto found = store().find_login_device("d1", 199);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->user_id, id);
  EXPECT_EQ(found->created_at, 100);
  EXPECT_EQ(found->expires_at, 200);
  EXPECT_FALSE(store().find_login_device("d1", 200));
  EXPECT_FALSE(store().find_login_device("d2", 150));
  EXPECT_FALSE(store().put_login_device({"d3", id + 1, 100, 200}));
  ASSERT_TRUE(store().put_login_device({"d4", id, 100, 300}));
  ASSERT_TRUE(store().delete_expired_sessions(200));
  EXPECT_FALSE(store().find_login_device("d1", 0));
  EXPECT_TRUE(store().find_login_device("d4", 0));
}

TEST_P(StoreLoginTest, AdmitsLoginAttemptsAndCountsThemPerKey) {
  std::vector<std::vector<std::int64_t>> seen;
  LoginRule watch = [&](const auto& times) -> std::optional<std::int64_t> {
    seen = times;
    return std::nullopt;
  };
  auto first = store().admit_login_attempt({"name:zhang", "addr:x"}, 0, 100, watch);
  ASSERT_TRUE(first) << first.error();
  EXPECT_GT(first->attempt, 0);
  auto second = store().admit_login_attempt({"name:zhang"}, 0, 200, watch);
  ASSERT_TRUE(second);
  EXPECT_NE(second->attempt, first->attempt);
  EXPECT_EQ(seen, (std::vector<std::vector<std::int64_t>>{{100}}));  // what was on record before
  ASSERT_TRUE(store().admit_login_attempt({"name:zhang", "addr:x"}, 0, 300, watch));
  EXPECT_EQ(seen, (std::vector<std::vector<std::int64_t>>{{200, 100}, {100}}));
  EXPECT_EQ(store().login_failure_times("name:zhang", 0), (std::vector<std::int64_t>{300, 200, 100}));
  EXPECT_EQ(store().login_failure_times("name:zhang", 200), (std::vector<std::int64_t>{300, 200}));  // inclusive

  // A refused attempt records nothing.
  auto refused = store().admit_login_attempt({"name:zhang"}, 0, 400, at_most(3));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->attempt, 0);
  EXPECT_EQ(refused->retry_after, 60);
  EXPECT_EQ(store().login_failure_times("name:zhang", 0).size(), 3u);

  // Withdrawing an attempt removes its failures of every key.
  ASSERT_TRUE(store().forget_login_attempt(first->attempt));
  EXPECT_EQ(store().login_failure_times("name:zhang", 0), (std::vector<std::int64_t>{300, 200}));
  EXPECT_EQ(store().login_failure_times("addr:x", 0), (std::vector<std::int64_t>{300}));
  ASSERT_TRUE(store().clear_login_failures("name:zhang"));
  EXPECT_TRUE(store().login_failure_times("name:zhang", 0).empty());
  EXPECT_EQ(store().login_failure_times("addr:x", 0).size(), 1u);
}

TEST_P(StoreLoginTest, AdmittingForgetsFailuresBeforeTheWindow) {
  LoginRule admit = [](const auto&) -> std::optional<std::int64_t> { return std::nullopt; };
  ASSERT_TRUE(store().admit_login_attempt({"name:zhang", "addr:x"}, 0, 100, admit));
  ASSERT_TRUE(store().admit_login_attempt({"name:zhang"}, 0, 200, admit));
  ASSERT_TRUE(store().admit_login_attempt({"name:li"}, 200, 300, admit));
  EXPECT_EQ(store().login_failure_times("name:zhang", 0), (std::vector<std::int64_t>{200}));
  EXPECT_TRUE(store().login_failure_times("addr:x", 0).empty());
}

// Issue 12, item 4: concurrent attempts all passed the check before any was
// counted. Counting is one atomic step: exactly `limit` are admitted.
TEST_P(StoreLoginTest, AdmitsExactlyTheLimitFromManyThreads) {
  constexpr int k_threads = 16;
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < k_threads; ++t)
    threads.emplace_back([&] {
      auto admission = store().admit_login_attempt({"name:zhang"}, 0, 100, at_most(5));
      EXPECT_TRUE(admission);
      if (admission && admission->attempt > 0) ++admitted;
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(admitted.load(), 5);
}

// Issue 12, item 4, with two processes: each store is its own connection (as
// the server and the CLI, or two servers, on one file); admitting is still
// one atomic step over both.
TEST_F(SqliteConnectionsTest, AdmitsExactlyTheLimitOverTwoConnections) {
  auto first = open();
  auto second = open();
  ASSERT_TRUE(first && second);
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t)
    threads.emplace_back([&, t] {
      Store& store = t % 2 == 0 ? *first : *second;
      auto admission = store.admit_login_attempt({"name:zhang"}, 0, 100, at_most(5));
      EXPECT_TRUE(admission) << (admission ? "" : admission.error());
      if (admission && admission->attempt > 0) ++admitted;
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(admitted.load(), 5);
  EXPECT_EQ(first->login_failure_times("name:zhang", 0).size(), 5u);
}

// Reads use their own connections: a reader sees what the writer committed,
// and many readers and writers at once neither fail nor wait for each other.
TEST_F(SqliteConnectionsTest, ReadersAndAWriterWorkSideBySide) {
  auto db = open();
  ASSERT_TRUE(db);
  std::int64_t id = *db->add_user(make_user("zhang"));
  ASSERT_TRUE(db->put_session({"s", id, "c", 0, 1'000'000}));
  std::atomic<bool> done{false};
  std::atomic<int> reads{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 8; ++t)
    readers.emplace_back([&] {
      while (!done) {
        EXPECT_TRUE(db->find_session("s", 1));
        EXPECT_EQ(db->user_by_id(id)->name, "zhang");
        ++reads;
      }
    });
  for (int i = 0; i < 20; ++i) {
    std::string content(256 * 1024, static_cast<char>('a' + i));
    ASSERT_TRUE(*db->save_file_version(make_version("2020Q3/采用.csv", std::to_string(i), content),
                                        make_entry(i, "上传文件")));
    EXPECT_EQ(db->file_history("2020Q3/").size(), static_cast<std::size_t>(i + 1));  // a reader sees the commit
  }
  done = true;
  for (auto& reader : readers) reader.join();
  EXPECT_GT(reads.load(), 0);
}

} // namespace
} // namespace zwgk::store
