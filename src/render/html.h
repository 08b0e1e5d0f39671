// A page of attachment tables: the year page (年度考核.html), fit to post on
// a government website. 通报.html, the whole bulletin, is bulletin_html.h.
//
// Semantic tables (caption, th with scope, the bulletin's merged headers as
// colspan/rowspan, html_table.h), readable on a phone (tables scroll sideways
// inside their section), a print stylesheet (header rows repeat, rows never
// split), and for each score table an inline SVG chart of how the 合计 are
// distributed. Every text from the data is escaped; the page loads nothing
// from outside.
#pragma once

#include "render/layout.h"

#include <string>
#include <string_view>
#include <vector>

namespace zwgk {

// "&<>\"'" as HTML entities; control characters and invalid UTF-8 as U+FFFD
// (util/text.h: xml_safe_text).
std::string escape_html(std::string_view text);

// heading: the page's title, e.g. "临淄区2020年第三季度政务公开工作情况通报";
// issuer: who issues it (may be empty).
std::string render_html(const std::vector<LaidOutTable>& tables, std::string_view heading,
                        std::string_view issuer);

} // namespace zwgk
