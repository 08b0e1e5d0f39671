#include "model/diagnostics.h"

#include <fmt/format.h>

namespace zwgk {

std::string Location::describe() const {
  std::string out = fmt::format("“{}”", file);
  if (!sheet.empty()) out += fmt::format(" 工作表“{}”", sheet);
  if (line > 0) out += fmt::format(" 第{}行", line);
  if (column > 0) out += fmt::format("第{}列", column);
  if (!column_name.empty()) out += fmt::format("（{}）", column_name);
  return out;
}

std::string Diagnostic::to_string() const {
  std::string_view level = severity == Severity::Error ? "错误" : "警告";
  if (where.file.empty()) return fmt::format("{}：{}", level, message);
  return fmt::format("{}：读取{}时：{}", level, where.describe(), message);
}

void Diagnostics::error(Location where, std::string message) {
  m_entries.push_back({Severity::Error, std::move(where), std::move(message)});
  ++m_error_count;
}

void Diagnostics::warning(Location where, std::string message) {
  m_entries.push_back({Severity::Warning, std::move(where), std::move(message)});
}

void Diagnostics::append(const Diagnostics& other) {
  for (const auto& d : other.m_entries) m_entries.push_back(d);
  m_error_count += other.m_error_count;
}

std::uint32_t SourceFiles::add(std::string file, std::string sheet) {
  m_files.push_back({std::move(file), std::move(sheet)});
  return static_cast<std::uint32_t>(m_files.size() - 1);
}

Location SourceFiles::locate(SourceRef ref, std::size_t column, std::string column_name) const {
  Location loc;
  if (ref.file < m_files.size()) {
    loc.file = m_files[ref.file].file;
    loc.sheet = m_files[ref.file].sheet;
  }
  loc.line = ref.line;
  loc.column = column;
  loc.column_name = std::move(column_name);
  return loc;
}

} // namespace zwgk
