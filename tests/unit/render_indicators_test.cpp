// Issue 16: the indicator table (TableKind::Indicators) as render/layout lays
// it out from a hand-built Result (the engine's scoring is not needed), and
// as every writer of LaidOutTable formats it without knowing the kind: CSV,
// XLSX (read back with zwgk's own reader), DOCX (the table in document.xml)
// and HTML (the table's cells).
#include "ingest/xlsx.h"
#include "render/csv_tables.h"
#include "render/docx.h"
#include "render/html_table.h"
#include "render/layout.h"
#include "render/xlsx.h"

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include "zip_part.h"

#include <unistd.h>

#include <filesystem>
#include <regex>

namespace zwgk {
namespace {

Decimal d(const char* text) { return *Decimal::parse(text); }

Indicator indicator(const char* code, const char* name, std::optional<Decimal> full,
                    std::optional<std::size_t> parent = std::nullopt) {
  Indicator i;
  i.code = code;
  i.name = name;
  i.full_marks = full;
  i.parent = parent;
  return i;
}

IndicatorScore points(const char* text) { return {d(text), d(text), {}}; }

// A base-100 scheme: a root 总分 (not a column) over 主动公开 (40), 依申请公开 (20, named
// otherwise), 政策解读 (10) and a bonus without full marks; the table shows four of them.
class IndicatorTable : public ::testing::Test {
protected:
  IndicatorTable() {
    scheme.indicators = {indicator("总分", "", d("100")), indicator("主动公开", "主动公开", d("40"), 0),
                         indicator("依申请", "依申请公开", d("20"), 0), indicator("政策解读", "", d("10"), 0),
                         indicator("亮点", "工作亮点", std::nullopt, 0)};
    scheme.ratings = {{"优秀", std::nullopt, d("0.2"), {}}, {"合格", d("60"), std::nullopt, {}},
                      {"不合格", std::nullopt, std::nullopt, {}}};
    TableSpec spec{"附件1", "各单位{quarter}政务公开工作考核得分", TableKind::Indicators, {"部门"},
                   NameStyle::Short, {}, "注：基础分100分。"};
    spec.indicators = {"主动公开", "依申请", "政策解读", "亮点"};
    scheme.tables = {spec};
    for (auto [name, short_name] : {std::pair{"区发展和改革局", "区发改局"}, std::pair{"区教育和体育局", "区教体局"}}) {
      Unit u;
      u.name = name;
      u.short_name = short_name;
      u.section = "部门";
      EXPECT_TRUE(registry.add(u));
    }
    result.period = {2021, 2};
    result.units.resize(2);
    result.units[0].unit = 0;
    result.units[0].indicators = {points("93.33"), points("35"), points("18.33"), points("0"), points("2.5")};
    result.units[0].total = d("95.83");
    result.units[0].rating = "不合格";
    result.units[1].unit = 1;
    result.units[1].indicators = {points("100"), points("40"), points("20"), points("10"), points("0")};
    result.units[1].total = d("100");
    result.units[1].rating = "优秀";
    // The table lists 区教体局 first; rows keep the result's order, not the registry's.
    result.tables = {{0, {}, {{1, 1, 1}, {0, 2, 2}}}};
  }

  LaidOutTable laid_out() const { return lay_out(result, result.tables[0], scheme, registry); }

