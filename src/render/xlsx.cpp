#include "render/xlsx.h"

#include "render/zip_writer.h"
#include "util/text.h"

#include <fmt/format.h>
#include <pugixml.hpp>
#include <xlsxwriter.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <set>
#include <sstream>
#include <unicode/utf8.h>

namespace zwgk {
namespace {

constexpr double k_max_width = 60;         // columns wider than this wrap their text
constexpr double k_max_row_height = 409;   // Excel's tallest row, in points
constexpr std::size_t k_sheet_name_units = 31;  // Excel's longest sheet name, in UTF-16 code units

// The cell styles of a sheet. Each text style has a twin for text that starts
// like a formula: Text number format ("@") and, added after the file is
// written, quotePrefix, so that editing the cell in Excel keeps it text.
enum Style : std::size_t { k_title, k_header, k_text, k_number, k_note, k_style_count };

struct Formats {
  std::array<lxw_format*, k_style_count> plain{};
  std::array<lxw_format*, k_style_count> quoted{};
  std::array<bool, k_style_count> quoted_used{};
};

std::optional<Formats> make_formats(lxw_workbook* book) {
  Formats f;
  for (std::size_t s = 0; s < k_style_count; ++s) {
    for (auto* slot : {&f.plain[s], &f.quoted[s]}) {
      lxw_format* format = workbook_add_format(book);
      if (!format) return std::nullopt;
      format_set_font_name(format, "宋体");
      format_set_font_size(format, s == k_title ? 16 : 11);
      const bool centred = s == k_title || s == k_header;
      format_set_align(format, centred ? LXW_ALIGN_CENTER : s == k_number ? LXW_ALIGN_RIGHT : LXW_ALIGN_LEFT);
      format_set_align(format, s == k_note ? LXW_ALIGN_VERTICAL_TOP : LXW_ALIGN_VERTICAL_CENTER);
      if (centred) format_set_bold(format);
      if (s == k_header || s == k_text || s == k_number) format_set_border(format, LXW_BORDER_THIN);
      if (s == k_header || s == k_text || s == k_note) format_set_text_wrap(format);
      *slot = format;
    }
    format_set_num_format_index(f.quoted[s], 49);  // Excel's built-in Text ("@")
  }
  return f;
}

// libxlsxwriter's errors in the words of the message that reports them.
std::string lxw_message(lxw_error e) {
  switch (e) {
    case LXW_ERROR_MEMORY_MALLOC_FAILED: return "内存不足";
    case LXW_ERROR_CREATING_XLSX_FILE: return "无法创建文件";
    case LXW_ERROR_CREATING_TMPFILE: return "无法创建临时文件";
    case LXW_ERROR_READING_TMPFILE: return "无法读取临时文件";
    case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED: return "文字超过 Excel 单元格的上限（32767 个字符）";
    case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE: return "超出 Excel 工作表的范围（1048576 行、16384 列）";
    case LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED:
    case LXW_ERROR_INVALID_SHEETNAME_CHARACTER:
    case LXW_ERROR_SHEETNAME_START_END_APOSTROPHE:
    case LXW_ERROR_SHEETNAME_ALREADY_USED: return "工作表名称不符合 Excel 的要求";
    default:
      if (e >= LXW_ERROR_ZIP_FILE_OPERATION && e <= LXW_ERROR_ZIP_CLOSE) return "压缩文件时出错";
      return fmt::format("libxlsxwriter 错误 {}", static_cast<int>(e));
  }
}

// Display width of a cell in Excel's character units (a Chinese character is two).
double width_of(const std::string& text) { return static_cast<double>(display_width(text)); }

// Writes one sheet's cells; the first failing call is kept with its place.
class SheetWriter {
public:
  SheetWriter(lxw_worksheet* sheet, Formats& formats, std::string name)
      : m_sheet(sheet), m_formats(formats), m_name(std::move(name)) {}

