#include "render/xlsx.h"

#include "util/text.h"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace zwgk {
namespace {

constexpr double k_max_width = 60;  // columns wider than this wrap their text

struct Formats {
  lxw_format* title;
  lxw_format* header;
  lxw_format* text;
  lxw_format* number;
  lxw_format* note;
};

Formats make_formats(lxw_workbook* book) {
  auto base = [&](bool bold, std::uint8_t align) {
    lxw_format* f = workbook_add_format(book);
    format_set_font_name(f, "宋体");
    format_set_font_size(f, 11);
    format_set_align(f, align);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (bold) format_set_bold(f);
    return f;
  };
  Formats f{base(true, LXW_ALIGN_CENTER), base(true, LXW_ALIGN_CENTER), base(false, LXW_ALIGN_LEFT),
            base(false, LXW_ALIGN_RIGHT), base(false, LXW_ALIGN_LEFT)};
  format_set_font_size(f.title, 16);
  for (lxw_format* bordered : {f.header, f.text, f.number}) format_set_border(bordered, LXW_BORDER_THIN);
  format_set_text_wrap(f.header);
  format_set_text_wrap(f.text);
  format_set_text_wrap(f.note);
  format_set_align(f.note, LXW_ALIGN_VERTICAL_TOP);
  return f;
}

// Display width of a cell in Excel's character units (a Chinese character is two).
double width_of(const std::string& text) { return static_cast<double>(display_width(text)); }

void write_sheet(lxw_workbook* book, const Formats& f, const LaidOutTable& t) {
  lxw_worksheet* sheet = workbook_add_worksheet(book, t.id.c_str());
  const auto last_col = static_cast<lxw_col_t>(t.columns - 1);
  worksheet_set_row(sheet, 0, 30, nullptr);
  worksheet_merge_range(sheet, 0, 0, 0, last_col, t.title.c_str(), f.title);
  const lxw_row_t first = 1;  // header rows start under the title
  for (const auto& h : t.header) {
    const auto r0 = static_cast<lxw_row_t>(first + h.row);
    const auto r1 = static_cast<lxw_row_t>(r0 + h.row_span - 1);
    const auto c0 = static_cast<lxw_col_t>(h.column);
    const auto c1 = static_cast<lxw_col_t>(c0 + h.column_span - 1);
    if (r0 == r1 && c0 == c1) worksheet_write_string(sheet, r0, c0, h.text.c_str(), f.header);
    else worksheet_merge_range(sheet, r0, c0, r1, c1, h.text.c_str(), f.header);
  }
  std::vector<double> widths(t.columns, 6);
  for (const auto& h : t.header)
    if (h.column_span == 1) widths[h.column] = std::max(widths[h.column], width_of(h.text) + 2);
  const auto data_row = static_cast<lxw_row_t>(first + t.header_rows);
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    for (std::size_t c = 0; c < t.columns && c < t.rows[r].size(); ++c) {
      const std::string& cell = t.rows[r][c];
      auto row = static_cast<lxw_row_t>(data_row + r);
      auto col = static_cast<lxw_col_t>(c);
      if (cell.empty()) worksheet_write_blank(sheet, row, col, t.numeric_columns[c] ? f.number : f.text);
      else if (t.numeric_columns[c]) worksheet_write_number(sheet, row, col, std::strtod(cell.c_str(), nullptr), f.number);
      else worksheet_write_string(sheet, row, col, cell.c_str(), f.text);
      if (!t.numeric_columns[c]) widths[c] = std::max(widths[c], std::min(width_of(cell) + 2, k_max_width));
    }
  }
  // No reader grows a row for wrapped text on its own: give long texts the lines they need.
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    double lines = 1;
    for (std::size_t c = 0; c < t.columns && c < t.rows[r].size(); ++c)
      if (!t.numeric_columns[c]) lines = std::max(lines, std::ceil(width_of(t.rows[r][c]) / (widths[c] - 1)));
    if (lines > 1) worksheet_set_row(sheet, static_cast<lxw_row_t>(data_row + r), 15 * lines, nullptr);
  }
  for (std::size_t c = 0; c < t.columns; ++c)
    worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths[c], nullptr);
  worksheet_freeze_panes(sheet, data_row, t.kind == TableKind::Scores ? 2 : 1);
  worksheet_set_paper(sheet, 9);  // A4
  worksheet_repeat_rows(sheet, 0, static_cast<lxw_row_t>(data_row - 1));
  worksheet_fit_to_pages(sheet, 1, 0);
  worksheet_center_horizontally(sheet);
  // The note wraps within the table's width: text running on to the right would widen the printed page.
  if (!t.note.empty()) {
    const auto note_row = static_cast<lxw_row_t>(data_row + t.rows.size() + 1);
    double table_width = 0;
    for (double w : widths) table_width += w;
    const double lines = std::ceil(width_of(t.note) / std::max(table_width - 2, 1.0));
    worksheet_set_row(sheet, note_row, 15 * lines, nullptr);
    if (last_col > 0) worksheet_merge_range(sheet, note_row, 0, note_row, last_col, t.note.c_str(), f.note);
    else worksheet_write_string(sheet, note_row, 0, t.note.c_str(), f.note);
  }
}

} // namespace

std::expected<void, std::string> write_xlsx(const std::vector<LaidOutTable>& tables,
                                            const std::filesystem::path& path) {
  lxw_workbook* book = workbook_new(path.c_str());
  if (!book) return std::unexpected(fmt::format("无法创建“{}”", path.string()));
  Formats formats = make_formats(book);
  for (const auto& t : tables) write_sheet(book, formats, t);
  if (lxw_error e = workbook_close(book); e != LXW_NO_ERROR)
    return std::unexpected(fmt::format("写入“{}”失败：{}", path.string(), lxw_strerror(e)));
  return {};
}

} // namespace zwgk
