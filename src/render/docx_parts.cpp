#include "render/docx_parts.h"

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
std::string style(std::string_view id, std::string_view name, std::string_view east_asian, int half_points,
                  std::string_view paragraph) {
  return fmt::format(
      R"(<w:style w:type="paragraph" w:customStyle="1" w:styleId="{}"><w:name w:val="{}"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>{}</w:pPr><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{}" w:cs="Times New Roman"/><w:sz w:val="{}"/><w:szCs w:val="{}"/></w:rPr></w:style>)",
      id, name, paragraph, east_asian, half_points, half_points);
}

std::string styles() {
  constexpr std::string_view k_fixed_28pt = R"(<w:spacing w:line="560" w:lineRule="exact"/>)";
  constexpr std::string_view k_single = R"(<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>)";
  std::string out = fmt::format(
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" w:cs="Times New Roman"/><w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/>{}</w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>)",
      k_w, k_fixed_28pt);
  out += style(k_style_title, "公文标题", "方正小标宋简体", 44,
               R"(<w:jc w:val="center"/><w:spacing w:before="0" w:after="560" w:line="700" w:lineRule="exact"/>)");
  out += style(k_style_addressee, "主送机关", "仿宋_GB2312", 32, "");
  out += style(k_style_body, "公文正文", "仿宋_GB2312", 32, R"(<w:ind w:firstLineChars="200" w:firstLine="640"/>)");
  out += style(k_style_attachment_list, "附件说明", "仿宋_GB2312", 32,
               R"(<w:spacing w:before="560" w:line="560" w:lineRule="exact"/><w:ind w:left="1600" w:hanging="960"/>)");
  out += style(k_style_attachment_item, "附件说明续", "仿宋_GB2312", 32, R"(<w:ind w:left="1600"/>)");
  out += style(k_style_signature, "发文机关署名", "仿宋_GB2312", 32, R"(<w:jc w:val="right"/><w:ind w:right="640"/>)");
  out += style(k_style_attachment_label, "附件标识", "黑体", 32,
               R"(<w:pageBreakBefore/><w:keepNext/><w:jc w:val="left"/>)");
  out += style(k_style_attachment_title, "附件标题", "方正小标宋简体", 36,
               R"(<w:keepNext/><w:jc w:val="center"/><w:spacing w:before="280" w:after="280" w:line="560" w:lineRule="exact"/>)");
  out += style(k_style_table_header, "表头", "黑体", 24, fmt::format(R"(<w:jc w:val="center"/>{})", k_single));
  out += style(k_style_table_text, "表格文字", "仿宋_GB2312", 24, fmt::format(R"(<w:jc w:val="center"/>{})", k_single));
  out += style(k_style_table_note, "表注", "仿宋_GB2312", 24,
               R"(<w:jc w:val="left"/><w:spacing w:before="120" w:after="0" w:line="360" w:lineRule="exact"/>)");
  out += style("PageNumber", "页码", "宋体", 28, k_single);
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

std::vector<ZipEntry> fixed_parts(const BulletinText& text) {
  return {{"[Content_Types].xml", std::string(k_content_types)},
          {"_rels/.rels", std::string(k_package_rels)},
          {"docProps/core.xml", core_properties(text)},
          {"docProps/app.xml", std::string(k_app)},
          {"word/_rels/document.xml.rels", document_rels()},
          {"word/styles.xml", styles()},
          {"word/settings.xml", std::string(k_settings)},
          {"word/fontTable.xml", std::string(k_font_table)},
          {"word/footer1.xml", footer(true)},
          {"word/footer2.xml", footer(false)}};
}

} // namespace zwgk::docx