  void text(lxw_row_t row, lxw_col_t col, const std::string& raw, Style style) {
    const std::string text = xml_safe_text(raw);
    check(worksheet_write_string(m_sheet, row, col, text.c_str(), format(text, style)), row, col);
  }
  void merged(lxw_row_t r0, lxw_col_t c0, lxw_row_t r1, lxw_col_t c1, const std::string& raw, Style style) {
    if (r0 == r1 && c0 == c1) return text(r0, c0, raw, style);
    const std::string text = xml_safe_text(raw);
    check(worksheet_merge_range(m_sheet, r0, c0, r1, c1, text.c_str(), format(text, style)), r0, c0);
  }
  // A number column's cell: a number when it reads as one, else its text.
  void number(lxw_row_t row, lxw_col_t col, const std::string& cell) {
    std::string_view digits = cell;
    if (digits.starts_with('+')) digits.remove_prefix(1);  // "+0.5" in 季度对比
    double value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size()) return text(row, col, cell, k_number);
    check(worksheet_write_number(m_sheet, row, col, value, m_formats.plain[k_number]), row, col);
  }
  void blank(lxw_row_t row, lxw_col_t col, Style style) {
    check(worksheet_write_blank(m_sheet, row, col, m_formats.plain[style]), row, col);
  }
  void row_height(lxw_row_t row, double points) {
    check(worksheet_set_row(m_sheet, row, std::min(points, k_max_row_height), nullptr), row, 0);
  }
  void check(lxw_error e, lxw_row_t row, lxw_col_t col) {
    if (e == LXW_NO_ERROR || m_error) return;
    m_error = fmt::format("工作表“{}”第 {} 行第 {} 列：{}", m_name, row + 1, col + 1, lxw_message(e));
  }
  lxw_worksheet* sheet() const { return m_sheet; }
  const std::optional<std::string>& error() const { return m_error; }

private:
  lxw_format* format(const std::string& text, Style style) {
    if (!starts_like_formula(text)) return m_formats.plain[style];
    m_formats.quoted_used[style] = true;
    return m_formats.quoted[style];
  }

  lxw_worksheet* m_sheet;
  Formats& m_formats;
  std::string m_name;
  std::optional<std::string> m_error;
};

void write_header(SheetWriter& w, const LaidOutTable& t, lxw_row_t first, std::vector<double>& widths) {
  for (const auto& h : t.header) {
    const auto r0 = static_cast<lxw_row_t>(first + h.row);
    const auto c0 = static_cast<lxw_col_t>(h.column);
    w.merged(r0, c0, static_cast<lxw_row_t>(r0 + h.row_span - 1), static_cast<lxw_col_t>(c0 + h.column_span - 1),
             h.text, k_header);
    if (h.column_span == 1 && h.column < widths.size())
      widths[h.column] = std::max(widths[h.column], std::min(width_of(h.text) + 2, k_max_width));
  }
}

void write_rows(SheetWriter& w, const LaidOutTable& t, lxw_row_t data_row, std::vector<double>& widths) {
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(data_row + r);
    for (std::size_t c = 0; c < t.columns && c < t.rows[r].size(); ++c) {
      const std::string& cell = t.rows[r][c];
      const auto col = static_cast<lxw_col_t>(c);
      const bool numeric = t.numeric_columns[c];
      if (cell.empty()) w.blank(row, col, numeric ? k_number : k_text);
      else if (numeric) w.number(row, col, cell);
      else w.text(row, col, cell, k_text);
      if (!numeric) widths[c] = std::max(widths[c], std::min(width_of(cell) + 2, k_max_width));
    }
  }
  // No reader grows a row for wrapped text on its own: give long texts the lines they need.
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    double lines = 1;
    for (std::size_t c = 0; c < t.columns && c < t.rows[r].size(); ++c)
      if (!t.numeric_columns[c]) lines = std::max(lines, std::ceil(width_of(t.rows[r][c]) / (widths[c] - 1)));
    if (lines > 1) w.row_height(static_cast<lxw_row_t>(data_row + r), 15 * lines);
  }
}

// The note wraps within the table's width: text running on to the right would widen the printed page.
void write_note(SheetWriter& w, const LaidOutTable& t, lxw_row_t note_row, const std::vector<double>& widths) {
  double table_width = 0;
  for (double width : widths) table_width += width;
  w.row_height(note_row, 15 * std::ceil(width_of(t.note) / std::max(table_width - 2, 1.0)));
  w.merged(note_row, 0, note_row, static_cast<lxw_col_t>(widths.size() - 1), t.note, k_note);
}