  Scheme scheme;
  Registry registry;
  Result result;
};

TEST_F(IndicatorTable, HeaderNamesEachIndicatorWithItsFullMarksThenTotalAndRating) {
  LaidOutTable t = laid_out();
  EXPECT_EQ(t.id, "附件1");
  EXPECT_EQ(t.title, "各单位第二季度政务公开工作考核得分");
  EXPECT_EQ(t.kind, TableKind::Indicators);
  EXPECT_EQ(t.note, "注：基础分100分。");
  // Names above, full marks (and a weight) below; 序号, 单位, 合计 and 评级 span both rows.
  EXPECT_EQ(header_grid(t), (std::vector<std::vector<std::string>>{
                                {"序号", "单位", "主动公开", "依申请公开", "政策解读", "工作亮点", "合计", "评级"},
                                {"", "", "40分", "20分", "10分", "", "", ""}}));
  EXPECT_EQ(t.header_rows, 2u);
  EXPECT_EQ(t.numeric_columns, (std::vector<bool>{true, false, true, true, true, true, true, false}));
}

TEST_F(IndicatorTable, RowsFollowTheTableWithEveryPointPrintedZerosIncluded) {
  LaidOutTable t = laid_out();
  EXPECT_EQ(t.rows, (std::vector<std::vector<std::string>>{
                        {"1", "区教体局", "40", "20", "10", "0", "100", "优秀"},
                        {"2", "区发改局", "35", "18.33", "0", "2.5", "95.83", "不合格"}}));
  EXPECT_TRUE(t.lines.empty());
}

TEST_F(IndicatorTable, WithoutRatingsThereIsNoRatingColumn) {
  scheme.ratings.clear();
  LaidOutTable t = laid_out();
  EXPECT_EQ(t.columns, 7u);
  EXPECT_EQ(header_grid(t)[0].back(), "合计");
  EXPECT_EQ(t.rows[0], (std::vector<std::string>{"1", "区教体局", "40", "20", "10", "0", "100"}));
  EXPECT_EQ(t.numeric_columns.back(), true);
}

// A code the scheme lacks (its checks refuse it) or a result without indicator scores
// leaves blank cells, never reads out of range.
TEST_F(IndicatorTable, UnknownCodeOrMissingScoresLeaveBlankCells) {
  scheme.tables[0].indicators = {"主动公开", "未知"};
  result.units[1].indicators.resize(1);
  LaidOutTable t = laid_out();
  EXPECT_EQ(header_grid(t)[0], (std::vector<std::string>{"序号", "单位", "主动公开", "未知", "合计", "评级"}));
  EXPECT_EQ(header_grid(t)[1], (std::vector<std::string>{"", "", "40分", "", "", ""}));
  EXPECT_EQ(t.rows[0], (std::vector<std::string>{"1", "区教体局", "", "", "100", "优秀"}));
  EXPECT_EQ(t.rows[1], (std::vector<std::string>{"2", "区发改局", "35", "", "95.83", "不合格"}));
}

TEST_F(IndicatorTable, CsvPrintsHeaderAndRows) {
  EXPECT_EQ(render_csv(laid_out()),
            "\xEF\xBB\xBF"
            "序号,单位,主动公开,依申请公开,政策解读,工作亮点,合计,评级\r\n"
            ",,40分,20分,10分,,,\r\n"
            "1,区教体局,40,20,10,0,100,优秀\r\n"
            "2,区发改局,35,18.33,0,2.5,95.83,不合格\r\n");
  EXPECT_EQ(csv_file_name(laid_out()), "附件1-各单位第二季度政务公开工作考核得分.csv");
}

// The rows of the sheet from the header on, as zwgk's XLSX reader reads them back.
std::vector<std::vector<std::string>> rows_from_header(const ingest::XlsxSheet& sheet) {
  std::vector<std::vector<std::string>> out;
  for (const auto& row : sheet.rows) {
    std::vector<std::string> cells;
    for (const auto& c : sheet.cells_of(row)) {
      cells.resize(c.column + 1);
      cells[c.column] = std::string(sheet.text_of(c));
    }
    if (out.empty() && (cells.empty() || cells[0] != "序号")) continue;
    out.push_back(std::move(cells));
  }
  return out;
}

TEST_F(IndicatorTable, XlsxHoldsTheSameCellsWithNumbersAsNumbers) {
  const auto file = std::filesystem::temp_directory_path() / ("zwgk-indicators-" + std::to_string(::getpid()) + ".xlsx");
  auto written = write_xlsx({laid_out()}, file);
  ASSERT_TRUE(written) << written.error();
  auto sheet = ingest::read_xlsx_sheet(file);
  std::filesystem::remove(file);
  ASSERT_TRUE(sheet) << sheet.error().message;
  auto rows = rows_from_header(*sheet);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows.back(), std::vector<std::string>{"注：基础分100分。"});  // the note under the table
  rows.pop_back();
  EXPECT_EQ(rows, (std::vector<std::vector<std::string>>{
                                          {"序号", "单位", "主动公开", "依申请公开", "政策解读", "工作亮点", "合计", "评级"},
                                          {"", "", "40分", "20分", "10分"},
                                          {"1", "区教体局", "40", "20", "10", "0", "100", "优秀"},
                                          {"2", "区发改局", "35", "18.33", "0", "2.5", "95.83", "不合格"}}));
}

TEST_F(IndicatorTable, DocxTableHoldsTheSameCells) {
  BulletinText text{.title = "某县2021年第二季度政务公开工作考核情况通报", .attachments = {laid_out().title},
                    .issuer = "某县人民政府办公室", .date = "2021年7月9日"};
  auto docx = render_docx(text, {laid_out()});
  ASSERT_TRUE(docx) << docx.error();
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(testing::zip_part(*docx, "word/document.xml").c_str()));
  std::vector<std::vector<std::string>> rows;
  for (auto tr : document.select_nodes("//w:tbl/w:tr")) {
    std::vector<std::string> cells;
    for (auto tc : tr.node().select_nodes("w:tc")) {
      std::string all;
      for (auto t : tc.node().select_nodes(".//w:t")) all += t.node().text().as_string();
      cells.push_back(all);
    }
    rows.push_back(cells);
  }
  EXPECT_EQ(rows, (std::vector<std::vector<std::string>>{
                      {"序号", "单位", "主动公开", "依申请公开", "政策解读", "工作亮点", "合计", "评级"},
                      {"", "", "40分", "20分", "10分", "", "", ""},  // merged cells continue empty
                      {"1", "区教体局", "40", "20", "10", "0", "100", "优秀"},
                      {"2", "区发改局", "35", "18.33", "0", "2.5", "95.83", "不合格"}}));
}

