// The fixed parts of 通报.docx: everything but word/document.xml. The
// styles carry the GB/T 9704 formats (docx.h); document.xml refers to them
// by these style ids.
#pragma once

#include "render/bulletin_text.h"
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

// Relationship ids of the two footers, as document.xml's section refers to them.
inline constexpr std::string_view k_rel_footer_odd = "rIdFooterOdd";
inline constexpr std::string_view k_rel_footer_even = "rIdFooterEven";

// A4 and the GB/T 9704 margins, in twentieths of a point.
inline constexpr int k_page_width = 11906, k_page_height = 16838;
inline constexpr int k_margin_top = 2098, k_margin_bottom = 1984, k_margin_left = 1588, k_margin_right = 1474;
inline constexpr int k_footer_distance = 1304;  // the number sits 7 mm below the text block
inline constexpr int k_text_width = k_page_width - k_margin_left - k_margin_right;

std::vector<ZipEntry> fixed_parts(const BulletinText& text);

} // namespace zwgk::docx
