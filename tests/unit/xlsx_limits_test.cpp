// The XLSX reader's bounds: hostile XML (DOCTYPE, nesting, huge tags), zip
// bombs, and each limit of XlsxLimits reached with a small value, refused or
// reported at its place, never allocated.
#include "ingest/xlsx.h"

#include "ingest/table.h"
#include "xlsx_fixture.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace zwgk::ingest {
namespace {

using namespace testing;

TEST(XlsxRegress, DoctypeIsRefused) {
  std::string sheet_xml = "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
                          "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>&b;</t></is></c></row></sheetData></worksheet>";
  auto sheet = read({.sheet_xml = sheet_xml});
  EXPECT_TRUE(sheet.rows.empty());
  ASSERT_EQ(sheet.problems.size(), 1u);
  EXPECT_EQ(sheet.problems[0].message,
            "工作簿中的“xl/worksheets/sheet1.xml”含有 DOCTYPE 声明（Excel 的文件从不含有），已拒绝；此处及以后的内容未读取");
}

TEST(XlsxRegress, DeepNestingIsRefused) {
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "<a>";
  auto sheet = read({.sheet_xml = "<worksheet><sheetData><row r=\"2\"><c r=\"B2\"><v>1</v></c></row></sheetData>" + deep});
  EXPECT_EQ(cells(sheet, 0), (Cells{{1, "1"}}));
  ASSERT_EQ(sheet.problems.size(), 1u);
  EXPECT_EQ(sheet.problems[0].row, 0u);
  EXPECT_EQ(sheet.problems[0].message, "工作簿中的“xl/worksheets/sheet1.xml”元素嵌套超过 64 层；此处及以后的内容未读取");
}

TEST(XlsxRegress, CellsBeyondExcelsCharacterLimitAreProblems) {
  std::string huge = random_letters(k_max_cell_bytes + 1);
  auto sheet = read({.sheet_data = "<row r=\"1\">" + inline_cell("A1", huge) + inline_cell("B1", "ok") +
                                   "<c r=\"C1\" t=\"s\"><v>0</v></c></row>",
                     .shared = {huge}});
  EXPECT_EQ(cells(sheet, 0), (Cells{{1, "ok"}}));
  ASSERT_EQ(sheet.problems.size(), 2u);
  EXPECT_EQ(sheet.problems[0].message, "单元格文本超过 131068 字节（Excel 每个单元格最多 32767 个字符），未读取");
  EXPECT_EQ(sheet.problems[1].column, 3u);
}

// Issue 12: one shared string can stand in every cell; the text a sheet
// hands the importers is bounded, shared strings counted at each use. Each
// bound of XlsxLimits is reached here with a small value.
XlsxSheet read_limited(const WorkbookParts& parts, const XlsxLimits& limits) {
  auto sheet = read_xlsx_bytes(make_workbook(parts), {}, limits);
  EXPECT_TRUE(sheet) << (sheet ? "" : sheet.error().message);
  return sheet ? std::move(*sheet) : XlsxSheet{};
}

std::string numbered_rows(int count, std::string_view cell) {
  std::string rows;
  for (int r = 1; r <= count; ++r) rows += "<row r=\"" + std::to_string(r) + "\">" + std::string(cell) + "</row>";
  return rows;
}

TEST(XlsxRegress, SharedStringsCountAtEachUse) {
  auto sheet = read_limited({.sheet_data = numbered_rows(30, "<c t=\"s\"><v>0</v></c>"), .shared = {random_letters(100)}},
                            {.text_bytes = 1000});
  EXPECT_EQ(sheet.cells.size(), 10u);
  EXPECT_TRUE(sheet.cut_short);
  ASSERT_EQ(sheet.problems.size(), 1u);
  EXPECT_EQ(sheet.problems[0].row, 11u);
  EXPECT_EQ(sheet.problems[0].message,
            "工作簿中的“xl/worksheets/sheet1.xml”的单元格文本合计超过 1000 字节（共享字符串按每次使用计），已拒绝；"
            "请把数据分成几个文件；此处及以后的内容未读取");
}

TEST(XlsxLimits, CellsOfASheet) {
  auto sheet = read_limited({.sheet_data = numbered_rows(30, "<c><v>1</v></c><c><v>2</v></c>")}, {.cells = 25});
  EXPECT_EQ(sheet.cells.size(), 25u);
  EXPECT_TRUE(sheet.cut_short);
  ASSERT_EQ(sheet.problems.size(), 1u);
  EXPECT_EQ(sheet.problems[0].message,
            "工作簿中的“xl/worksheets/sheet1.xml”的单元格超过 25 个，已拒绝；请把数据分成几个文件；此处及以后的内容未读取");
  EXPECT_EQ(k_xlsx_max_cells, 8'388'608u);
}

TEST(XlsxLimits, SharedStrings) {
  std::vector<std::string> many(20, "甲乙");
  auto count = read_xlsx_bytes(make_workbook({.sheet_data = "<row r=\"1\"/>", .shared = many}), {}, {.shared_strings = 19});
  ASSERT_FALSE(count);
  EXPECT_EQ(count.error().message, "工作簿中的“xl/sharedStrings.xml”的共享字符串超过 19 个，已拒绝");
  auto bytes = read_xlsx_bytes(make_workbook({.sheet_data = "<row r=\"1\"/>", .shared = many}), {}, {.shared_bytes = 100});
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().message, "工作簿中的“xl/sharedStrings.xml”的共享字符串合计超过 100 字节，已拒绝");
  EXPECT_TRUE(read_xlsx_bytes(make_workbook({.sheet_data = "<row r=\"1\"/>", .shared = many}), {}, {.shared_strings = 20}));
  EXPECT_EQ(k_xlsx_max_shared_bytes, std::size_t{128} << 20);
}

