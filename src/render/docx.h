// 通报.docx: the bulletin as the office publishes it, laid out after
// GB/T 9704-2012 (党政机关公文格式).
//
// A4 with margins of 37 mm (top), 35 mm (bottom), 28 mm (left) and 26 mm
// (right); the title in 方正小标宋简体 二号, the body in 仿宋_GB2312 三号 at a
// fixed 28-point line pitch with a two-character first-line indent; the
// addressees, the body, the attachment list (附件说明), the issuer and the
// date; page numbers "— 1 —" in 宋体 四号 on the outer side (odd pages right,
// even pages left). Each attachment starts a page with 附件N in 黑体 and its
// title; its table repeats the bulletin's merged header rows on every page
// and never splits a row; 附件4 is one paragraph per unit. Fonts the reader
// lacks fall back to the alternatives named in the font table (宋体, 仿宋,
// 黑体), and every format is a named style so staff can adjust the look.
//
// Text of 三号 sits on GB/T 9704's grid of 22 lines of 28 characters; titles,
// tables and the 版记, in other sizes, leave it. 发文字号 (centred above the
// title) and the 版记 (抄送, 印发机关 and 印发日期 between rules at the foot of
// the last page) are printed when the template gives them; the issuer and the
// date follow 7.3.5.1 or 7.3.5.2 as the template's 落款 says.
//
// Formats the bulletin text and the laid-out tables only; the package is
// built in memory (identical bytes for identical content).
#pragma once

#include "render/bulletin_text.h"
#include "render/layout.h"

#include <expected>
#include <string>
#include <vector>

namespace zwgk {

// Who lays the document out. The published file is for Word and WPS. The
// copy that LibreOffice converts to 通报.pdf says the same things in the
// terms LibreOffice reads correctly, as far as LibreOffice 7.4 (Debian 12)
// and its later versions are known to read them:
// - LibreOffice's DOCX import maps w:overflowPunct the wrong way round
//   (val="0", "no hanging punctuation", becomes hanging punctuation), and a
//   justified line ending in hanging punctuation then loses that mark from
//   the page: "缺失，减1分" printed as "缺失减1分". The copy states val="1",
//   which LibreOffice reads as "no hanging punctuation".
// - LibreOffice's character grid gives a 16 pt character two cells of a
//   15.8 pt pitch, so 28 to a line cannot be had from w:docGrid; the copy has
//   a line grid and the 三号 text set 0.25 pt closer, which holds 28 a line.
enum class DocxReader { Word, LibreOffice };

std::expected<std::string, std::string> render_docx(const BulletinText& text,
                                                    const std::vector<LaidOutTable>& tables,
                                                    DocxReader reader = DocxReader::Word);

} // namespace zwgk
