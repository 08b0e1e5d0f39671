// Passwords, tokens and the Authenticator over a MemoryStore. Hashes use
// HashCost::MinimumForTests except where the production cost is the point.
#include "auth/authenticator.h"
#include "auth/password.h"
#include "store/memory_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

namespace zwgk::auth {
namespace {

constexpr std::int64_t k_t0 = 1'600'000'000;

// ---------------------------------------------------------------- passwords and tokens

TEST(Password, HashesAndVerifies) {
  auto hash = hash_password("正确的密码horse", HashCost::MinimumForTests);
  ASSERT_TRUE(hash) << hash.error();
  EXPECT_TRUE(hash->starts_with("$argon2id$")) << *hash;
  EXPECT_TRUE(verify_password("正确的密码horse", *hash));
  EXPECT_FALSE(verify_password("正确的密码Horse", *hash));
  EXPECT_FALSE(verify_password("", *hash));
  auto again = hash_password("正确的密码horse", HashCost::MinimumForTests);
  EXPECT_NE(*hash, *again);  // salted
  EXPECT_TRUE(verify_password("正确的密码horse", *again));
}

TEST(Password, ProductionCostIsArgon2idInteractive) {
  auto hash = hash_password("correct horse");
  ASSERT_TRUE(hash) << hash.error();
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=65536,t=2,p=1$")) << *hash;
  EXPECT_TRUE(verify_password("correct horse", *hash));
}

TEST(Password, MalformedHashesVerifyNothing) {
  EXPECT_FALSE(verify_password("x", ""));
  EXPECT_FALSE(verify_password("x", "plain text"));
  EXPECT_FALSE(verify_password("x", "$argon2id$v=19$m=8,t=1,p=1$broken"));
  EXPECT_FALSE(verify_password("x", std::string(1000, '$')));
}

TEST(Password, ManyThreadsAtOnce) {
  auto hash = *hash_password("并发的密码12345", HashCost::MinimumForTests);
  std::vector<std::thread> threads;
  std::atomic<int> verified{0};
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      if (verify_password("并发的密码12345", hash) && hash_password("另一个密码abc", HashCost::MinimumForTests))
        ++verified;
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(verified.load(), 8);
}

TEST(Password, Policy) {
  EXPECT_EQ(password_problem("1234567", "zhang"), "密码太短：至少需要 8 个字符");
  EXPECT_EQ(password_problem("", "zhang"), "密码太短：至少需要 8 个字符");
  EXPECT_EQ(password_problem("12345678", "zhang"), std::nullopt);
  EXPECT_EQ(password_problem("政务公开工作考核", "zhang"), std::nullopt);  // 8 characters, 24 bytes
  EXPECT_TRUE(password_problem("政务公开工作考", "zhang"));                // 7 characters
  EXPECT_EQ(password_problem("zhangsan", "zhangsan"), "密码不能与用户名相同");
  EXPECT_EQ(password_problem("ZhangSan", "zhangsan"), "密码不能与用户名相同");
  EXPECT_TRUE(password_problem("\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8", "zhang"));
  EXPECT_TRUE(password_problem(std::string(k_max_password_bytes + 1, 'a'), "zhang"));
  EXPECT_EQ(password_problem(std::string(k_max_password_bytes, 'a'), "zhang"), std::nullopt);
}

TEST(Token, RandomBase64Url) {
  std::string a = random_token(), b = random_token();
  EXPECT_EQ(a.size(), 43u);  // 32 bytes, no padding
  EXPECT_NE(a, b);
  EXPECT_TRUE(std::all_of(a.begin(), a.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  })) << a;
}

TEST(Token, HashIsHexAndStable) {
  std::string h = token_hash("abc");
  EXPECT_EQ(h.size(), 64u);
  EXPECT_TRUE(std::all_of(h.begin(), h.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }));
  EXPECT_EQ(h, token_hash("abc"));
  EXPECT_NE(h, token_hash("abd"));
  // BLAKE2b with a 32-byte digest, unkeyed (Python: hashlib.blake2b(b"abc", digest_size=32)).
  EXPECT_EQ(h, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

// ---------------------------------------------------------------- the authenticator

class AuthenticatorTest : public ::testing::Test {
protected:
  AuthenticatorTest() {
    zhang_id = add("zhang", "zhang-password", store::Role::Admin);
    li_id = add("李四", "李四的密码很安全", store::Role::Unit, "区财政局");
  }

  std::int64_t add(std::string name, std::string_view password, store::Role role, std::string unit = {}) {
    store::User user{0, std::move(name), role, std::move(unit), *hash_password(password, HashCost::MinimumForTests),
                     k_t0 - 1000, false};
    return *db.add_user(user);
  }

  LoginResult login(std::string_view name, std::string_view password, std::string_view address, std::int64_t now) {
    return auth.login(name, password, address, now);
  }

  // Fails `count` times for name from address, one second apart from `start`.
  void fail(std::string_view name, std::string_view address, std::int64_t start, int count) {
    for (int i = 0; i < count; ++i)
      ASSERT_TRUE(std::holds_alternative<WrongCredentials>(login(name, "wrong", address, start + i)));
  }

  std::vector<store::AuditEntry> audit() { return db.audit(0, 1000); }

  store::MemoryStore db;
  Authenticator auth{db, HashCost::MinimumForTests};
  std::int64_t zhang_id = 0;
  std::int64_t li_id = 0;
};

TEST_F(AuthenticatorTest, LogsInAndOpensASession) {
  auto result = login("zhang", "zhang-password", "192.0.2.7", k_t0);
  auto* ok = std::get_if<LoginOk>(&result);
  ASSERT_NE(ok, nullptr);
  EXPECT_EQ(ok->user.id, zhang_id);
  EXPECT_EQ(ok->user.role, store::Role::Admin);
  EXPECT_EQ(ok->token.size(), 43u);
  EXPECT_EQ(ok->csrf.size(), 43u);
  EXPECT_NE(ok->token, ok->csrf);

  // The store has the token's hash, never the token.
  EXPECT_FALSE(db.find_session(ok->token, k_t0));
  auto session = db.find_session(token_hash(ok->token), k_t0);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->user_id, zhang_id);
  EXPECT_EQ(session->csrf_token, ok->csrf);
  EXPECT_EQ(session->created_at, k_t0);
  EXPECT_EQ(session->expires_at, k_t0 + k_session_seconds);
  EXPECT_EQ(k_session_seconds, 8 * 3600);

  auto entries = audit();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].action, "登录");
  EXPECT_EQ(entries[0].user, "zhang");
  EXPECT_EQ(entries[0].target, "zhang");
  EXPECT_EQ(entries[0].at, k_t0);
  EXPECT_NE(entries[0].detail.find("192.0.2.7"), std::string::npos);
}

