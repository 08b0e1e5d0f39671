#include "ingest/cells.h"

#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace zwgk::ingest {

Location CellReader::at(std::size_t line, std::size_t column, std::string_view header) const {
  Location loc = m_file;
  loc.line = line;
  loc.column = column;
  loc.column_name = std::string(header);
  return loc;
}

void CellReader::error(std::size_t line, std::size_t column, std::string_view header,
                       std::string message) {
  m_out->error(at(line, column, header), std::move(message));
}

std::optional<std::int64_t> CellReader::count(std::string_view cell, std::size_t line,
                                              std::size_t column, std::string_view header,
                                              std::optional<std::int64_t> blank_value) {
  std::string folded;
  std::string_view text = trim(cell);
  if (!text.empty() && static_cast<unsigned char>(text.front()) >= 0x80) {
    folded = fold_name(text);  // full-width digits such as "１２"
    text = folded;
  }
  if (text.empty()) {
    if (!blank_value) error(line, column, header, "此处不能为空，应为非负整数");
    return blank_value;
  }
  // Excel sometimes writes whole numbers as "12.0".
  if (auto dot = text.find('.'); dot != std::string_view::npos &&
                                 text.substr(dot + 1).find_first_not_of('0') == std::string_view::npos)
    text = text.substr(0, dot);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    bool fraction = ec == std::errc{} && *end == '.';
    error(line, column, header, fraction ? fmt::format("{}不是整数，应为非负整数", quoted_name(cell))
                                         : fmt::format("{}不是数字，应为非负整数", quoted_name(cell)));
    return std::nullopt;
  }
  if (value < 0) {
    error(line, column, header, fmt::format("{}为负数，应为非负整数", value));
    return std::nullopt;
  }
  if (value > k_max_count) {
    error(line, column, header, fmt::format("{}过大，应不超过{}", value, k_max_count));
    return std::nullopt;
  }
  return value;
}

namespace {

// A bare number where a date belongs: Excel's serial day number written out
// (a CSV saved from a date column, or an .xlsx cell whose format is not a
// date). Not guessed: 44075 could as well be a typo.
bool is_bare_number(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789.") == std::string_view::npos;
}

// what: "日期" or "的日期时间"; example: how to write one.
std::string not_a_date(std::string_view cell, std::string_view what, std::string_view example) {
  if (is_bare_number(trim(cell)))
    return fmt::format("{}是数字而不是日期（Excel 的日期序号不能识别），应写成 {} 这样的格式；"
                       "在 Excel 中请把该列设置为日期格式",
                       quoted_name(cell), example);
  return fmt::format("{}不是有效{}，应写成 {} 这样的格式", quoted_name(cell), what, example);
}

} // namespace

std::optional<Date> CellReader::date(std::string_view cell, std::size_t line, std::size_t column,
                                     std::string_view header) {
  if (auto d = parse_date(trim(cell))) return d;
  error(line, column, header, not_a_date(cell, "日期", "2020-08-31"));
  return std::nullopt;
}

std::optional<DateTime> CellReader::date_time(std::string_view cell, std::size_t line,
                                              std::size_t column, std::string_view header) {
  if (auto d = parse_date_time(trim(cell))) return d;
  error(line, column, header, not_a_date(cell, "的日期时间", "2020-08-31 23:30"));
  return std::nullopt;
}

std::optional<bool> CellReader::yes_no(std::string_view cell, std::size_t line,
                                       std::size_t column, std::string_view header,
                                       bool blank_value) {
  auto text = fold_name(cell);
  if (text.empty()) return blank_value;
  for (std::string_view yes : {"是", "Y", "y", "yes", "YES", "1", "true", "TRUE", "√", "✓"})
    if (text == yes) return true;
  for (std::string_view no : {"否", "N", "n", "no", "NO", "0", "false", "FALSE", "×", "✗"})
    if (text == no) return false;
  error(line, column, header, fmt::format("{}无法识别，应为“是”或“否”", quoted_name(cell)));
  return std::nullopt;
}

std::optional<std::string> CellReader::required_text(std::string_view cell, std::size_t line,
                                                     std::size_t column, std::string_view header) {
  auto text = trim(cell);
  if (text.empty()) {
    error(line, column, header, "此处不能为空");
    return std::nullopt;
  }
  return std::string(text);
}

std::optional<UnitId> UnitResolver::resolve(std::string_view cell, std::size_t line,
                                            std::size_t column, std::string_view header,
                                            CellReader& cells) {
  if (!m_last_name.empty() && cell == m_last_name) return m_last_id;  // rows often repeat a unit
  auto name = trim(cell);
  if (name.empty()) {
    cells.error(line, column, header, "单位名称为空");
    return std::nullopt;
  }
  if (name.size() > k_max_unit_name_bytes) {
    cells.error(line, column, header, fmt::format("单位名称{}过长（超过 {} 字节），不是单位名称", quoted_name(name),
                                                  k_max_unit_name_bytes));
    return std::nullopt;
  }
  if (auto id = m_registry->resolve(name)) {
    m_last_name.assign(cell);
    m_last_id = *id;
    return id;
  }
  auto known = m_unknown.find(name);
  if (known == m_unknown.end() && m_unknown.size() >= k_max_unknown_names) {
    cells.error(line, column, header, fmt::format("未知单位{}；请先在单位名录中登记", quoted_name(name)));
    return std::nullopt;
  }
  if (known == m_unknown.end()) known = m_unknown.emplace(std::string(name), Unknown{line, column, std::string(header)}).first;
  ++known->second.rows;
  return std::nullopt;
}

void UnitResolver::absorb(UnitResolver& worker) {
  for (auto& [name, u] : worker.m_unknown) {
    auto [it, fresh] = m_unknown.try_emplace(name, u);
    if (!fresh) it->second.rows += u.rows;
  }
  worker.m_unknown.clear();
}

void UnitResolver::flush(CellReader& cells) {
  if (!m_registry->complete()) {  // the loader says so once; the registry's errors come first
    m_unknown.clear();
    return;
  }
  std::size_t suggested = 0;
  for (const auto& [name, u] : m_unknown) {
    std::string msg = "未知单位" + quoted_name(name);
    if (u.rows > 1) msg += fmt::format("（本文件共{}行）", u.rows);
    if (suggested++ >= k_max_suggested_names) {
      msg += "；请先在单位名录中登记";
    } else if (auto suggestions = m_registry->suggest(name); !suggestions.empty()) {
      msg += fmt::format("；是否指：{}？", join(suggestions, "、"));
    } else {
      msg += "；单位名录中没有相近的名称，请先在单位名录中登记";
    }
    cells.error(u.line, u.column, u.header, msg);
  }
  m_unknown.clear();
}

} // namespace zwgk::ingest
