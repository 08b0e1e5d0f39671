#include "render/html.h"
#include "util/text.h"

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
  EXPECT_NE(page.find("<td class=\"num\">15</td>"), std::string::npos);
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

} // namespace
} // namespace zwgk