TEST_F(AuthenticatorTest, WrongPasswordAndUnknownNameLookAlike) {
  auto wrong = login("zhang", "not-the-password", "192.0.2.7", k_t0);
  auto unknown = login("nobody", "zhang-password", "192.0.2.8", k_t0 + 1);
  EXPECT_TRUE(std::holds_alternative<WrongCredentials>(wrong));
  EXPECT_TRUE(std::holds_alternative<WrongCredentials>(unknown));
  auto entries = audit();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].action, "登录失败");
  EXPECT_EQ(entries[1].target, "zhang");
  EXPECT_EQ(entries[1].user, k_anonymous_user);
  EXPECT_NE(entries[1].detail.find("192.0.2.7"), std::string::npos);
  EXPECT_NE(entries[1].detail.find("用户名或密码错误"), std::string::npos);
  EXPECT_EQ(entries[0].target, "nobody");
  EXPECT_EQ(db.login_failures_since("name:zhang", 0), 1);
  EXPECT_EQ(db.login_failures_since("addr:192.0.2.8", 0), 1);
}

TEST_F(AuthenticatorTest, ThrottlesByNameEvenWithTheRightPassword) {
  fail("zhang", "10.0.0.1", k_t0, 2);
  fail("zhang", "10.0.0.2", k_t0 + 2, 3);  // five failures for the name, from two addresses
  auto refused = login("zhang", "zhang-password", "10.0.0.3", k_t0 + 10);
  auto* throttled = std::get_if<Throttled>(&refused);
  ASSERT_NE(throttled, nullptr);
  // The oldest of the five (at k_t0) leaves the window at k_t0 + 15 minutes.
  EXPECT_EQ(throttled->retry_after_seconds, k_login_failure_window_seconds - 10);
  EXPECT_EQ(audit()[0].action, "登录失败");
  EXPECT_NE(audit()[0].detail.find("次数过多"), std::string::npos);

  // Refused attempts do not count, so the lock still ends on time.
  EXPECT_TRUE(std::holds_alternative<Throttled>(login("zhang", "wrong", "10.0.0.4", k_t0 + 30)));
  EXPECT_EQ(db.login_failures_since("name:zhang", 0), 5);
  auto last_second = login("zhang", "zhang-password", "10.0.0.3", k_t0 + k_login_failure_window_seconds - 1);
  ASSERT_TRUE(std::holds_alternative<Throttled>(last_second));
  EXPECT_EQ(std::get<Throttled>(last_second).retry_after_seconds, 1);
  EXPECT_TRUE(std::holds_alternative<LoginOk>(login("zhang", "zhang-password", "10.0.0.3",
                                                    k_t0 + k_login_failure_window_seconds)));
  // Other names are not affected.
  EXPECT_TRUE(std::holds_alternative<LoginOk>(login("李四", "李四的密码很安全", "10.0.0.5", k_t0 + 10)));
}

