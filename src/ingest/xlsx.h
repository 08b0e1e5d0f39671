// Reading one worksheet of an .xlsx workbook as rows of text cells.
//
// Nothing in Debian reads .xlsx, so the package is opened with libzip and
// its XML parts with pugixml. Only what tables of counts need is read: the
// sheet's cells with shared or inline strings and numbers as written (dates
// stay Excel serial numbers; the importers understand those). Every archive
// read is bounded: number of entries, size of each part and the compression
// ratio (a zip bomb is refused before it is inflated).
#pragma once

#include <cstddef>
#include <expected>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::ingest {

struct XlsxRow {
  std::size_t number = 0;  // 1-based row number, as Excel shows it
  std::vector<std::string> cells;
};

struct XlsxSheet {
  std::string name;
  std::vector<XlsxRow> rows;
};

// The worksheet named `sheet_name`, or the first worksheet when it is
// empty (chart sheets do not count). The error is Chinese and names what is
// wrong; a missing sheet's error lists the worksheets the workbook has.
std::expected<XlsxSheet, std::string> read_xlsx_sheet(const std::filesystem::path& path,
                                                      std::string_view sheet_name = {});

// Index of the sheet called `wanted` among `names`: the exact name, else the
// first name equal to it when full-width forms, spaces and ASCII case are
// ignored (Excel itself does not tell "Sheet1" from "sheet1").
std::optional<std::size_t> find_sheet(std::span<const std::string> names, std::string_view wanted);

} // namespace zwgk::ingest
