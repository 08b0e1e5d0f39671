// 通报.docx's GB/T 9704 layout (issue 15): the document grid, 署名 and 成文日期
// per 7.3.5, 发文字号 and 版记 when the template gives them, header lines
// broken between words, the last rows of a table kept together, and the copy
// for LibreOffice. The rendered PDF is measured in tests/outputs/pdf_*.py.
#include "render/docx.h"
#include "render/docx_parts.h"
#include "render/docx_table.h"
#include "util/text.h"

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include "zip_part.h"

namespace zwgk {
namespace {

using testing::zip_part;

LaidOutTable scores(std::size_t rows) {
  LaidOutTable t;
  t.id = "附件1";
  t.title = "各部门第三季度政务公开工作情况统计";
  t.header_rows = 1;
  t.columns = 3;
  t.header = {{"单位", 0, 0, 1, 1}, {"累计得分", 0, 1, 1, 1}, {"合计", 0, 2, 1, 1}};
  t.numeric_columns = {false, true, true};
  for (std::size_t i = 0; i < rows; ++i) t.rows.push_back({"区第" + std::to_string(i) + "局", "15", "15"});
  return t;
}

BulletinText text() {
  return BulletinText{.title = "临淄区2020年第三季度政务公开工作情况通报",
                      .addressees = "各单位：",
                      .paragraphs = {"现将情况予以通报。"},
                      .attachments = {"各部门第三季度政务公开工作情况统计"},
                      .issuer = "临淄区人民政府办公室",
                      .date = "2020年10月14日"};
}

struct Document {
  pugi::xml_document document, styles;
  explicit Document(const BulletinText& t, std::vector<LaidOutTable> tables = {scores(5)},
                    DocxReader reader = DocxReader::Word) {
    auto docx = render_docx(t, tables, reader);
    EXPECT_TRUE(docx.has_value());
    EXPECT_TRUE(document.load_string(zip_part(*docx, "word/document.xml").c_str()));
    EXPECT_TRUE(styles.load_string(zip_part(*docx, "word/styles.xml").c_str()));
  }
  // The paragraph whose text is `text`.
  pugi::xml_node paragraph(const std::string& text) const {
    for (auto p : document.select_nodes("//w:p")) {
      std::string all;
      for (auto t : p.node().select_nodes(".//w:t")) all += t.node().text().as_string();
      if (all == text) return p.node();
    }
    return {};
  }
  long long indent(const std::string& text, const char* side) const {
    return paragraph(text).child("w:pPr").child("w:ind").attribute(side).as_llong();
  }
};

TEST(RenderDocx, GridOf22LinesOf28CharactersForWordAndLinesOnlyForLibreOffice) {
  Document word(text());
  auto grid = word.document.select_node("//w:sectPr/w:docGrid").node();
  EXPECT_STREQ(grid.attribute("w:type").as_string(), "linesAndChars");
  EXPECT_EQ(grid.attribute("w:linePitch").as_int(), 579);  // 225 mm / 22
  EXPECT_EQ(grid.attribute("w:charSpace").as_int(), -849);  // 16 pt - 849/4096 pt: 28 to 156 mm
  EXPECT_STREQ(word.styles.select_node("//w:pPrDefault//w:overflowPunct").node().attribute("w:val").as_string(), "0");
  Document office(text(), {scores(5)}, DocxReader::LibreOffice);
  grid = office.document.select_node("//w:sectPr/w:docGrid").node();
  EXPECT_STREQ(grid.attribute("w:type").as_string(), "lines");
  EXPECT_TRUE(grid.attribute("w:charSpace").empty());
  // LibreOffice reads overflowPunct inverted; "1" is what it takes for "no hanging punctuation".
  EXPECT_STREQ(office.styles.select_node("//w:pPrDefault//w:overflowPunct").node().attribute("w:val").as_string(), "1");
  auto body_spacing = office.styles.select_node("//w:style[@w:styleId='Body']/w:rPr/w:spacing").node();
  EXPECT_EQ(body_spacing.attribute("w:val").as_int(), docx::k_condensed_spacing);
  // Word's copy sets no spacing of its own: the grid does it.
  EXPECT_FALSE(word.styles.select_node("//w:style[@w:styleId='Body']/w:rPr/w:spacing"));
}

TEST(RenderDocx, UnsealedSignaturePer7352) {
  Document d(text());
  const long long two = 2 * docx::k_text_width / 28;
  EXPECT_EQ(d.indent("临淄区人民政府办公室", "w:right"), two);
  // The date's first character two right of the issuer's: the issuer is 10 characters wide.
  EXPECT_EQ(d.indent("2020年10月14日", "w:left"), docx::k_text_width - 10 * docx::k_text_width / 28);
  EXPECT_STREQ(d.paragraph("2020年10月14日").child("w:pPr").child("w:jc").attribute("w:val").as_string(), "left");
  // The 附件说明, issuer and date keep with each other and with the text.
  EXPECT_TRUE(d.paragraph("临淄区人民政府办公室").child("w:pPr").child("w:keepNext"));
  EXPECT_TRUE(d.paragraph("现将情况予以通报。").child("w:pPr").child("w:keepNext"));
}

TEST(RenderDocx, SealedSignaturePer7351) {
  BulletinText t = text();
  t.signature = SignatureLayout::Sealed;
  Document d(t);
  const long long four = 8 * docx::k_text_width / 56;
  EXPECT_EQ(d.indent("2020年10月14日", "w:right"), four);
  // Centred over the date: half the difference of the widths further in (the date is about 8 wide).
  const long long issuer_right = d.indent("临淄区人民政府办公室", "w:right");
  EXPECT_GT(issuer_right, four - docx::k_text_width / 28);
  EXPECT_LT(issuer_right, four);
}

TEST(RenderDocx, DocumentNumberAndColophonOnlyWhenGiven) {
  Document plain(text());
  EXPECT_FALSE(plain.document.select_node("//w:tblpPr"));
  BulletinText t = text();
  t.document_number = "临政公办〔2020〕5号";
  t.copy_to = "市政府办公室，区委办公室";
  t.printed_by = "临淄区人民政府办公室";
  t.printed_on = "2020年10月15日";
  Document d(t);
  EXPECT_STREQ(d.document.select_node("//w:body/w:p[1]//w:t").node().text().as_string(), "临政公办〔2020〕5号");
  EXPECT_TRUE(d.paragraph("抄送：市政府办公室，区委办公室。"));
  EXPECT_TRUE(d.paragraph("临淄区人民政府办公室2020年10月15日印发"));
  auto position = d.document.select_node("//w:tblpPr").node();
  EXPECT_STREQ(position.attribute("w:tblpYSpec").as_string(), "bottom");
  EXPECT_STREQ(position.attribute("w:horzAnchor").as_string(), "page");
  // The body ends with a paragraph after the floating table.
  EXPECT_STREQ(d.document.select_node("//w:body/*[last()-1]").node().name(), "w:p");
}

TEST(RenderDocx, HeaderLinesBreakBetweenWords) {
  EXPECT_EQ(docx::header_lines("累计得分", 700), (std::vector<std::string>{"累计", "得分"}));
  EXPECT_EQ(docx::header_lines("累计得分", 3000), (std::vector<std::string>{"累计得分"}));
  // The columns leave room for every header word, and the table fills the text width.
  auto widths = docx::table_geometry(scores(3)).widths;
  int total = 0;
  for (int w : widths) total += w;
  EXPECT_EQ(total, docx::k_text_width);
  EXPECT_EQ(docx::header_lines("累计得分", widths[1]).size(), 1u);
}

TEST(RenderDocx, TheLastThreeRowsKeepTogether) {
  Document d(text(), {scores(6)});
  auto rows = d.document.select_nodes("//w:tbl/w:tr");
  ASSERT_EQ(rows.size(), 7u);  // header and six rows
  std::vector<bool> keeps;
  for (auto row : rows) keeps.push_back(static_cast<bool>(row.node().select_node(".//w:keepNext")));
  EXPECT_EQ(keeps, (std::vector<bool>{false, false, false, false, true, true, false}));
  Document short_table(text(), {scores(3)});
  EXPECT_FALSE(short_table.document.select_node("//w:tbl//w:keepNext"));
}

TEST(RenderDocx, QuotationMarksInTheChineseFont) {
  BulletinText t = text();
  t.paragraphs = {"做到“应公开尽公开”。"};
  Document d(t);
  auto fonts = d.document.select_nodes("//w:r/w:rPr/w:rFonts[@w:hint='eastAsia']");
  ASSERT_EQ(fonts.size(), 2u);
  EXPECT_STREQ(fonts.first().node().attribute("w:ascii").as_string(), "仿宋_GB2312");
}

} // namespace
} // namespace zwgk

