// The fixed parts of 通报.docx: everything but word/document.xml. The
// styles carry the GB/T 9704 formats (docx.h); document.xml refers to them
// by these style ids.
#pragma once

#include "render/bulletin_text.h"
#include "render/docx.h"
#include "render/zip_writer.h"

#include <string_view>
#include <vector>

namespace zwgk::docx {

inline constexpr std::string_view k_style_title = "DocTitle";
inline constexpr std::string_view k_style_addressee = "Addressee";
inline constexpr std::string_view k_style_body = "Body";
inline constexpr std::string_view k_style_attachment_list = "AttachmentList";
inline constexpr std::string_view k_style_attachment_item = "AttachmentItem";
inline constexpr std::string_view k_style_signature = "Signature";
inline constexpr std::string_view k_style_attachment_label = "AttachmentLabel";
inline constexpr std::string_view k_style_attachment_title = "AttachmentTitle";
inline constexpr std::string_view k_style_table_header = "TableHeader";
inline constexpr std::string_view k_style_table_text = "TableText";
inline constexpr std::string_view k_style_table_note = "TableNote";
inline constexpr std::string_view k_style_table_header_small = "TableHeaderSmall";
inline constexpr std::string_view k_style_table_text_small = "TableTextSmall";
inline constexpr std::string_view k_style_document_number = "DocumentNumber";
inline constexpr std::string_view k_style_colophon = "Colophon";
inline constexpr std::string_view k_style_colophon_copy = "ColophonCopyTo";

// Relationship ids of the two footers, as document.xml's section refers to them.
inline constexpr std::string_view k_rel_footer_odd = "rIdFooterOdd";
inline constexpr std::string_view k_rel_footer_even = "rIdFooterEven";

// A4 and the GB/T 9704 margins, in twentieths of a point.
inline constexpr int k_page_width = 11906, k_page_height = 16838;
inline constexpr int k_margin_top = 2098, k_margin_bottom = 1984, k_margin_left = 1588, k_margin_right = 1474;
inline constexpr int k_footer_distance = 1304;  // the number sits 7 mm below the text block
inline constexpr int k_text_width = k_page_width - k_margin_left - k_margin_right;
inline constexpr int k_text_height = k_page_height - k_margin_top - k_margin_bottom;

// GB/T 9704's grid: 22 lines of 28 characters of 三号 (16 pt) in the text block.
// The line pitch is the block's height over 22; the character pitch its width
// over 28, which Word states as the difference from the body font's size in
// 4096ths of a point (w:charSpace; negative: characters a little closer).
inline constexpr int k_lines_per_page = 22, k_chars_per_line = 28;
inline constexpr int k_body_half_points = 32;  // 三号
inline constexpr int k_line_pitch = k_text_height / k_lines_per_page;
inline constexpr int k_char_space = k_text_width * 4096 / (20 * k_chars_per_line) - k_body_half_points / 2 * 4096;
// One 四号 (14 pt) character: the 版记's inset from either side.
inline constexpr int k_colophon_indent = 280;

// A character on the grid closer by this much (twentieths of a point) where
// the reader has no character grid: 16 - 0.25 pt, 28 to the text width.
inline constexpr int k_condensed_spacing = -5;
static_assert(k_chars_per_line * (k_body_half_points * 10 + k_condensed_spacing) <= k_text_width &&
              (k_chars_per_line + 1) * (k_body_half_points * 10 + k_condensed_spacing) > k_text_width);

std::vector<ZipEntry> fixed_parts(const BulletinText& text, DocxReader reader);

} // namespace zwgk::docx
