// Passwords and tokens (auth/password.h): hashing at the tests' and the production
// cost, the password policy, random tokens and their stored hash. The Authenticator
// over them is auth_test.cpp.
#include "auth/password.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace zwgk::auth {
namespace {

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
  EXPECT_EQ(password_problem("1234567", "zhang", ""), "密码太短：至少需要 8 个字符");
  EXPECT_EQ(password_problem("", "zhang", ""), "密码太短：至少需要 8 个字符");
  EXPECT_EQ(password_problem("政务公开工作考核", "zhang", ""), std::nullopt);  // 8 characters, 24 bytes
  EXPECT_TRUE(password_problem("政务公开工作考", "zhang", ""));                // 7 characters
  EXPECT_EQ(password_problem("zhangsan", "zhangsan", ""), "密码不能与用户名相同");
  EXPECT_EQ(password_problem("ZhangSan", "zhangsan", ""), "密码不能与用户名相同");
  EXPECT_TRUE(password_problem("\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8", "zhang", ""));
  EXPECT_TRUE(password_problem(std::string(k_max_password_bytes + 1, 'a'), "zhang", ""));
  EXPECT_EQ(password_problem(std::string(k_max_password_bytes - 4, 'a') + "Qz9!", "zhang", ""), std::nullopt);
}

// Issue 12, item 9: 12345678, password and eight spaces were accepted.
TEST(Password, RefusesWhatIsGuessedFirst) {
  auto why = [](std::string_view password, std::string_view name = "zhang", std::string_view unit = "") {
    return password_problem(password, name, unit).value_or("");
  };
  EXPECT_EQ(why("        "), "密码不能全是空格");
  EXPECT_EQ(why("\t \t \t \t "), "密码不能全是空格");
  EXPECT_EQ(why("\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000"), "密码不能全是空格");  // full-width spaces
  EXPECT_EQ(why("aaaaaaaa"), "密码不能是同一个字符的重复（如 aaaaaaaa）");
  EXPECT_EQ(why("好好好好好好好好"), "密码不能是同一个字符的重复（如 aaaaaaaa）");
  for (auto run : {"12345678", "87654321", "abcdefgh", "ABCDEFGH", "qwertyui", "asdfghjk", "zxcvbnm,", "1qaz2wsx",
                   "qazwsxedc", "abcd1234", "aaaa1111", "qwerty12", "!@#$%^&*", "0987654321", "qwerty123"})
    EXPECT_NE(why(run).find("连续、相同或键盘上相邻的字符"), std::string::npos) << run;
  for (auto repeated : {"12121212", "passpass", "xyz!xyz!", "Tr0ub4dor&3Tr0ub4dor&3"})
    EXPECT_EQ(why(repeated), "密码不能是同一段字符的重复（如 12121212、passpass）") << repeated;
  for (auto common : {"password", "Password", "PASSWORD1", "password123!", "p@ssw0rd", "P@$$w0rd", "pass-word",
                      "drowssap", "2020password", "admin123", "Adm1n2020", "woaini1314", "iloveyou!", "5201314!",
                      "zwgk2020!", "我的密码123456"})
    EXPECT_NE(why(common).find("密码太常见"), std::string::npos) << common << ": " << why(common);
  EXPECT_EQ(why("password"), "密码太常见：它是“password”或其简单变形（大小写、前后加数字或符号、用 @、0 等代替字母），"
                             "这类密码最先被猜中");
  EXPECT_NE(why("P@ssw0rd2020").find("“password”"), std::string::npos);

  // The login name or the unit inside it.
  EXPECT_EQ(why("zhangsan2020", "zhangsan"), "密码不能包含用户名（正写或倒写）");
  EXPECT_EQ(why("x-ZHANGSAN-y", "zhangsan"), "密码不能包含用户名（正写或倒写）");
  EXPECT_EQ(why("nasgnahz!2020", "zhangsan"), "密码不能包含用户名（正写或倒写）");
  EXPECT_EQ(why("张三的密码很长啊", "张三"), "密码不能包含用户名（正写或倒写）");
  EXPECT_EQ(why("climbing-Rope7", "li"), "");  // a two-letter name says nothing
  EXPECT_EQ(why("区财政局2020年", "caizheng", "区财政局"), "密码不能包含所属单位的名称");

  // Ordinary passwords pass.
  for (auto good : {"correct-horse-battery", "a-new-password", "政务公开工作考核2020", "Yt7#kq2!Lm", "linzi-Rpt-0917",
                    "e2e-Chief-Pa55", "password-from-stdin"})
    EXPECT_EQ(why(good, "admin"), "") << good;
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

} // namespace
} // namespace zwgk::auth