TEST(XlsxLimits, PartSizes) {
  auto sheet = read_xlsx_bytes(make_workbook({.sheet_data = numbered_rows(100, "<c><v>1</v></c>")}), {},
                               {.large_part_bytes = 1000});
  ASSERT_FALSE(sheet);
  EXPECT_EQ(sheet.error().message, "工作簿中的“xl/worksheets/sheet1.xml”解压后超过 1000 字节，已拒绝");
  auto workbook = read_xlsx_bytes(make_workbook({.sheet_data = "", .workbook_pr = "<!-- " + random_letters(2000) + " -->"}),
                                  {}, {.small_part_bytes = 1000});
  ASSERT_FALSE(workbook);
  EXPECT_EQ(workbook.error().message, "工作簿中的“xl/workbook.xml”解压后超过 1000 字节，已拒绝");
  std::string styles_xml = testing::date_styles();
  styles_xml.insert(styles_xml.rfind('<'), "<!-- " + random_letters(2000) + " -->");
  auto styles = read_xlsx_bytes(make_workbook({.sheet_data = "", .styles = styles_xml}), {}, {.small_part_bytes = 2000});
  ASSERT_FALSE(styles);
  EXPECT_EQ(styles.error().message, "工作簿中的“xl/styles.xml”解压后超过 2000 字节，已拒绝");
  EXPECT_EQ(k_xlsx_max_large_part_bytes, std::uint64_t{512} << 20);
  EXPECT_EQ(k_xlsx_max_small_part_bytes, std::uint64_t{16} << 20);
}

