#include "harness.h"

#include "util/encoding.h"
#include "util/text.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>
#include <unistd.h>

namespace zwgk::fuzz {
namespace {

// Set while replay_corpus() runs: violations are collected, not fatal.
Replay* g_replay = nullptr;
std::string g_input_name;

std::size_t g_sink = 0;  // what touch() reads goes here, so the reads stay

// The value's first 512 bytes: as they are when they are UTF-8 (so Chinese
// stays readable; the cut may split a character), else non-ASCII bytes as
// \xNN; control characters and backslashes always as \xNN.
std::string escaped(std::string_view value) {
  const std::string_view head = value.substr(0, 512);
  const std::size_t valid = utf8_valid_prefix(head);
  const bool readable = valid + 3 >= head.size();
  std::string out;
  for (std::size_t i = 0; i < head.size(); ++i) {
    const auto c = static_cast<unsigned char>(head[i]);
    if ((c >= 0x20 && c < 0x7f && c != '\\') || (readable && c >= 0x80 && i < valid)) {
      out += static_cast<char>(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    }
  }
  if (value.size() > head.size()) out += "…";
  return out;
}

// The code point at s[i] (advancing i), or 0xFFFD for a byte that does not start one.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char lead = byte(i);
  std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (length == 0 || i + length > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = length == 1 ? lead : lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) cp = (cp << 6) | (byte(i + k) & 0x3F);
  i += length;
  return cp;
}

bool is_han(char32_t cp) {
  return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x3134F);
}

bool has_han(std::string_view s) {
  for (std::size_t i = 0; i < s.size();)
    if (is_han(next_code_point(s, i))) return true;
  return false;
}

// An English phrase outside quotes: k_english_words words in a row, a word
// being a run of ASCII letters (with punctuation at its ends: "header:"),
// words separated by spaces (a library's message passed on, e.g. toml++'s
// "Error while parsing table header"). Paths, names and technical words
// (word/document.xml, Content-Length, UTF-16, BOM) are not phrases; what a
// message quotes (“…” 「…」 《…》 "…") is the user's text and not looked at.
constexpr int k_english_words = 3;

bool is_word(std::string_view token) {
  while (!token.empty() && std::ispunct(static_cast<unsigned char>(token.front()))) token.remove_prefix(1);
  while (!token.empty() && std::ispunct(static_cast<unsigned char>(token.back()))) token.remove_suffix(1);
  return token.size() >= 2 &&
         std::all_of(token.begin(), token.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
}

bool has_english_phrase(std::string_view s) {
  int words = 0, quoted = 0;
  bool ascii_quote = false;
  std::string token;
  auto end_token = [&](bool breaks_phrase) {
    if (!token.empty()) words = is_word(token) ? words + 1 : 0;
    token.clear();
    if (breaks_phrase && words < k_english_words) words = 0;
    return words >= k_english_words;
  };
  for (std::size_t i = 0; i < s.size();) {
    const char32_t cp = next_code_point(s, i);
    const bool opens = cp == U'“' || cp == U'「' || cp == U'《' || (cp == U'"' && !ascii_quote);
    const bool closes = cp == U'”' || cp == U'」' || cp == U'》' || (cp == U'"' && ascii_quote);
    if (opens || closes || cp >= 0x80) {
      if (end_token(true)) return true;
      if (cp == U'"') ascii_quote = !ascii_quote;
      else if (opens) ++quoted;
      else if (closes && quoted > 0) --quoted;
    } else if (quoted > 0 || ascii_quote) {
      continue;
    } else if (std::isspace(static_cast<int>(cp))) {
      if (end_token(false)) return true;
    } else {
      token += static_cast<char>(cp);
    }
  }
  return end_token(true);
}

const Positions* positions_of(std::span<const Positions> inputs, const std::string& file) {
  auto it = std::find_if(inputs.begin(), inputs.end(), [&](const Positions& p) { return p.file() == file; });
  return it == inputs.end() ? nullptr : &*it;
}

// Where scratch directories go: $TMPDIR when set (scripts/fuzz.sh points it
// at a folder it removes afterwards, so that a crashed input's scratch does
// not stay behind), else /dev/shm (tmpfs: no disk writes), else /tmp.
std::filesystem::path scratch_base() {
  std::error_code ec;
  if (const char* tmp = std::getenv("TMPDIR"); tmp && *tmp && std::filesystem::is_directory(tmp, ec)) return tmp;
  if (std::filesystem::is_directory("/dev/shm", ec) && access("/dev/shm", W_OK) == 0) return "/dev/shm";
  return std::filesystem::temp_directory_path(ec);
}

// The scratch directory: made on first use, removed at exit.
struct Scratch {
  std::filesystem::path dir;
  Scratch() {
    const std::filesystem::path base = scratch_base();
    std::string pattern = (base / "zwgk-fuzz-XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
      std::perror("zwgk fuzz: mkdtemp");
      std::abort();
    }
    dir = pattern;
  }
  ~Scratch() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

} // namespace

std::filesystem::path source_dir() { return ZWGK_SOURCE_DIR; }

std::filesystem::path example_dir() { return source_dir() / "examples" / "linzi-2020q3"; }

void violation(std::string_view what, std::string_view value) {
  if (g_replay) {
    g_replay->violations.push_back(g_input_name + ": " + std::string(what) + ": \"" + escaped(value) + "\"");
    return;
  }
  std::fprintf(stderr, "zwgk fuzz: invariant violated: %.*s (%zu bytes): \"%s\"\n", static_cast<int>(what.size()),
               what.data(), value.size(), escaped(value).c_str());
  std::abort();
}

void require(bool ok, std::string_view what, std::string_view value) {
  if (!ok) violation(what, value);
}

void touch(std::string_view s) {
  std::size_t sum = s.size();
  for (char c : s) sum += static_cast<unsigned char>(c);
  g_sink += sum;
}

void check_text(std::string_view what, std::string_view s) {
  touch(s);
  require(is_valid_utf8(s), std::string(what) + " is not UTF-8", s);
}

void check_message(std::string_view what, std::string_view s) {
  check_text(what, s);
  require(!s.empty(), std::string(what) + " is empty");
  require(has_han(s) && !has_english_phrase(s), std::string(what) + " is not Chinese", s);
}

Positions::Positions(std::string file, std::string_view text) : m_file(std::move(file)) {
  m_lines = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      m_widest = std::max(m_widest, i - line_start);
      line_start = i + 1;
      ++m_lines;
    } else if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) {
      ++m_lines;
    }
  }
  m_widest = std::max(m_widest, text.size() - line_start);
}

