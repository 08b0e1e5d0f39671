#include "ingest/cells.h"

#include "util/text.h"

#include <fmt/format.h>

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
    error(line, column, header, fraction ? fmt::format("“{}”不是整数，应为非负整数", cell)
                                         : fmt::format("“{}”不是数字，应为非负整数", cell));
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

// A date cell of an .xlsx sheet arrives as Excel's serial number (days since
// 1899-12-30, the time as the fraction of a day).
std::optional<DateTime> excel_serial(std::string_view text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < 20000 || value >= 100000)
    return std::nullopt;
  auto days = static_cast<std::int64_t>(value);
  auto minutes = static_cast<int>((value - static_cast<double>(days)) * 1440 + 0.5);
  if (minutes >= 1440) { ++days; minutes -= 1440; }
  constexpr std::int64_t k_excel_epoch = -25569;  // 1899-12-30 in days since 1970-01-01
  return DateTime{Date::from_days_since_epoch(days + k_excel_epoch), minutes};
}

} // namespace

std::optional<Date> CellReader::date(std::string_view cell, std::size_t line, std::size_t column,
                                     std::string_view header) {
  if (auto d = parse_date(trim(cell))) return d;
  if (auto serial = excel_serial(trim(cell))) return serial->date;
  error(line, column, header, fmt::format("“{}”不是有效日期，应写成 2020-08-31 这样的格式", cell));
  return std::nullopt;
}

std::optional<DateTime> CellReader::date_time(std::string_view cell, std::size_t line,
                                              std::size_t column, std::string_view header) {
  if (auto d = parse_date_time(trim(cell))) return d;
  if (auto serial = excel_serial(trim(cell))) return serial;
  error(line, column, header,
        fmt::format("“{}”不是有效的日期时间，应写成 2020-08-31 23:30 这样的格式", cell));
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
  error(line, column, header, fmt::format("“{}”无法识别，应为“是”或“否”", cell));
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
  if (auto id = m_registry->resolve(name)) {
    m_last_name.assign(cell);
    m_last_id = *id;
    return id;
  }
  auto [it, fresh] = m_unknown.try_emplace(std::string(name), Unknown{line, column, std::string(header)});
  ++it->second.rows;
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
  for (const auto& [name, u] : m_unknown) {
    auto suggestions = m_registry->suggest(name);
    std::string msg = "未知单位" + quoted_name(name);
    if (u.rows > 1) msg += fmt::format("（本文件共{}行）", u.rows);
    if (!suggestions.empty()) {
      msg += fmt::format("；是否指：{}？", join(suggestions, "、"));
    } else {
      msg += "；单位名录中没有相近的名称，请先在单位名录中登记";
    }
    cells.error(u.line, u.column, u.header, msg);
  }
  m_unknown.clear();
}

} // namespace zwgk::ingest