TEST_F(AuthenticatorTest, ThrottlesByAddress) {
  for (int i = 0; i < k_max_login_failures; ++i) fail("name" + std::to_string(i), "203.0.113.9", k_t0 + i, 1);
  auto refused = login("李四", "李四的密码很安全", "203.0.113.9", k_t0 + 100);
  ASSERT_TRUE(std::holds_alternative<Throttled>(refused));
  EXPECT_EQ(std::get<Throttled>(refused).retry_after_seconds, k_login_failure_window_seconds - 100);
  EXPECT_TRUE(std::holds_alternative<LoginOk>(login("李四", "李四的密码很安全", "203.0.113.10", k_t0 + 100)));
}

TEST_F(AuthenticatorTest, FourFailuresAreNotYetALock) {
  fail("zhang", "10.0.0.1", k_t0, k_max_login_failures - 1);
  EXPECT_TRUE(std::holds_alternative<LoginOk>(login("zhang", "zhang-password", "10.0.0.1", k_t0 + 10)));
}

TEST_F(AuthenticatorTest, SuccessClearsTheNamesFailures) {
  fail("zhang", "10.0.0.1", k_t0, 4);
  ASSERT_TRUE(std::holds_alternative<LoginOk>(login("zhang", "zhang-password", "10.0.0.2", k_t0 + 10)));
  EXPECT_EQ(db.login_failures_since("name:zhang", 0), 0);
  EXPECT_EQ(db.login_failures_since("addr:10.0.0.1", 0), 4);  // the address keeps its count
  fail("zhang", "10.0.0.3", k_t0 + 20, 4);
  EXPECT_TRUE(std::holds_alternative<LoginOk>(login("zhang", "zhang-password", "10.0.0.3", k_t0 + 30)));
}

TEST_F(AuthenticatorTest, FailuresOutsideTheWindowDoNotCount) {
  fail("zhang", "10.0.0.1", k_t0, 4);
  fail("zhang", "10.0.0.1", k_t0 + k_login_failure_window_seconds, 1);
  EXPECT_TRUE(std::holds_alternative<LoginOk>(
      login("zhang", "zhang-password", "10.0.0.2", k_t0 + k_login_failure_window_seconds + 5)));
  // A later failure makes the store forget those that left the window.
  fail("someone", "10.0.0.1", k_t0 + 2 * k_login_failure_window_seconds, 1);
  EXPECT_EQ(db.login_failures_since("addr:10.0.0.1", 0), 2);
}

