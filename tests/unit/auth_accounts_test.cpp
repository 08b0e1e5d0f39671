// Issue 14's accounts in auth/: the list of common passwords, one-time
// passwords, every unit's account in one step (unit_accounts.h), and users
// changing their own password (Authenticator::change_password).
#include "auth/authenticator.h"
#include "auth/common_passwords.h"
#include "auth/password.h"
#include "auth/unit_accounts.h"
#include "store/memory_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace zwgk::auth {
namespace {

constexpr std::int64_t k_t0 = 1'600'000'000;

// ---------------------------------------------------------------- common passwords

TEST(CommonPasswords, TheListIsLowerCaseWithEachEntryOnce) {
  auto list = common_passwords();
  EXPECT_GE(list.size(), 400u);
  std::set<std::string_view> seen;
  for (auto entry : list) {
    EXPECT_TRUE(seen.insert(entry).second) << entry;
    EXPECT_FALSE(entry.empty());
    EXPECT_TRUE(std::none_of(entry.begin(), entry.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) << entry;
  }
}

// The examples of issue 14 (the short ones are too short as well).
TEST(CommonPasswords, TheIssuesExamplesAreRefused) {
  for (const char* password : {"123456", "a123456", "woaini1314", "qq123456", "5201314", "123456789a", "zxcvbnm",
                               "admin123", "password1"})
    EXPECT_TRUE(password_problem(password, "zhang", "")) << password;
}

// Issue 14: only about 80 common passwords were known; these passed.
TEST(CommonPasswords, TheLongerListRefusesMore) {
  for (const char* password : {"zhangwei1988", "Liverpool1892", "Shenzhen@2020", "pokemon123!", "2024Chelsea",
                               "xiaoming520", "WANGJING88", "gongxifacai888", "a12345678"}) {
    auto problem = password_problem(password, "li", "");
    ASSERT_TRUE(problem) << password;
    EXPECT_NE(problem->find("密码太常见"), std::string::npos) << password << ": " << *problem;
  }
  // Not every word with digits: a common word inside a longer password is fine.
  EXPECT_FALSE(password_problem("liverpool-harbour-lights", "li", ""));
  EXPECT_FALSE(password_problem("Quiet-Lake-314", "li", ""));
}

// ---------------------------------------------------------------- one-time passwords

TEST(OneTimePassword, ReadableRandomAndAcceptedByThePolicy) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string password = one_time_password();
    EXPECT_EQ(password.size(), k_one_time_password_chars);
    EXPECT_EQ(password.find_first_not_of(k_one_time_alphabet), std::string::npos) << password;
    EXPECT_EQ(password.find_first_of("0Oo1lI"), std::string::npos) << password;
    seen.insert(password);
  }
  EXPECT_EQ(seen.size(), 200u);
  EXPECT_EQ(std::string(k_one_time_alphabet).find_first_of("0Oo1lI"), std::string::npos);
}

// ---------------------------------------------------------------- unit accounts

class UnitAccountsTest : public ::testing::Test {
protected:
  std::int64_t add(std::string name, store::Role role, std::string unit = {}) {
    return *db.add_user({0, std::move(name), role, std::move(unit), "$argon2id$x", k_t0, false});
  }
  UnitAccountPlan plan(const std::vector<std::string>& units) {
    auto planned = plan_unit_accounts(db, units, k_t0);
    EXPECT_TRUE(planned) << planned.error();
    return planned.value_or(UnitAccountPlan{});
  }
  store::MemoryStore db;
};

TEST_F(UnitAccountsTest, CreatesTheMissingAccountsWithOneTimePasswords) {
  add("admin", store::Role::Admin);
  add("商务", store::Role::Unit, "区商务局");  // has one already, under another name
  add("区财政局", store::Role::Viewer);        // a viewer has the unit's name
  auto made = plan({"区政府办公室", "区商务局", "区财政局"});
  ASSERT_EQ(made.accounts.size(), 2u);
  EXPECT_EQ(made.existing, 1u);
  EXPECT_EQ(made.accounts[0].unit, "区政府办公室");
  EXPECT_EQ(made.accounts[0].name, "区政府办公室");
  EXPECT_EQ(made.accounts[1].unit, "区财政局");
  EXPECT_EQ(made.accounts[1].name, "区财政局2");
  ASSERT_TRUE(create_unit_accounts(db, made, "admin", k_t0));

  for (const auto& account : made.accounts) {
    auto user = db.find_user(account.name);
    ASSERT_TRUE(user) << account.name;
    EXPECT_EQ(user->role, store::Role::Unit);
    EXPECT_EQ(user->unit, account.unit);
    EXPECT_TRUE(user->must_change_password);
    EXPECT_TRUE(verify_password(account.password, user->password_hash));
    EXPECT_EQ(user->password_hash.find(account.password), std::string::npos);
    // Random, so hashed at the minimum cost (HashCost::HighEntropy).
    EXPECT_NE(user->password_hash.find("$m=8,t=1,"), std::string::npos) << user->password_hash;
  }
  auto audit = db.audit(0, 10);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].user, "admin");
  EXPECT_EQ(audit[0].action, "创建单位账号");
  EXPECT_EQ(audit[0].detail, "新建 2 个单位账号（初始密码须在首次登录时修改）；1 个单位已有账号");

  // Again: nothing is missing, nothing is created or audited.
  auto again = plan({"区政府办公室", "区商务局", "区财政局"});
  EXPECT_TRUE(again.accounts.empty());
  EXPECT_EQ(again.existing, 3u);
  ASSERT_TRUE(create_unit_accounts(db, again, "admin", k_t0));
  EXPECT_EQ(db.audit(0, 10).size(), 1u);
  EXPECT_EQ(db.users().size(), 5u);
}

