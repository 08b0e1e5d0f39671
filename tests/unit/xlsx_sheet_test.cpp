// read_xlsx_sheet(): the first worksheet by default, a worksheet by name
// (matched as Excel matches names), the error for a missing one, which lists
// the sheets the workbook has (the golden cases' workbooks), and what is not a
// workbook at all. The reader itself: xlsx_test.cpp; bounds: xlsx_limits_test.cpp.
#include "ingest/xlsx.h"

#include "xlsx_fixture.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace zwgk::ingest {
namespace {

using namespace testing;

const std::filesystem::path k_golden = std::filesystem::path(ZWGK_SOURCE_DIR) / "tests" / "golden";

// Three sheets: 填表说明, 2020Q2, 2020Q3.
std::filesystem::path multi_sheet_workbook() {
  return k_golden / "input-xlsx-sheet" / "data" / "2020Q3" / "投稿.xlsx";
}

TEST(FindSheet, ExactNameFirst) {
  std::vector<std::string> names{"汇总 ", "汇总", "Sheet1"};
  EXPECT_EQ(find_sheet(names, "汇总"), 1u);
  EXPECT_EQ(find_sheet(names, "Sheet1"), 2u);
}

TEST(FindSheet, IgnoresFullWidthSpacesAndAsciiCase) {
  std::vector<std::string> names{"说明", "2020Q3"};
  EXPECT_EQ(find_sheet(names, "２０２０Ｑ３"), 1u);
  EXPECT_EQ(find_sheet(names, "2020q3"), 1u);
  EXPECT_EQ(find_sheet(names, " 2020 Q3"), 1u);
  EXPECT_EQ(find_sheet(names, "说 明"), 0u);
}

TEST(FindSheet, MissingName) {
  std::vector<std::string> names{"7月", "8月"};
  EXPECT_FALSE(find_sheet(names, "9月"));
  EXPECT_FALSE(find_sheet(names, "7"));
  EXPECT_FALSE(find_sheet({}, "7月"));
}

TEST(ReadXlsxSheet, FirstWorksheetByDefault) {
  auto sheet = read_xlsx_sheet(multi_sheet_workbook());
  ASSERT_TRUE(sheet) << sheet.error().message;
  EXPECT_EQ(sheet->name, "填表说明");
}

TEST(ReadXlsxSheet, NamedWorksheet) {
  auto sheet = read_xlsx_sheet(multi_sheet_workbook(), "2020q3");
  ASSERT_TRUE(sheet) << sheet.error().message;
  EXPECT_EQ(sheet->name, "2020Q3");  // the workbook's own spelling
  ASSERT_GE(sheet->rows.size(), 3u);
  EXPECT_EQ(sheet->rows[0].number, 1u);  // the title row
  auto header = cells(*sheet, 1);
  ASSERT_GE(header.size(), 3u);
  EXPECT_EQ(header[0], (std::pair<std::uint32_t, std::string>{0, "单位"}));
  EXPECT_EQ(header[2], (std::pair<std::uint32_t, std::string>{2, "9月"}));
}

TEST(ReadXlsxSheet, MissingSheetListsTheSheets) {
  auto sheet = read_xlsx_sheet(multi_sheet_workbook(), "汇总");
  ASSERT_FALSE(sheet);
  EXPECT_EQ(sheet.error().message, "工作簿中没有名为“汇总”的工作表，现有的工作表：填表说明、2020Q2、2020Q3");
}

// A chart sheet in front, then the worksheets 7月, 8月, 9月.
TEST(ReadXlsxSheet, ChartSheetsAreNotWorksheets) {
  auto path = k_golden / "bad-xlsx-sheet-missing" / "data" / "2020Q3" / "网站发布.xlsx";
  auto first = read_xlsx_sheet(path);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->name, "7月");
  auto chart = read_xlsx_sheet(path, "发布趋势");
  ASSERT_FALSE(chart);
  EXPECT_EQ(chart.error().message, "工作簿中没有名为“发布趋势”的工作表，现有的工作表：7月、8月、9月");
}

TEST(ReadXlsxSheet, NotAWorkbook) {
  auto sheet = read_xlsx_sheet(k_golden / "bad-xlsx-sheet-missing" / "cmd", "汇总");
  ASSERT_FALSE(sheet);
  EXPECT_EQ(sheet.error().message, "不是有效的 .xlsx 文件（无法作为 ZIP 打开）");
  EXPECT_FALSE(read_xlsx_bytes("PK\x03\x04 not really"));
  EXPECT_FALSE(read_xlsx_bytes(""));
  auto ole2 = read_xlsx_bytes(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(1000, '\0'));
  ASSERT_FALSE(ole2);
  EXPECT_EQ(ole2.error().message, "是加密的 Excel 工作簿或旧版 .xls 文件，无法读取；请在 Excel 中取消密码，另存为 .xlsx 工作簿");
}

} // namespace
} // namespace zwgk::ingest
