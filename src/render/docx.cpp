#include "render/docx.h"

#include "render/docx_parts.h"
#include "render/zip_writer.h"
#include "util/text.h"

#include <pugixml.hpp>

#include <algorithm>
#include <numeric>
#include <sstream>

namespace zwgk {
namespace {

using namespace docx;

// Half-width units on one title line: the text width at 二号 (22 pt, 440 twips
// a character), less one character for digits wider than half a character.
constexpr std::size_t k_title_line_width = 2 * (static_cast<std::size_t>(k_text_width) / 440 - 1);

void set(pugi::xml_node node, const char* attribute, std::string_view value) {
  node.append_attribute(attribute).set_value(std::string(value).c_str());
}

void set(pugi::xml_node node, const char* attribute, long long value) {
  node.append_attribute(attribute).set_value(value);
}

pugi::xml_node child(pugi::xml_node parent, const char* name) { return parent.append_child(name); }

// A paragraph of `style`; each element of `lines` after the first starts a new line.
void paragraph_lines(pugi::xml_node parent, std::string_view style, const std::vector<std::string>& lines) {
  auto p = child(parent, "w:p");
  set(child(child(p, "w:pPr"), "w:pStyle"), "w:val", style);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    auto run = child(p, "w:r");
    if (i > 0) child(run, "w:br");
    auto t = child(run, "w:t");
    set(t, "xml:space", "preserve");
    t.text().set(xml_safe_text(lines[i]).c_str());
  }
}

void paragraph(pugi::xml_node parent, std::string_view style, std::string_view text) {
  paragraph_lines(parent, style, {std::string(text)});
}

// Column widths in twips: each column first gets what it needs to show its
// data on one line (a header over two lines if it must), then the text
// width left over is shared in proportion; a table too wide is scaled down.
std::vector<int> column_widths(const LaidOutTable& t) {
  constexpr int k_half_em = 120;           // 小四 (12 pt): a Chinese character is 240 twips
  constexpr int k_cell_extra = 2 * 57 + 60;  // the cell margins and a little air
  constexpr std::size_t k_min_units = 4;
  std::vector<std::size_t> units(t.columns, k_min_units);
  for (const auto& h : t.header)
    if (h.column_span == 1) units[h.column] = std::max(units[h.column], (display_width(h.text) + 1) / 2);
  for (const auto& row : t.rows)
    for (std::size_t c = 0; c < t.columns && c < row.size(); ++c)
      units[c] = std::max(units[c], display_width(row[c]));
  std::vector<long> need;
  for (auto u : units) need.push_back(static_cast<long>(u) * k_half_em + k_cell_extra);
  // A header over several columns gets its one line from them, shared out evenly.
  for (const auto& h : t.header) {
    if (h.column_span == 1) continue;
    long have = 0;
    for (std::size_t c = h.column; c < h.column + h.column_span; ++c) have += need[c];
    const long want = static_cast<long>(display_width(h.text)) * k_half_em + k_cell_extra;
    const auto span = static_cast<long>(h.column_span);
    for (std::size_t c = h.column; want > have && c < h.column + h.column_span; ++c)
      need[c] += (want - have + span - 1) / span;
  }
  long total = 0;
  for (auto n : need) total += n;
  std::vector<int> widths;
  for (auto n : need) widths.push_back(static_cast<int>(n * k_text_width / total));
  return widths;
}

class TableWriter {
public:
  TableWriter(pugi::xml_node body, const LaidOutTable& t) : m_table(t), m_widths(column_widths(t)) {
    m_tbl = child(body, "w:tbl");
    properties();
    auto grid = child(m_tbl, "w:tblGrid");
    for (int w : m_widths) set(child(grid, "w:gridCol"), "w:w", w);
  }

