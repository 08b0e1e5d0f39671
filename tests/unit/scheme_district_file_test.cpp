// Issue 18: the city's district file (区县.toml): where each district's workspace is and
// which figures of its published results feed which of the city's indicators, every
// problem at its line and column, names checked against the city's registry and scheme.
#include "scheme/district_file.h"

#include <gtest/gtest.h>

namespace zwgk {
namespace {

std::string messages(const Diagnostics& d) {
  std::string out;
  for (const auto& e : d.entries()) out += e.to_string() + "\n";
  return out;
}

TEST(DistrictFile, DistrictsAndFigures) {
  auto file = parse_district_file(R"(
[[districts]]
unit = "临淄区"
data = "区县/临淄区"

[[districts]]
unit = "张店区"
store = "postgresql://zwgk@db/zwgk_zhangdian"

[[figures]]
indicator = "平均得分"
points = "平均分"
decimals = 2

[[figures]]
indicator = "无扣分占比"
numerator = "无扣分单位数"
denominator = "单位数"
)", "区县.toml");
  ASSERT_TRUE(file) << messages(file.error());
  EXPECT_EQ(file->figures[0].decimals, 2);
  EXPECT_EQ(file->figures[1].decimals, std::nullopt);
  ASSERT_EQ(file->districts.size(), 2u);
  EXPECT_EQ(file->districts[1].store, "postgresql://zwgk@db/zwgk_zhangdian");
  EXPECT_EQ(file->districts[1].at.line, 6u);
  ASSERT_EQ(file->figures.size(), 2u);
  EXPECT_EQ(file->figures[0].points, "平均分");
  EXPECT_EQ(file->figures[1].denominator, "单位数");
}

TEST(DistrictFile, EveryMistakeIsReportedWhereItIsWritten) {
  auto file = parse_district_file(R"([[districts]]
unit = "临淄区"
data = "a"
store = "postgresql://x@y/z"

[[districts]]
unit = "张店区"
store = "mysql://x@y/z"

[[figures]]
indicator = "平均得分"
points = "平均数"

[[figures]]
indicator = "占比"
numerator = "单位数"

[[figures]]
indicator = "平均得分"
points = "平均分"
decimals = 7

[[figures]]
indicator = "比例"
numerator = "单位数"
denominator = "单位数"
decimals = 2
)", "区县.toml");
  ASSERT_FALSE(file);
  const std::string text = messages(file.error());
  EXPECT_NE(text.find("第1行第1列时：区县“临淄区”应写 data（数据目录）或 store"), std::string::npos) << text;
  EXPECT_NE(text.find("第8行第9列时：“mysql://x@y/z”不是 PostgreSQL 数据库的地址"), std::string::npos) << text;
  EXPECT_NE(text.find("第12行第10列时：区县的数字“平均数”无法识别，应为：单位数、合计、平均分"), std::string::npos) << text;
  EXPECT_NE(text.find("指标“占比”应写 points（录入得分）或 numerator 和 denominator"), std::string::npos) << text;
  EXPECT_NE(text.find("第21行第12列时："), std::string::npos) << text;  // decimals = 7: beyond six
  EXPECT_NE(text.find("第27行第12列时：decimals 只用于 points（录入得分）"), std::string::npos) << text;
}

TEST(DistrictFile, NamesAreCheckedAgainstTheCitysRegistryAndScheme) {
  Registry registry;
  for (const char* name : {"临淄区", "张店区"}) {
    Unit u;
    u.name = name;
    u.section = "区县";
    ASSERT_TRUE(registry.add(u));
  }
  Scheme scheme;
  Indicator manual;
  manual.code = "平均得分";
  manual.rule = IndicatorRule::Manual;
  Indicator ratio = manual;
  ratio.code = "占比";
  ratio.rule = IndicatorRule::Ratio;
  scheme.indicators = {manual, ratio};
  auto file = parse_district_file(R"([[districts]]
unit = "临淄"
data = "a"

[[districts]]
unit = "张店区"
data = "b"

[[districts]]
unit = "张店区"
data = "c"

[[figures]]
indicator = "占比"
points = "平均分"

[[figures]]
indicator = "平均得分"
points = "平均分"

[[figures]]
indicator = "不存在"
points = "合计"
)", "区县.toml");
  ASSERT_TRUE(file) << messages(file.error());
  const std::string text = messages(check_district_file(*file, registry, scheme, "区县.toml"));
  EXPECT_NE(text.find("第1行第1列时：未知单位“临淄”；是否指：临淄区？"), std::string::npos) << text;
  EXPECT_NE(text.find("第9行第1列时：区县“张店区”写了两次"), std::string::npos) << text;
  EXPECT_NE(text.find("指标“占比”在考核方案中不是录入得分的指标（rule = \"manual\"）"), std::string::npos) << text;
  EXPECT_NE(text.find("指标“不存在”不在市的考核方案中"), std::string::npos) << text;
  EXPECT_EQ(text.find("平均得分"), std::string::npos) << text;
}

} // namespace
} // namespace zwgk
