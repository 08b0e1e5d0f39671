#include "render/docx_parts.h"

#include "render/docx_xml.h"

#include "util/text.h"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <sstream>

namespace zwgk::docx {
namespace {

constexpr std::string_view k_w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

constexpr std::string_view k_content_types = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>)";

constexpr std::string_view k_package_rels = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>)";

constexpr std::string_view k_app = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>zwgk</Application></Properties>)";

std::string document_rels() {
  return fmt::format(
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/><Relationship Id="{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/></Relationships>)",
      k_rel_footer_odd, k_rel_footer_even);
}

// Odd and even pages differ: GB/T 9704 puts the number on the outer side.
constexpr std::string_view k_settings = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:evenAndOddHeaders/><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>)";

// The official fonts, each with the alternative a reader uses without it.
constexpr std::string_view k_font_table = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/><w:charset w:val="86"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font><w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font><w:font w:name="黑体"><w:altName w:val="SimHei"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font><w:font w:name="宋体"><w:altName w:val="SimSun"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font><w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>)";

// A paragraph style: run fonts (east Asian face), size in half-points, and paragraph properties.
// `spacing`: twentieths of a point between characters (0: none).
std::string style(std::string_view id, std::string_view name, std::string_view east_asian, int half_points,
                  std::string_view paragraph, int spacing = 0) {
  return fmt::format(
      R"(<w:style w:type="paragraph" w:customStyle="1" w:styleId="{}"><w:name w:val="{}"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>{}</w:pPr><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{}" w:cs="Times New Roman"/>{}<w:sz w:val="{}"/><w:szCs w:val="{}"/></w:rPr></w:style>)",
      id, name, paragraph, east_asian, spacing == 0 ? std::string() : fmt::format(R"(<w:spacing w:val="{}"/>)", spacing),
      half_points, half_points);
}

// Twips of `n` characters on the grid.
constexpr int grid_chars(int n) { return n * k_text_width / k_chars_per_line; }

std::string styles(DocxReader reader) {
  // Text on the grid, where the reader has no character grid, is set closer (docx.h).
  const int on_grid = reader == DocxReader::LibreOffice ? k_condensed_spacing : 0;
  // No punctuation hanging past the margin (GB/T 9704 sets every mark in its cell), in the reader's terms (docx.h).
  const std::string_view overflow = reader == DocxReader::LibreOffice ? "1" : "0";
  // Text on the grid takes one grid line a line (single spacing snaps to it);
  // what is set in other sizes (titles, tables, the 版记) leaves the grid.
  constexpr std::string_view k_off_grid = R"(<w:snapToGrid w:val="0"/>)";
  constexpr std::string_view k_single = R"(<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>)";
  std::string out = fmt::format(
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" w:cs="Times New Roman"/><w:kern w:val="2"/><w:sz w:val="{}"/><w:szCs w:val="{}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:overflowPunct w:val="{}"/>{}<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:overflowPunct w:val="{}"/></w:pPr><w:rPr><w:sz w:val="{}"/><w:szCs w:val="{}"/></w:rPr></w:style>)",
      k_w, k_body_half_points, k_body_half_points, overflow, k_single, overflow, k_body_half_points, k_body_half_points);
  out += style(k_style_title, "公文标题", "方正小标宋简体", 44,
               fmt::format(R"({}<w:spacing w:before="0" w:after="{}" w:line="700" w:lineRule="exact"/><w:jc w:val="center"/>)",
                           k_off_grid, k_line_pitch));
  out += style(k_style_document_number, "发文字号", "仿宋_GB2312", k_body_half_points, R"(<w:jc w:val="center"/>)", on_grid);
  out += style(k_style_addressee, "主送机关", "仿宋_GB2312", k_body_half_points, "", on_grid);
  out += style(k_style_body, "公文正文", "仿宋_GB2312", k_body_half_points,
               fmt::format(R"(<w:ind w:firstLine="{}"/>)", grid_chars(2)), on_grid);
  out += style(k_style_attachment_list, "附件说明", "仿宋_GB2312", k_body_half_points,
               fmt::format(R"(<w:spacing w:before="{}"/><w:ind w:left="{}" w:hanging="{}"/>)", k_line_pitch,
                           grid_chars(5), grid_chars(3)), on_grid);
  out += style(k_style_attachment_item, "附件说明续", "仿宋_GB2312", k_body_half_points,
               fmt::format(R"(<w:ind w:left="{}"/>)", grid_chars(5)), on_grid);
  out += style(k_style_signature, "发文机关署名", "仿宋_GB2312", k_body_half_points,
               fmt::format(R"(<w:ind w:right="{}"/><w:jc w:val="right"/>)", grid_chars(2)), on_grid);
  out += style(k_style_attachment_label, "附件标识", "黑体", k_body_half_points,
               R"(<w:keepNext/><w:pageBreakBefore/><w:jc w:val="left"/>)", on_grid);
  out += style(k_style_attachment_title, "附件标题", "方正小标宋简体", 36,
               fmt::format(R"(<w:keepNext/>{}<w:spacing w:before="280" w:after="280" w:line="560" w:lineRule="exact"/><w:jc w:val="center"/>)",
                           k_off_grid));
  out += style(k_style_table_header, "表头", "黑体", 24, fmt::format(R"({}{}<w:jc w:val="center"/>)", k_off_grid, k_single));
  out += style(k_style_table_text, "表格文字", "仿宋_GB2312", 24, fmt::format(R"({}{}<w:jc w:val="center"/>)", k_off_grid, k_single));
  out += style(k_style_table_header_small, "表头（五号）", "黑体", 21,
               fmt::format(R"({}{}<w:jc w:val="center"/>)", k_off_grid, k_single));
  out += style(k_style_table_text_small, "表格文字（五号）", "仿宋_GB2312", 21,
               fmt::format(R"({}{}<w:jc w:val="center"/>)", k_off_grid, k_single));
  out += style(k_style_table_note, "表注", "仿宋_GB2312", 24,
               fmt::format(R"({}<w:spacing w:before="120" w:after="0" w:line="360" w:lineRule="exact"/><w:jc w:val="left"/>)", k_off_grid));
  // 版记: 四号, one character in from either side; 抄送 lines after the first align under the first name.
  out += style(k_style_colophon, "版记", "仿宋_GB2312", 28,
               fmt::format(R"({}{}<w:ind w:left="{}" w:right="{}"/><w:jc w:val="left"/>)", k_off_grid, k_single,
                           k_colophon_indent, k_colophon_indent));
  out += style(k_style_colophon_copy, "版记抄送", "仿宋_GB2312", 28,
               fmt::format(R"({}{}<w:ind w:left="{}" w:right="{}" w:hanging="{}"/><w:jc w:val="left"/>)", k_off_grid,
                           k_single, k_colophon_indent + 3 * k_colophon_indent, k_colophon_indent, 3 * k_colophon_indent));
  out += style("PageNumber", "页码", "宋体", 28, fmt::format("{}{}", k_off_grid, k_single));
  return out + "</w:styles>";
}

