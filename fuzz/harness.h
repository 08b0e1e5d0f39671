// What the fuzz targets (fuzz/*_fuzzer.cpp) share, with each other and with
// their corpus replays in the unit tests (tests/unit/*_fuzz_regress_test.cpp):
// the invariants the rest of zwgk relies on, a scratch file for parsers that
// read a path, and replaying a corpus.
//
// A target is one function `void NAME(std::string_view input)` (declared in
// fuzz/targets.h) that gives the input to a parser and checks what comes
// out. It must accept any bytes, the empty input included: an empty input
// is also how a target is prepared (its one-time set-up, e.g. loading the
// example, is a function-local static reached on the first call).
//
// A violated invariant goes to violation(). In a fuzzer (built with
// ZWGK_LIBFUZZER, the `fuzz` preset) it prints what and the value and aborts,
// a crash libFuzzer saves with its input; in the unit tests (GCC, no
// libFuzzer) replay_corpus() collects it as text and the run goes on.
#pragma once

#include "model/diagnostics.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::fuzz {

// The repository (for fuzz/corpus/ and examples/): ZWGK_SOURCE_DIR.
std::filesystem::path source_dir();
// examples/linzi-2020q3: the scheme, registry, templates and quarter every target that needs context uses.
std::filesystem::path example_dir();

// Reports a violated invariant (see above). `value` is shown with non-ASCII bytes as \xNN.
void violation(std::string_view what, std::string_view value = {});

// violation(what, value) unless ok.
void require(bool ok, std::string_view what, std::string_view value = {});

// Reads every byte of s (so ASan sees a dangling or overflowing string).
void touch(std::string_view s);

// Text that people see or that is stored: valid UTF-8.
void check_text(std::string_view what, std::string_view s);

// A message for people: non-empty, valid UTF-8 and Chinese: at least one
// Han character, and no English phrase (three English words in a row)
// outside what it quotes, so that a library's English message passed on
// behind a Chinese prefix is a violation too.
void check_message(std::string_view what, std::string_view s);

// Where a reported position may point: the lines of one input.
class Positions {
public:
  // file: the name the parser was given for the input; text: what it read.
  Positions(std::string file, std::string_view text);
  // An input's bytes as the loaders take them: its decoded text, or, when
  // decode_text() refuses the bytes (the decoder then counts lines and
  // columns in its own units, e.g. UTF-16's), the bytes with any column up
  // to their whole length allowed.
  static Positions of_file(std::string file, std::string_view bytes);

  const std::string& file() const { return m_file; }
  // Lines in the text, counting LF, CR and CRLF line ends (a file without a
  // final line end still has its last line).
  std::size_t lines() const { return m_lines; }
  // 0 (not known) or a line of the text.
  bool has_line(std::size_t line) const { return line <= m_lines; }
  // 0 (not known) or at most one past the end of the longest line (between
  // two LFs): columns count characters or cells, and neither exceeds the
  // line's bytes.
  bool has_column(std::size_t column) const { return column <= m_widest + 1; }

private:
  std::string m_file;
  std::size_t m_lines = 0;
  std::size_t m_widest = 0;
};

// Every listed problem: a Chinese message, UTF-8 everywhere, and a line and
// column inside the input it names when that is one of `inputs` (a
// worksheet's rows are numbered by the workbook, not by the bytes, so an
// XLSX input is given none); the counts agree with the list (at most
// k_max_listed_diagnostics listed).
void check_diagnostics(const Diagnostics& problems, std::span<const Positions> inputs = {});

// Writes bytes to a file called `name` (a relative path; folders are made)
// in this process's private scratch directory (in $TMPDIR, else on tmpfs,
// /dev/shm; removed at exit) and returns its path, for parsers that read a
// path (libzip, the chunked CSV reader, the data-directory loader).
std::filesystem::path scratch_file(std::string_view name, std::string_view bytes);

// The bytes of a file (empty if it cannot be read).
std::string read_bytes(const std::filesystem::path& path);

struct Replay {
  std::size_t files = 0;
  std::vector<std::string> violations;  // "file: what: value"
};

// Runs `target` on every file of fuzz/corpus/<corpus>/ and collects the violations.
Replay replay_corpus(std::string_view corpus, void (*target)(std::string_view));

} // namespace zwgk::fuzz

// The libFuzzer entry points for a target: LLVMFuzzerInitialize prepares it
// (an empty input), LLVMFuzzerTestOneInput runs it. Expands to nothing
// outside the fuzz build, where the replay tests call the target directly.
#ifdef ZWGK_LIBFUZZER
#define ZWGK_FUZZ_ENTRY(target)                                                         \
  extern "C" int LLVMFuzzerInitialize(int*, char***) {                                  \
    target(std::string_view{});                                                         \
    return 0;                                                                           \
  }                                                                                     \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {  \
    target(std::string_view(reinterpret_cast<const char*>(data), size));                \
    return 0;                                                                           \
  }
#else
#define ZWGK_FUZZ_ENTRY(target)
#endif
