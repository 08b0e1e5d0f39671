#include "render/csv_tables.h"

#include "util/text.h"

#include <string_view>

namespace zwgk {

std::string render_csv(const LaidOutTable& table) {
  std::string out = csv_document(header_grid(table));
  for (const auto& row : table.rows) append_csv_row(out, row);
  return out;
}

std::string csv_document(const std::vector<std::vector<std::string>>& rows, CsvCells mode) {
  std::string out = "\xEF\xBB\xBF";
  for (const auto& row : rows) append_csv_row(out, row, mode);
  return out;
}

std::string csv_file_name(const LaidOutTable& table) {
  std::string name = table.id + "-" + table.title + ".csv";
  for (char& c : name)
    if (std::string_view("/\\:*?\"<>|").find(c) != std::string_view::npos) c = '_';
  return name;
}

} // namespace zwgk
