#include "engine/narrative.h"

#include <gtest/gtest.h>

namespace zwgk {
namespace {

Deduction item(const char* reason, const char* points) {
  Deduction d;
  d.reason = reason;
  d.points = *Decimal::parse(points);
  return d;
}

TEST(Narrative, SingleItemStatesOnlyTheTotal) {
  EXPECT_EQ(deduction_line("皇城镇", {item("公开事项标准目录未上传", "5")}),
            "皇城镇：公开事项标准目录未上传，共减5分。");
}

TEST(Narrative, ItemsJoinedBySemicolonThenTotal) {
  EXPECT_EQ(deduction_line("齐都镇", {item("公开事项标准目录未上传", "5"), item("8、9月份未投稿", "2")}),
            "齐都镇：公开事项标准目录未上传，减5分；8、9月份未投稿，减2分，共减7分。");
}

TEST(Narrative, DecimalPointsPrintWithoutTrailingZeros) {
  EXPECT_EQ(deduction_text({item("公开事项标准目录上传位置错误，应在政务公开标准目录子栏目“部门单位”中上传", "0.50"),
                            item("内容表格混乱", "0.5"), item("9月份未投稿", "1")}),
            "公开事项标准目录上传位置错误，应在政务公开标准目录子栏目“部门单位”中上传，减0.5分；"
            "内容表格混乱，减0.5分；9月份未投稿，减1分，共减2分。");
}

TEST(Narrative, NoItemsNoText) { EXPECT_EQ(deduction_text({}), ""); }

TEST(Narrative, MonthsJoinedByDunComma) {
  EXPECT_EQ(format_months({{2020, 8}, {2020, 9}}), "8、9");
  EXPECT_EQ(format_months({{2021, 4}, {2021, 5}, {2021, 6}}), "4、5、6");
  EXPECT_EQ(format_months({{2020, 9}}), "9");
}

} // namespace
} // namespace zwgk
