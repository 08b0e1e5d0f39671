#include "render/docx_table.h"

#include "render/docx_parts.h"
#include "render/docx_xml.h"
#include "util/text.h"
#include "util/words.h"

#include <algorithm>
#include <numeric>

namespace zwgk::docx {
namespace {

constexpr int k_cell_margin = 57;                         // left and right, each
constexpr long k_cell_extra = 2 * k_cell_margin + 60;     // the margins and a little air
constexpr long k_min_units = 4;                           // no column narrower than two characters

long to_units(long twips, long half_em) { return std::max<long>(0, (twips - k_cell_extra) / half_em); }

struct Column {
  long least = k_min_units;  // half-width units: the widest data cell and header word
  long want = k_min_units;   // the header on one line
};

std::vector<Column> column_needs(const LaidOutTable& t) {
  std::vector<Column> columns(t.columns);
  for (const auto& row : t.rows)
    for (std::size_t c = 0; c < t.columns && c < row.size(); ++c)
      columns[c].least = std::max(columns[c].least, static_cast<long>(display_width(row[c])));
  for (const auto& h : t.header) {
    if (h.column_span != 1 || h.column >= t.columns) continue;
    auto& c = columns[h.column];
    c.least = std::max(c.least, static_cast<long>(widest_piece(word_pieces(h.text))));
    c.want = std::max(c.want, static_cast<long>(display_width(h.text)));
  }
  for (auto& c : columns) c.want = std::max(c.want, c.least);
  return columns;
}

// Makes the columns under each spanning header at least `need(h)` wide together, shared out evenly.
template <typename Need, typename Width>
void widen_spans(const LaidOutTable& t, std::vector<Column>& columns, Need need, Width width) {
  for (const auto& h : t.header) {
    if (h.column_span == 1 || h.column + h.column_span > t.columns) continue;
    long have = 0;
    for (std::size_t c = h.column; c < h.column + h.column_span; ++c) have += width(columns[c]);
    // Each spanned column's cell margins are inside the span.
    const long want = need(h) - static_cast<long>(h.column_span - 1) * (k_cell_extra / k_half_em_small);
    const auto span = static_cast<long>(h.column_span);
    for (std::size_t c = h.column; want > have && c < h.column + h.column_span; ++c)
      width(columns[c]) += (want - have + span - 1) / span;
  }
}

} // namespace

TableGeometry table_geometry(const LaidOutTable& t) {
  if (t.columns == 0) return {};
  std::vector<Column> columns = column_needs(t);
  widen_spans(t, columns, [](const HeaderCell& h) { return static_cast<long>(widest_piece(word_pieces(h.text))); },
              [](Column& c) -> long& { return c.least; });
  for (auto& c : columns) c.want = std::max(c.want, c.least);
  widen_spans(t, columns, [](const HeaderCell& h) { return static_cast<long>(display_width(h.text)); },
              [](Column& c) -> long& { return c.want; });
  std::vector<long> units;
  for (const auto& c : columns) units.push_back(c.least);
  long used = std::accumulate(units.begin(), units.end(), 0L);
  // 小四, or 五号 for a table whose numbers and header words do not fit at 小四.
  const long room = k_text_width - static_cast<long>(t.columns) * k_cell_extra;
  const long half_em = used * k_half_em_normal <= room ? k_half_em_normal : k_half_em_small;
  const long available = room / half_em;
  if (used > available) {
    // Still too wide: the text columns give way, the widest first (unit names wrap before 评级
    // does); numbers never wrap.
    auto is_text = [&](std::size_t c) { return c >= t.numeric_columns.size() || !t.numeric_columns[c]; };
    while (used > available) {
      std::size_t widest = units.size();
      for (std::size_t c = 0; c < units.size(); ++c)
        if (is_text(c) && units[c] > k_min_units && (widest == units.size() || units[c] > units[widest])) widest = c;
      if (widest == units.size()) break;
      --units[widest];
      --used;
    }
  }
  if (used <= available) {
    // Headers onto one line, those needing least first, while the text width allows.
    std::vector<std::size_t> order(columns.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return columns[a].want - columns[a].least < columns[b].want - columns[b].least;
    });
    for (std::size_t c : order)
      if (used + columns[c].want - units[c] <= available) used += columns[c].want - units[c], units[c] = columns[c].want;
  }
  // What is left (or the excess) shared in proportion, so the table spans the text width.
  TableGeometry out;
  out.half_em = half_em;
  long total_twips = 0;
  for (long u : units) total_twips += u * half_em + k_cell_extra;
  for (long u : units) out.widths.push_back(static_cast<int>((u * half_em + k_cell_extra) * k_text_width / total_twips));
  out.widths.back() += k_text_width - std::accumulate(out.widths.begin(), out.widths.end(), 0);
  return out;
}

