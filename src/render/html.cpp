#include "render/html.h"

#include "render/html_table.h"

#include "util/decimal.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace zwgk {
namespace {

constexpr std::string_view k_style = R"(
:root { color-scheme: light; }
body { margin: 0; font-family: "FangSong", "仿宋", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif;
       color: #1a1a1a; background: #fff; line-height: 1.6; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
h1 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 1.6rem; text-align: center; color: #b00; margin: 1rem 0 0.25rem; }
.issuer { text-align: center; margin: 0 0 1.5rem; }
section { margin: 2rem 0; }
h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 1.2rem; margin: 0 0 0.5rem; }
h2 .label { display: block; font-size: 1rem; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { border: 1px solid #666; padding: 0.2rem 0.4rem; }
thead th { background: #f1f1f1; text-align: center; white-space: nowrap; }
tbody th { text-align: left; font-weight: normal; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td { white-space: nowrap; }
td.wrap { white-space: normal; min-width: 12em; }
.note { font-size: 0.9rem; color: #444; }
ol.deductions { padding-left: 1.5rem; }
ol.deductions li { margin: 0.35rem 0; }
figure { margin: 0.5rem 0 1rem; }
figcaption { font-size: 0.9rem; color: #444; }
svg { max-width: 100%; height: auto; }
@media print {
  main { max-width: none; padding: 0; }
  section { break-before: page; }
  section:first-of-type { break-before: auto; }
  .table-wrap { overflow: visible; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  figure { break-inside: avoid; }
}
)";

// A bar per distinct 合计 (the table's last column), highest first.
std::string chart_svg(const LaidOutTable& t, std::size_t index) {
  std::map<Decimal, std::size_t, std::greater<>> counts;
  for (const auto& row : t.rows)
    if (auto d = Decimal::parse(row.back())) ++counts[*d];
  if (counts.empty()) return {};
  std::size_t most = 0;
  for (const auto& [value, n] : counts) most = std::max(most, n);
  constexpr int k_bar = 22, k_gap = 6, k_label = 60, k_width = 560;
  const int height = static_cast<int>(counts.size()) * (k_bar + k_gap) + k_gap;
  std::string id = fmt::format("chart-{}", index);
  std::string out = fmt::format(
      "<figure>\n<svg role=\"img\" aria-labelledby=\"{0}\" viewBox=\"0 0 {1} {2}\" width=\"{1}\" height=\"{2}\" "
      "xmlns=\"http://www.w3.org/2000/svg\" font-size=\"13\">\n<title id=\"{0}\">{3}：合计得分分布</title>\n",
      id, k_width, height, escape_html(t.id));
  int y = k_gap;
  for (const auto& [value, n] : counts) {
    const int bar = static_cast<int>((k_width - k_label - 40) * n / most);
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}分</text>", k_label - 6, y + 16,
                       value.to_string());
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#b03030\"/>", k_label, y,
                       std::max(bar, 1), k_bar);
    out += fmt::format("<text x=\"{}\" y=\"{}\">{}个</text>\n", k_label + bar + 4, y + 16, n);
    y += k_bar + k_gap;
  }
  return out + fmt::format("</svg>\n<figcaption>各合计得分的单位数（共{}个单位）</figcaption>\n</figure>\n",
                           t.rows.size());
}

std::string section_html(const LaidOutTable& t, std::size_t index) {
  std::string out = fmt::format("<section aria-labelledby=\"t{0}\">\n<h2 id=\"t{0}\"><span class=\"label\">{1}</span>{2}</h2>\n",
                                index, escape_html(t.id), escape_html(t.title));
  if (t.kind == TableKind::Deductions) {
    out += "<ol class=\"deductions\">\n";
    for (const auto& line : t.lines) out += fmt::format("<li>{}</li>\n", escape_html(line));
    out += "</ol>\n";
  } else {
    if (t.kind == TableKind::Scores) out += chart_svg(t, index);
    out += "<div class=\"table-wrap\">\n" + table_html(t, {}, t.title) + "</div>\n";
  }
  if (!t.note.empty()) out += fmt::format("<p class=\"note\">{}</p>\n", escape_html(t.note));
  return out + "</section>\n";
}

} // namespace

std::string escape_html(std::string_view raw) {
  const std::string text = xml_safe_text(raw);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string render_html(const std::vector<LaidOutTable>& tables, std::string_view heading,
                        std::string_view issuer) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{}</style>\n"
      "</head>\n<body>\n<main>\n<h1>{}</h1>\n",
      escape_html(heading), k_style, escape_html(heading));
  if (!issuer.empty()) out += fmt::format("<p class=\"issuer\">{}</p>\n", escape_html(issuer));
  for (std::size_t i = 0; i < tables.size(); ++i) out += section_html(tables[i], i + 1);
  return out + "</main>\n</body>\n</html>\n";
}

} // namespace zwgk
