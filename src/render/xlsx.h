// 通报.xlsx: every attachment of the bulletin as one sheet of a workbook.
//
// Formats the laid-out tables only (render/layout): the title over the
// table, the bulletin's merged multi-level headers, numbers as numbers
// (15 shows as 15, 10.5 as 10.5), blanks where the bulletin leaves them,
// frozen header rows, column widths that fit Chinese names, and an A4 page
// set-up that repeats the title and header rows on every printed page and
// numbers the pages in the footer ("第 1 页 共 N 页").
//
// libxlsxwriter writes only to a file, so this renderer takes the path to
// write (the caller's temporary file); it touches nothing else.
#pragma once

#include "render/layout.h"

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk {

// Fails with a Chinese message naming the sheet, row and column of the first
// cell libxlsxwriter refuses (e.g. a text over Excel's 32767 characters);
// nothing is left at `path` then but what the caller's temporary holds.
// Every text passes through xml_safe_text(); a text cell that starts like a
// formula (util/text.h) gets the quote prefix, so editing it in Excel keeps
// it text. Sheet names are made valid and unique (valid_sheet_name()).
std::expected<void, std::string> write_xlsx(const std::vector<LaidOutTable>& tables,
                                            const std::filesystem::path& path);

// `id` as a worksheet name that Excel accepts, with `suffix` ("(2)") kept
// whole: []:*?/\ and ' as "_" (Excel refuses the first and an apostrophe
// at either end; formulas would have to quote the others), control
// characters as U+FFFD, at most 31 UTF-16 units, never empty ("工作表") nor
// "History" (reserved by Excel).
std::string valid_sheet_name(std::string_view id, std::string_view suffix = {});

} // namespace zwgk