TEST_F(IndicatorTable, HtmlTableHoldsTheSameCells) {
  const std::string html = table_html(laid_out(), "", "");
  const std::regex cell("<(th|td)[^>]*>([\\s\\S]*?)</\\1>"), tag("<[^>]*>"), row("<tr>([\\s\\S]*?)</tr>");
  std::vector<std::vector<std::string>> rows;
  for (auto r = std::sregex_iterator(html.begin(), html.end(), row); r != std::sregex_iterator(); ++r) {
    const std::string inner = (*r)[1].str();
    std::vector<std::string> cells;
    for (auto c = std::sregex_iterator(inner.begin(), inner.end(), cell); c != std::sregex_iterator(); ++c)
      cells.push_back(std::regex_replace((*c)[2].str(), tag, ""));
    rows.push_back(cells);
  }
  EXPECT_EQ(rows, (std::vector<std::vector<std::string>>{
                      {"序号", "单位", "主动公开", "依申请公开", "政策解读", "工作亮点", "合计", "评级"},
                      {"40分", "20分", "10分", ""},  // under the names; the others span both rows
                      {"1", "区教体局", "40", "20", "10", "0", "100", "优秀"},
                      {"2", "区发改局", "35", "18.33", "0", "2.5", "95.83", "不合格"}}))
      << html;
}

} // namespace
} // namespace zwgk

namespace zwgk {
namespace {

// Issue 16: `totals = true` adds a 合计 row summing each column of figures.
TEST_F(IndicatorTable, ATotalsRowSumsEachColumnOfFigures) {
  scheme.tables[0].totals = true;
  LaidOutTable t = laid_out();
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows.back(), (std::vector<std::string>{"", "合计", "75", "38.33", "10", "2.5", "195.83", ""}));
  EXPECT_EQ(render_csv(t).substr(render_csv(t).rfind("\r\n", render_csv(t).size() - 3) + 2),
            ",合计,75,38.33,10,2.5,195.83,\r\n");
}

} // namespace
} // namespace zwgk
