#include "util/collation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace zwgk {
namespace {

Collation make(std::string_view locale, std::string_view tailoring = {}) {
  auto c = Collation::create(locale, tailoring);
  if (!c) ADD_FAILURE() << c.error();
  return std::move(*c);
}

std::vector<std::string> sorted(const Collation& c, std::vector<std::string> names) {
  std::sort(names.begin(), names.end(),
            [&](const std::string& a, const std::string& b) { return c.compare(a, b) < 0; });
  return names;
}

std::vector<std::string> sorted_by_key(const Collation& c, std::vector<std::string> names) {
  std::sort(names.begin(), names.end(), [&](const std::string& a, const std::string& b) {
    return c.sort_key(a) < c.sort_key(b);
  });
  return names;
}

const std::vector<std::string> k_names = {
    "区综合行政执法局", "区行政审批服务局", "临淄区朱台镇", "区林业服务中心",
    "区重点项目服务中心", "区地方金融事务协调服务中心", "区财政局", "临淄区皇城镇",
};

TEST(Collation, PinyinOrderReadsXingByDefault) {
  Collation zh = make("zh");
  // 行 is xíng by default, and lín < xíng.
  EXPECT_LT(zh.compare("区林业服务中心", "区行政审批服务局"), 0);
  EXPECT_GT(zh.compare("区行政审批服务局", "区林业服务中心"), 0);
  EXPECT_EQ(zh.compare("区林业服务中心", "区林业服务中心"), 0);
}

TEST(Collation, PinyinOrderOfOtherLinziNames) {
  Collation zh = make("zh");
  EXPECT_LT(zh.compare("临淄区朱台镇", "区财政局"), 0);            // lín < qū
  EXPECT_LT(zh.compare("区重点项目服务中心", "区综合行政执法局"), 0);  // zhòng < zōng
  EXPECT_LT(zh.compare("区地方金融事务协调服务中心", "区林业服务中心"), 0);  // dì < lín
  EXPECT_LT(zh.compare("区财政局", "区地方金融事务协调服务中心"), 0);  // cái < dì
  EXPECT_LT(zh.compare("临淄区皇城镇", "临淄区朱台镇"), 0);          // huáng < zhū
}

TEST(Collation, IsNotCodePointOrder) {
  Collation zh = make("zh");
  // Byte (code point) order puts 重 U+91CD after 综 U+7EFC; pinyin does not.
  ASSERT_GT(std::string("区重点项目服务中心"), std::string("区综合行政执法局"));
  EXPECT_LT(zh.compare("区重点项目服务中心", "区综合行政执法局"), 0);
}

TEST(Collation, FullDefaultOrder) {
  Collation zh = make("zh");
  EXPECT_EQ(sorted(zh, k_names),
            (std::vector<std::string>{"临淄区皇城镇", "临淄区朱台镇", "区财政局",
                                      "区地方金融事务协调服务中心", "区林业服务中心",
                                      "区行政审批服务局", "区重点项目服务中心",
                                      "区综合行政执法局"}));
}

TEST(Collation, TailoringReadsHangForXingzheng) {
  Collation linzi = make("zh", "&杭<行政");
  // háng < lín, so 区行政审批服务局 now precedes 区林业服务中心 ...
  EXPECT_LT(linzi.compare("区行政审批服务局", "区林业服务中心"), 0);
  // ... but still follows dì.
  EXPECT_GT(linzi.compare("区行政审批服务局", "区地方金融事务协调服务中心"), 0);
  // The tailoring touches only 行政: the rest of the order is unchanged.
  EXPECT_LT(linzi.compare("区重点项目服务中心", "区综合行政执法局"), 0);
  EXPECT_LT(linzi.compare("临淄区朱台镇", "区财政局"), 0);
  EXPECT_EQ(sorted(linzi, k_names),
            (std::vector<std::string>{"临淄区皇城镇", "临淄区朱台镇", "区财政局",
                                      "区地方金融事务协调服务中心", "区行政审批服务局",
                                      "区林业服务中心", "区重点项目服务中心",
                                      "区综合行政执法局"}));
}

TEST(Collation, SortKeyOrderEqualsCompareOrder) {
  for (auto tailoring : {std::string_view{}, std::string_view{"&杭<行政"}}) {
    Collation c = make("zh", tailoring);
    EXPECT_EQ(sorted_by_key(c, k_names), sorted(c, k_names)) << tailoring;
    for (const auto& a : k_names) {
      for (const auto& b : k_names) {
        int by_compare = c.compare(a, b);
        std::string ka = c.sort_key(a), kb = c.sort_key(b);
        int by_key = ka < kb ? -1 : (ka > kb ? 1 : 0);
        EXPECT_EQ(by_key, by_compare < 0 ? -1 : (by_compare > 0 ? 1 : 0)) << a << " / " << b;
      }
    }
  }
}

TEST(Collation, SortKeyHasNoTrailingNulAndDiffersBetweenNames) {
  Collation zh = make("zh");
  std::string key = zh.sort_key("区财政局");
  ASSERT_FALSE(key.empty());
  EXPECT_NE(key.back(), '\0');
  EXPECT_NE(zh.sort_key("区财政局"), zh.sort_key("区林业服务中心"));
  EXPECT_EQ(zh.sort_key("区财政局"), key);
  // A prefix sorts first.
  EXPECT_LT(zh.sort_key("区财政"), zh.sort_key("区财政局"));
  EXPECT_LT(zh.compare("区财政", "区财政局"), 0);
}

TEST(Collation, InvalidTailoringIsAnError) {
  auto c = Collation::create("zh", "&杭<<<<<<<");
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().find("&杭<<<<<<<"), std::string::npos) << c.error();
  EXPECT_NE(c.error().find("有误"), std::string::npos) << c.error();

