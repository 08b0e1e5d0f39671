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
// Formats the bulletin text and the laid-out tables only; the package is
// built in memory (identical bytes for identical content).
#pragma once

#include "render/bulletin_text.h"
#include "render/layout.h"

#include <expected>
#include <string>
#include <vector>

namespace zwgk {

std::expected<std::string, std::string> render_docx(const BulletinText& text,
                                                    const std::vector<LaidOutTable>& tables);

} // namespace zwgk
