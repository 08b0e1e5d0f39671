// The .xlsx reader on hand-written parts (xlsx_fixture.h): cells placed where
// Excel shows them, dates, malformed cells and rows reported with their place,
// a sheet costing what its cells hold. Choosing the sheet: xlsx_sheet_test.cpp;
// bounds: xlsx_limits_test.cpp.
#include "ingest/xlsx.h"

#include "ingest/table.h"
#include "ingest/xlsx_parts.h"
#include "xlsx_fixture.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
// From libasan (GCC installs no header for it).
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
#else
#include <malloc.h>
#endif

namespace zwgk::ingest {
namespace {

using namespace testing;

// Heap bytes in use: ASan's count under the sanitizer, else malloc's.
std::size_t allocated_bytes() {
#if defined(__SANITIZE_ADDRESS__)
  return __sanitizer_get_current_allocated_bytes();
#else
  return mallinfo2().uordblks;
#endif
}

// Issue 12 (7, 16): one cell in column XFD per row made every row 16,384
// strings (a 47 KB upload took 2 GB). A row now holds its cells only.
TEST(XlsxRegress, SparseRowsCostWhatTheyHold) {
  std::string rows;
  for (int r = 1; r <= 300; ++r)
    rows += "<row r=\"" + std::to_string(r) + "\">" + inline_cell("A" + std::to_string(r), "甲") +
            "<c r=\"XFD" + std::to_string(r) + "\"><v>1</v></c></row>";
  std::string bytes = make_workbook({.sheet_data = rows});
  std::size_t before = allocated_bytes();
  auto sheet = read_xlsx_bytes(bytes);
  std::size_t held = allocated_bytes() - before;
  ASSERT_TRUE(sheet) << sheet.error().message;
  EXPECT_EQ(sheet->rows.size(), 300u);
  EXPECT_EQ(sheet->cells.size(), 600u);
  EXPECT_EQ(cells(*sheet, 299), (Cells{{0, "甲"}, {16383, "1"}}));
  EXPECT_LT(held, std::size_t{1} << 20);  // 300 × 16,384 strings were 150 MB
}

// What the importers are handed for such a row: the columns under the header only.
class RecordingImporter : public TableImporter {
public:
  std::vector<std::size_t> widths;
  std::vector<std::string> units;
  bool on_header(const Header&, const Location&, Diagnostics&) override { return true; }
  void on_row(std::size_t, std::span<const std::string_view> cells) override {
    widths.push_back(cells.size());
    units.emplace_back(cells.empty() ? "" : cells[0]);
  }
};

TEST(XlsxRegress, SparseRowsReachTheImporterAsWideAsTheHeader) {
  std::string rows = "<row r=\"1\">" + inline_cell("A1", "单位") + inline_cell("B1", "数量") + "</row>";
  for (int r = 2; r <= 2001; ++r)
    rows += "<row r=\"" + std::to_string(r) + "\">" + inline_cell("A" + std::to_string(r), "区财政局") +
            "<c r=\"XFC" + std::to_string(r) + "\"><v>7</v></c></row>";
  rows += "<row r=\"2002\"><c r=\"XFD2002\"><v>1</v></c></row>";  // nothing under the header: blank
  auto sheet = read({.sheet_data = rows});
  RecordingImporter importer;
  Diagnostics out;
  import_rows(sheet, {"x.xlsx", "Sheet1", 0, 0, {}}, out, importer);
  ASSERT_EQ(importer.widths.size(), 2000u);
  // The first data row ends the header (which may still widen); after it
  // a row is as wide as the header: 单位, 数量.
  EXPECT_EQ(*std::max_element(importer.widths.begin() + 1, importer.widths.end()), 2u);
  EXPECT_EQ(importer.units.back(), "区财政局");
  EXPECT_TRUE(out.empty());
}

// The reader's problems are reported among the rows, and only for the
// columns the importer reads: a formula without a result under 合计, which
// no importer reads, is no error.
class TwoColumnImporter : public RecordingImporter {
public:
  bool reads(std::size_t index) const override { return index < 2; }
};

TEST(XlsxReader, ProblemsCountOnlyInColumnsThatAreRead) {
  std::string rows = "<row r=\"1\">" + inline_cell("A1", "标题行") + "<c r=\"B1\" t=\"e\"><v>#REF!</v></c></row>"
                     "<row r=\"2\">" + inline_cell("A2", "单位") + inline_cell("B2", "数量") + inline_cell("C2", "合计") + "</row>"
                     "<row r=\"3\">" + inline_cell("A3", "区财政局") + "<c r=\"B3\"><v>1</v></c><c r=\"C3\"><f>B3</f></c></row>"
                     "<row r=\"4\">" + inline_cell("A4", "齐都镇") + "<c r=\"B4\" t=\"e\"><v>#VALUE!</v></c></row>"
                     "<row r=\"5\">" + inline_cell("A5", "辛店街道") + "<c r=\"B5\"><v>2</v></c></row>";
  auto sheet = read({.sheet_data = rows});
  EXPECT_EQ(sheet.problems.size(), 3u);
  TwoColumnImporter importer;
  Diagnostics out;
  import_rows(sheet, {"x.xlsx", "Sheet1", 0, 0, {}}, out, importer);
  EXPECT_EQ(importer.units, (std::vector<std::string>{"区财政局", "辛店街道"}));  // row 4 is not imported
  ASSERT_EQ(out.entries().size(), 1u);
  EXPECT_EQ(out.entries()[0].to_string(),
            "错误：读取“x.xlsx” 工作表“Sheet1” 第4行第2列（数量）时：单元格是 Excel 的错误值“#VALUE!”（公式出错），应改为正确的值");
}

TEST(XlsxReader, ProblemsBeforeAHeaderThatIsNotFoundAreReported) {
  auto sheet = read({.sheet_data = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>5</v></c><c r=\"B1\" t=\"e\"><v>#N/A</v></c></row>",
                     .shared = {"单位"}});
  TwoColumnImporter importer;
  Diagnostics out;
  import_rows(sheet, {"x.xlsx", "Sheet1", 0, 0, {}}, out, importer);
  ASSERT_EQ(out.entries().size(), 3u);
  EXPECT_EQ(out.entries()[0].message, "文件中没有表头：应有一列名为“单位”");
  EXPECT_EQ(out.entries()[1].where.column, 1u);
  EXPECT_EQ(out.entries()[2].where.column, 2u);
}

// Issue 12 (18): cells without r= (legal OOXML) all landed in column A.
TEST(XlsxRegress, CellsWithoutReferenceFollowThePreviousCell) {
  auto sheet = read({.sheet_data = "<row>" + inline_cell("", "a") + inline_cell("", "b") + inline_cell("E1", "e") +
                                   inline_cell("", "f") + "</row><row>" + inline_cell("", "g") + "</row>"
                                   "<row r=\"5\"><c><v>3</v></c></row>"});
  ASSERT_EQ(sheet.rows.size(), 3u);
  EXPECT_EQ(sheet.rows[1].number, 2u);
  EXPECT_EQ(sheet.rows[2].number, 5u);
  EXPECT_EQ(cells(sheet, 0), (Cells{{0, "a"}, {1, "b"}, {4, "e"}, {5, "f"}}));
  EXPECT_EQ(cells(sheet, 1), (Cells{{0, "g"}}));
  EXPECT_EQ(cells(sheet, 2), (Cells{{0, "3"}}));
  EXPECT_TRUE(sheet.problems.empty());
}

// Issue 12 (17): an index past the shared strings read as an empty cell.
TEST(XlsxRegress, SharedStringIndexOutOfRangeIsAProblemAtItsCell) {
  auto sheet = read({.sheet_data = "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>0</v></c><c r=\"C3\" t=\"s\"><v>7</v></c>"
                                   "<c r=\"D3\" t=\"s\"><v>-1</v></c></row>",
                     .shared = {"区财政局"}});
  EXPECT_EQ(cells(sheet, 0), (Cells{{0, "区财政局"}}));
  ASSERT_EQ(sheet.problems.size(), 2u);
  EXPECT_EQ(sheet.problems[0].row, 3u);
  EXPECT_EQ(sheet.problems[0].column, 3u);
  EXPECT_EQ(sheet.problems[0].message, "共享字符串编号 7 超出范围（工作簿只有 1 个共享字符串），工作簿已损坏");
  EXPECT_EQ(sheet.problems[1].column, 4u);
  EXPECT_EQ(sheet.problems[1].message, "共享字符串编号“-1”无效（工作簿已损坏）");
}

// Issue 12 (17): a formula without a cached value read as 0.
TEST(XlsxRegress, FormulaWithoutCachedValueIsAProblem) {
  auto sheet = read({.sheet_data = "<row r=\"2\"><c r=\"B2\"><f>SUM(C2:E2)</f></c><c r=\"C2\"><f>1+1</f><v>2</v></c>"
                                   "<c r=\"D2\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"
                                   "<c r=\"E2\"><f t=\"shared\" si=\"0\"/></c></row>"});
  EXPECT_EQ(cells(sheet, 0), (Cells{{2, "2"}}));  // a cached value is the cell's value
  ASSERT_EQ(sheet.problems.size(), 3u);
  EXPECT_EQ(sheet.problems[2].message,
            "公式没有保存计算结果（生成文件的程序未计算公式）；请用 Excel 或 WPS 打开后保存，或把公式改为数值");
  EXPECT_EQ(sheet.problems[0].column, 2u);
  EXPECT_EQ(sheet.problems[0].message,
            "公式“SUM(C2:E2)”没有保存计算结果（生成文件的程序未计算公式）；请用 Excel 或 WPS 打开后保存，或把公式改为数值");
  EXPECT_EQ(sheet.problems[1].column, 4u);
  EXPECT_EQ(sheet.problems[1].message, "单元格是 Excel 的错误值“#DIV/0!”（公式出错），应改为正确的值");
}

// Issue 12 (16, 17): date cells are ISO dates when their format shows a
// date, numbers otherwise; NaN (undefined behaviour before: the release
// build printed month 2030437201-06), infinities, huge and negative serials
// are problems.
TEST(XlsxRegress, DateFormattedNumbersAreDates) {
  auto sheet = read({.sheet_data = "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>44075</v></c><c r=\"B1\" s=\"2\"><v>44075.5</v></c>"
                                   "<c r=\"C1\"><v>44075</v></c><c r=\"D1\" s=\"0\"><v>44075</v></c>"
                                   "<c r=\"E1\" s=\"1\"><v>44104.99999999</v></c><c r=\"F1\" s=\"9\"><v>44075</v></c></row>"
                                   "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>nan</v></c><c r=\"B2\" s=\"1\"><v>inf</v></c>"
                                   "<c r=\"C2\" s=\"1\"><v>1e300</v></c><c r=\"D2\" s=\"1\"><v>-1</v></c>"
                                   "<c r=\"E2\" s=\"2\"><v>-nan</v></c><c r=\"F2\" s=\"1\"><v>2958466</v></c></row>",
                     .styles = testing::date_styles()});
  EXPECT_EQ(cells(sheet, 0), (Cells{{0, "2020-09-01"}, {1, "2020-09-01 12:00:00"}, {2, "44075"}, {3, "44075"},
                                    {4, "2020-10-01"}, {5, "44075"}}));
  EXPECT_TRUE(cells(sheet, 1).empty());
  EXPECT_EQ(sheet.problems.size(), 6u);
}

TEST(XlsxRegress, Date1904Workbooks) {
  auto sheet = read({.sheet_data = "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>42613</v></c></row>",
                     .styles = testing::date_styles(),
                     .workbook_pr = "<workbookPr date1904=\"1\"/>"});
  EXPECT_EQ(cells(sheet, 0), (Cells{{0, "2020-09-01"}}));
}

TEST(XlsxDates, SerialToIso) {
  using xlsx::serial_to_iso;
  EXPECT_EQ(serial_to_iso("61", false), "1900-03-01");
  EXPECT_EQ(serial_to_iso("1", false), "1900-01-01");
  EXPECT_EQ(serial_to_iso("59.5", false), "1900-02-28 12:00:00");
  EXPECT_EQ(serial_to_iso("2958465", false), "9999-12-31");
  EXPECT_EQ(serial_to_iso("44104.999", false), "2020-09-30 23:58:34");
  EXPECT_EQ(serial_to_iso("0", true), "1904-01-01");
  EXPECT_EQ(serial_to_iso("0.75", false), "18:00:00");
  EXPECT_EQ(serial_to_iso("0", false), "00:00:00");
  for (auto bad : {"60", "60.9", "59.999999999", "-0.5", "-1e-300", "2958466", "nan", "inf", "-inf", "1e309", "",
                   " 1", "1 ", "0x10", "44075a"})
    EXPECT_FALSE(serial_to_iso(bad, false)) << bad;
}

TEST(XlsxDates, DateFormats) {
  using xlsx::is_date_format;
  for (auto date : {"yyyy/m/d", "m/d/yy h:mm", "h:mm AM/PM", "[h]:mm:ss", "yyyy\"年\"m\"月\"d\"日\"", "[$-804]yyyy-mm-dd",
                    "[Red]dd.mm.yy", "mmm-yy"})
    EXPECT_TRUE(is_date_format(date)) << date;
  for (auto number : {"General", "0.00", "#,##0_);[Red](#,##0)", "0\"天\"", "0.00E+00", "\\d0", "@", "[Red]0;yyyy", ""})
    EXPECT_FALSE(is_date_format(number)) << number;
  EXPECT_TRUE(xlsx::is_builtin_date_format(14));
  EXPECT_TRUE(xlsx::is_builtin_date_format(31));  // yyyy"年"m"月"d"日" in Chinese Excel
  EXPECT_FALSE(xlsx::is_builtin_date_format(0));
  EXPECT_FALSE(xlsx::is_builtin_date_format(49));  // @
}

// Issue 12 (17): invalid UTF-8 in a workbook's text was accepted (and made
// 通报.docx ill-formed): the sheet is read up to that cell, which is the
// last problem.
TEST(XlsxRegress, InvalidUtf8InACellEndsTheSheetAtItsPlace) {
  for (std::string bad : {"\xFF", "\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE5\x8C"}) {
    auto sheet = read({.sheet_data = "<row r=\"3\">" + inline_cell("A3", "单位") + "</row><row r=\"4\">" +
                                     inline_cell("A4", "区财政局") + inline_cell("C4", "x" + bad) + "</row>" +
                                     "<row r=\"5\">" + inline_cell("A5", "后面的行") + "</row>"});
    ASSERT_EQ(sheet.rows.size(), 2u);  // rows 3 and 4 (as far as it was read)
    EXPECT_EQ(cells(sheet, 1), (Cells{{0, "区财政局"}}));
    ASSERT_EQ(sheet.problems.size(), 1u);
    EXPECT_EQ(sheet.problems[0].row, 4u);
    EXPECT_EQ(sheet.problems[0].column, 3u);
    EXPECT_EQ(sheet.problems[0].before_row, 1u);
    EXPECT_NE(sheet.problems[0].message.find("含有无效的 UTF-8 字节"), std::string::npos) << sheet.problems[0].message;
    EXPECT_TRUE(sheet.problems[0].message.ends_with("此处及以后的内容未读取")) << sheet.problems[0].message;
    EXPECT_TRUE(sheet.cut_short);
  }
}

TEST(XlsxRegress, InvalidUtf8InASharedStringIsAProblemWhereItIsUsed) {
  auto sheet = read({.sheet_data = "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" t=\"s\"><v>1</v></c>"
                                   "<c r=\"C2\" t=\"s\"><v>2</v></c></row>",
                     .shared = {"区财政局", "区\xFF局", "后面的"}});
  EXPECT_EQ(cells(sheet, 0), (Cells{{0, "区财政局"}}));
  ASSERT_EQ(sheet.problems.size(), 2u);
  EXPECT_EQ(sheet.problems[0].column, 2u);
  EXPECT_NE(sheet.problems[0].message.find("第2个共享字符串"), std::string::npos) << sheet.problems[0].message;
  EXPECT_NE(sheet.problems[0].message.find("含有无效的 UTF-8 字节"), std::string::npos) << sheet.problems[0].message;
  EXPECT_EQ(sheet.problems[1].column, 3u);
}

TEST(XlsxRegress, BrokenSharedStringsUnusedByTheSheetAreStillAProblem) {
  auto sheet = read({.sheet_data = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>", .shared = {"甲", "\xFF"}});
  EXPECT_EQ(cells(sheet, 0), (Cells{{0, "甲"}}));
  EXPECT_FALSE(sheet.cut_short);
  ASSERT_EQ(sheet.problems.size(), 1u);
  EXPECT_EQ(sheet.problems[0].row, 0u);  // after the last row
  EXPECT_NE(sheet.problems[0].message.find("工作簿的共享字符串已损坏"), std::string::npos);
}

// Issue 12: rows and cells out of order, repeated or beyond Excel's sheet.
TEST(XlsxRegress, RowsOutOfOrderRepeatedOrBeyondTheSheetAreProblems) {
  auto sheet = read({.sheet_data = "<row r=\"2\">" + inline_cell("A2", "a") + "</row>"
                                   "<row r=\"0\">" + inline_cell("A0", "zero") + "</row>"
                                   "<row r=\"1048577\">" + inline_cell("A1048577", "past") + "</row>"
                                   "<row r=\"x\"/>"
                                   "<row r=\"2\">" + inline_cell("A2", "again") + "</row>"
                                   "<row r=\"1\">" + inline_cell("A1", "back") + "</row>"
                                   "<row r=\"1048576\">" + inline_cell("A1048576", "last") + "</row>"
                                   "<row>" + inline_cell("", "after last") + "</row>"});
  ASSERT_EQ(sheet.rows.size(), 2u);
  EXPECT_EQ(sheet.rows[1].number, 1048576u);
  EXPECT_EQ(cells(sheet, 1), (Cells{{0, "last"}}));
  std::vector<std::string> messages;
  for (const auto& p : sheet.problems) messages.push_back(p.message);
  EXPECT_EQ(messages, (std::vector<std::string>{
                          "行号“0”无效（应为 1 到 1048576 的整数），该行未读取",
                          "行号“1048577”无效（应为 1 到 1048576 的整数），该行未读取",
                          "行号“x”无效（应为 1 到 1048576 的整数），该行未读取",
                          "第2行重复出现，重复的行未读取",
                          "第1行出现在第2行之后（行的顺序颠倒），未读取；请用 Excel 打开后另存",
                          "第1048576行之后的行超出 Excel 的最后一行 1048576，未读取"}));
  EXPECT_EQ(sheet.problems[3].row, 2u);
  EXPECT_EQ(sheet.problems[3].before_row, 1u);  // after row 2, before row 1048576
}

TEST(XlsxRegress, CellsOutOfOrderRepeatedOrBeyondXfdAreProblems) {
  auto sheet = read({.sheet_data = "<row r=\"3\">" + inline_cell("C3", "c") + inline_cell("B3", "b") + inline_cell("C3", "c2") +
                                   inline_cell("A4", "other row") + inline_cell("XFE3", "past") + inline_cell("3", "no column") +
                                   inline_cell("XFD3", "last") + inline_cell("", "after last") + "</row>"});
  EXPECT_EQ(cells(sheet, 0), (Cells{{2, "c"}, {16383, "last"}}));
  std::vector<std::pair<std::uint32_t, std::string>> problems;
  for (const auto& p : sheet.problems) problems.emplace_back(p.column, p.message);
  EXPECT_EQ(problems, (std::vector<std::pair<std::uint32_t, std::string>>{
                          {2, "单元格“B3”重复出现或顺序颠倒，未读取；请用 Excel 打开后另存"},
                          {3, "单元格“C3”重复出现或顺序颠倒，未读取；请用 Excel 打开后另存"},
                          {1, "单元格“A4”不在它所在的第3行中，未读取"},
                          {0, "单元格“XFE3”超出 Excel 的最后一列 XFD，未读取"},
                          {4, "单元格位置“3”无效，该单元格未读取"},
                          {0, "单元格超出 Excel 的最后一列 XFD，未读取"}}));
}

TEST(XlsxReader, RichTextWithoutPhoneticGuideAndPrefixedNames) {
  std::string sheet_xml =
      "<x:worksheet xmlns:x=\"" + std::string(testing::k_main_ns) + "\"><x:sheetData><x:row r=\"1\">"
      "<x:c r=\"A1\" t=\"inlineStr\"><x:is><x:r><x:t>区</x:t></x:r><x:r><x:t xml:space=\"preserve\">财政 </x:t></x:r>"
      "<x:rPh sb=\"0\" eb=\"1\"><x:t>く</x:t></x:rPh></x:is></x:c><x:c r=\"B1\" t=\"b\"><x:v>1</x:v></x:c>"
      "<x:c r=\"C1\" t=\"str\"><x:f>A1</x:f><x:v>区财政 </x:v></x:c><x:c r=\"D1\" t=\"d\"><x:v>2020-09-01T10:30:00</x:v></x:c>"
      "<x:c r=\"E1\" s=\"5\"/></x:row></x:sheetData></x:worksheet>";
  auto sheet = read({.sheet_xml = sheet_xml});
  EXPECT_EQ(cells(sheet, 0), (Cells{{0, "区财政 "}, {1, "1"}, {2, "区财政 "}, {3, "2020-09-01T10:30:00"}}));
  EXPECT_TRUE(sheet.problems.empty());
}

TEST(XlsxReader, TruncatedSheetNamesTheCellBeingRead) {
  auto sheet = read({.sheet_xml = "<worksheet><sheetData><row r=\"7\"><c r=\"A7\"><v>5</v></c><c r=\"B7\"><v>1"});
  ASSERT_EQ(sheet.problems.size(), 1u);
  EXPECT_EQ(sheet.problems[0].row, 7u);
  EXPECT_EQ(sheet.problems[0].column, 2u);
  EXPECT_NE(sheet.problems[0].message.find("内容不完整"), std::string::npos) << sheet.problems[0].message;
}

// A date-formatted cell whose value is no date (NaN, infinite, negative,
// past 9999-12-31, Excel's 1900-02-29) is a problem at its cell.
TEST(XlsxRegress, DateFormattedCellsThatAreNoDateAreProblems) {
  std::string row = "<row r=\"2\">";
  const char* values[] = {"nan", "inf", "-inf", "-1", "1e300", "2958466", "60", "-0.5", "-nan", "60.5"};
  for (std::size_t i = 0; i < std::size(values); ++i)
    row += "<c s=\"1\"><v>" + std::string(values[i]) + "</v></c>";
  auto sheet = read({.sheet_data = row + "<c s=\"1\"><v>59</v></c><c s=\"2\"><v>0.5</v></c></row>",
                     .styles = testing::date_styles()});
  EXPECT_EQ(cells(sheet, 0), (Cells{{10, "1900-02-28"}, {11, "12:00:00"}}));  // a time alone (h:mm)
  ASSERT_EQ(sheet.problems.size(), std::size(values));
  EXPECT_EQ(sheet.problems[0].column, 1u);
  EXPECT_EQ(sheet.problems[0].message, "单元格设为日期格式，但它的值“nan”不是 Excel 能表示的日期（1900-01-01 至 9999-12-31）");
}

} // namespace
} // namespace zwgk::ingest
