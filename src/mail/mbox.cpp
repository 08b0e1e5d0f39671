#include "mail/mbox.h"

#include "util/text.h"

#include <string.h>  // memmem (glibc)

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace zwgk::mail {
namespace {

constexpr std::string_view k_from = "From ";
constexpr std::string_view k_nl_from = "\nFrom ";
constexpr std::string_view k_quoted_from = ">From ";
constexpr std::string_view k_bom = "\xEF\xBB\xBF";
constexpr std::string_view k_content_length = "content-length:";

std::size_t find_bytes(std::string_view haystack, std::size_t from, std::string_view needle) {
  if (from >= haystack.size()) return std::string_view::npos;
  const void* hit = memmem(haystack.data() + from, haystack.size() - from, needle.data(), needle.size());
  return hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - haystack.data()) : std::string_view::npos;
}

std::string_view without_line_end(std::string_view line) {
  if (line.ends_with('\n')) line.remove_suffix(1);
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

bool is_blank(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    std::size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

std::string_view without_trailing_punct(std::string_view word) {
  while (!word.empty() && (word.back() == ',' || word.back() == '.')) word.remove_suffix(1);
  return word;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "Aug", "aug", "August", "Sept": three letters at least, the start of an English month name.
bool is_month(std::string_view word) {
  static constexpr std::array<std::string_view, 12> k_months = {"january", "february", "march",     "april",
                                                                "may",     "june",     "july",      "august",
                                                                "september", "october", "november", "december"};
  std::string lower = ascii_lower(without_trailing_punct(word));
  if (lower.size() < 3) return false;
  return std::any_of(k_months.begin(), k_months.end(), [&](std::string_view m) { return m.starts_with(lower); });
}

// "10:00", "9:05:33".
bool is_time(std::string_view word) {
  std::size_t colon = word.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || !all_digits(word.substr(0, colon))) return false;
  std::string_view rest = word.substr(colon + 1);
  if (rest.size() == 2) return all_digits(rest);
  return rest.size() == 5 && rest[2] == ':' && all_digits(rest.substr(0, 2)) && all_digits(rest.substr(3));
}

bool is_year(std::string_view word) {
  word = without_trailing_punct(word);
  return word.size() == 4 && all_digits(word);
}

// "\n" bytes in text: in blocks with a 32-bit counter, a loop the
// compiler vectorises (several times faster than std::count's 64-bit one).
std::size_t count_newlines(std::string_view text) {
  constexpr std::size_t k_block = 8192;
  std::size_t total = 0;
  for (std::size_t at = 0; at < text.size(); at += k_block) {
    const std::size_t n = std::min(k_block, text.size() - at);
    const char* p = text.data() + at;
    std::uint32_t count = 0;
    for (std::size_t i = 0; i < n; ++i) count += p[i] == '\n' ? 1u : 0u;
    total += count;
  }
  return total;
}

// The value of a "Content-Length: N" header line; nullopt for any other line.
std::optional<std::uint64_t> content_length_value(std::string_view line) {
  if (line.size() <= k_content_length.size() || ascii_lower(line.substr(0, k_content_length.size())) != k_content_length)
    return std::nullopt;
  std::string_view value = trim(line.substr(k_content_length.size()));
  std::uint64_t n = 0;
  if (value.empty() || value.size() > 15 || !all_digits(value)) return std::nullopt;
  std::from_chars(value.data(), value.data() + value.size(), n);
  return n;
}

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

// mboxrd quoting undone by one level: every line matching ">+From " loses its first '>'.
void unquote(std::string& bytes) {
  std::size_t resume = 0;
  std::size_t quoted = next_quoted_line(bytes, 0, resume);
  if (quoted == std::string_view::npos) return;
  std::string out;
  out.reserve(bytes.size());
  std::size_t copied = 0;
  while (quoted != std::string_view::npos) {
    out.append(bytes, copied, quoted - copied);
    copied = quoted + 1;  // drop the line's first '>'
    quoted = next_quoted_line(bytes, resume, resume);
  }
  out.append(bytes, copied);
  bytes = std::move(out);
}

// Without one empty line at the end (the mbox framing before the next "From " line).
void drop_framing_line(std::string& bytes) {
  if (bytes.ends_with("\n\n")) bytes.pop_back();
  else if (bytes.ends_with("\n\r\n")) bytes.resize(bytes.size() - 2);
  else if (bytes == "\n" || bytes == "\r\n") bytes.clear();
}

}  // namespace

std::expected<std::size_t, std::string> MemorySource::read(std::span<char> buffer) {
  std::size_t n = std::min(buffer.size(), m_bytes.size());
  std::copy_n(m_bytes.data(), n, buffer.data());
  m_bytes.remove_prefix(n);
  return n;
}

bool is_envelope_line(std::string_view line) {
  if (!line.starts_with(k_from) || line.size() > k_max_envelope_line) return false;
  auto w = words(line.substr(k_from.size()));
  if (w.empty()) return false;
  if (w.size() == 1) return w[0] == "-" || w[0].find('@') != std::string_view::npos || ascii_lower(w[0]) == "mailer-daemon";
  bool month = false, time = false, year = false;
  for (std::size_t i = 1; i < w.size(); ++i) {
    month = month || is_month(w[i]);
    time = time || is_time(w[i]);
    year = year || is_year(w[i]);
  }
  return month && time && year;
}

bool looks_like_mbox(std::string_view head) {
  if (head.starts_with(k_bom)) head.remove_prefix(k_bom.size());
  while (!head.empty()) {
    std::size_t nl = head.find('\n');
    std::string_view line = head.substr(0, nl == std::string_view::npos ? head.size() : nl + 1);
    if (!is_blank(line)) return line.starts_with(k_from);
    head.remove_prefix(line.size());
  }
  return false;
}

std::vector<std::size_t> envelope_lines(std::string_view bytes, std::size_t limit) {
  std::vector<std::size_t> out;
  std::size_t line = 1, counted = 0;
  for (std::size_t hit = find_bytes(bytes, 0, k_nl_from); hit != std::string_view::npos && out.size() < limit;
       hit = find_bytes(bytes, hit + 1, k_nl_from)) {
    std::size_t start = hit + 1;
    std::size_t end = bytes.find('\n', start);
    if (!is_envelope_line(without_line_end(bytes.substr(start, end == std::string_view::npos ? end : end - start))))
      continue;
    line += static_cast<std::size_t>(std::count(bytes.begin() + counted, bytes.begin() + start, '\n'));
    counted = start;
    out.push_back(line);
  }
  return out;
}

// A piece of the line at m_pos: the whole line when it is short, else its
// bytes read so far (at least enough to decide whether it is a separator).
struct MboxReader::Piece {
  std::string_view bytes;  // into m_window; empty at the end of the file
  bool line_start = true;
  bool line_end = false;   // ends with '\n'
};

MboxReader::MboxReader(ByteSource& source, std::size_t max_message_bytes, std::size_t chunk_bytes)
    : m_source(source), m_max(max_message_bytes), m_chunk(std::max<std::size_t>(chunk_bytes, 1)) {}

std::expected<bool, std::string> MboxReader::read_more() {
  if (m_eof) return false;
  if (m_pos > 0 && m_pos >= m_window.size() / 2) {  // amortised: moves at most what stays
    m_window.erase(0, m_pos);
    m_pos = 0;
  }
  const std::size_t old = m_window.size();
  m_window.resize(old + m_chunk);
  auto n = m_source.read(std::span<char>(m_window.data() + old, m_chunk));
  m_window.resize(old + (n ? *n : 0));
  m_peak_window = std::max(m_peak_window, m_window.capacity());
  if (!n) return std::unexpected(n.error());
  if (*n == 0) m_eof = true;
  return *n > 0;
}

std::expected<std::size_t, std::string> MboxReader::ensure(std::size_t bytes) {
  while (m_window.size() - m_pos < bytes) {
    auto more = read_more();
    if (!more) return std::unexpected(more.error());
    if (!*more) break;
  }
  return m_window.size() - m_pos;
}

std::expected<MboxReader::Piece, std::string> MboxReader::piece() {
  const std::size_t enough = std::max(m_chunk, k_max_envelope_line + 2);
  std::size_t searched = 0;
  for (;;) {
    std::string_view rest(m_window.data() + m_pos, m_window.size() - m_pos);
    std::size_t nl = rest.find('\n', searched);
    if (nl != std::string_view::npos) return Piece{rest.substr(0, nl + 1), !m_mid_line, true};
    if (m_eof || rest.size() >= enough) return Piece{rest, !m_mid_line, false};
    searched = rest.size();
    auto more = read_more();
    if (!more) return std::unexpected(more.error());
  }
}

void MboxReader::consume(const Piece& p) {
  m_pos += p.bytes.size();
  m_mid_line = !p.line_end;
  if (p.line_end) ++m_line;
}

std::expected<void, std::string> MboxReader::start() {
  m_started = true;
  if (auto n = ensure(k_bom.size()); !n) return std::unexpected(n.error());
  if (std::string_view(m_window).substr(m_pos).starts_with(k_bom)) m_pos += k_bom.size();
  for (;;) {
    auto p = piece();
    if (!p) return std::unexpected(p.error());
    if (p->bytes.empty()) return {};
    if ((p->line_end || m_eof) && is_blank(p->bytes)) {
      consume(*p);
      continue;
    }
    m_leading = !p->bytes.starts_with(k_from);
    return {};
  }
}

void MboxReader::append(std::string_view bytes, MboxMessage& out) {
  out.size += bytes.size();
  if (out.too_large) return;
  if (out.size > m_max) {
    out.too_large = true;
    std::string().swap(m_message);
    return;
  }
  if (m_message.size() + bytes.size() > m_message.capacity())  // grown as usual, but never past the limit
    m_message.reserve(std::min(m_max, std::max(m_message.size() + bytes.size(), 2 * m_message.capacity())));
  m_message.append(bytes);
}

std::expected<bool, std::string> MboxReader::skip_counted_body(std::uint64_t content_length, MboxMessage& out) {
  if (out.too_large || content_length > m_max || out.size + content_length > m_max) return false;
  const auto n = static_cast<std::size_t>(content_length);
  auto available = ensure(n + 2 + k_from.size());
  if (!available) return std::unexpected(available.error());
  std::string_view rest(m_window.data() + m_pos, *available);
  if (rest.size() < n || (n > 0 && rest[n - 1] != '\n')) return false;  // the count must end a line
  std::size_t framing = rest.substr(n).starts_with("\r\n") ? 2 : rest.substr(n).starts_with('\n') ? 1 : 0;
  std::string_view after = rest.substr(n + framing);
  // ensure() stopped short only at the end of the file.
  if (!after.empty() && !after.starts_with(k_from)) return false;
  std::string_view body = rest.substr(0, n);
  append(body, out);
  m_line += count_newlines(body) + (framing > 0 ? 1 : 0);
  m_pos += n + framing;
  out.size += framing;
  m_mid_line = false;
  out.by_content_length = true;
  return true;
}

bool MboxReader::take_plain_lines(MboxMessage& out, bool& previous_empty) {
  std::string_view rest(m_window.data() + m_pos, m_window.size() - m_pos);
  std::size_t from = find_bytes(rest, 0, k_nl_from);
  std::size_t end = from != std::string_view::npos ? from + 1 : rest.rfind('\n') + 1;  // npos + 1 == 0
  if (end == 0) return false;
  std::string_view lines = rest.substr(0, end);
  std::string_view last = lines.substr(0, lines.size() - 1);
  std::size_t nl = last.rfind('\n');
  last = nl == std::string_view::npos ? last : last.substr(nl + 1);
  previous_empty = last.empty() || last == "\r";
  append(lines, out);
  m_line += count_newlines(lines);
  m_pos += end;
  return true;
}

void MboxReader::finish(MboxMessage& out) {
  if (out.too_large) return;
  if (!out.by_content_length) drop_framing_line(m_message);
  if (out.from_line) unquote(m_message);
  out.bytes = std::move(m_message);
  m_message = std::string();
}

std::expected<std::optional<MboxMessage>, std::string> MboxReader::next() {
  if (!m_started)
    if (auto ok = start(); !ok) return std::unexpected(ok.error());
  MboxMessage out;
  out.line = m_line;
  out.from_line = !m_leading;
  m_leading = false;
  m_message.clear();
  bool first = true;             // the next piece is (part of) the message's first line
  bool headers = false;          // in the message's own headers (where a Content-Length counts)
  bool previous_empty = false;
  std::optional<std::uint64_t> content_length;
  for (;;) {
    auto p = piece();
    if (!p) return std::unexpected(p.error());
    if (p->bytes.empty()) {
      if (out.size == 0) return std::nullopt;
      break;
    }
    if (first && out.from_line) {  // the "From " line, not part of the message
      out.size += p->bytes.size();
      out.too_large = out.too_large || out.size > m_max;  // a message may be nothing but an overlong "From " line
      consume(*p);
      first = !p->line_end;  // the rest of an overlong "From " line goes with it
      headers = !first;
      continue;
    }
    // In a body, lines up to the next "From " line are text: taken at once.
    if (!headers && !first && p->line_start && !p->bytes.starts_with(k_from) && take_plain_lines(out, previous_empty))
      continue;
    if (p->line_start && !first) {
      std::string_view line = without_line_end(p->bytes);
      if (is_envelope_line(line)) break;
      if (headers && line.empty()) {
        headers = false;
        append(p->bytes, out);
        consume(*p);
        previous_empty = true;
        if (!content_length) continue;
        auto counted = skip_counted_body(*content_length, out);
        if (!counted) return std::unexpected(counted.error());
        if (*counted) break;
        continue;
      }
      if (headers) {
        if (auto n = content_length_value(line)) content_length = n;
      } else if (out.from_line && previous_empty && line.starts_with(k_from) && out.unquoted_from_line == 0) {
        out.unquoted_from_line = m_line;
      }
      previous_empty = line.empty() && p->line_end;
    }
    first = false;
    append(p->bytes, out);
    consume(*p);
  }
  finish(out);
  return out;
}

std::vector<MboxMessage> split_mbox(std::string_view mbox, std::size_t max_message_bytes) {
  MemorySource source(mbox);
  MboxReader reader(source, max_message_bytes);
  std::vector<MboxMessage> out;
  for (;;) {
    auto next = reader.next();
    if (!next || !*next) break;  // a MemorySource never fails
    out.push_back(std::move(**next));
  }
  return out;
}

}  // namespace zwgk::mail
