#include "ingest/table.h"

#include "ingest/table_reader.h"

#include "ingest/chunks.h"
#include "ingest/csv.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <thread>

namespace zwgk::ingest {

std::optional<std::size_t> Header::find(std::initializer_list<std::string_view> names) const {
  for (auto name : names) {
    auto folded = fold_name(name);
    for (std::size_t i = 0; i < labels.size(); ++i)
      if (labels[i] == folded) return i;
  }
  return std::nullopt;
}

std::vector<std::string_view> TableImporter::key_column_names() const {
  return {"单位", "单位名称", "单位全称", "部门", "部门名称"};
}

bool is_blank_row(std::span<const std::string_view> cells) {
  return std::all_of(cells.begin(), cells.end(), [](auto c) { return trim(c).empty(); });
}

void import_table(const std::filesystem::path& path, const Location& file, Diagnostics& out,
                  TableImporter& importer, const ProgressFn& progress) {
  std::error_code ec;
  TableReader reader(file, out, importer, std::filesystem::file_size(path, ec));
  bool read_ok = read_chunks(path, file, out, [&](const Chunk& chunk) {
    return reader.chunk(chunk.text, chunk.first_line, chunk.delimiter, chunk.aside);
  }, progress);
  reader.finish(read_ok);
}

bool is_xlsx(const std::filesystem::path& path) {
  auto ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".xlsx";
}

std::optional<TableFile> open_table(const std::filesystem::path& path, const std::string& display_name,
                                    std::string_view sheet_name, Diagnostics& out) {
  TableFile table{path, {display_name, {}, 0, 0, {}}, std::nullopt};
  if (!is_xlsx(path)) return table;
  auto sheet = read_xlsx_sheet(path, sheet_name);
  if (!sheet) {
    Location at = table.where;
    at.sheet = sheet.error().sheet;
    out.error(std::move(at), sheet.error().message);
    return std::nullopt;
  }
  table.where.sheet = sheet->name;
  table.sheet = std::move(*sheet);
  return table;
}

void import_table(const TableFile& table, Diagnostics& out, TableImporter& importer,
                  const ProgressFn& progress) {
  if (table.sheet) import_rows(*table.sheet, table.where, out, importer);
  else import_table(table.path, table.where, out, importer, progress);
}

} // namespace zwgk::ingest
