// An attachment's table in 通报.docx: the bulletin's merged multi-level
// header, repeated on every page; rows never split across pages; the last
// rows kept together so that no page holds a table's tail of fewer than
// k_least_tail_rows rows alone (where the table is longer than that).
//
// Column widths fill the text width. Each column first gets the width of
// its widest data cell and of the widest word of its header (words from
// util/words.h, so a header is never broken inside a word: "累计/得分", never
// "累计得/分"); what is left goes first to headers that then fit on one
// line, narrowest first, and the rest in proportion. A header that still
// needs two lines carries its own line breaks, between words. A table that
// cannot fit at 小四 is set in 五号; one that cannot fit even then narrows
// its text columns only.
#pragma once

#include "render/layout.h"

#include <pugixml.hpp>

#include <string>
#include <vector>

namespace zwgk::docx {

inline constexpr std::size_t k_least_tail_rows = 3;

// Twips of a half-width character of the table text: 小四 (12 pt), or 五号 (10.5 pt) for a table
// whose numbers and header words do not fit the text width at 小四.
inline constexpr long k_half_em_normal = 120, k_half_em_small = 105;

struct TableGeometry {
  std::vector<int> widths;  // twips, summing to the text width (docx_parts.h)
  long half_em = k_half_em_normal;
};

// Column widths and the text size. Numbers never wrap: a table too wide even at 五号
// narrows its text columns (unit names wrap), never its figures.
TableGeometry table_geometry(const LaidOutTable& table);

// The header cell's text as the lines it prints on, in a column (or span) `width` twips wide.
std::vector<std::string> header_lines(const std::string& text, int width, long half_em = k_half_em_normal);

// Appends the table to the document's body.
void write_table(pugi::xml_node body, const LaidOutTable& table);

} // namespace zwgk::docx
