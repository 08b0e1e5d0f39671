#include "model/registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace zwgk {
namespace {

using ::testing::ElementsAre;
using ::testing::Not;
using ::testing::Contains;

Unit unit(std::string name, std::string short_name = {}, std::vector<std::string> aliases = {}) {
  Unit u;
  u.name = std::move(name);
  u.short_name = std::move(short_name);
  u.aliases = std::move(aliases);
  u.section = "部门";
  return u;
}

class RegistryTest : public ::testing::Test {
protected:
  void SetUp() override {
    wenlv = *registry.add(unit("区文化和旅游局", "区文旅局", {"临淄区文化和旅游局"}));
    canlian = *registry.add(unit("区残疾人联合会", "区残联"));
    renshe = *registry.add(unit("区人力资源和社会保障局", "区人社局"));
    zhutai = *registry.add(unit("临淄区朱台镇", "朱台镇"));
    brackets = *registry.add(unit("区政务服务中心(区行政审批服务局)"));
  }
  Registry registry;
  UnitId wenlv = 0, canlian = 0, renshe = 0, zhutai = 0, brackets = 0;
};

TEST_F(RegistryTest, AddAssignsConsecutiveIds) {
  EXPECT_EQ(wenlv, 0u);
  EXPECT_EQ(canlian, 1u);
  EXPECT_EQ(brackets, 4u);
  EXPECT_EQ(registry.size(), 5u);
  EXPECT_EQ(registry.at(renshe).name, "区人力资源和社会保障局");
  EXPECT_EQ(registry.at(renshe).id, renshe);
  EXPECT_EQ(registry.units()[2].short_name, "区人社局");
}

TEST_F(RegistryTest, ResolvesOfficialShortAndAliasNames) {
  EXPECT_EQ(registry.resolve("区文化和旅游局"), wenlv);
  EXPECT_EQ(registry.resolve("区文旅局"), wenlv);
  EXPECT_EQ(registry.resolve("临淄区文化和旅游局"), wenlv);
  EXPECT_EQ(registry.resolve("区残联"), canlian);
  EXPECT_EQ(registry.resolve("区残疾人联合会"), canlian);
  EXPECT_EQ(registry.resolve("朱台镇"), zhutai);
}

TEST_F(RegistryTest, ResolvesFoldedSpellings) {
  EXPECT_EQ(registry.resolve(" 区文旅局 "), wenlv);
  EXPECT_EQ(registry.resolve("区 文 旅 局"), wenlv);
  EXPECT_EQ(registry.resolve("区文旅局\xE3\x80\x80"), wenlv);  // trailing U+3000
  EXPECT_EQ(registry.resolve("\xEF\xBB\xBF区残联"), canlian);  // BOM from a CSV header cell
  EXPECT_EQ(registry.resolve("区政务服务中心（区行政审批服务局）"), brackets);
  EXPECT_EQ(registry.resolve("区政务服务中心 ( 区行政审批服务局 )"), brackets);
}

TEST_F(RegistryTest, UnknownNamesDoNotResolve) {
  EXPECT_FALSE(registry.resolve("区文旅").has_value());
  EXPECT_FALSE(registry.resolve("区财政局").has_value());
  EXPECT_FALSE(registry.resolve("").has_value());
  EXPECT_FALSE(registry.resolve("区政务服务中心").has_value());
}

TEST_F(RegistryTest, NameUsedTwiceIsRefused) {
  auto r = registry.add(unit("区文化旅游发展中心", "区文旅局"));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().find("区文旅局"), std::string::npos) << r.error();
  EXPECT_NE(r.error().find("区文化和旅游局"), std::string::npos) << r.error();  // the owner
  EXPECT_EQ(registry.size(), 5u);
  // The refused unit's other names were not registered either.
  EXPECT_FALSE(registry.resolve("区文化旅游发展中心").has_value());
  EXPECT_EQ(registry.resolve("区文旅局"), wenlv);
}

TEST_F(RegistryTest, NameTakenUnderAnotherSpellingIsRefused) {
  auto official = registry.add(unit("区 残疾人联合会"));
  ASSERT_FALSE(official.has_value());
  EXPECT_NE(official.error().find("区残疾人联合会"), std::string::npos) << official.error();

  auto alias = registry.add(unit("区新单位", "", {"区政务服务中心（区行政审批服务局）"}));
  ASSERT_FALSE(alias.has_value());
  EXPECT_EQ(registry.size(), 5u);
}

TEST_F(RegistryTest, EmptyNameIsRefused) {
  EXPECT_FALSE(registry.add(unit("")).has_value());
  EXPECT_FALSE(registry.add(unit("\xE3\x80\x80 ")).has_value());
  EXPECT_FALSE(registry.add(unit("区新单位", "", {""})).has_value());
  EXPECT_EQ(registry.size(), 5u);
}

TEST_F(RegistryTest, AUnitMayRepeatItsOwnName) {
  auto r = registry.add(unit("区财政局", "区财政局", {"区 财政局"}));
  ASSERT_TRUE(r.has_value()) << r.error();
  EXPECT_EQ(registry.resolve("区财政局"), *r);
}

