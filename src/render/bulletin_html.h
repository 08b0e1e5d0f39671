// 通报.html: the whole bulletin as one page, meant to be posted on a
// government website as it is.
//
// Its text is the DOCX's (docx.h), character for character apart from
// whitespace and in the same order: 发文字号, title, 主送, body, the
// attachment list, issuer, date, then each attachment (label "附件1", title,
// the table's header cells row by row and its data rows, or 附件4's lines,
// or "无。"; its note), then the 版记 (抄送, 印发机关, 印发日期 + "印发")
// when the template sets one. Nothing else is text: no caption repeating a
// title, no chart; tables are named by aria-labelledby pointing at their
// heading. tests/outputs/html_structure.py and tests/e2e/bulletin_html.test.mjs
// compare the two documents read back independently.
//
// Layout: the paper's (GB/T 9704) where it carries meaning: the title in
// balanced lines (梯形, util/words.h) that break only between words, body
// paragraphs indented two characters, the attachment list's entries aligned,
// the signature block placed by text.signature, the 版记 between rules.
// On a phone (screen narrower than 40rem) each table row becomes a card
// with the unit as its heading and each figure under its column's label,
// shown by CSS from a data-label attribute (so the labels add no text);
// on a desktop and in print it is the table with the merged header, header
// rows repeating on each printed page and each attachment on a new page.
// One self-contained page: inline CSS, nothing loaded, every text escaped.
#pragma once

#include "render/bulletin_text.h"
#include "render/layout.h"

#include <string>
#include <vector>

namespace zwgk {

std::string render_bulletin_html(const BulletinText& text, const std::vector<LaidOutTable>& tables);

// The title's lines as 通报.html sets them: one line when it fits the
// paper's title line, else balanced lines (balance_lines).
std::vector<std::string> bulletin_title_lines(const std::string& title);

} // namespace zwgk
