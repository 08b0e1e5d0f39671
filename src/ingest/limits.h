// Limits shared by the CSV and XLSX readers (internal to ingest/). A table
// that goes beyond them is not one that Excel or WPS can hold either; each
// is refused with its place rather than allocated.
#pragma once

#include <cstddef>
#include <cstdint>

namespace zwgk::ingest {

// Excel's own sheet size: rows 1..1,048,576, columns A..XFD. A CSV row with
// more cells is refused (one line of commas would otherwise make millions).
inline constexpr std::uint32_t k_max_rows = 1'048'576;
inline constexpr std::uint32_t k_max_columns = 16'384;
// A cell's text in bytes: Excel's 32,767 characters at up to 4 UTF-8 bytes.
// A longer CSV field is almost always a missing closing quote swallowing
// the rows after it.
inline constexpr std::size_t k_max_cell_bytes = 32'767 * 4;

} // namespace zwgk::ingest
