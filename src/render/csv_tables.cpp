#include "render/csv_tables.h"

#include <string_view>

namespace zwgk {
namespace {

void append_field(std::string& out, const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_row(std::string& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    append_field(out, cells[i]);
  }
  out += "\r\n";
}

} // namespace

std::string render_csv(const LaidOutTable& table) {
  std::string out = csv_document(header_grid(table));
  for (const auto& row : table.rows) append_row(out, row);
  return out;
}

std::string csv_document(const std::vector<std::vector<std::string>>& rows) {
  std::string out = "\xEF\xBB\xBF";
  for (const auto& row : rows) append_row(out, row);
  return out;
}

std::string csv_file_name(const LaidOutTable& table) {
  std::string name = table.id + "-" + table.title + ".csv";
  for (char& c : name)
    if (std::string_view("/\\:*?\"<>|").find(c) != std::string_view::npos) c = '_';
  return name;
}

} // namespace zwgk
