#include "mail/mbox.h"

#include <string.h>  // memmem (glibc)

#include <algorithm>
#include <cstdint>

namespace zwgk::mail {
namespace {

constexpr std::string_view k_from = "From ";
constexpr std::string_view k_nl_from = "\nFrom ";
constexpr std::string_view k_quoted_from = ">From ";

std::size_t find_bytes(std::string_view haystack, std::size_t from, std::string_view needle) {
  if (from >= haystack.size()) return std::string_view::npos;
  const void* hit = memmem(haystack.data() + from, haystack.size() - from, needle.data(), needle.size());
  return hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - haystack.data()) : std::string_view::npos;
}

struct Separator {
  std::size_t from_line = std::string_view::npos;  // offset of the "From " line; npos: none
  std::size_t blank = 0;                           // offset of the empty line before it (== from_line at offset 0)
};

// The first separator whose "From " line starts at or after `from`.
Separator next_separator(std::string_view mbox, std::size_t from) {
  if (from == 0 && mbox.starts_with(k_from)) return {0, 0};
  std::size_t search = from == 0 ? 0 : from - 1;
  for (;;) {
    std::size_t nl = find_bytes(mbox, search, k_nl_from);
    if (nl == std::string_view::npos) return {};
    // The line ending at `nl` must be empty: "\n" or "\r\n" right after a line end or the file's start.
    if (nl == 0 || mbox[nl - 1] == '\n') return {nl + 1, nl};
    if (mbox[nl - 1] == '\r' && (nl == 1 || mbox[nl - 2] == '\n')) return {nl + 1, nl - 1};
    search = nl + 1;
  }
}

bool is_blank(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

// "\n" bytes in [p, p + n): in blocks with a 32-bit counter, a loop the
// compiler vectorises (several times faster than std::count's 64-bit one).
std::size_t count_newlines(const char* p, std::size_t n) {
  constexpr std::size_t k_block = 8192;
  std::size_t total = 0;
  while (n > 0) {
    std::size_t block = std::min(n, k_block);
    std::uint32_t count = 0;
    for (std::size_t i = 0; i < block; ++i) count += p[i] == '\n' ? 1u : 0u;
    total += count;
    p += block;
    n -= block;
  }
  return total;
}

// Counts the lines up to an offset incrementally (offsets only grow).
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : m_text(text) {}
  std::size_t line_at(std::size_t offset) {
    m_line += count_newlines(m_text.data() + m_counted, offset - m_counted);
    m_counted = offset;
    return m_line;
  }

 private:
  std::string_view m_text;
  std::size_t m_counted = 0;
  std::size_t m_line = 1;
};

// The offset of the next line at or after `from` that matches ">+From "
// (that is, of its first '>'), and where to search after it.
std::size_t next_quoted_line(std::string_view text, std::size_t from, std::size_t& resume) {
  for (;;) {
    std::size_t hit = find_bytes(text, from, k_quoted_from);
    if (hit == std::string_view::npos) return hit;
    std::size_t start = hit;
    while (start > 0 && text[start - 1] == '>') --start;
    resume = hit + k_quoted_from.size();
    if (start == 0 || text[start - 1] == '\n') return start;
    from = resume;
  }
}

}  // namespace

std::vector<MboxEntry> split_mbox(std::string_view mbox) {
  std::vector<MboxEntry> out;
  LineCounter lines(mbox);
  Separator sep = next_separator(mbox, 0);

  // Leading bytes before the first separator.
  std::size_t lead_end = sep.from_line == std::string_view::npos ? mbox.size() : sep.blank;
  std::string_view lead = mbox.substr(0, lead_end);
  if (!is_blank(lead)) {
    std::size_t first = lead.find_first_not_of(" \t\r\n");
    std::size_t line_start = lead.rfind('\n', first);
    line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
    out.push_back({line_start, lead_end - line_start, lines.line_at(line_start), false});
  }

  while (sep.from_line != std::string_view::npos) {
    Separator next = next_separator(mbox, sep.from_line + k_from.size());
    std::size_t end = next.from_line == std::string_view::npos ? mbox.size() : next.blank;
    if (next.from_line == std::string_view::npos) {
      // Without one final empty line (the framing after the last message).
      std::string_view entry = mbox.substr(sep.from_line, end - sep.from_line);
      if (entry.ends_with("\n\n")) end -= 1;
      else if (entry.ends_with("\n\r\n")) end -= 2;
    }
    out.push_back({sep.from_line, end - sep.from_line, lines.line_at(sep.from_line), true});
    sep = next;
  }
  return out;
}

std::string_view mbox_message(std::string_view mbox, const MboxEntry& entry, std::string& storage) {
  if (entry.offset >= mbox.size()) return {};
  std::string_view bytes = mbox.substr(entry.offset, entry.length);
  if (!entry.from_line) return bytes;
  std::size_t nl = bytes.find('\n');
  if (nl == std::string_view::npos) return {};
  bytes.remove_prefix(nl + 1);

  std::size_t resume = 0;
  std::size_t quoted = next_quoted_line(bytes, 0, resume);
  if (quoted == std::string_view::npos) return bytes;
  storage.clear();
  storage.reserve(bytes.size());
  std::size_t copied = 0;
  while (quoted != std::string_view::npos) {
    storage.append(bytes.substr(copied, quoted - copied));
    copied = quoted + 1;  // drop the line's first '>'
    quoted = next_quoted_line(bytes, resume, resume);
  }
  storage.append(bytes.substr(copied));
  return storage;
}

}  // namespace zwgk::mail
