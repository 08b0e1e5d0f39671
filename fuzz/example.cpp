#include "example.h"

#include "engine/assess.h"
#include <cstdio>
#include <cstdlib>

namespace zwgk::fuzz {
namespace {

[[noreturn]] void cannot_load(const char* what, const Diagnostics& problems) {
  std::fprintf(stderr, "zwgk fuzz: the example %s does not load:\n", what);
  for (const auto& d : problems.entries()) std::fprintf(stderr, "  %s\n", d.to_string().c_str());
  std::abort();
}

Example load() {
  Example ex;
  Diagnostics notes;
  auto ws = ingest::load_data_dir(example_dir(), Period::parse("2020Q3"), notes);
  if (!ws) cannot_load("data directory", ws.error());
  ex.ws = std::move(*ws);
  auto result = assess(ex.ws.registry, ex.ws.scheme, ex.ws.data, ex.ws.period);
  if (!result) cannot_load("assessment", result.error());
  ex.result = std::move(*result);
  ex.tables = lay_out_checked(ex.result, ex.ws.scheme, ex.ws.registry);
  Diagnostics problems;
  ex.shared_template =
      parse_bulletin_template(read_bytes(example_dir() / ingest::k_template_file), "通报模板.txt", problems);
  if (problems.has_errors()) cannot_load("template", problems);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(example_dir()))
    if (entry.is_regular_file())
      ex.files.push_back(Positions::of_file(
          std::filesystem::relative(entry.path(), example_dir()).generic_string(), read_bytes(entry.path())));
  return ex;
}

} // namespace

const Positions& Example::file(std::string_view name) const {
  for (const auto& f : files)
    if (f.file() == name) return f;
  std::fprintf(stderr, "zwgk fuzz: the example has no file %.*s\n", static_cast<int>(name.size()), name.data());
  std::abort();
}

const Example& example() {
  static const Example ex = load();
  return ex;
}

std::vector<LaidOutTable> lay_out_checked(const Result& result, const Scheme& scheme, const Registry& registry) {
  std::vector<LaidOutTable> tables;
  for (const auto& table : result.tables) {
    LaidOutTable t = lay_out(result, table, scheme, registry);
    check_text("table id", t.id);
    check_text("table title", t.title);
    check_text("table note", t.note);
    for (const auto& cell : t.header) {
      check_text("header cell", cell.text);
      require(cell.row + cell.row_span <= t.header_rows && cell.column + cell.column_span <= t.columns,
              "header cell outside the header", cell.text);
    }
    for (const auto& row : t.rows) {
      require(row.size() == t.columns, "table row not as wide as the table", t.title);
      for (const auto& cell : row) check_text("table cell", cell);
    }
    for (const auto& line : t.lines) check_text("narrative line", line);
    tables.push_back(std::move(t));
  }
  return tables;
}

} // namespace zwgk::fuzz
