// The parts of a workbook that a sheet's values depend on (internal to
// ingest/): cell formats (which cells show dates) and shared strings.
#pragma once

#include "ingest/xlsx.h"
#include "ingest/xlsx_xml.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::ingest::xlsx {

struct Styles {
  std::vector<bool> date_format;  // per cell format (a cell's s=): shows a date or time
  bool date1904 = false;          // serial 0 is 1904-01-01 (old Mac workbooks), else 1899-12-30

  bool is_date(std::optional<std::uint32_t> style) const {
    return style && *style < date_format.size() && date_format[*style];
  }
};

// Fills styles.date_format from the part (absent: no cell shows a date).
std::optional<PartError> read_styles(zip_t* zip, const std::string& part, const XlsxLimits& limits, Styles& styles);

// Whether a number format code shows a date or time ("yyyy/m/d", "h:mm",
// "yyyy\"年\"m\"月\"d\"日\"", "[$-804]aaaa"…) rather than a number.
bool is_date_format(std::string_view code);
bool is_builtin_date_format(std::uint32_t id);

// Excel's serial number as the importers' date text: "2020-09-01", with the
// time of day when there is one ("2020-09-01 10:30:00", to the second); a
// time alone ("10:30:00") below 1 in the 1900 system. Nothing for text that
// is not a finite number of a day through 9999-12-31 (from 1904-01-01 in
// the 1904 system), or Excel's 1900-02-29 that never was.
std::optional<std::string> serial_to_iso(std::string_view value, bool date1904);

// The workbook's shared strings, their text in one buffer.
struct SharedStrings {
  struct Span {
    std::uint32_t offset = 0, size = 0;
    bool too_long = false;  // over k_max_cell_bytes: not held
  };
  std::string text;
  std::vector<Span> spans;
  // The part is not well-formed XML from string `broken_at` on: strings
  // before it are read, cells that use a later one are problems.
  std::optional<std::size_t> broken_at;
  std::string broken_reason;
};

// Reads the shared strings; an error only for a limit or an unreadable part
// (broken XML is recorded in `shared` instead).
std::optional<PartError> read_shared_strings(zip_t* zip, const std::string& part, const XlsxLimits& limits,
                                            SharedStrings& shared);

// Reads the worksheet part into sheet (whose name is set), moving the shared
// strings' text into it. A sheet that is not well-formed XML, or stops at a
// limit, is read up to that place, which becomes its last problem; an
// error only for a part that cannot be read at all.
std::optional<XlsxError> read_sheet(zip_t* zip, const std::string& part, SharedStrings shared,
                                    const Styles& styles, const XlsxLimits& limits, XlsxSheet& sheet);

} // namespace zwgk::ingest::xlsx
