// The Authenticator over a MemoryStore: logins, devices, throttling, sessions,
// refusals in the audit log (passwords and tokens themselves:
// auth_password_test.cpp). Hashes use HashCost::MinimumForTests.
#include "auth/authenticator.h"
#include "auth/password.h"
#include "store/database.h"
#include "store/memory_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>

#include <unistd.h>

namespace zwgk::auth {
namespace {

constexpr std::int64_t k_t0 = 1'600'000'000;

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

  LoginResult login(std::string_view name, std::string_view password, std::string_view address, std::int64_t now,
                    std::string_view device = {}) {
    return auth.login({name, password, address, device}, now);
  }

  // Fails `count` times for name from address, one second apart from `start`.
  void fail(std::string_view name, std::string_view address, std::int64_t start, int count,
            std::string_view device = {}) {
    for (int i = 0; i < count; ++i)
      ASSERT_TRUE(std::holds_alternative<WrongCredentials>(login(name, "wrong", address, start + i, device)))
          << "attempt " << i;
  }

  static std::int64_t wait_of(const LoginResult& result) {
    auto* throttled = std::get_if<Throttled>(&result);
    return throttled ? throttled->retry_after_seconds : 0;
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

  // A new browser becomes a login device of the user.
  ASSERT_EQ(ok->device.size(), 43u);
  auto device = db.find_login_device(token_hash(ok->device), k_t0);
  ASSERT_TRUE(device);
  EXPECT_EQ(device->user_id, zhang_id);
  EXPECT_EQ(device->expires_at, k_t0 + k_device_seconds);

  auto entries = audit();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].action, "登录");
  EXPECT_EQ(entries[0].user, "zhang");
  EXPECT_EQ(entries[0].target, "zhang");
  EXPECT_EQ(entries[0].at, k_t0);
  EXPECT_NE(entries[0].detail.find("192.0.2.7"), std::string::npos);
}

TEST_F(AuthenticatorTest, ADeviceStaysTheSameAcrossLogins) {
  auto first = std::get<LoginOk>(login("zhang", "zhang-password", "10.0.0.1", k_t0));
  auto again = std::get<LoginOk>(login("zhang", "zhang-password", "10.0.0.2", k_t0 + 1, first.device));
  EXPECT_EQ(again.device, "");  // the cookie sent stays valid
  // Another user's device cookie is no device of this user: a new one.
  auto other = std::get<LoginOk>(login("李四", "李四的密码很安全", "10.0.0.1", k_t0 + 2, first.device));
  EXPECT_EQ(other.device.size(), 43u);
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
  // Unknown names back off exactly as known ones do.
  fail("nobody", "192.0.2.8", k_t0 + 2, k_free_login_failures - 1);
  fail("zhang", "192.0.2.7", k_t0 + 2, k_free_login_failures - 1);
  EXPECT_EQ(wait_of(login("nobody", "x", "192.0.2.8", k_t0 + 10)), wait_of(login("zhang", "x", "192.0.2.7", k_t0 + 10)));
}

// The client (address and name) backs off after its free attempts: 1, 2, 4
// minutes after its last failure, never more than an hour.
TEST_F(AuthenticatorTest, AClientBacksOffEvenWithTheRightPassword) {
  fail("zhang", "10.0.0.1", k_t0, k_free_login_failures);
  const std::int64_t last = k_t0 + k_free_login_failures - 1;
  auto refused = login("zhang", "zhang-password", "10.0.0.1", last + 10);
  EXPECT_EQ(wait_of(refused), k_first_login_delay_seconds - 10);
  EXPECT_TRUE(std::holds_alternative<WrongCredentials>(login("zhang", "wrong", "10.0.0.1", last + 60)));
  EXPECT_EQ(wait_of(login("zhang", "zhang-password", "10.0.0.1", last + 61)), 2 * k_first_login_delay_seconds - 1);
  EXPECT_TRUE(std::holds_alternative<WrongCredentials>(login("zhang", "wrong", "10.0.0.1", last + 180)));
  EXPECT_EQ(wait_of(login("zhang", "zhang-password", "10.0.0.1", last + 181)), 4 * k_first_login_delay_seconds - 1);
  EXPECT_TRUE(std::holds_alternative<LoginOk>(login("zhang", "zhang-password", "10.0.0.1", last + 180 + 240)));
  // The right password cleared the client's failures (not the name's: 7 of 10).
  fail("zhang", "10.0.0.1", last + 1000, k_free_name_failures - 7);
}

