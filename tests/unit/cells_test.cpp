// CellReader and UnitResolver: typed cells and unit names, reported at
// their cells, with what a message quotes and what is kept bounded.
#include "ingest/cells.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

namespace zwgk::ingest {
namespace {

struct Fixture {
  Registry registry;
  Diagnostics out;
  CellReader cells{Location{"投稿.csv", {}, 0, 0, {}}, out};
  Fixture() {
    for (auto name : {"区财政局", "区发展和改革局", "齐都镇"}) {
      Unit u;
      u.name = name;
      u.section = "部门";
      EXPECT_TRUE(registry.add(std::move(u)));
    }
  }
  std::vector<std::string> messages() const {
    std::vector<std::string> m;
    for (const auto& d : out.entries()) m.push_back(d.where.describe() + " " + d.message);
    return m;
  }
};

// Issue 12 (16, 17): a bare number is no date in a CSV (it was read as an
// Excel serial, against docs/inputs.md); "nan" was undefined behaviour.
TEST(CellReaderRegress, BareNumbersAndNanAreNoDates) {
  Fixture f;
  EXPECT_FALSE(f.cells.date("44075", 2, 3, "发布日期"));
  EXPECT_FALSE(f.cells.date("nan", 3, 3, "发布日期"));
  EXPECT_FALSE(f.cells.date_time("44075.5", 4, 2, "收到时间"));
  EXPECT_EQ(f.cells.date("2020/9/1", 5, 3, "发布日期"), (Date{2020, 9, 1}));
  EXPECT_EQ(f.messages(), (std::vector<std::string>{
                              "“投稿.csv” 第2行第3列（发布日期） “44075”是数字而不是日期（Excel 的日期序号不能识别），"
                              "应写成 2020-08-31 这样的格式；在 Excel 中请把该列设置为日期格式",
                              "“投稿.csv” 第3行第3列（发布日期） “nan”不是有效日期，应写成 2020-08-31 这样的格式",
                              "“投稿.csv” 第4行第2列（收到时间） “44075.5”是数字而不是日期（Excel 的日期序号不能识别），"
                              "应写成 2020-08-31 23:30 这样的格式；在 Excel 中请把该列设置为日期格式"}));
}

TEST(CellReader, MessagesQuoteAtMostTheStartOfACell) {
  Fixture f;
  std::string huge = "甲" + std::string(100'000, 'x');
  EXPECT_FALSE(f.cells.count(huge, 2, 2, "数量"));
  ASSERT_EQ(f.out.entries().size(), 1u);
  EXPECT_LT(f.out.entries()[0].message.size(), 200u);
  EXPECT_NE(f.out.entries()[0].message.find("…"), std::string::npos);
}

// Issue 12: unit cells are bounded: a name too long to be one is not looked
// up, and a file of ever new names is not held whole.
TEST(UnitResolverRegress, LongNamesAndManyUnknownNamesAreBounded) {
  Fixture f;
  UnitResolver units(f.registry);
  EXPECT_FALSE(units.resolve(std::string(k_max_unit_name_bytes + 1, 'x'), 2, 1, "单位", f.cells));
  ASSERT_EQ(f.out.entries().size(), 1u);
  EXPECT_NE(f.out.entries()[0].message.find("过长（超过 300 字节），不是单位名称"), std::string::npos);
  for (std::size_t i = 0; i < k_max_unknown_names + 5; ++i)
    EXPECT_FALSE(units.resolve("单位" + std::to_string(i), 3 + i, 1, "单位", f.cells));
  EXPECT_EQ(f.out.error_count(), 1u + 5);  // past the limit, each row is reported at once
  EXPECT_EQ(f.out.entries()[1].message, "未知单位“单位10000”；请先在单位名录中登记");
  units.flush(f.cells);
  EXPECT_EQ(f.out.error_count(), 1u + 5 + k_max_unknown_names);
}

TEST(UnitResolver, SuggestionsForTheFirstHundredUnknownNames) {
  Fixture f;
  UnitResolver units(f.registry);
  for (std::size_t i = 0; i <= k_max_suggested_names; ++i)  // "区财政局000" … "区财政局100", in this order
    units.resolve(fmt::format("区财政局{:03}", i), 2 + i, 1, "单位", f.cells);
  units.flush(f.cells);
  ASSERT_EQ(f.out.entries().size(), k_max_suggested_names + 1);
  EXPECT_EQ(f.out.entries()[0].message, "未知单位“区财政局000”；是否指：区财政局？");
  EXPECT_EQ(f.out.entries().back().message, "未知单位“区财政局100”；请先在单位名录中登记");
}

TEST(UnitResolver, ControlCharactersInAnUnknownNameAreSaid) {
  Fixture f;
  UnitResolver units(f.registry);
  EXPECT_FALSE(units.resolve(std::string("区财政局\x01", 13), 2, 1, "单位", f.cells));
  EXPECT_TRUE(units.resolve("区财政局", 3, 1, "单位", f.cells));
  units.flush(f.cells);
  ASSERT_EQ(f.out.entries().size(), 1u);
  EXPECT_EQ(f.out.entries()[0].message, "未知单位“区财政局<U+0001>”；是否指：区财政局？");
}

} // namespace
} // namespace zwgk::ingest
