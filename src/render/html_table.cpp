#include "render/html_table.h"

#include "render/html.h"
#include "util/text.h"
#include "util/words.h"

#include <fmt/format.h>

#include <algorithm>

namespace zwgk {
namespace {

// The header cells starting in `row`, left to right.
std::vector<const HeaderCell*> header_row(const LaidOutTable& t, std::size_t row) {
  std::vector<const HeaderCell*> cells;
  for (const auto& h : t.header)
    if (h.row == row) cells.push_back(&h);
  std::ranges::sort(cells, {}, &HeaderCell::column);
  return cells;
}

std::string header_html(const LaidOutTable& t) {
  std::string out = "<thead>\n";
  for (std::size_t row = 0; row < t.header_rows; ++row) {
    out += "<tr>";
    for (const HeaderCell* h : header_row(t, row)) {
      out += h->column_span > 1 ? fmt::format("<th scope=\"colgroup\" colspan=\"{}\"", h->column_span)
                                : std::string("<th scope=\"col\"");
      if (h->row_span > 1) out += fmt::format(" rowspan=\"{}\"", h->row_span);
      out += fmt::format(">{}</th>", words_html(h->text));
    }
    out += "</tr>\n";
  }
  return out + "</thead>\n";
}

// The unit's column: the first text column, marked as the row's header.
std::size_t unit_column(const LaidOutTable& t) {
  for (std::size_t c = 0; c < t.columns; ++c)
    if (!t.numeric_columns[c]) return c;
  return 0;
}

// Text columns with a cell longer than this (display width) wrap; the others stay on one line,
// so that a long text beside them does not break dates and short words.
constexpr std::size_t k_wrap_width = 24;

std::vector<std::string> cell_classes(const LaidOutTable& t) {
  std::vector<bool> wrap(t.columns, false);
  for (const auto& row : t.rows)
    for (std::size_t c = 0; c < row.size() && c < t.columns; ++c)
      if (display_width(row[c]) > k_wrap_width) wrap[c] = true;
  const std::size_t unit = unit_column(t);
  std::vector<std::string> classes(t.columns);
  for (std::size_t c = 0; c < t.columns; ++c) {
    if (c < unit) classes[c] = "lead";
    if (t.numeric_columns[c]) classes[c] += classes[c].empty() ? "num" : " num";
    else if (wrap[c]) classes[c] = "wrap";
  }
  return classes;
}

std::string body_html(const LaidOutTable& t) {
  const std::size_t unit = unit_column(t);
  const auto labels = column_labels(t);
  const auto classes = cell_classes(t);
  std::string out = "<tbody>\n";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (std::size_t c = 0; c < row.size() && c < t.columns; ++c) {
      const std::string text = escape_html(row[c]);
      if (c == unit) {
        out += fmt::format("<th scope=\"row\">{}</th>", text);
        continue;
      }
      out += "<td";
      if (!classes[c].empty()) out += fmt::format(" class=\"{}\"", classes[c]);
      out += fmt::format(" data-label=\"{}\">{}</td>", escape_html(labels[c]), text);
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n";
}

} // namespace

std::string words_html(std::string_view text) {
  std::string out;
  for (const auto& piece : word_pieces(text)) {
    if (!out.empty()) out += "<wbr>";
    out += escape_html(piece);
  }
  return out;
}

std::vector<std::string> column_labels(const LaidOutTable& t) {
  std::vector<std::string> labels(t.columns);
  for (std::size_t row = 0; row < t.header_rows; ++row)
    for (const HeaderCell* h : header_row(t, row))
      for (std::size_t c = h->column; c < h->column + h->column_span && c < t.columns; ++c)
        labels[c] += (labels[c].empty() ? "" : " ") + h->text;
  return labels;
}

std::string table_html(const LaidOutTable& t, std::string_view attributes, std::string_view caption) {
  std::string out = fmt::format("<table{}{}>\n", attributes.empty() ? "" : " ", attributes);
  if (!caption.empty()) out += fmt::format("<caption>{}</caption>\n", escape_html(caption));
  return out + header_html(t) + body_html(t) + "</table>\n";
}

} // namespace zwgk
