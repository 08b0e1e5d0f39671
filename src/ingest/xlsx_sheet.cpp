// A worksheet's rows and cells, and the workbook's shared strings, read as
// expat streams them: each cell is held once, in ascending row and column
// order, at the place Excel shows it.
#include "ingest/xlsx_parts.h"

#include "util/text.h"

#include <fmt/format.h>

#include <charconv>
#include <cstdint>
#include <limits>

namespace zwgk::ingest::xlsx {
namespace {

// How much of a formula a message quotes.
constexpr std::size_t k_quoted_formula_bytes = 60;

enum class El : std::uint8_t {
  Other, Root, SheetData, Row, Cell, Value, Formula, InlineString, StringItem, Run, Text,
};

// The elements open at the moment, by what they mean here.
class Stack {
public:
  El top() const { return m_open.empty() ? El::Other : m_open.back(); }
  El parent() const { return m_open.size() < 2 ? El::Other : m_open[m_open.size() - 2]; }
  void push(El e) { m_open.push_back(e); }
  El pop() {
    El e = top();
    if (!m_open.empty()) m_open.pop_back();
    return e;
  }
  bool empty() const { return m_open.empty(); }
  // The <t> of a rich text's plain part or of one of its runs (<rPh>, the
  // phonetic guide, is not part of the text).
  bool in_text() const {
    if (top() != El::Text) return false;
    El p = parent();
    if (p == El::StringItem || p == El::InlineString) return true;
    return p == El::Run && m_open.size() >= 3 &&
           (m_open[m_open.size() - 3] == El::StringItem || m_open[m_open.size() - 3] == El::InlineString);
  }

private:
  std::vector<El> m_open;
};

// What a rich text element (<si> or <is>) means inside `parent`.
El rich_text_child(El parent, std::string_view name) {
  if (parent == El::StringItem || parent == El::InlineString) {
    if (name == "t") return El::Text;
    if (name == "r") return El::Run;
  }
  if (parent == El::Run && name == "t") return El::Text;
  return El::Other;
}

// Text collected up to k_max_cell_bytes; beyond it only the fact is kept.
struct BoundedText {
  std::string text;
  bool too_long = false;
  void clear() {
    text.clear();
    too_long = false;
  }
  void append(std::string_view piece) {
    if (too_long) return;
    if (text.size() + piece.size() > k_max_cell_bytes) {
      too_long = true;
      text.clear();
      return;
    }
    text += piece;
  }
};

// "128 MB", or the bytes of a smaller limit.
std::string size_text(std::size_t bytes) {
  return bytes >= (1u << 20) ? fmt::format("{} MB", bytes >> 20) : fmt::format("{} 字节", bytes);
}

std::string too_long_message() {
  return fmt::format("单元格文本超过 {} 字节（Excel 每个单元格最多 32767 个字符），未读取", k_max_cell_bytes);
}

class SharedStringsHandler : public XmlHandler {
public:
  SharedStringsHandler(const XlsxLimits& limits, SharedStrings& out) : m_limits(limits), m_out(out) {}