TEST_F(UnitAccountsTest, TheFileOpensInExcel) {
  std::vector<UnitAccount> accounts{{"区商务局", "区商务局", "abcDEF234567"}, {"=HYPERLINK(\"x\")", "a,b", "p\"q"}};
  EXPECT_EQ(unit_accounts_csv(accounts),
            "\xEF\xBB\xBF单位,用户名,初始密码\r\n"
            "区商务局,区商务局,abcDEF234567\r\n"
            "\"'=HYPERLINK(\"\"x\"\")\",\"a,b\",\"p\"\"q\"\r\n");
}

// ---------------------------------------------------------------- one's own password

class ChangePasswordTest : public ::testing::Test {
protected:
  ChangePasswordTest() {
    store::User user{0, "zhang", store::Role::Unit, "区财政局", *hash_password("Old-Quiet-Lake", HashCost::MinimumForTests),
                     k_t0, false, true};
    user.id = *db.add_user(user);
    (void)db.put_session({"here", user.id, "c", k_t0, k_t0 + 1000});
    (void)db.put_session({"there", user.id, "c", k_t0, k_t0 + 1000});
    who = {*db.user_by_id(user.id), *db.find_session("here", k_t0)};
  }
  store::MemoryStore db;
  Authenticator auth{db, HashCost::MinimumForTests};
  Authenticated who;
};

TEST_F(ChangePasswordTest, KeepsThisSessionEndsTheOthersAndClearsTheFlag) {
  ASSERT_TRUE(auth.change_password(who, "Old-Quiet-Lake", "New-Green-Hill-7", k_t0));
  auto user = db.find_user("zhang");
  EXPECT_FALSE(user->must_change_password);
  EXPECT_TRUE(verify_password("New-Green-Hill-7", user->password_hash));
  EXPECT_TRUE(db.find_session("here", k_t0));
  EXPECT_FALSE(db.find_session("there", k_t0));
  auto audit = db.audit(0, 10);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "修改密码");
  EXPECT_EQ(audit[0].user, "zhang");
}

TEST_F(ChangePasswordTest, RefusesAWrongCurrentPasswordAWeakOneAndTheSameOne) {
  using Why = PasswordRefused::Why;
  auto wrong = auth.change_password(who, "wrong", "New-Green-Hill-7", k_t0);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().why, Why::WrongCurrent);
  EXPECT_EQ(wrong.error().message, "当前密码不正确");
  EXPECT_EQ(db.audit(0, 10).front().action, "修改密码失败");
  auto weak = auth.change_password(who, "Old-Quiet-Lake", "woaini1314", k_t0);
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().why, Why::Weak);
  EXPECT_NE(weak.error().message.find("密码太常见"), std::string::npos);
  auto same = auth.change_password(who, "Old-Quiet-Lake", "Old-Quiet-Lake", k_t0);
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().message, "新密码不能与当前密码相同");
  EXPECT_TRUE(db.find_user("zhang")->must_change_password);
  EXPECT_TRUE(db.find_session("there", k_t0));
}

TEST_F(ChangePasswordTest, GuessingTheCurrentPasswordBacksOff) {
  for (int i = 0; i < k_free_login_failures; ++i)
    ASSERT_EQ(auth.change_password(who, "wrong", "New-Green-Hill-7", k_t0 + i).error().why,
              PasswordRefused::Why::WrongCurrent);
  auto refused = auth.change_password(who, "Old-Quiet-Lake", "New-Green-Hill-7", k_t0 + 10);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().why, PasswordRefused::Why::Throttled);
  EXPECT_GT(refused.error().retry_after_seconds, 0);
  EXPECT_TRUE(auth.change_password(who, "Old-Quiet-Lake", "New-Green-Hill-7", k_t0 + 10 + k_first_login_delay_seconds));
}

} // namespace
} // namespace zwgk::auth
