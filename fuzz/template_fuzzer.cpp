// libFuzzer target: the bulletin's text template, 通报模板.txt, in any
// encoding.
//
// The input is the file's bytes: decode_text(), then
// parse_bulletin_template() as the quarter's template (2020Q3/). It is
// filled, laid over the example's shared one (as `zwgk report` merges them)
// and as the only template, by fill_bulletin() from the example's result,
// scheme, registry and tables (every placeholder, dates, tags, quotas,
// adoption levels).
//
// Invariants: every problem is Chinese with a line inside the template it
// names; each field and paragraph keeps the line it came from; a filled
// bulletin is UTF-8 and has no placeholder left (every "{" was either
// filled or reported; the example's values hold none).
#include "example.h"
#include "harness.h"
#include "targets.h"

#include "util/encoding.h"

#include <algorithm>

namespace zwgk::fuzz {
namespace {

void check_lines(const BulletinTemplate& t, std::span<const Positions> files) {
  auto check = [&](const TemplateLine& line) {
    check_text("template line", line.text);
    auto file = std::find_if(files.begin(), files.end(), [&](const Positions& p) { return p.file() == line.file; });
    require(file != files.end() && line.line >= 1 && file->has_line(line.line), "template line outside its file",
            line.text);
  };
  for (const auto* field : {&t.title, &t.addressees, &t.issuer, &t.date, &t.deadline})
    if (*field) check(**field);
  for (const auto& paragraph : t.paragraphs) check(paragraph);
}

void check_filled(const BulletinText& text) {
  auto check = [](std::string_view what, std::string_view s) {
    check_text(what, s);
    require(s.find('{') == std::string_view::npos, "placeholder left in the bulletin", s);
  };
  check("title", text.title);
  check("addressees", text.addressees);
  check("issuer", text.issuer);
  check("date", text.date);
  for (const auto& p : text.paragraphs) check("paragraph", p);
  for (const auto& a : text.attachments) check_text("attachment title", a);
}

void fill(const BulletinTemplate& t, const Example& ex, std::span<const Positions> files) {
  check_lines(t, files);
  auto filled = fill_bulletin(t, ex.result, ex.ws.scheme, ex.ws.registry, ex.tables, {});
  if (filled) return check_filled(*filled);
  check_diagnostics(filled.error(), files);
  require(filled.error().has_errors(), "template refused without an error");
}

} // namespace

void bulletin_template(std::string_view input) {
  const Example& ex = example();
  auto decoded = decode_text(input);
  if (!decoded) return check_message("decoding error", decoded.error().message);
  const std::string quarter_file = "2020Q3/通报模板.txt";
  const std::vector<Positions> files = {{quarter_file, decoded->utf8}, ex.file(ingest::k_template_file)};
  Diagnostics problems;
  BulletinTemplate quarter = parse_bulletin_template(decoded->utf8, quarter_file, problems);
  check_diagnostics(problems, files);
  fill(overlay_template(ex.shared_template, quarter), ex, files);
  fill(quarter, ex, files);
}

} // namespace zwgk::fuzz

ZWGK_FUZZ_ENTRY(zwgk::fuzz::bulletin_template)
