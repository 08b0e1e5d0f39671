#include "render/docx.h"

#include "render/docx_parts.h"
#include "render/docx_table.h"
#include "render/docx_xml.h"
#include "render/zip_writer.h"
#include "util/text.h"
#include "util/words.h"

#include <pugixml.hpp>

#include <algorithm>
#include <sstream>

namespace zwgk {
namespace {

using namespace docx;

// Half-width units on one title line: the text width at 二号 (22 pt, 440 twips
// a character), less one character for digits wider than half a character.
constexpr std::size_t k_title_line_width = 2 * (static_cast<std::size_t>(k_text_width) / 440 - 1);

// 附件说明: "附件：1.…", later entries aligned under the first title.
void attachment_list(pugi::xml_node body, const std::vector<std::string>& titles) {
  for (std::size_t i = 0; i < titles.size(); ++i) {
    std::string entry = (titles.size() > 1 ? std::to_string(i + 1) + "." : std::string()) + titles[i];
    if (i == 0) paragraph(body, k_style_attachment_list, "附件：" + entry);
    else paragraph(body, k_style_attachment_item, entry);
  }
}

// Twips of `half_units` half-width characters on the 28-character grid.
long grid_twips(std::size_t half_units) { return static_cast<long>(half_units) * k_text_width / (2 * k_chars_per_line); }

// A line's printed width on the grid: its characters, and the space that Word and LibreOffice put
// between Chinese and Western characters (a fifth of the 三号 size, as LibreOffice measures), so
// that "2020年10月14日" is 8 characters wide, not 7.
long printed_width(std::string_view text) {
  constexpr long k_script_gap = k_body_half_points * 10 / 5;
  long gaps = 0;
  for (std::size_t i = 1; i < text.size(); ++i) {
    const bool ascii_before = static_cast<unsigned char>(text[i - 1]) < 0x80;
    const bool ascii_here = static_cast<unsigned char>(text[i]) < 0x80;
    const bool starts_character = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (starts_character && ascii_before != ascii_here) ++gaps;
  }
  return grid_twips(display_width(text)) + gaps * k_script_gap;
}

// The indent on `side` (w:left or w:right), the other side none: the style's indents do not apply.
void indent(pugi::xml_node properties, const char* side, long twips) {
  auto ind = child(properties, "w:ind");
  const bool left = std::string_view(side) == "w:left";
  set(ind, "w:left", left ? std::max(0L, twips) : 0);
  set(ind, "w:right", left ? 0 : std::max(0L, twips));
}

void aligned(pugi::xml_node body, std::string_view text, const char* jc, const char* side, long twips) {
  pugi::xml_node pr;
  auto p = styled_paragraph(body, k_style_signature, &pr);
  indent(pr, side, twips);  // w:ind before w:jc, as the schema orders them
  set(child(pr, "w:jc"), "w:val", jc);
  add_lines(p, {std::string(text)});
}

// 发文机关署名 and 成文日期 after GB/T 9704 7.3.5, on the character grid.
void signature(pugi::xml_node body, const BulletinText& text) {
  const bool sealed = text.signature == SignatureLayout::Sealed;
  // 正文（或附件说明）下空一行; under a seal, two, so that its top stays within a line of the text.
  for (int i = 0; i < (sealed ? 2 : 1); ++i) paragraph(body, k_style_addressee, {});
  const long issuer = printed_width(text.issuer), date = printed_width(text.date);
  const long two = grid_twips(4), four = grid_twips(8);
  if (text.date.empty()) return aligned(body, text.issuer, "right", "w:right", two);
  if (text.issuer.empty()) return aligned(body, text.date, "right", "w:right", sealed ? four : two);
  if (sealed) {  // 7.3.5.1: the date four characters from the right, the issuer centred over it
    aligned(body, text.issuer, "right", "w:right", four + (date - issuer) / 2);
    return aligned(body, text.date, "right", "w:right", four);
  }
  // 7.3.5.2: the issuer two from the right, the date's first character two right of the issuer's;
  // a date longer than the issuer two from the right, the issuer's first character two left of its.
  if (date <= issuer) {
    aligned(body, text.issuer, "right", "w:right", two);
    return aligned(body, text.date, "left", "w:left", k_text_width - issuer);
  }
  aligned(body, text.issuer, "left", "w:left", k_text_width - two - date - two);
  aligned(body, text.date, "right", "w:right", two);
}

void front_matter(pugi::xml_node body, const BulletinText& text) {
  if (!text.document_number.empty()) {
    paragraph(body, k_style_document_number, text.document_number);
    for (int i = 0; i < 2; ++i) paragraph(body, k_style_addressee, {});  // 标题 under it, 空二行
  }
  paragraph_lines(body, k_style_title, balance_lines(text.title, k_title_line_width));
  if (!text.addressees.empty()) paragraph(body, k_style_addressee, text.addressees);
  for (const auto& p : text.paragraphs) paragraph(body, k_style_body, p);
  const pugi::xml_node text_end = body.last_child();
  attachment_list(body, text.attachments);
  signature(body, text);
  // The 附件说明, 署名 and 成文日期 never start a page alone: they keep with each other and
  // with the last line of the text.
  for (auto p = text_end; p && p != body.last_child(); p = p.next_sibling()) {
    auto pr = p.child("w:pPr");
    pr.insert_child_after("w:keepNext", pr.child("w:pStyle"));
  }
}

void attachment(pugi::xml_node body, const LaidOutTable& t, std::size_t number, std::size_t count) {
  paragraph(body, k_style_attachment_label, count > 1 ? "附件" + std::to_string(number) : "附件");
  paragraph(body, k_style_attachment_title, t.title);
  if (t.kind == TableKind::Deductions) {
    for (const auto& line : t.lines) paragraph(body, k_style_body, line);
    if (t.lines.empty()) paragraph(body, k_style_body, "无。");
  } else {
    write_table(body, t);
  }
  if (!t.note.empty()) paragraph(body, k_style_table_note, t.note);
}

// One row of the 版记 (GB/T 9704 7.4): a thick rule (0.35 mm) above the first row and below
// the last, thin ones (0.25 mm) between; 四号, one character in from either side (the styles).
pugi::xml_node colophon_row(pugi::xml_node tbl, bool first, bool last) {
  auto tc = child(child(tbl, "w:tr"), "w:tc");
  auto pr = child(tc, "w:tcPr");
  auto w = child(pr, "w:tcW");
  set(w, "w:w", k_text_width);
  set(w, "w:type", "dxa");
  auto borders = child(pr, "w:tcBorders");
  for (auto [side, thick] : {std::pair{"w:top", first}, std::pair{"w:bottom", last}}) {
    auto b = child(borders, side);
    set(b, "w:val", "single");
    set(b, "w:sz", thick ? 8 : 6);  // eighths of a point
    set(b, "w:space", 0);
    set(b, "w:color", "000000");
  }
  return tc;
}

void end_mark(pugi::xml_node body);

// The 版记 at the foot of the last page: a table as wide as the text, floating at the bottom of
// the text block. Its horizontal place is given from the page's edge: LibreOffice keeps a
// floating table as wide as the text in the flow unless it is placed relative to the page.
void colophon(pugi::xml_node body, const BulletinText& text) {
  if (!text.has_colophon()) return;
  auto tbl = child(body, "w:tbl");
  auto pr = child(tbl, "w:tblPr");
  auto position = child(pr, "w:tblpPr");
  set(position, "w:vertAnchor", "margin");
  set(position, "w:horzAnchor", "page");
  set(position, "w:tblpX", k_margin_left);
  set(position, "w:tblpYSpec", "bottom");
  auto width = child(pr, "w:tblW");
  set(width, "w:w", k_text_width);
  set(width, "w:type", "dxa");
  set(child(pr, "w:tblLayout"), "w:type", "fixed");
  auto margins = child(pr, "w:tblCellMar");
  for (const char* side : {"w:left", "w:right"}) {
    auto m = child(margins, side);
    set(m, "w:w", 0);
    set(m, "w:type", "dxa");
  }
  set(child(child(tbl, "w:tblGrid"), "w:gridCol"), "w:w", k_text_width);
  const bool both = !text.copy_to.empty() && !text.printed_by.empty();
  if (!text.copy_to.empty())
    paragraph(colophon_row(tbl, true, !both), k_style_colophon_copy, "抄送：" + text.copy_to + "。");
  if (!text.printed_by.empty()) {
    pugi::xml_node ppr;
    auto p = styled_paragraph(colophon_row(tbl, !both, true), k_style_colophon, &ppr);
    // 印发机关 at the left, 印发日期 at a right tab one character in from the right, on one line.
    auto tab = child(child(ppr, "w:tabs"), "w:tab");
    set(tab, "w:val", "right");
    set(tab, "w:pos", k_text_width - k_colophon_indent);
    add_lines(p, {text.printed_by});
    child(child(p, "w:r"), "w:tab");
    if (!text.printed_on.empty()) add_lines(p, {text.printed_on + "印发"});
  }
  end_mark(body);
}

// The body's last paragraph, after the 版记's table (a floating table is anchored to the
// paragraph after it). One point high, so that it never starts a page.
void end_mark(pugi::xml_node body) {
  pugi::xml_node pr;
  styled_paragraph(body, k_style_colophon, &pr);
  set(child(pr, "w:snapToGrid"), "w:val", "0");
  auto spacing = child(pr, "w:spacing");
  set(spacing, "w:before", 0);
  set(spacing, "w:after", 0);
  set(spacing, "w:line", 20);
  set(spacing, "w:lineRule", "exact");
  auto size = child(child(pr, "w:rPr"), "w:sz");
  set(size, "w:val", 2);
}

void section_properties(pugi::xml_node body, DocxReader reader) {
  auto sect = child(body, "w:sectPr");
  for (auto [type, id] : {std::pair{"default", k_rel_footer_odd}, std::pair{"even", k_rel_footer_even}}) {
    auto ref = child(sect, "w:footerReference");
    set(ref, "w:type", type);
    set(ref, "r:id", id);
  }
  auto size = child(sect, "w:pgSz");
  set(size, "w:w", k_page_width);
  set(size, "w:h", k_page_height);
  auto margins = child(sect, "w:pgMar");
  set(margins, "w:top", k_margin_top);
  set(margins, "w:right", k_margin_right);
  set(margins, "w:bottom", k_margin_bottom);
  set(margins, "w:left", k_margin_left);
  set(margins, "w:header", 851);
  set(margins, "w:footer", k_footer_distance);
  set(margins, "w:gutter", 0);
  // GB/T 9704's grid: 22 lines of 28 characters of 三号 (docx.h: LibreOffice's copy has the lines only).
  auto grid = child(sect, "w:docGrid");
  set(grid, "w:type", reader == DocxReader::Word ? "linesAndChars" : "lines");
  set(grid, "w:linePitch", k_line_pitch);
  if (reader == DocxReader::Word) set(grid, "w:charSpace", k_char_space);
}

std::string document_xml(const BulletinText& text, const std::vector<LaidOutTable>& tables, DocxReader reader) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  set(decl, "version", "1.0");
  set(decl, "encoding", "UTF-8");
  set(decl, "standalone", "yes");
  auto root = child(doc, "w:document");
  set(root, "xmlns:w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
  set(root, "xmlns:r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
  auto body = child(root, "w:body");
  front_matter(body, text);
  for (std::size_t i = 0; i < tables.size(); ++i) attachment(body, tables[i], i + 1, tables.size());
  colophon(body, text);
  section_properties(body, reader);
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw, pugi::encoding_utf8);
  return out.str();
}

} // namespace

std::expected<std::string, std::string> render_docx(const BulletinText& text,
                                                    const std::vector<LaidOutTable>& tables, DocxReader reader) {
  std::vector<ZipEntry> parts = fixed_parts(text, reader);
  parts.insert(parts.begin() + 2, ZipEntry{"word/document.xml", document_xml(text, tables, reader)});
  return zip_in_memory(parts);
}

} // namespace zwgk