std::vector<std::string> header_lines(const std::string& text, int width, long half_em) {
  return wrap_pieces(word_pieces(text), static_cast<std::size_t>(to_units(width, half_em)));
}

namespace {

class TableWriter {
public:
  TableWriter(pugi::xml_node body, const LaidOutTable& t)
      : m_table(t), m_geometry(table_geometry(t)), m_widths(m_geometry.widths),
        m_small(m_geometry.half_em == k_half_em_small) {
    m_tbl = child(body, "w:tbl");
    properties();
    auto grid = child(m_tbl, "w:tblGrid");
    for (int w : m_widths) set(child(grid, "w:gridCol"), "w:w", w);
  }

  void write() {
    for (std::size_t r = 0; r < m_table.header_rows; ++r) header_row(r);
    for (std::size_t r = 0; r < m_table.rows.size(); ++r) data_row(m_table.rows[r], keeps_with_next(r));
  }

private:
  // The rows before the last k_least_tail_rows - 1 keep with the next, so the tail moves as a block.
  bool keeps_with_next(std::size_t r) const {
    const std::size_t n = m_table.rows.size();
    return n > k_least_tail_rows && r + k_least_tail_rows >= n && r + 1 < n;
  }

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
      set(m, "w:w", k_cell_margin);
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

  int span_width(std::size_t column, std::size_t span) const {
    int width = 0;
    for (std::size_t c = column; c < column + span && c < m_widths.size(); ++c) width += m_widths[c];
    return width;
  }

  // A cell always holds a paragraph, even when empty.
  pugi::xml_node cell(pugi::xml_node tr, std::size_t column, std::size_t span, std::string_view merge,
                      std::string_view style, const std::vector<std::string>& lines) {
    auto tc = child(tr, "w:tc");
    auto pr = child(tc, "w:tcPr");
    auto w = child(pr, "w:tcW");
    set(w, "w:w", span_width(column, span));
    set(w, "w:type", "dxa");
    if (span > 1) set(child(pr, "w:gridSpan"), "w:val", static_cast<long long>(span));
    if (merge == "restart") set(child(pr, "w:vMerge"), "w:val", "restart");
    else if (merge == "continue") child(pr, "w:vMerge");
    set(child(pr, "w:vAlign"), "w:val", "center");
    return paragraph_lines(tc, style, lines);
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
        cell(tr, c++, 1, {}, header_style(), {});
        continue;
      }
      const bool starts = h->row == r;
      std::string_view merge = h->row_span == 1 ? "" : starts ? "restart" : "continue";
      std::vector<std::string> lines;
      if (starts) lines = header_lines(h->text, span_width(c, h->column_span), m_geometry.half_em);
      cell(tr, c, h->column_span, merge, header_style(), lines);
      c += h->column_span;
    }
  }

  void data_row(const std::vector<std::string>& cells, bool keep_with_next) {
    auto tr = row(false);
    for (std::size_t c = 0; c < m_table.columns; ++c) {
      auto p = cell(tr, c, 1, {}, m_small ? k_style_table_text_small : k_style_table_text,
                    {c < cells.size() ? cells[c] : std::string()});
      if (keep_with_next) child(p.child("w:pPr"), "w:keepNext");
    }
  }

  std::string_view header_style() const { return m_small ? k_style_table_header_small : k_style_table_header; }

  const LaidOutTable& m_table;
  TableGeometry m_geometry;
  const std::vector<int>& m_widths;
  bool m_small;
  pugi::xml_node m_tbl;
};

} // namespace

void write_table(pugi::xml_node body, const LaidOutTable& table) { TableWriter(body, table).write(); }

} // namespace zwgk::docx
