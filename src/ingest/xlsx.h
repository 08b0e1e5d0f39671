// Reading one worksheet of an .xlsx workbook as rows of text cells.
//
// Nothing in Debian reads .xlsx, so the package is opened with libzip and
// its XML parts are streamed through expat: a part is never held whole, and
// a sheet costs what its cells hold (a row with one cell in column XFD is
// one cell, not 16,384). Only what tables of counts need is read: the
// cells' shared or inline strings, numbers as written, and date-formatted
// numbers as ISO dates ("2020-09-01", "2020-09-01 10:30:00"), so the
// importers never see Excel's serial numbers. Every read is bounded (the
// k_xlsx_* limits below): what is beyond a limit is refused with its place,
// never allocated. Rows, columns and cell sizes are bounded as in limits.h.
//
// Problems of single cells (a shared-string index out of range, a formula
// without a cached value, an Excel error value, a cell out of order) do not
// stop the read: they are listed in XlsxSheet::problems with their row and
// column, and the cell is left out. XML that is not well-formed (bytes that
// are not UTF-8, a truncated part) or a limit ends the read at its place,
// like a CSV file's quote error: the rows before it are read, the place is
// the last problem. A workbook that cannot be read at all (not a ZIP, a
// missing part, a zip bomb, no such sheet) is an XlsxError.
#pragma once

#include "ingest/limits.h"

#include <cstddef>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::ingest {

// Cells held (empty cells cost nothing): about eight columns in every one of
// Excel's rows, ~100 MB of cell index plus their text.
inline constexpr std::size_t k_xlsx_max_cells = std::size_t{1} << 23;
// The text of a sheet's cells, a shared string counted at each use: what the
// importers may be handed to read (one short shared string can stand in
// every cell); about 250 bytes in each of Excel's 1,048,576 rows.
inline constexpr std::size_t k_xlsx_max_text_bytes = std::size_t{256} << 20;
// Shared strings of the workbook: more strings than cells could ever use is
// not a table; their text is held while the sheet is imported.
inline constexpr std::size_t k_xlsx_max_shared_strings = k_xlsx_max_cells;
inline constexpr std::size_t k_xlsx_max_shared_bytes = std::size_t{128} << 20;
// A worksheet or the shared strings, inflated: costs time only, never memory
// (streamed); a sheet of Excel's 1,048,576 rows of a few cells fits.
inline constexpr std::uint64_t k_xlsx_max_large_part_bytes = std::uint64_t{512} << 20;
// workbook.xml, its relationships and styles.xml hold names, targets and
// formats only; real ones are kilobytes.
inline constexpr std::uint64_t k_xlsx_max_small_part_bytes = std::uint64_t{16} << 20;

struct XlsxCell {
  std::uint32_t column = 0;  // 0-based: A is 0
  std::uint32_t offset = 0;  // into XlsxSheet::text, or XlsxSheet::shared_text if shared
  std::uint32_t size = 0;
  bool shared = false;
};

struct XlsxRow {
  std::uint32_t number = 0;      // 1-based row number, as Excel shows it
  std::uint32_t first_cell = 0;  // the row's cells are cells[first_cell, first_cell + cell_count)
  std::uint32_t cell_count = 0;  // in ascending column order; empty cells are not held
};

// A cell or row the reader left out, and why (Chinese).
struct XlsxProblem {
  std::size_t before_row = 0;  // reported before rows[before_row] is imported
  std::uint32_t row = 0;       // Excel's row number (rows[before_row]'s when in it); 0 when it has none
  std::uint32_t column = 0;    // 1-based; 0 when the problem is about a whole row
  std::string message;
  // About the value of the cell at row and column only (an error value, a
  // formula without a result…): it matters only if that column is read.
  bool in_value = false;
};


struct XlsxSheet {
  std::string name;
  std::vector<XlsxRow> rows;  // every <row> of the sheet, in ascending order
  std::vector<XlsxCell> cells;
  std::string text;         // text of the cells that are not shared strings
  std::string shared_text;  // the workbook's shared strings
  // The first k_xlsx_max_kept_problems problems; the others counted by column
  // (1-based; 0 for those not in a value).
  std::vector<XlsxProblem> problems;
  std::map<std::uint32_t, std::size_t> problems_omitted;
  bool cut_short = false;  // the read ended at its last problem, before the end of the sheet

  std::span<const XlsxCell> cells_of(const XlsxRow& row) const {
    return std::span<const XlsxCell>(cells).subspan(row.first_cell, row.cell_count);
  }
  std::string_view text_of(const XlsxCell& cell) const {
    return std::string_view(cell.shared ? shared_text : text).substr(cell.offset, cell.size);
  }
};

// Why a workbook or sheet cannot be read at all (Chinese).
struct XlsxError {
  std::string message;
  std::string sheet;  // set once the sheet is chosen
};

// Cell formats (<cellXfs>, and custom number formats) a workbook may
// define: Excel allows 64,000.
inline constexpr std::size_t k_xlsx_max_cell_formats = 65'536;
// Problems kept with their text (the rest are counted per column): enough
// that a column nobody reads, full of formula errors, does not hide the
// problems of the columns that are read.
inline constexpr std::size_t k_xlsx_max_kept_problems = 100'000;

// The bounds of one read: the k_xlsx_* constants, smaller in tests (and for
// a fuzz target) so that each bound can be reached cheaply.
struct XlsxLimits {
  std::size_t cells = k_xlsx_max_cells;
  std::size_t text_bytes = k_xlsx_max_text_bytes;
  std::size_t shared_strings = k_xlsx_max_shared_strings;
  std::size_t shared_bytes = k_xlsx_max_shared_bytes;
  std::uint64_t large_part_bytes = k_xlsx_max_large_part_bytes;
  std::uint64_t small_part_bytes = k_xlsx_max_small_part_bytes;
  std::size_t cell_formats = k_xlsx_max_cell_formats;
  std::size_t kept_problems = k_xlsx_max_kept_problems;
};

// The worksheet named `sheet_name` of the workbook at path, or the first
// worksheet when it is empty (chart sheets do not count). A missing sheet's
// error lists the worksheets the workbook has.
std::expected<XlsxSheet, XlsxError> read_xlsx_sheet(const std::filesystem::path& path,
                                                    std::string_view sheet_name = {},
                                                    const XlsxLimits& limits = {});
// The same from the workbook's bytes (no file system: also the fuzz entry).
std::expected<XlsxSheet, XlsxError> read_xlsx_bytes(std::string_view bytes, std::string_view sheet_name = {},
                                                    const XlsxLimits& limits = {});

// Index of the sheet called `wanted` among `names`: the exact name, else the
// first name equal to it when full-width forms, spaces and ASCII case are
// ignored (Excel itself does not tell "Sheet1" from "sheet1").
std::optional<std::size_t> find_sheet(std::span<const std::string> names, std::string_view wanted);

} // namespace zwgk::ingest