// "— 1 —" on the outer side: right on odd pages, left on even ones, one character in.
std::string footer(bool odd) {
  return fmt::format(
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="{}"><w:p><w:pPr><w:pStyle w:val="PageNumber"/><w:jc w:val="{}"/><w:ind w:{}="280"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体"/></w:rPr><w:t xml:space="preserve">— </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple><w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体"/></w:rPr><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>)",
      k_w, odd ? "right" : "left", odd ? "right" : "left");
}

std::string core_properties(const BulletinText& text) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  decl.append_attribute("standalone") = "yes";
  auto root = doc.append_child("cp:coreProperties");
  root.append_attribute("xmlns:cp") = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties";
  root.append_attribute("xmlns:dc") = "http://purl.org/dc/elements/1.1/";
  root.append_child("dc:title").text() = xml_safe_text(text.title).c_str();
  root.append_child("dc:creator").text() = xml_safe_text(text.issuer).c_str();
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw, pugi::encoding_utf8);
  return out.str();
}

} // namespace

std::string_view east_asian_font(std::string_view style) {
  if (style == k_style_title || style == k_style_attachment_title) return "方正小标宋简体";
  if (style == k_style_table_header || style == k_style_table_header_small || style == k_style_attachment_label)
    return "黑体";
  return "仿宋_GB2312";
}

std::vector<std::pair<std::string, bool>> split_full_width_punctuation(std::string_view text) {
  // “ ” ‘ ’ — … in UTF-8: E2 80 9C/9D/98/99/94, E2 80 A6.
  auto full_width_at = [&](std::size_t i) {
    if (i + 3 > text.size() || text[i] != '\xE2' || text[i + 1] != '\x80') return false;
    const char c = text[i + 2];
    return c == '\x9C' || c == '\x9D' || c == '\x98' || c == '\x99' || c == '\x94' || c == '\xA6';
  };
  std::vector<std::pair<std::string, bool>> out;
  for (std::size_t i = 0; i < text.size();) {
    const bool full = full_width_at(i);
    const std::size_t length = full ? 3 : 1;
    if (out.empty() || out.back().second != full) out.emplace_back(std::string(), full);
    out.back().first.append(text.substr(i, length));
    i += length;
  }
  return out;
}

std::vector<ZipEntry> fixed_parts(const BulletinText& text, DocxReader reader) {
  return {{"[Content_Types].xml", std::string(k_content_types)},
          {"_rels/.rels", std::string(k_package_rels)},
          {"docProps/core.xml", core_properties(text)},
          {"docProps/app.xml", std::string(k_app)},
          {"word/_rels/document.xml.rels", document_rels()},
          {"word/styles.xml", styles(reader)},
          {"word/settings.xml", std::string(k_settings)},
          {"word/fontTable.xml", std::string(k_font_table)},
          {"word/footer1.xml", footer(true)},
          {"word/footer2.xml", footer(false)}};
}

} // namespace zwgk::docx
