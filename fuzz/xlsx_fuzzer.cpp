// libFuzzer target: an .xlsx workbook (a quarter's file or the registry).
//
// An input is one of two things:
// - the workbook's bytes, as uploaded (anything not starting "=== "): this
//   reaches libzip's archive reading and zwgk's limits on entries, sizes and
//   compression ratio; but the parts inside are deflated and checksummed, so
//   mutating their XML in place only yields CRC errors;
// - the workbook's parts as text, each introduced by a line "=== NAME"
//   ("=== xl/worksheets/sheet1.xml") and running to the next such line: the
//   target zips them (deflated, with correct checksums) and reads that, so
//   the fuzzer mutates the XML itself. make_seeds.py writes seeds of both.
// The workbook is read by read_xlsx_sheet() (the first worksheet, and one
// named 数据, which most have not, so the error listing the sheets is
// exercised too), then as a quarter's file by import_records() (the kind
// picked by the input's length, so each kind is reached), and the dataset
// is validated.
//
// Invariants: errors are Chinese; a sheet's name and every cell are UTF-8;
// no row has more cells than Excel's 16,384 columns; every problem of the
// import is Chinese (worksheet rows are numbered by the workbook, not by
// the bytes, so positions are not checked).
#include "example.h"
#include "harness.h"
#include "targets.h"

#include "engine/assess.h"
#include "ingest/importers.h"
#include "ingest/xlsx.h"

#include <zip.h>

#include <array>
#include <vector>

namespace zwgk::fuzz {
namespace {

constexpr std::string_view k_part_mark = "=== ";
constexpr std::size_t k_excel_columns = 16'384;

struct Part {
  std::string_view name;
  std::string_view content;
};

// The "=== NAME" parts of a text input.
std::vector<Part> split_parts(std::string_view input) {
  std::vector<Part> parts;
  while (input.starts_with(k_part_mark)) {
    input.remove_prefix(k_part_mark.size());
    std::size_t eol = input.find('\n');
    std::string_view name = input.substr(0, eol);
    input = eol == std::string_view::npos ? std::string_view{} : input.substr(eol + 1);
    std::size_t next = input.find("\n=== ");
    parts.push_back({name, input.substr(0, next)});
    input = next == std::string_view::npos ? std::string_view{} : input.substr(next + 1);
  }
  return parts;
}

// Zips the parts into `path`; false if libzip refuses (e.g. an empty name).
bool write_workbook(const std::filesystem::path& path, const std::vector<Part>& parts) {
  int error = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (!zip) return false;
  for (const auto& part : parts) {
    zip_source_t* source = zip_source_buffer(zip, part.content.data(), part.content.size(), 0);
    if (!source) continue;
    std::string name(part.name);
    zip_int64_t index = zip_file_add(zip, name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (index < 0) {
      zip_source_free(source);
      continue;
    }
    zip_set_file_compression(zip, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 1);
  }
  if (zip_close(zip) == 0) return true;
  zip_discard(zip);
  return false;
}

void check_sheet(const std::expected<ingest::XlsxSheet, ingest::XlsxError>& sheet) {
  if (!sheet) {
    check_message("workbook error", sheet.error().message);
    check_text("sheet name", sheet.error().sheet);
    return;
  }
  check_text("sheet name", sheet->name);
  std::uint32_t last_row = 0;
  std::size_t cells_seen = 0;
  for (const auto& row : sheet->rows) {
    require(row.number > last_row, "rows not in ascending order");
    last_row = row.number;
    require(row.first_cell == cells_seen && row.cell_count <= sheet->cells.size() - cells_seen,
            "a row's cells outside the sheet's cell list");
    if (row.first_cell != cells_seen || row.cell_count > sheet->cells.size() - cells_seen) return;
    cells_seen += row.cell_count;
    std::int64_t last_column = -1;
    for (const auto& cell : sheet->cells_of(row)) {
      require(cell.column < k_excel_columns, "cell beyond Excel's last column");
      require(static_cast<std::int64_t>(cell.column) > last_column, "cells of a row not in ascending columns");
      last_column = cell.column;
      const std::string& store = cell.shared ? sheet->shared_text : sheet->text;
      require(cell.offset <= store.size() && cell.size <= store.size() - cell.offset, "cell text outside its store");
      if (cell.offset <= store.size() && cell.size <= store.size() - cell.offset) check_text("cell", sheet->text_of(cell));
    }
  }
  for (const auto& p : sheet->problems) {
    check_message("cell problem", p.message);
    require(p.before_row <= sheet->rows.size(), "a problem placed after the last row");
  }
}

constexpr std::array<ingest::RecordKind, 4> k_kinds = {ingest::RecordKind::Published, ingest::RecordKind::Submissions,
                                                       ingest::RecordKind::Adoptions, ingest::RecordKind::Findings};

} // namespace

void xlsx(std::string_view input) {
  const Example& ex = example();
  std::filesystem::path path;
  if (input.starts_with(k_part_mark)) {
    path = scratch_file("工作簿.xlsx", {});
    if (!write_workbook(path, split_parts(input))) return;
  } else {
    path = scratch_file("工作簿.xlsx", input);
  }
  check_sheet(ingest::read_xlsx_sheet(path));
  check_sheet(ingest::read_xlsx_sheet(path, "数据"));

  Dataset data;
  Diagnostics problems;
  ingest::ImportContext ctx{ex.ws.registry, ex.ws.scheme, ex.ws.period, data, problems};
  ingest::import_records(k_kinds[input.size() % k_kinds.size()], path, "2020Q3/工作簿.xlsx", {}, ctx);
  check_diagnostics(problems);
  if (!problems.has_errors()) check_diagnostics(validate_dataset(ex.ws.registry, ex.ws.scheme, data, ex.ws.period));
}

} // namespace zwgk::fuzz

ZWGK_FUZZ_ENTRY(zwgk::fuzz::xlsx)
