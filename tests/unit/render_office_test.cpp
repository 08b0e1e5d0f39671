// 通报.docx and 通报.xlsx as files that Word and Excel open: text that XML
// forbids, sheet names that Excel refuses, cells that would turn into
// formulas, and libxlsxwriter's refusals as Chinese errors (issue 12).
#include "render/docx.h"
#include "render/xlsx.h"
#include "util/text.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

namespace zwgk {
namespace {

namespace stdfs = std::filesystem;

// One entry of a ZIP file; empty if it has none of that name.
std::string zip_entry(const stdfs::path& file, const char* name) {
  int code = 0;
  zip_t* zip = zip_open(file.c_str(), ZIP_RDONLY, &code);
  if (!zip) return {};
  std::string out;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(zip, name, 0, &st) == 0) {
    zip_file_t* f = zip_fopen(zip, name, 0);
    out.resize(st.size);
    if (f) zip_fread(f, out.data(), st.size);
    if (f) zip_fclose(f);
  }
  zip_discard(zip);
  return out;
}

// XML 1.0 text: UTF-8 without the control characters it forbids, neither
// raw nor as character references ("&#1;").
::testing::AssertionResult is_xml_1_0(const std::string& xml) {
  if (!is_valid_utf8(xml)) return ::testing::AssertionFailure() << "not UTF-8";
  for (char c : xml)
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')
      return ::testing::AssertionFailure() << "control character " << int(c);
  if (std::regex_search(xml, std::regex("&#(x0*[0-8bcef]|x0*1[0-9a-f]|0*([0-8]|1[12]|1[4-9]|2[0-9]|3[01]));",
                                        std::regex::icase)))
    return ::testing::AssertionFailure() << "a character reference to a control character";
  return ::testing::AssertionSuccess();
}

LaidOutTable table(std::string id, std::vector<std::vector<std::string>> rows) {
  LaidOutTable t;
  t.id = std::move(id);
  t.title = "各部门第三季度政务公开工作情况统计";
  t.kind = TableKind::Scores;
  t.header_rows = 1;
  t.columns = 2;
  t.header = {{"单位", 0, 0, 1, 1}, {"合计", 0, 1, 1, 1}};
  t.numeric_columns = {false, true};
  t.rows = std::move(rows);
  return t;
}

class RenderOffice : public ::testing::Test {
protected:
  void SetUp() override { stdfs::create_directories(m_dir); }
  void TearDown() override { stdfs::remove_all(m_dir); }
  stdfs::path xlsx() const { return m_dir / "通报.xlsx"; }
  std::string sheet_names() const {
    const std::string workbook = zip_entry(xlsx(), "xl/workbook.xml");
    std::string out;
    const std::regex name("<sheet name=\"([^\"]*)\"");
    for (auto it = std::sregex_iterator(workbook.begin(), workbook.end(), name); it != std::sregex_iterator(); ++it)
      out += (*it)[1].str() + "|";
    return out;
  }

  stdfs::path m_dir = stdfs::temp_directory_path() / ("zwgk-office-test-" + std::to_string(::getpid()));
};

// `report` segfaulted when workbook_add_worksheet() returned NULL for a
// table id that Excel refuses as a sheet name.
TEST_F(RenderOffice, SheetNamesThatExcelRefusesDoNotCrash) {
  std::vector<LaidOutTable> tables;
  for (const char* id : {"附件:1", "附件[2]", "'附件3'", "附件/4\\*?", "A1", "a1", "History", "",
                         "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三"})
    tables.push_back(table(id, {{"区文旅局", "15"}}));
  auto written = write_xlsx(tables, xlsx());
  ASSERT_TRUE(written) << written.error();
  EXPECT_EQ(sheet_names(),
            "附件_1|附件_2_|_附件3_|附件_4___|A1|a1(2)|History_|工作表|"
            "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一|");
}

TEST(ValidSheetName, KeepsTheSuffixWithinExcelsLimit) {
  EXPECT_EQ(valid_sheet_name("附件1"), "附件1");
  EXPECT_EQ(valid_sheet_name(std::string(40, 'x'), "(12)"), std::string(27, 'x') + "(12)");
  EXPECT_EQ(valid_sheet_name("区\x01局"), "区\xEF\xBF\xBD局");
  // An emoji is two UTF-16 units, as Excel counts.
  EXPECT_EQ(valid_sheet_name(std::string(30, 'x') + "\xF0\x9F\x98\x80"), std::string(30, 'x'));
}

TEST_F(RenderOffice, XlsxControlCharactersAndInvalidUtf8BecomeReplacementCharacters) {
  auto written = write_xlsx({table("附件1", {{"区\x01文旅局", "15"}, {"区\xFF局", "1"}})}, xlsx());
  ASSERT_TRUE(written) << written.error();
  const std::string strings = zip_entry(xlsx(), "xl/sharedStrings.xml");
  EXPECT_TRUE(is_xml_1_0(strings)) << strings;
  EXPECT_NE(strings.find("区\xEF\xBF\xBD文旅局"), std::string::npos) << strings;
  EXPECT_EQ(strings.find("_x0001_"), std::string::npos) << strings;
}

// libxlsxwriter refused the cell (over 32767 characters) and the workbook
// was written without it, silently.
TEST_F(RenderOffice, XlsxACellLibxlsxwriterRefusesIsAChineseError) {
  auto written = write_xlsx({table("附件1", {{"区文旅局", "15"}, {std::string(40000, 'x'), "1"}})}, xlsx());
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error(), "写入“通报.xlsx”失败：工作表“附件1”第 4 行第 1 列：文字超过 Excel 单元格的上限（32767 个字符）");
}