std::optional<std::string> write_sheet(lxw_workbook* book, Formats& formats, const LaidOutTable& t,
                                       const std::string& name) {
  lxw_worksheet* sheet = workbook_add_worksheet(book, name.c_str());
  if (!sheet) return fmt::format("无法添加工作表“{}”：{}", name, lxw_message(workbook_validate_sheet_name(book, name.c_str())));
  SheetWriter w(sheet, formats, name);
  const std::size_t columns = std::max<std::size_t>(t.columns, 1);
  if (t.columns > 16384) return fmt::format("工作表“{}”有 {} 列，超过 Excel 的上限 16384 列", name, t.columns);
  const auto last_col = static_cast<lxw_col_t>(columns - 1);
  w.row_height(0, 30);
  w.merged(0, 0, 0, last_col, t.title, k_title);
  const lxw_row_t first = 1;  // header rows start under the title
  std::vector<double> widths(columns, 6);
  write_header(w, t, first, widths);
  const auto data_row = static_cast<lxw_row_t>(first + t.header_rows);
  write_rows(w, t, data_row, widths);
  for (std::size_t c = 0; c < columns; ++c)
    w.check(worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths[c], nullptr),
            0, static_cast<lxw_col_t>(c));
  // Score and indicator tables keep 序号 and 单位 in view while scrolling right.
  worksheet_freeze_panes(sheet, data_row, t.kind == TableKind::Scores || t.kind == TableKind::Indicators ? 2 : 1);
  worksheet_set_paper(sheet, 9);  // A4
  w.check(worksheet_repeat_rows(sheet, 0, static_cast<lxw_row_t>(data_row - 1)), 0, 0);
  worksheet_fit_to_pages(sheet, 1, 0);
  worksheet_center_horizontally(sheet);
  // Page numbers in the print footer, centred, as staff number printed tables: "第 1 页 共 3 页".
  w.check(worksheet_set_footer(sheet, "&C第 &P 页 共 &N 页"), 0, 0);
  if (!t.note.empty()) write_note(w, t, static_cast<lxw_row_t>(data_row + t.rows.size() + 1), widths);
  return w.error();
}

// libxlsxwriter 1.1.4 (Debian 12) has no format_set_quote_prefix(): the
// attribute is added to those cell styles (cellXfs) of the written file.
std::expected<void, std::string> add_quote_prefix(const std::filesystem::path& path, std::set<std::int32_t> xfs) {
  if (xfs.empty()) return {};
  return edit_zip_entry(path, "xl/styles.xml", [&](std::string xml) -> std::expected<std::string, std::string> {
    pugi::xml_document doc;
    if (!doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_declaration))
      return std::unexpected("libxlsxwriter 写出的样式无法读取");
    std::int32_t index = 0;
    for (auto xf : doc.child("styleSheet").child("cellXfs").children("xf"))
      if (xfs.contains(index++)) xf.append_attribute("quotePrefix").set_value("1");
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw, pugi::encoding_utf8);
    return out.str();
  });
}

// Names for the workbook's sheets, unique as Excel compares them (without case).
class SheetNames {
public:
  std::string add(std::string_view id) {
    std::string name = valid_sheet_name(id);
    for (int n = 2; m_used.contains(file_name_key(name)); ++n) name = valid_sheet_name(id, fmt::format("({})", n));
    m_used.insert(file_name_key(name));
    return name;
  }

private:
  std::set<std::string> m_used;
};

} // namespace

std::string valid_sheet_name(std::string_view id, std::string_view suffix) {
  const std::string text = xml_safe_text(id);
  const std::size_t limit = k_sheet_name_units - std::min(suffix.size(), k_sheet_name_units);
  std::string out;
  std::size_t units = 0;
  const auto n = static_cast<std::int32_t>(text.size());
  for (std::int32_t i = 0; i < n;) {
    const std::int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(text.data(), i, n, c);
    units += c > 0xFFFF ? 2 : 1;
    if (units > limit) break;
    if (c < 0x80 && std::string_view("[]:*?/\\'").find(static_cast<char>(c)) != std::string_view::npos) out += '_';
    else out.append(text, static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
  }
  out += suffix;
  if (out.empty()) out = "工作表";
  if (file_name_key(out) == "history") out += '_';  // Excel keeps the name for its change history
  return out;
}

std::expected<void, std::string> write_xlsx(const std::vector<LaidOutTable>& tables,
                                            const std::filesystem::path& path) {
  const std::string file = path.filename().string();
  lxw_workbook* book = workbook_new(path.c_str());
  if (!book) return std::unexpected(fmt::format("无法创建“{}”", file));
  auto formats = make_formats(book);
  std::optional<std::string> error = formats ? std::nullopt : std::optional<std::string>("内存不足");
  SheetNames names;
  for (std::size_t i = 0; i < tables.size() && !error; ++i) error = write_sheet(book, *formats, tables[i], names.add(tables[i].id));
  if (error) {
    lxw_workbook_free(book);
    return std::unexpected(fmt::format("写入“{}”失败：{}", file, *error));
  }
  std::set<std::int32_t> quoted;
  for (std::size_t s = 0; s < k_style_count; ++s)
    if (formats->quoted_used[s]) quoted.insert(lxw_format_get_xf_index(formats->quoted[s]));
  if (lxw_error e = workbook_close(book); e != LXW_NO_ERROR)
    return std::unexpected(fmt::format("写入“{}”失败：{}", file, lxw_message(e)));
  if (auto patched = add_quote_prefix(path, std::move(quoted)); !patched)
    return std::unexpected(fmt::format("写入“{}”失败：{}", file, patched.error()));
  return {};
}

} // namespace zwgk
