// 通报.pdf: the DOCX converted by LibreOffice (soffice), when it is installed.
#pragma once

#include <expected>
#include <string>

namespace zwgk::publish {

// Converts DOCX bytes to PDF bytes. Each conversion runs LibreOffice with a
// profile of its own (so it neither waits for nor disturbs an office the
// user has open) and a font configuration that maps the official fonts
// (方正小标宋简体, 仿宋_GB2312, 黑体, 宋体) to CJK fonts Debian provides when
// the official ones are missing. ZWGK_SOFFICE names the program if it is
// not `soffice` on PATH. The error is a Chinese message saying what to do.
//
// One conversion runs at a time in the process (callers wait): LibreOffice
// takes about 200 MB and two processes per conversion, and the workspace's
// viewers asking for the PDF at once once ran sixteen of them.
std::expected<std::string, std::string> convert_docx_to_pdf(const std::string& docx);

} // namespace zwgk::publish
