// libFuzzer target: the scheme, 考核方案.toml, in any encoding.
//
// The input is the file's bytes, given to load_data_dir() as the scheme of
// a data directory that holds the example's registry and 2020Q3 (links in
// the scratch directory), so it is read exactly as `zwgk check` reads it:
// decode_text(), parse_scheme() (toml++, then every key, type, range and
// reference), the registry and the quarter's files imported under it. A
// scheme that loads is then used: the data validated, and when nothing is
// wrong, assessed (scores, caps, quotas, ranking by its keys) and its
// tables laid out as the bulletin prints them.
//
// Invariants: every problem is Chinese with a line and column inside the
// file it names (the scheme, or an example file the scheme made wrong); a
// scheme that loads gives a result for every unit and tables that are UTF-8
// with every row as wide as the table.
#include "example.h"
#include "harness.h"
#include "targets.h"

#include "engine/assess.h"

namespace zwgk::fuzz {
namespace {

// A data directory of links to the example's registry and quarter; the scheme is the input.
std::filesystem::path data_dir() {
  static const std::filesystem::path dir = [] {
    std::filesystem::path d = scratch_file("scheme/考核方案.toml", {}).parent_path();
    std::filesystem::create_symlink(example_dir() / ingest::k_registry_file, d / ingest::k_registry_file);
    std::filesystem::create_directory_symlink(example_dir() / "2020Q3", d / "2020Q3");
    return d;
  }();
  return dir;
}

} // namespace

void scheme(std::string_view input) {
  const Example& ex = example();
  const std::filesystem::path dir = data_dir();
  scratch_file("scheme/考核方案.toml", input);
  std::vector<Positions> files = ex.files;
  std::erase_if(files, [](const Positions& p) { return p.file() == ingest::k_scheme_file; });
  files.push_back(Positions::of_file(std::string(ingest::k_scheme_file), input));

  Diagnostics notes;
  auto ws = ingest::load_data_dir(dir, ex.ws.period, notes);
  check_diagnostics(notes, files);
  if (!ws) {
    check_diagnostics(ws.error(), files);
    require(ws.error().has_errors(), "data directory refused without an error");
    return;
  }
  Diagnostics problems = ingest::all_problems(*ws);
  check_diagnostics(problems, files);
  if (problems.has_errors()) return;
  auto result = assess(ws->registry, ws->scheme, ws->data, ws->period);
  require(result.has_value(), "assess() refused a dataset that passed validation");
  if (!result) return check_diagnostics(result.error(), files);
  require(result->units.size() == ws->registry.size(), "result without every unit");
  lay_out_checked(*result, ws->scheme, ws->registry);
}

} // namespace zwgk::fuzz

ZWGK_FUZZ_ENTRY(zwgk::fuzz::scheme)