TEST_F(AuthenticatorTest, WithoutAnAddressOnlyTheNameIsThrottled) {
  for (int i = 0; i < k_max_login_failures; ++i) fail("name" + std::to_string(i), "", k_t0 + i, 1);
  EXPECT_TRUE(std::holds_alternative<LoginOk>(login("zhang", "zhang-password", "", k_t0 + 10)));
}

TEST_F(AuthenticatorTest, DisabledUsers) {
  store::User zhang = *db.user_by_id(zhang_id);
  zhang.disabled = true;
  ASSERT_TRUE(db.update_user(zhang));
  EXPECT_TRUE(std::holds_alternative<Disabled>(login("zhang", "zhang-password", "10.0.0.1", k_t0)));
  EXPECT_TRUE(std::holds_alternative<WrongCredentials>(login("zhang", "wrong", "10.0.0.1", k_t0 + 1)));
  auto entries = audit();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].action, "登录失败");
  EXPECT_NE(entries[1].detail.find("停用"), std::string::npos);
  EXPECT_EQ(db.login_failures_since("name:zhang", 0), 1);  // only the wrong password counts
}

TEST_F(AuthenticatorTest, AuthenticatesUntilExpiry) {
  auto ok = std::get<LoginOk>(login("李四", "李四的密码很安全", "10.0.0.1", k_t0));
  auto who = auth.authenticate(ok.token, k_t0 + 60);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->user.name, "李四");
  EXPECT_EQ(who->user.unit, "区财政局");
  EXPECT_EQ(who->session.csrf_token, ok.csrf);
  EXPECT_TRUE(auth.authenticate(ok.token, k_t0 + k_session_seconds - 1));
  EXPECT_FALSE(auth.authenticate(ok.token, k_t0 + k_session_seconds));
  EXPECT_FALSE(auth.authenticate("", k_t0));
  EXPECT_FALSE(auth.authenticate(ok.csrf, k_t0));
  EXPECT_FALSE(auth.authenticate(token_hash(ok.token), k_t0));
}

TEST_F(AuthenticatorTest, DisablingEndsSessions) {
  auto ok = std::get<LoginOk>(login("zhang", "zhang-password", "10.0.0.1", k_t0));
  store::User zhang = *db.user_by_id(zhang_id);
  zhang.disabled = true;
  ASSERT_TRUE(db.update_user(zhang));
  EXPECT_FALSE(auth.authenticate(ok.token, k_t0 + 1));
}

TEST_F(AuthenticatorTest, LogoutEndsTheSessionOnly) {
  auto first = std::get<LoginOk>(login("zhang", "zhang-password", "10.0.0.1", k_t0));
  auto second = std::get<LoginOk>(login("zhang", "zhang-password", "10.0.0.2", k_t0 + 1));
  ASSERT_TRUE(auth.logout(first.token));
  EXPECT_FALSE(auth.authenticate(first.token, k_t0 + 2));
  EXPECT_TRUE(auth.authenticate(second.token, k_t0 + 2));
}

TEST_F(AuthenticatorTest, LoginRemovesExpiredSessions) {
  auto old = std::get<LoginOk>(login("zhang", "zhang-password", "10.0.0.1", k_t0));
  ASSERT_TRUE(std::holds_alternative<LoginOk>(login("李四", "李四的密码很安全", "10.0.0.1", k_t0 + k_session_seconds)));
  EXPECT_FALSE(db.find_session(token_hash(old.token), 0));
}

TEST_F(AuthenticatorTest, LongNamesAreCutInTheAuditLog) {
  std::string name(500, 'x');
  fail(name, "10.0.0.1", k_t0, 1);
  auto entries = audit();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].target, std::string(k_max_audited_name_chars, 'x') + "…");
}

} // namespace
} // namespace zwgk::auth