  void start(std::string_view name, const Attributes&) override {
    El parent = m_stack.empty() ? El::Root : m_stack.top();
    El el = El::Other;
    if (m_stack.empty()) el = El::Root;
    else if (parent == El::Root && name == "si") el = El::StringItem;
    else el = rich_text_child(parent, name);
    if (el == El::StringItem) m_item.clear();
    m_stack.push(el);
  }
  void text(std::string_view piece) override {
    if (m_stack.in_text()) m_item.append(piece);
  }
  void end(std::string_view) override {
    if (m_stack.pop() != El::StringItem) return;
    if (m_out.spans.size() >= m_limits.shared_strings)
      return stop(fmt::format("的共享字符串超过 {} 个，已拒绝", m_limits.shared_strings));
    if (m_out.text.size() + m_item.text.size() > m_limits.shared_bytes)
      return stop(fmt::format("的共享字符串合计超过 {}，已拒绝", size_text(m_limits.shared_bytes)));
    m_out.spans.push_back({static_cast<std::uint32_t>(m_out.text.size()),
                           static_cast<std::uint32_t>(m_item.text.size()), m_item.too_long});
    m_out.text += m_item.text;
  }

private:
  const XlsxLimits& m_limits;
  SharedStrings& m_out;
  Stack m_stack;
  BoundedText m_item;
};

std::optional<std::uint32_t> parse_uint(std::string_view text) {
  std::uint32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// "XFD1048576" → column 16383 (0-based) and row 1048576; nothing if it is not a cell reference.
struct CellRef {
  std::uint64_t column = 0;
  std::uint32_t row = 0;
};
std::optional<CellRef> parse_ref(std::string_view ref) {
  CellRef out;
  std::size_t i = 0;
  for (; i < ref.size() && i < 4; ++i) {
    char c = ref[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    out.column = out.column * 26 + static_cast<std::uint64_t>(c - 'A' + 1);
  }
  auto row = parse_uint(ref.substr(i));
  if (i == 0 || !row) return std::nullopt;
  out.column -= 1;
  out.row = *row;
  return out;
}

class SheetHandler : public XmlHandler {
public:
  SheetHandler(const SharedStrings& shared, const Styles& styles, const XlsxLimits& limits, XlsxSheet& sheet)
      : m_shared(shared), m_styles(styles), m_limits(limits), m_sheet(sheet) {}

  void start(std::string_view name, const Attributes& attrs) override {
    El parent = m_stack.empty() ? El::Other : m_stack.top();
    El el = El::Other;
    if (m_stack.empty()) el = El::Root;
    else if (parent == El::Root && name == "sheetData") el = El::SheetData;
    else if (parent == El::SheetData && name == "row") el = El::Row;
    else if (parent == El::Row && name == "c") el = El::Cell;
    else if (parent == El::Cell && name == "v") el = El::Value;
    else if (parent == El::Cell && name == "f") el = El::Formula;
    else if (parent == El::Cell && name == "is") el = El::InlineString;
    else el = rich_text_child(parent, name);
    m_stack.push(el);
    if (el == El::Row) begin_row(attrs);
    else if (el == El::Cell) begin_cell(attrs);
    else if (el == El::Value) m_has_value = true;
    else if (el == El::Formula) m_has_formula = true;
    else if (el == El::InlineString) m_has_inline = true;
  }

  void text(std::string_view piece) override {
    El top = m_stack.top();
    if (top == El::Value) m_value.append(piece);
    else if (top == El::Formula && m_formula.size() < k_quoted_formula_bytes + 4) m_formula += piece.substr(0, 64);
    else if (m_stack.in_text()) m_inline.append(piece);
  }

  void end(std::string_view) override {
    El el = m_stack.pop();
    if (el == El::Cell) end_cell();
    else if (el == El::Row) m_row_ok = false;  // no row is open
  }

  // A problem that ended the parse, at the row and cell it was in.
  void stop_at_place(std::string message) {
    problem(m_row_ok ? m_row : 0, m_row_ok && m_in_cell ? m_column + 1 : 0, std::move(message), Scope::Place);
  }
  bool uses_broken_shared_string() const { return m_used_broken; }

private:
  enum class Scope { Value, Place };  // a cell's value, or where cells or rows are

  void problem(std::uint32_t row, std::uint32_t column, std::string message, Scope scope = Scope::Value) {
    bool in_value = scope == Scope::Value && column > 0;
    if (m_sheet.problems.size() >= m_limits.kept_problems) {
      ++m_sheet.problems_omitted[in_value ? column : 0];
      return;
    }
    // A problem in the current row is reported before that row, one about a
    // row left out before the next row.
    std::size_t before = m_row_ok && row == m_row ? m_sheet.rows.size() - 1 : m_sheet.rows.size();
    m_sheet.problems.push_back({before, row, column, std::move(message), in_value});
  }

  void begin_row(const Attributes& attrs) {
    m_row_ok = false;
    std::uint32_t number = m_last_row + 1;
    if (auto r = attrs.get("r")) {
      auto parsed = parse_uint(*r);
      if (!parsed || *parsed == 0 || *parsed > k_max_rows) {
        problem(0, 0, fmt::format("行号“{}”无效（应为 1 到 {} 的整数），该行未读取", quoted_server_text(*r, 40),
                                  k_max_rows));
        return;
      }
      number = *parsed;
    }
    if (number > k_max_rows) {
      problem(0, 0, fmt::format("第{}行之后的行超出 Excel 的最后一行 {}，未读取", m_last_row, k_max_rows));
      return;
    }
    if (number <= m_last_row) {
      problem(number, 0, number == m_last_row
                             ? fmt::format("第{}行重复出现，重复的行未读取", number)
                             : fmt::format("第{}行出现在第{}行之后（行的顺序颠倒），未读取；请用 Excel 打开后另存",
                                           number, m_last_row));
      return;
    }
    m_row_ok = true;
    m_row = m_last_row = number;
    m_last_column = -1;
    m_sheet.rows.push_back({number, static_cast<std::uint32_t>(m_sheet.cells.size()), 0});
  }

  void begin_cell(const Attributes& attrs) {
    m_in_cell = false;
    m_value.clear();
    m_inline.clear();
    m_formula.clear();
    m_has_value = m_has_formula = m_has_inline = false;
    if (!m_row_ok) return;
    std::uint64_t column = static_cast<std::uint64_t>(m_last_column + 1);
    std::string ref;
    if (auto r = attrs.get("r")) {
      ref = quoted_server_text(*r, 40);
      auto parsed = parse_ref(*r);
      if (!parsed) return problem(m_row, static_cast<std::uint32_t>(column + 1),
                                  fmt::format("单元格位置“{}”无效，该单元格未读取", ref), Scope::Place);
      if (parsed->row != m_row)
        return problem(m_row, static_cast<std::uint32_t>(std::min<std::uint64_t>(parsed->column, k_max_columns) + 1),
                       fmt::format("单元格“{}”不在它所在的第{}行中，未读取", ref, m_row));
      column = parsed->column;
    }
    if (column >= k_max_columns)
      return problem(m_row, 0, fmt::format("单元格{}超出 Excel 的最后一列 XFD，未读取",
                                           ref.empty() ? "" : "“" + ref + "”"));
    if (static_cast<std::int64_t>(column) <= m_last_column)
      return problem(m_row, static_cast<std::uint32_t>(column + 1),
                     fmt::format("单元格“{}”重复出现或顺序颠倒，未读取；请用 Excel 打开后另存", ref));
    m_in_cell = true;
    m_column = static_cast<std::uint32_t>(column);
    m_last_column = static_cast<std::int64_t>(column);
    m_type = std::string(attrs.get("t").value_or("n").substr(0, 16));
    m_style = attrs.get("s") ? parse_uint(*attrs.get("s")) : std::nullopt;
  }

  void end_cell() {
    if (!m_in_cell) return;
    m_in_cell = false;
    std::uint32_t col = m_column + 1;
    if (m_value.too_long || m_inline.too_long) return problem(m_row, col, too_long_message());
    if (m_type == "s") return shared_cell(col);
    if (m_type == "inlineStr") return add_text(m_has_inline ? m_inline.text : m_value.text);
    if (m_type == "e")
      return problem(m_row, col, fmt::format("单元格是 Excel 的错误值“{}”（公式出错），应改为正确的值",
                                             quoted_server_text(m_value.text, 40)));
    if (m_type != "n" && m_type != "str" && m_type != "b" && m_type != "d")
      return problem(m_row, col, fmt::format("单元格类型“{}”无法识别", quoted_server_text(m_type, 16)));
    if (!m_has_value) {
      if (m_has_formula)  // a shared formula's other cells have no text of their own
        problem(m_row, col, fmt::format("公式{}没有保存计算结果（生成文件的程序未计算公式）；"
                                        "请用 Excel 或 WPS 打开后保存，或把公式改为数值",
                                        m_formula.empty() ? "" : "“" + quoted_server_text(m_formula, k_quoted_formula_bytes) + "”"));
      return;
    }
    if (m_type == "n" && m_styles.is_date(m_style)) {
      if (auto iso = serial_to_iso(m_value.text, m_styles.date1904)) return add_text(*iso);
      return problem(m_row, col, fmt::format("单元格设为日期格式，但它的值“{}”不是 Excel 能表示的日期（{}至 9999-12-31）",
                                             quoted_server_text(m_value.text, 40),
                                             m_styles.date1904 ? "1904-01-01 " : "1900-01-01 "));
    }
    add_text(m_value.text);
  }

  void shared_cell(std::uint32_t col) {
    if (!m_has_value || m_value.text.empty()) return;
    auto index = parse_uint(m_value.text);
    if (!index)
      return problem(m_row, col, fmt::format("共享字符串编号“{}”无效（工作簿已损坏）", quoted_server_text(m_value.text, 40)));
    if (m_shared.broken_at && *index >= *m_shared.broken_at) {
      m_used_broken = true;
      return problem(m_row, col, fmt::format("单元格的文本（第{}个共享字符串）无法读取：{}", *index + 1,
                                             m_shared.broken_reason));
    }
    if (*index >= m_shared.spans.size())
      return problem(m_row, col, fmt::format("共享字符串编号 {} 超出范围（工作簿只有 {} 个共享字符串），工作簿已损坏",
                                             *index, m_shared.spans.size()));
    const auto& span = m_shared.spans[*index];
    if (span.too_long) return problem(m_row, col, too_long_message());
    if (span.size > 0) add(XlsxCell{m_column, span.offset, span.size, true});
  }

  void add_text(std::string_view text) {
    if (!text.empty() && add(XlsxCell{m_column, static_cast<std::uint32_t>(m_sheet.text.size()),
                                      static_cast<std::uint32_t>(text.size()), false}))
      m_sheet.text += text;
  }

  // Holds the cell unless a limit is reached (which stops the parse).
  bool add(XlsxCell cell) {
    static_assert(k_xlsx_max_text_bytes < std::numeric_limits<std::uint32_t>::max(), "offsets are 32 bits");
    if (m_sheet.cells.size() >= m_limits.cells) {
      stop(fmt::format("的单元格超过 {} 个，已拒绝；请把数据分成几个文件", m_limits.cells));
      return false;
    }
    if ((m_text_bytes += cell.size) > std::min(m_limits.text_bytes, k_xlsx_max_text_bytes)) {
      stop(fmt::format("的单元格文本合计超过 {}（共享字符串按每次使用计），已拒绝；请把数据分成几个文件",
                       size_text(m_limits.text_bytes)));
      return false;
    }
    m_sheet.cells.push_back(cell);
    ++m_sheet.rows.back().cell_count;
    return true;
  }

  const SharedStrings& m_shared;
  const Styles& m_styles;
  const XlsxLimits& m_limits;
  XlsxSheet& m_sheet;
  Stack m_stack;
  // The open row (if m_row_ok): its number, and the last column read in it.
  bool m_row_ok = false;
  std::uint32_t m_row = 0, m_last_row = 0;
  std::int64_t m_last_column = -1;
  // The current cell.
  bool m_in_cell = false;
  std::uint32_t m_column = 0;
  std::string m_type;
  std::optional<std::uint32_t> m_style;
  BoundedText m_value, m_inline;
  std::string m_formula;
  bool m_has_value = false, m_has_formula = false, m_has_inline = false;
  bool m_used_broken = false;
  std::size_t m_text_bytes = 0;  // of the cells held, shared strings at each use
};

} // namespace

std::optional<PartError> read_shared_strings(zip_t* zip, const std::string& part, const XlsxLimits& limits,
                                            SharedStrings& shared) {
  SharedStringsHandler handler(limits, shared);
  auto error = parse_part(zip, part, limits.large_part_bytes, handler);
  if (!error || error->kind != PartFailure::Invalid) return error;
  shared.broken_at = shared.spans.size();
  shared.broken_reason = std::move(error->message);
  return std::nullopt;
}

std::optional<XlsxError> read_sheet(zip_t* zip, const std::string& part, SharedStrings shared,
                                    const Styles& styles, const XlsxLimits& limits, XlsxSheet& sheet) {
  SheetHandler handler(shared, styles, limits, sheet);
  if (auto error = parse_part(zip, part, limits.large_part_bytes, handler)) {
    if (error->kind == PartFailure::Refused) return XlsxError{std::move(error->message), sheet.name};
    // Like a CSV file: the rows before the place are read, the rest is not.
    handler.stop_at_place(error->message + "；此处及以后的内容未读取");
    sheet.cut_short = true;
  } else if (shared.broken_at && !handler.uses_broken_shared_string()) {
    handler.stop_at_place("工作簿的共享字符串已损坏：" + shared.broken_reason);
  }
  sheet.shared_text = std::move(shared.text);
  return std::nullopt;
}

} // namespace zwgk::ingest::xlsx
