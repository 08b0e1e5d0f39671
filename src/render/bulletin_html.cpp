#include "render/bulletin_html.h"

#include "render/html.h"
#include "render/html_table.h"
#include "util/words.h"

#include <fmt/format.h>

namespace zwgk {
namespace {

// Half-width units on one title line on paper: 156 mm of text at 二号 (22 pt)
// is 20 characters, less one for digits wider than half a character.
constexpr std::size_t k_title_line_width = 38;

// Screens narrower than this show table rows as cards (k_style's media query).
constexpr std::string_view k_style = R"(
:root { color-scheme: light; }
body { margin: 0; color: #1a1a1a; background: #fff; line-height: 1.75; font-size: 1.0625rem;
       font-family: "FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "Noto Serif CJK SC", "Source Han Serif SC", serif; }
main { max-width: 46rem; margin: 0 auto; padding: 1rem 1rem 2rem; }
p { margin: 0; overflow-wrap: anywhere; }
.doc-number { text-align: center; margin: 1rem 0 0; }
h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", "Source Han Serif SC", serif;
     font-size: 1.9rem; font-weight: bold; line-height: 1.5; text-align: center; margin: 1.5rem 0 1.75rem; }
h1, th, h2 { word-break: keep-all; overflow-wrap: break-word; }
h1 .line { display: block; }
.addressees { margin-top: 0.5rem; }
.body { text-indent: 2em; }
.attachment-list { margin-top: 1.75rem; padding-left: 5em; }
.attachment-list p:first-child { text-indent: -3em; }
.attachment-list a { color: inherit; word-break: keep-all; overflow-wrap: break-word; }
.signature { width: fit-content; margin: 1.75rem 2em 0 auto; white-space: nowrap; }
.signature p { overflow-wrap: normal; }
.signature.unsealed .date { padding-left: 2em; }
.signature.sealed { display: grid; justify-items: center; margin-right: 4em; margin-top: 3.5rem; }
.signature.sealed .issuer { width: 0; display: flex; justify-content: center; }
section.attachment { margin-top: 3rem; }
.attachment-label { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; }
h2 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", serif; font-size: 1.4rem;
     text-align: center; margin: 0.5rem 0 1rem; line-height: 1.5; text-wrap: balance; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; line-height: 1.5; }
th, td { border: 1px solid #555; padding: 0.25rem 0.4rem; }
thead th { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-weight: normal; background: #f3f3f3; }
tbody th { text-align: left; font-weight: normal; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.wrap { min-width: 12em; }
.note { font-size: 0.95rem; margin-top: 0.5rem; }
.colophon { margin-top: 3rem; border-top: 2px solid #1a1a1a; border-bottom: 2px solid #1a1a1a; }
.colophon p { padding: 0.3rem 1em; }
.colophon .copy-to { padding-left: 4em; text-indent: -3em; }
.colophon .copy-to + .printed { border-top: 1px solid #1a1a1a; }
.colophon .printed { display: flex; flex-wrap: wrap; justify-content: space-between; column-gap: 2em; }
@media screen and (max-width: 40rem) {
  body { font-size: 1rem; }
  h1 { font-size: 1.5rem; }
  h2 { font-size: 1.25rem; }
  .attachment-list { padding-left: 3em; }
  .cards, .cards tbody, .cards tbody th, .cards td { display: block; }
  .cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .cards tbody tr { display: grid; grid-template-columns: auto 1fr; align-items: baseline; margin: 0 0 0.75rem;
                    padding: 0.4rem 0.75rem; border: 1px solid #999; border-radius: 0.4rem; }
  .cards tbody th, .cards td { border: 0; padding: 0.15rem 0; }
  .cards tbody th { grid-column: 1 / -1; font-size: 1.1rem; font-weight: bold; }
  .cards td.lead { grid-column: 1; margin-right: 0.6em; padding: 0 0.4em; border-radius: 0.3rem; background: #eee; }
  .cards td.lead + th { grid-column: 2; }
  .cards td:not(.lead) { grid-column: 1 / -1; display: flex; justify-content: space-between; gap: 1rem;
                         border-top: 1px dotted #ccc; }
  .cards td:not(.lead)::before { content: attr(data-label); color: #555; font-size: 0.875rem; text-align: left; }
  .cards td:last-child { font-weight: bold; }
}
@media print {
  @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
  body { font-size: 16pt; line-height: 28pt; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 22pt; }
  section.attachment { break-before: page; margin-top: 0; }
  .table-wrap { overflow: visible; }
  table { font-size: 12pt; line-height: 1.4; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  .attachment-list a { text-decoration: none; }
  .colophon { break-inside: avoid; }
}
)";

std::string title_html(const BulletinText& text) {
  std::string out;
  if (!text.document_number.empty())
    out += fmt::format("<p class=\"doc-number\">{}</p>\n", escape_html(text.document_number));
  out += "<h1 id=\"title\">";
  for (const auto& line : bulletin_title_lines(text.title))
    out += fmt::format("<span class=\"line\">{}</span>", words_html(line));
  return out + "</h1>\n";
}

std::string attachment_id(std::size_t number) { return fmt::format("attachment-{}", number); }

// "附件：1.<title>", later entries aligned under the first title; each title links to its attachment.
std::string attachment_list_html(const std::vector<std::string>& titles) {
  if (titles.empty()) return {};
  std::string out = "<div class=\"attachment-list\">\n";
  for (std::size_t i = 0; i < titles.size(); ++i) {
    const std::string number = titles.size() > 1 ? fmt::format("{}.", i + 1) : std::string();
    out += fmt::format("<p>{}{}<a href=\"#{}\">{}</a></p>\n", i == 0 ? "附件：" : "", number,
                       attachment_id(i + 1), words_html(titles[i]));
  }
  return out + "</div>\n";
}

std::string signature_html(const BulletinText& text) {
  if (text.issuer.empty() && text.date.empty()) return {};
  std::string out = fmt::format("<div class=\"signature {}\">\n",
                                text.signature == SignatureLayout::Sealed ? "sealed" : "unsealed");
  if (!text.issuer.empty()) out += fmt::format("<p class=\"issuer\">{}</p>\n", escape_html(text.issuer));
  if (!text.date.empty()) out += fmt::format("<p class=\"date\">{}</p>\n", escape_html(text.date));
  return out + "</div>\n";
}

std::string front_matter_html(const BulletinText& text) {
  std::string out = "<header>\n" + title_html(text) + "</header>\n";
  if (!text.addressees.empty()) out += fmt::format("<p class=\"addressees\">{}</p>\n", escape_html(text.addressees));
  for (const auto& p : text.paragraphs) out += fmt::format("<p class=\"body\">{}</p>\n", escape_html(p));
  return out + attachment_list_html(text.attachments) + signature_html(text);
}

std::string attachment_html(const LaidOutTable& t, std::size_t number, std::size_t count) {
  const std::string id = attachment_id(number);
  std::string out = fmt::format(
      "<section class=\"attachment\" aria-labelledby=\"{0}\">\n<p class=\"attachment-label\">{1}</p>\n"
      "<h2 id=\"{0}\">{2}</h2>\n",
      id, count > 1 ? fmt::format("附件{}", number) : std::string("附件"), words_html(t.title));
  if (t.kind == TableKind::Deductions) {
    for (const auto& line : t.lines) out += fmt::format("<p class=\"body\">{}</p>\n", escape_html(line));
    if (t.lines.empty()) out += "<p class=\"body\">无。</p>\n";
  } else {
    out += "<div class=\"table-wrap\">\n" +
           table_html(t, fmt::format("class=\"cards\" aria-labelledby=\"{}\"", id), {}) + "</div>\n";
  }
  if (!t.note.empty()) out += fmt::format("<p class=\"note\">{}</p>\n", escape_html(t.note));
  return out + "</section>\n";
}

// 版记 (GB/T 9704 7.4): 抄送 and 印发机关 with 印发日期, between rules.
std::string colophon_html(const BulletinText& text) {
  if (!text.has_colophon()) return {};
  std::string out = "<footer class=\"colophon\">\n";
  if (!text.copy_to.empty()) out += fmt::format("<p class=\"copy-to\">抄送：{}。</p>\n", escape_html(text.copy_to));
  if (!text.printed_by.empty())
    out += fmt::format("<p class=\"printed\"><span>{}</span><span>{}印发</span></p>\n", escape_html(text.printed_by),
                       escape_html(text.printed_on));
  return out + "</footer>\n";
}

} // namespace

std::vector<std::string> bulletin_title_lines(const std::string& title) {
  return balance_lines(title, k_title_line_width);
}

std::string render_bulletin_html(const BulletinText& text, const std::vector<LaidOutTable>& tables) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n"
      "<style>{}</style>\n</head>\n<body>\n<main>\n<article aria-labelledby=\"title\">\n",
      escape_html(text.title), k_style);
  out += front_matter_html(text);
  for (std::size_t i = 0; i < tables.size(); ++i) out += attachment_html(tables[i], i + 1, tables.size());
  out += colophon_html(text);
  return out + "</article>\n</main>\n</body>\n</html>\n";
}

} // namespace zwgk