namespace zwgk {
namespace {

// Issue 16 found it: an indicator table of 13 columns was scaled down until "104.33" wrapped.
TEST(RenderDocx, AWideTableIsSetSmallerAndItsNumbersNeverWrap) {
  LaidOutTable t;
  t.id = "附件";
  t.title = "各单位考核得分";
  t.kind = TableKind::Indicators;
  t.header_rows = 1;
  t.columns = 13;  // 序号, 单位, nine indicators, 合计, 评级: the weighted-2021q4 example's
  for (std::size_t c = 0; c < t.columns; ++c) t.header.push_back({c == 1 ? "单位" : "按时答复", 0, c, 1, 1});
  t.numeric_columns.assign(t.columns, true);
  t.numeric_columns[1] = t.numeric_columns[12] = false;
  std::vector<std::string> row(t.columns, "18.33");
  row[0] = "1";
  row[1] = "示例县人力资源和社会保障局";
  row[11] = "104.33";
  row[12] = "不合格";
  t.rows = {row, row};
  auto geometry = docx::table_geometry(t);
  EXPECT_EQ(geometry.half_em, docx::k_half_em_small);
  int total = 0;
  for (std::size_t c = 0; c < t.columns; ++c) {
    total += geometry.widths[c];
    if (t.numeric_columns[c]) {  // the figure fits inside the cell's margins
      EXPECT_GE(geometry.widths[c], static_cast<long>(display_width(row[c])) * geometry.half_em + 2 * 57) << c;
    }
  }
  EXPECT_EQ(total, docx::k_text_width);
  Document d(text(), {t});
  EXPECT_TRUE(d.document.select_node("//w:pStyle[@w:val='TableTextSmall']"));
  EXPECT_TRUE(d.styles.select_node("//w:style[@w:styleId='TableTextSmall']/w:rPr/w:sz[@w:val='21']"));
  // A narrow table keeps 小四.
  EXPECT_EQ(docx::table_geometry(scores(3)).half_em, docx::k_half_em_normal);
}

} // namespace
} // namespace zwgk