TEST(XlsxLimits, CellFormats) {
  auto error = read_xlsx_bytes(make_workbook({.sheet_data = "", .styles = testing::date_styles()}), {}, {.cell_formats = 2});
  ASSERT_FALSE(error);
  EXPECT_EQ(error.error().message, "工作簿中的“xl/styles.xml”定义了超过 2 种单元格格式，已拒绝");
  EXPECT_TRUE(read_xlsx_bytes(make_workbook({.sheet_data = "", .styles = testing::date_styles()}), {}, {.cell_formats = 3}));
  auto numbers = read_xlsx_bytes(make_workbook({.sheet_data = "", .styles = testing::date_styles()}), {}, {.cell_formats = 0});
  ASSERT_FALSE(numbers);
  EXPECT_EQ(numbers.error().message, "工作簿中的“xl/styles.xml”定义了超过 0 种数字格式，已拒绝");
  EXPECT_EQ(k_xlsx_max_cell_formats, 65'536u);
}

TEST(XlsxLimits, KeptProblemsAndTheRestCountedByColumn) {
  auto sheet = read_limited({.sheet_data = numbered_rows(10, "<c t=\"e\"><v>#N/A</v></c><c><f>1</f></c>") + "<row r=\"0\"/>"},
                            {.kept_problems = 4});
  EXPECT_EQ(sheet.problems.size(), 4u);  // rows 1 and 2
  EXPECT_EQ(sheet.problems_omitted, (std::map<std::uint32_t, std::size_t>{{0, 1}, {1, 8}, {2, 8}}));
  EXPECT_EQ(k_xlsx_max_kept_problems, 100'000u);
}

// expat holds a start tag whole: a tag of hundreds of MB was as much memory.
TEST(XlsxRegress, HugeTagsAreRefused) {
  auto sheet = read({.sheet_data = "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\" x=\"" +
                                   random_letters(5 << 20) + "\"><v>2</v></c></row>"});
  EXPECT_EQ(cells(sheet, 0), (Cells{{0, "1"}}));
  EXPECT_TRUE(sheet.cut_short);
  ASSERT_EQ(sheet.problems.size(), 1u);
  EXPECT_EQ(sheet.problems[0].message,
            "工作簿中的“xl/worksheets/sheet1.xml”含有超过 4 MB 的标记或文本，已拒绝；此处及以后的内容未读取");
}

// A header row of long cells is not gigabytes of labels.
class HeaderImporter : public TableImporter {
public:
  Header header;
  bool on_header(const Header& h, const Location&, Diagnostics&) override {
    header = h;
    return true;
  }
  void on_row(std::size_t, std::span<const std::string_view>) override {}
};

TEST(XlsxRegress, LongHeaderCellsAreCutLabels) {
  std::string row = "<row r=\"1\">" + inline_cell("A1", "单位");
  for (int c = 0; c < 50; ++c) row += "<c t=\"s\"><v>0</v></c>";
  auto sheet = read({.sheet_data = row + "</row>", .shared = {random_letters(100'000)}});
  HeaderImporter importer;
  Diagnostics out;
  import_rows(sheet, {"x.xlsx", "Sheet1", 0, 0, {}}, out, importer);
  ASSERT_EQ(importer.header.labels.size(), 51u);
  EXPECT_EQ(importer.header.labels[0], "单位");
  EXPECT_EQ(importer.header.labels[50].size(), 256u + std::string_view("…").size());
  EXPECT_TRUE(importer.header.labels[50].ends_with("…"));
}

TEST(XlsxReader, ZipBombsAreRefusedBeforeTheyAreParsed) {
  auto error = read_error({.sheet_xml = "<worksheet>" + std::string(4 << 20, ' ') + "</worksheet>"});
  EXPECT_EQ(error.message, "工作簿中的“xl/worksheets/sheet1.xml”压缩比超过 200 倍，疑似压缩炸弹，已拒绝");
  EXPECT_EQ(error.sheet, "Sheet1");
}

// A central directory may declare sizes that the data do not have: what is
// inflated is counted too.
TEST(XlsxReader, ZipBombsWithLyingSizesAreStoppedWhileInflating) {
  std::string bytes = make_workbook({.sheet_xml = "<worksheet>" + std::string(4 << 20, ' ') + "</worksheet>"});
  const std::string name = "xl/worksheets/sheet1.xml";
  std::size_t patched = 0;
  for (auto at = bytes.find("PK\x01\x02"); at != std::string::npos; at = bytes.find("PK\x01\x02", at + 4)) {
    auto u16 = [&](std::size_t i) { return std::size_t(std::uint8_t(bytes[i])) | std::size_t(std::uint8_t(bytes[i + 1])) << 8; };
    if (bytes.compare(at + 46, u16(at + 28), name) != 0) continue;
    std::uint32_t compressed = 0;
    for (int i = 3; i >= 0; --i) compressed = compressed << 8 | std::uint8_t(bytes[at + 20 + i]);
    for (int i = 0; i < 4; ++i) bytes[at + 24 + i] = static_cast<char>((compressed * 2) >> (8 * i));  // "2 times"
    ++patched;
  }
  ASSERT_EQ(patched, 1u);
  auto error = read_xlsx_bytes(bytes);
  ASSERT_FALSE(error);
  EXPECT_EQ(error.error().message, "工作簿中的“xl/worksheets/sheet1.xml”压缩比超过 200 倍，疑似压缩炸弹，已拒绝");
}

} // namespace
} // namespace zwgk::ingest