  auto unbalanced = Collation::create("zh", "&[before 9]行");
  EXPECT_FALSE(unbalanced.has_value());
}

// Issue 19: check() answers at once what create() would, for the locale and the
// tailoring's syntax, and starts the build that create() then waits for.
TEST(Collation, CheckSaysWhatCreateWouldAndStartsTheBuild) {
  for (auto [locale, tailoring] : std::vector<std::pair<std::string, std::string>>{
           {"zh", "&杭<<<<<<<"}, {"zh", "&[before 9]行"}, {"xx-nowhere", ""}, {"xx-nowhere", "&杭<行政"}}) {
    auto checked = Collation::check(locale, tailoring);
    auto created = Collation::create(locale, tailoring);
    ASSERT_FALSE(checked.has_value()) << locale << " " << tailoring;
    ASSERT_FALSE(created.has_value());
    EXPECT_EQ(checked.error(), created.error());
  }
  // A tailoring of its own (not built before in this process): built by check()'s thread
  // while two threads ask for it at once.
  const std::string tailoring = "&杭<行政<行人";
  ASSERT_TRUE(Collation::check("zh", tailoring).has_value());
  std::optional<Collation> a, b;
  std::thread other([&] { a.emplace(make("zh", tailoring)); });
  b.emplace(make("zh", tailoring));
  other.join();
  for (const Collation* c : {&*a, &*b}) {
    EXPECT_LT(c->compare("区行政审批服务局", "区林业服务中心"), 0);
    EXPECT_LT(c->compare("区行人", "区林业服务中心"), 0);
  }
}

TEST(Collation, MovedCollationStillWorks) {
  Collation a = make("zh", "&杭<行政");
  Collation b = std::move(a);
  EXPECT_LT(b.compare("区行政审批服务局", "区林业服务中心"), 0);
  Collation c = make("zh");
  c = std::move(b);
  EXPECT_LT(c.compare("区行政审批服务局", "区林业服务中心"), 0);
}

} // namespace
} // namespace zwgk