TEST_F(AuthenticatorTest, TheBackOffStopsAtAnHour) {
  std::int64_t now = k_t0;
  for (int failures = 0; failures < 16;) {
    auto result = login("zhang", "wrong", "10.0.0.1", now);
    if (auto wait = wait_of(result)) {
      EXPECT_LE(wait, k_max_login_delay_seconds);
      now += wait;
    } else {
      ASSERT_TRUE(std::holds_alternative<WrongCredentials>(result));
      ++failures;
    }
  }
  EXPECT_EQ(wait_of(login("zhang", "zhang-password", "10.0.0.1", now)), k_max_login_delay_seconds);
  // Failures are forgotten after a day.
  EXPECT_TRUE(std::holds_alternative<LoginOk>(
      login("zhang", "zhang-password", "10.0.0.1", now + k_login_failure_memory_seconds)));
}

// A name is throttled over all addresses (guessing from many places), but
// only after more attempts than one client has.
TEST_F(AuthenticatorTest, ANameBacksOffOverAllAddresses) {
  for (int i = 0; i < k_free_name_failures; ++i) fail("zhang", "10.0.1." + std::to_string(i), k_t0 + i, 1);
  auto refused = login("zhang", "zhang-password", "10.0.2.1", k_t0 + 20);
  EXPECT_EQ(wait_of(refused), k_free_name_failures - 1 + k_first_login_delay_seconds - 20);
  EXPECT_TRUE(std::holds_alternative<LoginOk>(login("李四", "李四的密码很安全", "10.0.2.1", k_t0 + 20)));
}

TEST_F(AuthenticatorTest, AnAddressBacksOffOverAllNames) {
  for (int i = 0; i < k_free_address_failures; ++i) fail("name" + std::to_string(i), "203.0.113.9", k_t0 + i, 1);
  EXPECT_GT(wait_of(login("李四", "李四的密码很安全", "203.0.113.9", k_t0 + 30)), 0);
  EXPECT_TRUE(std::holds_alternative<LoginOk>(login("李四", "李四的密码很安全", "203.0.113.10", k_t0 + 30)));
}

TEST_F(AuthenticatorTest, WithoutAnAddressTheNameAndTheClientAreThrottled) {
  for (int i = 0; i < k_free_address_failures; ++i) fail("name" + std::to_string(i), "", k_t0 + i, 1);
  EXPECT_TRUE(std::holds_alternative<LoginOk>(login("zhang", "zhang-password", "", k_t0 + 30)));
  fail("zhang", "", k_t0 + 40, k_free_login_failures);
  EXPECT_GT(wait_of(login("zhang", "zhang-password", "", k_t0 + 50)), 0);
}

// Issue 12, item 4: anyone could lock any account, the administrator's
// included. Strangers' failures never throttle a browser in which the user
// has logged in, wherever they come from.
TEST_F(AuthenticatorTest, StrangersCannotKeepAUserOutOfTheirBrowser) {
  auto first = std::get<LoginOk>(login("zhang", "zhang-password", "127.0.0.1", k_t0));
  ASSERT_FALSE(first.device.empty());
  for (int i = 0; i < 40; ++i) (void)login("zhang", "guess" + std::to_string(i), "127.0.0.1", k_t0 + 10 + i);
  for (int i = 0; i < 40; ++i) (void)login("zhang", "guess", "10.9.0." + std::to_string(i), k_t0 + 60 + i);
  EXPECT_GT(wait_of(login("zhang", "zhang-password", "127.0.0.1", k_t0 + 100)), 0);  // a new browser waits
  EXPECT_TRUE(std::holds_alternative<LoginOk>(login("zhang", "zhang-password", "127.0.0.1", k_t0 + 100, first.device)));
  // The device has its own free attempts and back-off.
  fail("zhang", "127.0.0.1", k_t0 + 300, k_free_login_failures, first.device);
  EXPECT_GT(wait_of(login("zhang", "zhang-password", "127.0.0.1", k_t0 + 310, first.device)), 0);
}

