#include "model/diagnostics.h"

#include <fmt/format.h>

namespace zwgk {
namespace {

std::size_t other_listed_errors(const Diagnostics& other) {
  std::size_t n = 0;
  for (const auto& d : other.entries()) n += d.severity == Severity::Error ? 1 : 0;
  return n;
}

} // namespace

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

void Diagnostics::add(Diagnostic d) {
  if (d.severity == Severity::Error) ++m_error_count;
  if (m_entries.size() < k_max_listed_diagnostics) m_entries.push_back(std::move(d));
  else ++m_omitted;
}

void Diagnostics::error(Location where, std::string message) {
  add({Severity::Error, std::move(where), std::move(message)});
}

void Diagnostics::warning(Location where, std::string message) {
  add({Severity::Warning, std::move(where), std::move(message)});
}

void Diagnostics::append(const Diagnostics& other) {
  for (const auto& d : other.m_entries) add(d);
  // What `other` only counted stays counted here (its errors among them).
  m_omitted += other.m_omitted;
  m_error_count += other.m_error_count - other_listed_errors(other);
}

std::string omitted_note(const Diagnostics& diagnostics) {
  if (diagnostics.omitted_count() == 0) return {};
  return fmt::format("……另有 {} 个问题未列出（只列出前 {} 个）", diagnostics.omitted_count(),
                     k_max_listed_diagnostics);
}

std::uint32_t SourceFiles::add(std::string file, std::string sheet) {
  m_files.push_back({std::move(file), std::move(sheet), {}});
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

void SourceFiles::set_column(std::uint32_t file, std::string field, std::size_t column, std::string label) {
  if (file < m_files.size()) m_files[file].columns.push_back({std::move(field), column, std::move(label)});
}

Location SourceFiles::locate_field(SourceRef ref, std::string_view field) const {
  if (ref.file < m_files.size())
    for (const auto& c : m_files[ref.file].columns)
      if (c.field == field) return locate(ref, c.column, c.label);
  return locate(ref);
}

} // namespace zwgk
