// Issue 19: sessions recognised without a query while the database is unchanged
// (auth/session_cache.h), and never after a change of any client: a logout, a user
// disabled by another process on the same SQLite file, an expired session.
#include "auth/authenticator.h"
#include "auth/password.h"
#include "auth/session_cache.h"
#include "store_test_support.h"

#include <gtest/gtest.h>

namespace zwgk::auth {
namespace {

using store::test::TempDir;

constexpr std::int64_t k_t0 = 1'600'000'000;

store::User user_named(std::string name) {
  return {7, std::move(name), store::Role::Admin, {}, "$argon2id$stand-in", k_t0, false};
}
store::Session session_until(std::int64_t expires_at) { return {"hash", 7, "csrf", k_t0, expires_at}; }

TEST(SessionCache, AnswersOnlyForItsCounterAndBeforeTheSessionExpires) {
  SessionCache cache;
  cache.keep("hash", 41, user_named("张三"), session_until(k_t0 + 100));
  auto kept = cache.find("hash", 41, k_t0 + 99);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->first.name, "张三");
  EXPECT_EQ(kept->second.csrf_token, "csrf");
  EXPECT_FALSE(cache.find("hash", 42, k_t0 + 1)) << "the database changed since";
  EXPECT_FALSE(cache.find("hash", 41, k_t0 + 100)) << "expired";
  EXPECT_FALSE(cache.find("other", 41, k_t0 + 1));
}

TEST(SessionCache, IsEmptiedWhenFull) {
  SessionCache cache;
  for (std::size_t i = 0; i < SessionCache::k_max_entries; ++i)
    cache.keep("hash" + std::to_string(i), 1, user_named("u"), session_until(k_t0 + 100));
  EXPECT_TRUE(cache.find("hash0", 1, k_t0));
  cache.keep("one more", 1, user_named("u"), session_until(k_t0 + 100));
  EXPECT_FALSE(cache.find("hash0", 1, k_t0));
  EXPECT_TRUE(cache.find("one more", 1, k_t0));
}

// Two opens of one file stand for two processes (the server and a `zwgk user` command).
class SessionCacheOverSqlite : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_TRUE(m_server && m_command);
    store::User user{0, "zhang", store::Role::Admin, {}, *hash_password("zhang-Pa55-word", HashCost::MinimumForTests),
                     k_t0 - 1000, false};
    ASSERT_TRUE(m_server->add_user(user));
    const LoginResult login =
        m_auth.emplace(*m_server, HashCost::MinimumForTests).login({"zhang", "zhang-Pa55-word", "10.0.0.1", ""}, k_t0);
    auto ok = std::get_if<LoginOk>(&login);
    ASSERT_TRUE(ok);
    m_token = ok->token;
    ASSERT_TRUE(m_auth->authenticate(m_token, k_t0 + 1));
    ASSERT_TRUE(m_auth->authenticate(m_token, k_t0 + 2)) << "now from the cache";
  }

  TempDir m_dir;
  std::string m_path = m_dir.file("zwgk.db");
  std::shared_ptr<store::Store> m_server = store::test::open_sqlite_store(m_path).value_or(nullptr);
  std::shared_ptr<store::Store> m_command = store::test::open_sqlite_store(m_path).value_or(nullptr);
  std::optional<Authenticator> m_auth;
  std::string m_token;
};

TEST_F(SessionCacheOverSqlite, AUserDisabledByAnotherProcessIsRefusedAtOnce) {
  auto user = *m_command->find_user("zhang");
  user.disabled = true;
  ASSERT_TRUE(m_command->update_user(user, ""));
  EXPECT_FALSE(m_auth->authenticate(m_token, k_t0 + 3));
}

TEST_F(SessionCacheOverSqlite, ALogoutEndsTheSessionAtOnce) {
  ASSERT_TRUE(m_auth->logout(m_token));
  EXPECT_FALSE(m_auth->authenticate(m_token, k_t0 + 3));
}

TEST_F(SessionCacheOverSqlite, AnExpiredSessionIsRefusedThoughNothingChanged) {
  EXPECT_FALSE(m_auth->authenticate(m_token, k_t0 + k_session_seconds));
}

} // namespace
} // namespace zwgk::auth