TEST_F(AuthenticatorTest, ARightPasswordWithdrawsItsCountButNotStrangersFailures) {
  fail("zhang", "10.0.0.1", k_t0, 4);
  ASSERT_TRUE(std::holds_alternative<LoginOk>(login("zhang", "zhang-password", "10.0.0.2", k_t0 + 10)));
  // 10.0.0.1's failures stay its own; the success counts nowhere.
  EXPECT_EQ(wait_of(login("zhang", "wrong", "10.0.0.1", k_t0 + 11)), 0);
  EXPECT_GT(wait_of(login("zhang", "zhang-password", "10.0.0.1", k_t0 + 12)), 0);
  for (int i = 0; i < 20; ++i)
    ASSERT_TRUE(std::holds_alternative<LoginOk>(login("李四", "李四的密码很安全", "10.0.0.3", k_t0 + 20 + i)));
}

TEST_F(AuthenticatorTest, DisabledUsers) {
  store::User zhang = *db.user_by_id(zhang_id);
  zhang.disabled = true;
  ASSERT_TRUE(db.update_user(zhang, ""));
  EXPECT_TRUE(std::holds_alternative<Disabled>(login("zhang", "zhang-password", "10.0.0.1", k_t0)));
  EXPECT_TRUE(std::holds_alternative<WrongCredentials>(login("zhang", "wrong", "10.0.0.1", k_t0 + 1)));
  auto entries = audit();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].action, "登录失败");
  EXPECT_NE(entries[1].detail.find("停用"), std::string::npos);
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
  ASSERT_TRUE(db.update_user(zhang, ""));
  EXPECT_FALSE(auth.authenticate(ok.token, k_t0 + 1));
  zhang.disabled = false;
  ASSERT_TRUE(db.update_user(zhang, ""));
  EXPECT_FALSE(auth.authenticate(ok.token, k_t0 + 2));
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

// Issue 12, item 4: 40 wrong passwords sent at once got 12 checked. Over
// the SQLite store (a file, as the server has it), from many threads.
TEST(AuthenticatorRace, ABurstIsCheckedNoMoreThanOneByOne) {
  const auto dir = std::filesystem::temp_directory_path() / ("zwgk-auth-race-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  struct RemoveOnExit {
    std::filesystem::path dir;
    ~RemoveOnExit() { std::filesystem::remove_all(dir); }
  } remove_on_exit{dir};
  {
    auto database = store::open_database(dir, store::Create::IfMissing);
    ASSERT_TRUE(database) << database.error();
    store::Store& db = (*database)->store();
    store::User admin{0, "admin", store::Role::Admin, "", *hash_password("admin-Secret-9", HashCost::MinimumForTests),
                      0, false};
    ASSERT_TRUE(db.add_user(admin));
    Authenticator auth(db, HashCost::MinimumForTests);
    std::atomic<int> checked{0}, refused{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 40; ++i)
      threads.emplace_back([&] {
        auto result = auth.login({"admin", "wrong", "192.0.2.1", {}}, k_t0);
        if (std::holds_alternative<WrongCredentials>(result)) ++checked;
        else if (std::holds_alternative<Throttled>(result)) ++refused;
      });
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(checked.load(), k_free_login_failures);
    EXPECT_EQ(refused.load(), 40 - k_free_login_failures);
    // The right password is refused now too: it was never a matter of luck.
    EXPECT_TRUE(std::holds_alternative<Throttled>(auth.login({"admin", "admin-Secret-9", "192.0.2.1", {}}, k_t0)));
  }
}