  void write() {
    for (std::size_t r = 0; r < m_table.header_rows; ++r) header_row(r);
    for (const auto& row : m_table.rows) data_row(row);
  }

private:
  void properties() {
    auto pr = child(m_tbl, "w:tblPr");
    auto width = child(pr, "w:tblW");
    set(width, "w:w", std::accumulate(m_widths.begin(), m_widths.end(), 0));
    set(width, "w:type", "dxa");
    set(child(pr, "w:jc"), "w:val", "center");
    auto borders = child(pr, "w:tblBorders");
    for (const char* side : {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"}) {
      auto b = child(borders, side);
      set(b, "w:val", "single");
      set(b, "w:sz", 4);
      set(b, "w:space", 0);
      set(b, "w:color", "000000");
    }
    set(child(pr, "w:tblLayout"), "w:type", "fixed");
    auto margins = child(pr, "w:tblCellMar");
    for (const char* side : {"w:left", "w:right"}) {
      auto m = child(margins, side);
      set(m, "w:w", 57);
      set(m, "w:type", "dxa");
    }
  }

  // Every row stays whole on its page; header rows repeat on each page.
  pugi::xml_node row(bool header) {
    auto tr = child(m_tbl, "w:tr");
    auto pr = child(tr, "w:trPr");
    child(pr, "w:cantSplit");
    auto height = child(pr, "w:trHeight");
    set(height, "w:val", 397);
    set(height, "w:hRule", "atLeast");
    if (header) child(pr, "w:tblHeader");
    return tr;
  }

  void cell(pugi::xml_node tr, std::size_t column, std::size_t span, std::string_view merge, std::string_view style,
            std::string_view text) {
    auto tc = child(tr, "w:tc");
    auto pr = child(tc, "w:tcPr");
    int width = 0;
    for (std::size_t c = column; c < column + span; ++c) width += m_widths[c];
    auto w = child(pr, "w:tcW");
    set(w, "w:w", width);
    set(w, "w:type", "dxa");
    if (span > 1) set(child(pr, "w:gridSpan"), "w:val", static_cast<long long>(span));
    if (merge == "restart") set(child(pr, "w:vMerge"), "w:val", "restart");
    else if (merge == "continue") child(pr, "w:vMerge");
    set(child(pr, "w:vAlign"), "w:val", "center");
    paragraph(tc, style, text);  // a cell always holds a paragraph, even when empty
  }

  const HeaderCell* header_at(std::size_t r, std::size_t c) const {
    for (const auto& h : m_table.header)
      if (h.row <= r && r < h.row + h.row_span && h.column <= c && c < h.column + h.column_span) return &h;
    return nullptr;
  }

  void header_row(std::size_t r) {
    auto tr = row(true);
    for (std::size_t c = 0; c < m_table.columns;) {
      const HeaderCell* h = header_at(r, c);
      if (!h) {
        cell(tr, c++, 1, {}, k_style_table_header, {});
        continue;
      }
      const bool starts = h->row == r;
      std::string_view merge = h->row_span == 1 ? "" : starts ? "restart" : "continue";
      cell(tr, c, h->column_span, merge, k_style_table_header, starts ? h->text : "");
      c += h->column_span;
    }
  }

  void data_row(const std::vector<std::string>& cells) {
    auto tr = row(false);
    for (std::size_t c = 0; c < m_table.columns; ++c)
      cell(tr, c, 1, {}, k_style_table_text, c < cells.size() ? cells[c] : std::string());
  }

  const LaidOutTable& m_table;
  std::vector<int> m_widths;
  pugi::xml_node m_tbl;
};

// A title too long for one line is split into two of about equal width,
// the upper no shorter (GB/T 9704's 梯形), never inside a run of digits or letters.
std::vector<std::string> balance_title(const std::string& title) {
  const std::size_t width = display_width(title);
  if (width <= k_title_line_width) return {title};
  std::size_t best = 0, best_left = 0;
  std::size_t left = 0;
  for (std::size_t i = 0; i < title.size();) {
    std::size_t len = 1;
    auto c = static_cast<unsigned char>(title[i]);
    if (c >= 0xF0) len = 4;
    else if (c >= 0xE0) len = 3;
    else if (c >= 0xC0) len = 2;
    left += display_width(std::string_view(title).substr(i, len));
    i += len;
    const bool ascii_pair = i < title.size() && c < 0x80 && static_cast<unsigned char>(title[i]) < 0x80;
    if (i < title.size() && !ascii_pair && left * 2 >= width && (best == 0 || left < best_left)) best = i, best_left = left;
  }
  if (best == 0) return {title};
  return {title.substr(0, best), title.substr(best)};
}

// 附件说明: "附件：1.…", later entries aligned under the first title.
void attachment_list(pugi::xml_node body, const std::vector<std::string>& titles) {
  for (std::size_t i = 0; i < titles.size(); ++i) {
    std::string entry = (titles.size() > 1 ? std::to_string(i + 1) + "." : std::string()) + titles[i];
    if (i == 0) paragraph(body, k_style_attachment_list, "附件：" + entry);
    else paragraph(body, k_style_attachment_item, entry);
  }
}

void front_matter(pugi::xml_node body, const BulletinText& text) {
  paragraph_lines(body, k_style_title, balance_title(text.title));
  if (!text.addressees.empty()) paragraph(body, k_style_addressee, text.addressees);
  for (const auto& p : text.paragraphs) paragraph(body, k_style_body, p);
  attachment_list(body, text.attachments);
  paragraph(body, k_style_addressee, {});  // 空一行 before the issuer
  paragraph(body, k_style_signature, text.issuer);
  paragraph(body, k_style_signature, text.date);
}

void attachment(pugi::xml_node body, const LaidOutTable& t, std::size_t number, std::size_t count) {
  paragraph(body, k_style_attachment_label, count > 1 ? "附件" + std::to_string(number) : "附件");
  paragraph(body, k_style_attachment_title, t.title);
  if (t.kind == TableKind::Deductions) {
    for (const auto& line : t.lines) paragraph(body, k_style_body, line);
    if (t.lines.empty()) paragraph(body, k_style_body, "无。");
  } else {
    TableWriter(body, t).write();
  }
  if (!t.note.empty()) paragraph(body, k_style_table_note, t.note);
}

void section_properties(pugi::xml_node body) {
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
}

std::string document_xml(const BulletinText& text, const std::vector<LaidOutTable>& tables) {
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
  section_properties(body);
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw, pugi::encoding_utf8);
  return out.str();
}

} // namespace

std::expected<std::string, std::string> render_docx(const BulletinText& text,
                                                    const std::vector<LaidOutTable>& tables) {
  std::vector<ZipEntry> parts = fixed_parts(text);
  parts.insert(parts.begin() + 2, ZipEntry{"word/document.xml", document_xml(text, tables)});
  return zip_in_memory(parts);
}

} // namespace zwgk
