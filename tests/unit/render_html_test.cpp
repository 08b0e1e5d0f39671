#include "render/bulletin_html.h"
#include "render/html.h"
#include "render/html_table.h"
#include "util/text.h"
#include "util/words.h"

#include <gtest/gtest.h>

namespace zwgk {
namespace {

LaidOutTable table_with_unit(const std::string& name) {
  LaidOutTable t;
  t.id = "附件1";
  t.title = "测试<表>";
  t.kind = TableKind::Scores;
  t.header_rows = 1;
  t.columns = 3;
  t.header = {{"序号", 0, 0, 1, 1}, {"单位", 0, 1, 1, 1}, {"合计", 0, 2, 1, 1}};
  t.numeric_columns = {true, false, true};
  t.rows = {{"1", name, "15"}};
  return t;
}

TEST(RenderHtml, EscapesEveryValue) {
  std::string page = render_html({table_with_unit("<script>alert(1)</script>")}, "通报&\"标题\"", "");
  EXPECT_EQ(page.find("<script>"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(page.find("测试&lt;表&gt;"), std::string::npos);
  EXPECT_NE(page.find("通报&amp;&quot;标题&quot;"), std::string::npos);
}

TEST(RenderHtml, UnitIsTheRowHeaderAndNumbersAlignRight) {
  std::string page = render_html({table_with_unit("区发改局")}, "通报", "某县人民政府办公室");
  EXPECT_NE(page.find("<th scope=\"row\">区发改局</th>"), std::string::npos);
  EXPECT_NE(page.find("<td class=\"num\" data-label=\"合计\">15</td>"), std::string::npos);
  EXPECT_NE(page.find("<p class=\"issuer\">某县人民政府办公室</p>"), std::string::npos);
  EXPECT_NE(page.find("<svg role=\"img\""), std::string::npos);  // a chart for a score table
}

// Issue 12: control characters and invalid UTF-8 from the data reached the
// page as they were; they become U+FFFD like in the DOCX and XLSX.
TEST(RenderHtml, ControlCharactersAndInvalidUtf8BecomeReplacementCharacters) {
  std::string page = render_html({table_with_unit("区\x01文旅\xFF局")}, "通报\x1F", "办公室\x02");
  EXPECT_NE(page.find("<th scope=\"row\">区\xEF\xBF\xBD文旅\xEF\xBF\xBD局</th>"), std::string::npos);
  EXPECT_NE(page.find("<h1>通报\xEF\xBF\xBD</h1>"), std::string::npos);
  EXPECT_TRUE(is_valid_utf8(page));
  for (char c : page) EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 && c != '\n') << int(c);
}

TEST(EscapeHtml, AllFiveCharacters) { EXPECT_EQ(escape_html("&<>\"'"), "&amp;&lt;&gt;&quot;&#39;"); }

// --- 通报.html: the whole bulletin (render_bulletin_html) ---

// A page's text as a reader sees it, whitespace removed: the body's character
// data with the five entities decoded; tags, <head> and <style> dropped.
std::string page_text(const std::string& page) {
  const std::size_t style_end = page.find("</style>");
  std::string body = page.substr(page.find("<body>", style_end == std::string::npos ? 0 : style_end));
  std::string out;
  bool in_tag = false;
  for (char c : body) {
    if (c == '<') in_tag = true;
    else if (c == '>') in_tag = false;
    else if (!in_tag && c != ' ' && c != '\n' && c != '\t') out += c;
  }
  const std::pair<std::string_view, const char*> k_entities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (auto [entity, c] : k_entities)
    for (std::size_t at = 0; (at = out.find(entity, at)) != std::string::npos; ++at)
      out.replace(at, entity.size(), c);
  return out;
}

LaidOutTable two_level_table() {
  LaidOutTable t = table_with_unit("区发改局");
  t.title = "各部门第三季度统计";
  t.header_rows = 2;
  t.columns = 4;
  // Listed out of column order: the page sets each row's cells left to right.
  t.header = {{"合计", 0, 3, 2, 1}, {"序号", 0, 0, 2, 1}, {"单位", 0, 1, 2, 1}, {"发布", 0, 2, 1, 1}, {"7月", 1, 2, 1, 1}};
  t.numeric_columns = {true, false, true, true};
  t.rows = {{"1", "区发改局", "12", "15"}, {"2", "区教体局", "", "9.5"}};
  t.note = "注：空白为0。";
  return t;
}

LaidOutTable deductions(std::vector<std::string> lines) {
  LaidOutTable t;
  t.id = "附件2";
  t.title = "各单位减分情况";
  t.kind = TableKind::Deductions;
  t.lines = std::move(lines);
  return t;
}

BulletinText full_text() {
  BulletinText text;
  text.title = "临淄区2020年第三季度政务公开工作情况通报";
  text.document_number = "临政公办〔2020〕5号";
  text.addressees = "各镇人民政府，区政府各部门：";
  text.paragraphs = {"第一段。", "第二段。"};
  text.attachments = {"各部门第三季度统计", "各单位减分情况"};
  text.issuer = "临淄区人民政府办公室";
  text.date = "2020年10月14日";
  text.copy_to = "市政府办公室，区委办公室";
  text.printed_by = "临淄区人民政府办公室";
  text.printed_on = "2020年10月15日";
  return text;
}

TEST(BulletinHtml, TextIsTheDocxTextInItsReadingOrder) {
  const std::string page = render_bulletin_html(full_text(), {two_level_table(), deductions({"区发改局：未更新。"})});
  EXPECT_EQ(page_text(page),
            "临政公办〔2020〕5号临淄区2020年第三季度政务公开工作情况通报各镇人民政府，区政府各部门："
            "第一段。第二段。附件：1.各部门第三季度统计2.各单位减分情况临淄区人民政府办公室2020年10月14日"
            "附件1各部门第三季度统计序号单位发布合计7月1区发改局12152区教体局9.5注：空白为0。"
            "附件2各单位减分情况区发改局：未更新。"
            "抄送：市政府办公室，区委办公室。临淄区人民政府办公室2020年10月15日印发");
}

TEST(BulletinHtml, OneAttachmentHasNoNumberAndNoLinesSayNone) {
  BulletinText text = full_text();
  text.document_number.clear();
  text.attachments = {"各单位减分情况"};
  text.copy_to.clear();
  text.printed_by.clear();
  const std::string page = render_bulletin_html(text, {deductions({})});
  EXPECT_EQ(page_text(page),
            "临淄区2020年第三季度政务公开工作情况通报各镇人民政府，区政府各部门：第一段。第二段。"
            "附件：各单位减分情况临淄区人民政府办公室2020年10月14日附件各单位减分情况无。");
}

TEST(BulletinHtml, ColophonOnlyWithCopyToOrPrintedBy) {
  BulletinText text = full_text();
  text.copy_to.clear();
  text.printed_by.clear();
  EXPECT_EQ(render_bulletin_html(text, {}).find("colophon\">"), std::string::npos);
  text.copy_to = "市政府办公室";
  std::string page = render_bulletin_html(text, {});
  EXPECT_TRUE(page_text(page).ends_with("2020年10月14日抄送：市政府办公室。")) << page_text(page);
  text.copy_to.clear();
  text.printed_by = "某办公室";
  page = render_bulletin_html(text, {});
  EXPECT_TRUE(page_text(page).ends_with("2020年10月14日某办公室2020年10月15日印发")) << page_text(page);
  EXPECT_EQ(page.find("抄送"), std::string::npos);
}

TEST(BulletinHtml, EscapesEveryText) {
  BulletinText text = full_text();
  text.title = "通报<script>";
  text.addressees = "甲&乙：";
  text.paragraphs = {"<b>\"段\"</b>"};
  text.copy_to = "<i>";
  const std::string page = render_bulletin_html(text, {table_with_unit("<img src=x>")});
  for (const char* raw : {"<script>", "<b>", "<i>", "<img"}) EXPECT_EQ(page.find(raw), std::string::npos) << raw;
  EXPECT_NE(page.find("&lt;img src=x&gt;"), std::string::npos);
  EXPECT_NE(page.find("甲&amp;乙："), std::string::npos);
  EXPECT_NE(page.find("&lt;b&gt;&quot;段&quot;&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(page.find("<表>"), std::string::npos);
  EXPECT_NE(page_text(page).find("测试<表>序号单位合计1<imgsrc=x>15"), std::string::npos);
}

// The year page's chart and captions are not part of the bulletin: its text must be the DOCX's.
TEST(BulletinHtml, NoChartNoCaptionNothingLoaded) {
  const std::string page = render_bulletin_html(full_text(), {two_level_table()});
  for (const char* absent : {"<svg", "<caption", "合计得分分布", "单位数", "<script", "<link", "src=", "url("})
    EXPECT_EQ(page.find(absent), std::string::npos) << absent;
  EXPECT_NE(page.find("<table class=\"cards\" aria-labelledby=\"attachment-1\">"), std::string::npos);
  EXPECT_NE(page.find("<h2 id=\"attachment-1\">"), std::string::npos);
  EXPECT_NE(page.find("<html lang=\"zh-CN\">"), std::string::npos);
}

TEST(BulletinHtml, TitleInBalancedLinesBrokenOnlyBetweenWords) {
  const std::string title = "临淄区2020年第三季度政务公开工作情况通报";
  const auto lines = bulletin_title_lines(title);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0] + lines[1], title);
  EXPECT_GE(display_width(lines[0]), display_width(lines[1]));
  std::string expected = "<h1 id=\"title\">";
  for (const auto& line : lines) {
    std::string joined;
    for (const auto& piece : word_pieces(line)) joined += (joined.empty() ? "" : "<wbr>") + piece;
    expected += "<span class=\"line\">" + joined + "</span>";
  }
  const std::string page = render_bulletin_html(full_text(), {});
  EXPECT_NE(page.find(expected + "</h1>"), std::string::npos) << page.substr(page.find("<h1"), 400);
  EXPECT_EQ(page.find("2020<wbr>年"), std::string::npos);  // a number stays with its unit
  EXPECT_EQ(bulletin_title_lines("某县政务公开通报").size(), 1u);
}

TEST(BulletinHtml, SignatureLayoutFromTheTemplate) {
  BulletinText text = full_text();
  EXPECT_NE(render_bulletin_html(text, {}).find("<div class=\"signature unsealed\">"), std::string::npos);
  text.signature = SignatureLayout::Sealed;
  EXPECT_NE(render_bulletin_html(text, {}).find("<div class=\"signature sealed\">"), std::string::npos);
}

// On a phone each row is a card whose labels come from the merged header as data-label.
TEST(BulletinHtml, CellsCarryTheirColumnsLabels) {
  EXPECT_EQ(column_labels(two_level_table()), (std::vector<std::string>{"序号", "单位", "发布 7月", "合计"}));
  const std::string page = render_bulletin_html(full_text(), {two_level_table()});
  EXPECT_NE(page.find("<tr><td class=\"lead num\" data-label=\"序号\">1</td><th scope=\"row\">区发改局</th>"
                      "<td class=\"num\" data-label=\"发布 7月\">12</td><td class=\"num\" data-label=\"合计\">15</td></tr>"),
            std::string::npos);
  EXPECT_NE(page.find("<tr><th scope=\"col\" rowspan=\"2\">序号</th><th scope=\"col\" rowspan=\"2\">单位</th>"
                      "<th scope=\"col\">发布</th><th scope=\"col\" rowspan=\"2\">合计</th></tr>"),
            std::string::npos);
}

} // namespace
} // namespace zwgk