// Excel's limits: no row taller than 409 points (a long note), at most 16384 columns.
TEST_F(RenderOffice, XlsxStaysWithinExcelsLimits) {
  LaidOutTable t = table("附件1", {{"区文旅局", "15"}});
  t.note = std::string(30000, 'x');
  ASSERT_TRUE(write_xlsx({t}, xlsx()));
  const std::string sheet = zip_entry(xlsx(), "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("ht=\"409\""), std::string::npos) << sheet.substr(0, 1500);
  t.columns = 20000;
  t.numeric_columns.assign(t.columns, false);
  auto written = write_xlsx({t}, xlsx());
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error(), "写入“通报.xlsx”失败：工作表“附件1”有 20000 列，超过 Excel 的上限 16384 列");
}

// The quote prefix (and the Text format) on the cells that start like a
// formula, and only on those; tests/outputs/xlsx_formula_text.py reads it back with openpyxl.
TEST_F(RenderOffice, XlsxTextThatStartsLikeAFormulaHasTheQuotePrefix) {
  auto written = write_xlsx({table("附件1", {{"=HYPERLINK(\"http://x\")", "15"}, {"区文旅局", "-1.5"}})}, xlsx());
  ASSERT_TRUE(written) << written.error();
  const std::string styles = zip_entry(xlsx(), "xl/styles.xml");
  EXPECT_TRUE(is_xml_1_0(styles));
  std::smatch quoted;
  ASSERT_TRUE(std::regex_search(styles, quoted, std::regex("<xf [^>]*quotePrefix=\"1\"[^>]*>"))) << styles;
  EXPECT_NE(quoted.str().find("numFmtId=\"49\""), std::string::npos) << quoted.str();
  EXPECT_EQ(styles.find("quotePrefix"), styles.rfind("quotePrefix"));  // one style only
  write_xlsx({table("附件1", {{"区文旅局", "15"}})}, xlsx());
  EXPECT_EQ(zip_entry(xlsx(), "xl/styles.xml").find("quotePrefix"), std::string::npos);
}

// A control character in a name reached document.xml as "&#1;": Word refused the file.
TEST_F(RenderOffice, DocxControlCharacterInANameIsNotACharacterReference) {
  BulletinText text{.title = "关于\x01通报", .addressees = "各镇\x02", .paragraphs = {"正文\x1F", "坏\xC3"},
                    .attachments = {"附件\x0B"}, .issuer = "区政府\x01办公室", .date = "2020年10月14日"};
  auto docx = render_docx(text, {table("附件1", {{"区\x01文旅局", "15"}, {"区\xFF局", "1"}})});
  ASSERT_TRUE(docx) << docx.error();
  std::ofstream(m_dir / "通报.docx", std::ios::binary) << *docx;
  for (const char* part : {"word/document.xml", "docProps/core.xml"}) {
    const std::string xml = zip_entry(m_dir / "通报.docx", part);
    ASSERT_FALSE(xml.empty()) << part;
    EXPECT_TRUE(is_xml_1_0(xml)) << part << ": " << xml.substr(0, 2000);
  }
  EXPECT_NE(zip_entry(m_dir / "通报.docx", "word/document.xml").find("区\xEF\xBF\xBD文旅局"), std::string::npos);
}

} // namespace
} // namespace zwgk