// ---------------------------------------------------------------- refused attempts in the audit log

// Issue 12, item 5: each refused attempt was an audit entry (5,000 in 1.6 s).
TEST(RefusalLog, SumsAnAddressWindowInOneEntry) {
  store::MemoryStore db;
  {
    RefusalLog log(db);
    for (int i = 0; i < 5000; ++i) log.note("192.0.2.1", i % 100 == 0 ? "root" : "admin", k_t0 + i / 10);
    log.flush(k_t0 + k_refusal_window_seconds - 1, RefusalLog::Flush::Ended);
    EXPECT_TRUE(db.audit(0, 10).empty());  // the window is still open
    log.flush(k_t0 + k_refusal_window_seconds, RefusalLog::Flush::Ended);
    auto entries = db.audit(0, 10);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].action, "登录失败");
    EXPECT_EQ(entries[0].user, k_anonymous_user);
    EXPECT_EQ(entries[0].target, "多个用户名");
    EXPECT_EQ(entries[0].at, k_t0 + 499);
    EXPECT_EQ(entries[0].detail,
              "地址：192.0.2.1；登录失败次数过多，此前 9 分钟内拒绝了 5000 次登录（未核对密码）：admin 4950 次、root 50 次");
    log.note("192.0.2.1", "admin", k_t0 + 2000);
  }
  auto entries = db.audit(0, 10);  // the last window, written when the log ends
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].target, "admin");
  EXPECT_EQ(entries[0].detail, "地址：192.0.2.1；登录失败次数过多，此前 1 分钟内拒绝了 1 次登录（未核对密码）：admin 1 次");
}

TEST(RefusalLog, WhateverTheNamesAndAddressesTheEntriesAreBounded) {
  store::MemoryStore db;
  RefusalLog log(db);
  for (int a = 0; a < 1000; ++a)
    for (int n = 0; n < 30; ++n) log.note("10.0." + std::to_string(a), std::to_string(n) + std::string(300, 'n'), k_t0);
  log.flush(k_t0, RefusalLog::Flush::All);
  auto entries = db.audit(0, 10000);
  ASSERT_EQ(entries.size(), k_max_refusal_addresses + 1);
  std::size_t pooled = 0;
  for (const auto& e : entries) {
    EXPECT_LT(e.detail.size(), 2000u);
    if (e.detail.starts_with("地址：其他地址；")) {
      ++pooled;
      EXPECT_NE(e.detail.find("拒绝了 27000 次"), std::string::npos) << e.detail;
    } else {
      EXPECT_NE(e.detail.find("拒绝了 30 次"), std::string::npos) << e.detail;
      EXPECT_NE(e.detail.find("其他用户名 20 次"), std::string::npos) << e.detail;
    }
  }
  EXPECT_EQ(pooled, 1u);
}

TEST_F(AuthenticatorTest, RefusedAttemptsAreSummedNotLoggedOneByOne) {
  fail("zhang", "10.0.0.1", k_t0, k_free_login_failures);
  for (int i = 0; i < 300; ++i) ASSERT_GT(wait_of(login("zhang", "wrong", "10.0.0.1", k_t0 + 10)), 0);
  EXPECT_EQ(audit().size(), static_cast<std::size_t>(k_free_login_failures));
  // The next attempt after the window writes its entry.
  (void)login("李四", "李四的密码很安全", "10.0.0.2", k_t0 + 10 + k_refusal_window_seconds);
  auto entries = audit();
  ASSERT_EQ(entries.size(), static_cast<std::size_t>(k_free_login_failures) + 2);
  EXPECT_EQ(entries[1].target, "zhang");
  EXPECT_NE(entries[1].detail.find("拒绝了 300 次登录"), std::string::npos) << entries[1].detail;
}

} // namespace
} // namespace zwgk::auth