Positions Positions::of_file(std::string file, std::string_view bytes) {
  auto text = decode_text(bytes);
  if (text) return {std::move(file), text->utf8};
  Positions p(std::move(file), bytes);
  p.m_widest = bytes.size();
  return p;
}

void check_diagnostics(const Diagnostics& problems, std::span<const Positions> inputs) {
  const auto& entries = problems.entries();
  require(entries.size() <= k_max_listed_diagnostics, "more problems listed than k_max_listed_diagnostics");
  require(problems.total_count() == entries.size() + problems.omitted_count(), "problem counts disagree");
  require(problems.error_count() <= problems.total_count(), "more errors than problems");
  require(problems.omitted_count() == 0 || entries.size() == k_max_listed_diagnostics,
          "problems omitted before the list is full");
  std::size_t listed_errors = 0;
  for (const auto& d : entries) {
    listed_errors += d.severity == Severity::Error;
    check_message("problem message", d.message);
    check_text("problem file", d.where.file);
    check_text("problem sheet", d.where.sheet);
    check_text("problem column name", d.where.column_name);
    check_text("problem text", d.to_string());
    if (const Positions* input = positions_of(inputs, d.where.file)) {
      require(input->has_line(d.where.line), "problem line outside the input", d.to_string());
      require(input->has_column(d.where.column), "problem column outside the input", d.to_string());
    }
  }
  require(listed_errors <= problems.error_count(), "listed errors not counted");
  check_text("omitted note", omitted_note(problems));
}

std::filesystem::path scratch_file(std::string_view name, std::string_view bytes) {
  static Scratch scratch;
  std::filesystem::path path = scratch.dir / std::string(name);
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    std::fprintf(stderr, "zwgk fuzz: cannot write %s\n", path.c_str());
    std::abort();
  }
  return path;
}

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Replay replay_corpus(std::string_view corpus, void (*target)(std::string_view)) {
  Replay replay;
  struct Collecting {  // until the end, even if a target throws
    explicit Collecting(Replay& r) { g_replay = &r; }
    ~Collecting() { g_replay = nullptr; }
  } collecting(replay);
  g_input_name = "(prepare)";
  target({});
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(source_dir() / "fuzz" / "corpus" / corpus, ec))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    g_input_name = file.filename().string();
    target(read_bytes(file));
    ++replay.files;
  }
  return replay;
}

} // namespace zwgk::fuzz
