// The pieces of HTML that 通报.html (bulletin_html.h) and the year page
// (html.h) share: text that breaks only between words, and an attachment's
// table with the bulletin's merged header.
#pragma once

#include "render/layout.h"

#include <string>
#include <string_view>
#include <vector>

namespace zwgk {

// `text` escaped (html.h: escape_html), with <wbr> between its word pieces
// (util/words.h). Styled with `word-break: keep-all`, a browser then breaks
// the text only there, never inside a word such as "政务公开" or "2020年".
std::string words_html(std::string_view text);

// Each column's label for a card on a narrow screen: the header cells over
// it, top to bottom, joined by a space ("政府网站信息公开发布情况 数量 7月").
std::vector<std::string> column_labels(const LaidOutTable& table);

// `<table {attributes}>` with an optional caption (escaped; empty: none),
// the header rows (th with scope, colspan/rowspan, cells of a row in column
// order, texts through words_html) and the data rows: the unit's cell is the
// row's header (th scope="row"), numbers carry class "num", cells left of
// the unit class "lead" (序号), and every data cell its column's label as
// data-label, an attribute, so that CSS may show it without adding text to
// the document.
std::string table_html(const LaidOutTable& table, std::string_view attributes, std::string_view caption);

} // namespace zwgk
