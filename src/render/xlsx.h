// 通报.xlsx: every attachment of the bulletin as one sheet of a workbook.
//
// Formats the laid-out tables only (render/layout): the title over the
// table, the bulletin's merged multi-level headers, numbers as numbers
// (15 shows as 15, 10.5 as 10.5), blanks where the bulletin leaves them,
// frozen header rows, column widths that fit Chinese names, and an A4 page
// set-up that repeats the title and header rows on every printed page.
//
// libxlsxwriter writes only to a file, so this renderer takes the path to
// write (the caller's temporary file); it touches nothing else.
#pragma once

#include "render/layout.h"

#include <expected>
#include <filesystem>
#include <string>
#include <vector>

namespace zwgk {

std::expected<void, std::string> write_xlsx(const std::vector<LaidOutTable>& tables,
                                            const std::filesystem::path& path);

} // namespace zwgk