TEST_F(RegistryTest, DisplayNameHonoursStyle) {
  EXPECT_EQ(registry.at(wenlv).display_name(NameStyle::Short), "区文旅局");
  EXPECT_EQ(registry.at(wenlv).display_name(NameStyle::Official), "区文化和旅游局");
  // Without a short name, the official name is shown either way.
  EXPECT_EQ(registry.at(brackets).display_name(NameStyle::Short),
            "区政务服务中心(区行政审批服务局)");
}

TEST_F(RegistryTest, SuggestFindsTheNameThatContainsTheQuery) {
  auto s = registry.suggest("区文旅");
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s.front(), "区文旅局");
  EXPECT_THAT(s, Not(Contains("区残联")));
  EXPECT_THAT(s, Not(Contains("区人社局")));
}

TEST_F(RegistryTest, SuggestFindsNearMisspellings) {
  EXPECT_THAT(registry.suggest("区文化旅游局"), ElementsAre("区文旅局"));
  EXPECT_THAT(registry.suggest("区人社"), ElementsAre("区人社局"));
  EXPECT_THAT(registry.suggest("朱台"), ElementsAre("朱台镇"));
  EXPECT_THAT(registry.suggest("区残联会"), ElementsAre("区残联"));
}

TEST_F(RegistryTest, SuggestGivesNothingForGarbage) {
  EXPECT_TRUE(registry.suggest("XYZXYZ").empty());
  EXPECT_TRUE(registry.suggest("区教育和体育局").empty());
  EXPECT_TRUE(registry.suggest("合计").empty());
}

TEST_F(RegistryTest, SuggestNothingForABlankName) {
  // An empty query is "contained" in every name, so each unit gets distance 1.
  EXPECT_TRUE(registry.suggest("   ").empty());
}

TEST_F(RegistryTest, SuggestRespectsLimitAndOrdersNearestFirst) {
  Registry r;
  ASSERT_TRUE(r.add(unit("区一局")).has_value());
  ASSERT_TRUE(r.add(unit("区二局")).has_value());
  ASSERT_TRUE(r.add(unit("区三局")).has_value());
  ASSERT_TRUE(r.add(unit("区三")).has_value());
  // 区三 is exact (0) though added last; 区三局 contains it (1); 区一局 is 2 away.
  auto s = r.suggest("区三");
  ASSERT_GE(s.size(), 2u);
  EXPECT_EQ(s[0], "区三");
  EXPECT_EQ(s[1], "区三局");
  EXPECT_EQ(r.suggest("区三", 1), (std::vector<std::string>{"区三"}));
  EXPECT_TRUE(r.suggest("区三", 0).empty());
}

TEST_F(RegistryTest, SuggestNothingForAMegabyteName) {
  // A 1 MB unknown name containing 区人社局 took 2 s of edit distances (and got it suggested).
  std::string huge = "区人社局" + std::string(1 << 20, 'x');
  EXPECT_TRUE(registry.suggest(huge).empty());
  // Up to k_max_suggested_length characters, names are still suggested.
  EXPECT_THAT(registry.suggest("区人社局" + std::string(k_max_suggested_length - 4, 'x')), ElementsAre("区人社局"));
  EXPECT_TRUE(registry.suggest("区人社局" + std::string(k_max_suggested_length - 3, 'x')).empty());
}

TEST(QuotedName, InvisibleCharactersAreShown) {
  // "未知单位“区人社局”；是否指：区人社局？" hid the NUL that made the name unknown.
  EXPECT_EQ(quoted_name(std::string("区人社局\0", 13)), "“区人社局<U+0000>”");
  EXPECT_EQ(quoted_name("区\u200B人社局"), "“区<U+200B>人社局”");    // zero-width space
  EXPECT_EQ(quoted_name("区\u3000人社局 局"), "“区<U+3000>人社局 局”");  // full-width space; ASCII space stays
  EXPECT_EQ(quoted_name("\uFEFF区\u00A0局\t\u00AD"), "“<U+FEFF>区<U+00A0>局<U+0009><U+00AD>”");
  EXPECT_EQ(quoted_name("区\xFF局"), "“区<0xFF>局”");  // not UTF-8
  EXPECT_EQ(quoted_name("区（文旅）局"), "“区（文旅）局”");
}

TEST(QuotedName, LongNamesAreCut) {
  // A 1 MB unknown name was echoed whole.
  std::string shown = quoted_name(std::string(1 << 20, 'x'));
  EXPECT_EQ(shown, "“" + std::string(k_max_shown_name, 'x') + "…”（共 1048576 个字符）");
  EXPECT_EQ(quoted_name(std::string(k_max_shown_name, 'x')), "“" + std::string(k_max_shown_name, 'x') + "”");
}

TEST(Unit, TagsAndExemptions) {
  Unit u;
  u.tags = {"示范点"};
  u.exemptions = {"投稿"};
  EXPECT_TRUE(u.has_tag("示范点"));
  EXPECT_FALSE(u.has_tag("示范"));
  EXPECT_TRUE(u.is_exempt("投稿"));
  EXPECT_FALSE(u.is_exempt("发布"));
}

} // namespace
} // namespace zwgk
