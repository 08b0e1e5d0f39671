// libFuzzer target: a quarter's CSV file (网站发布, 投稿, 采用, 检查), in
// any encoding staff save.
//
// The input is the file's bytes. It goes
// 1. to decode_text() and then to the tokenizer, parse_csv(), with the
//    delimiter detect_delimiter() picks, and to the helpers that cut a large
//    file into chunks at row boundaries (last_row_boundary, count_char);
// 2. as each of 网站发布.csv, 投稿.csv, 采用.csv and 检查.csv of the
//    example's 2020Q3 (same bytes) to import_records(): chunked reading,
//    header detection (two-level headers), each kind's columns, cells, unit
//    names against the example's registry; then to validate_dataset() and,
//    when nothing is wrong, to assess() and the tables' layout.
//
// Invariants: decoded text is UTF-8; rows come in line order and their
// cells are UTF-8; offsets lie within the text, a row boundary follows a
// newline and the quotes before it are counted right; every problem is
// Chinese with a line and column inside the file; a clean dataset is
// assessed, and its tables are UTF-8 with every row as wide as its table.
#include "example.h"
#include "harness.h"
#include "targets.h"

#include "engine/assess.h"
#include "ingest/csv.h"
#include "ingest/importers.h"
#include "util/encoding.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace zwgk::fuzz {
namespace {

struct KindFile {
  ingest::RecordKind kind;
  const char* name;
};
constexpr std::array<KindFile, 4> k_files = {{{ingest::RecordKind::Published, "网站发布.csv"},
                                             {ingest::RecordKind::Submissions, "投稿.csv"},
                                             {ingest::RecordKind::Adoptions, "采用.csv"},
                                             {ingest::RecordKind::Findings, "检查.csv"}}};

void tokenize(std::string_view text) {
  const Positions input("text", text);
  const char delimiter = ingest::detect_delimiter(text);
  require(delimiter == ',' || delimiter == '\t', "delimiter neither comma nor tab");
  std::size_t last_line = 0;
  auto parsed = ingest::parse_csv(text, 1, delimiter, [&](std::size_t line, std::span<const std::string_view> cells) {
    require(line > last_line && input.has_line(line), "CSV row line out of order or outside the text");
    last_line = line;
    for (auto cell : cells) check_text("CSV cell", cell);
    return true;
  });
  if (parsed) {
    require(*parsed <= text.size(), "parse_csv offset past the text");
  } else {
    check_message("CSV error", parsed.error().message);
    require(input.has_line(parsed.error().line) && input.has_column(parsed.error().column),
            "CSV error outside the text", parsed.error().message);
  }

  const auto quotes = static_cast<std::size_t>(std::count(text.begin(), text.end(), '"'));
  require(ingest::count_char(text, '"') == quotes, "count_char miscounts");
  std::size_t quotes_before = 0;
  std::size_t boundary = ingest::last_row_boundary(text, 0, &quotes_before);
  require(boundary <= text.size() && (boundary == 0 || text[boundary - 1] == '\n'),
          "row boundary not after a newline");
  if (boundary > 0)
    require(quotes_before == ingest::count_char(text.substr(0, boundary), '"') && quotes_before % 2 == 0,
            "quotes before the row boundary miscounted");
}

void check_result(const Result& result, const Example& ex) {
  require(result.units.size() == ex.ws.registry.size(), "result without every unit");
  for (const auto& table : result.tables)
    for (const auto& row : table.rows) require(row.unit < ex.ws.registry.size(), "table row of no unit");
  lay_out_checked(result, ex.ws.scheme, ex.ws.registry);
}

} // namespace

void csv(std::string_view input) {
  const Example& ex = example();
  auto decoded = decode_text(input);
  if (decoded) {
    check_text("decoded text", decoded->utf8);
    tokenize(decoded->utf8);
  } else {
    check_message("decoding error", decoded.error().message);
  }

  std::vector<Positions> files;
  Dataset data;
  Diagnostics problems;
  ingest::ImportContext ctx{ex.ws.registry, ex.ws.scheme, ex.ws.period, data, problems};
  for (const auto& [kind, name] : k_files) {
    const std::string display = "2020Q3/" + std::string(name);
    files.push_back(Positions::of_file(display, input));
    ingest::import_records(kind, scratch_file(name, input), display, {}, ctx);
  }
  check_diagnostics(problems, files);
  Diagnostics validation = validate_dataset(ex.ws.registry, ex.ws.scheme, data, ex.ws.period);
  check_diagnostics(validation, files);
  if (problems.has_errors() || validation.has_errors()) return;
  auto result = assess(ex.ws.registry, ex.ws.scheme, data, ex.ws.period);
  require(result.has_value(), "assess() refused a dataset that passed validation");
  if (result) check_result(*result, ex);
}

} // namespace zwgk::fuzz

ZWGK_FUZZ_ENTRY(zwgk::fuzz::csv)
