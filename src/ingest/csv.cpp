#include "ingest/csv.h"

#include "ingest/limits.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <cstring>
#include <vector>

namespace zwgk::ingest {

char detect_delimiter(std::string_view text) {
  auto first_line = text.substr(0, text.find('\n'));
  bool tabs = first_line.find('\t') != std::string_view::npos;
  bool commas = first_line.find(',') != std::string_view::npos;
  return tabs && !commas ? '\t' : ',';
}

std::size_t count_char(std::string_view text, char c) {
  std::size_t count = 0, i = 0;
  const char* p = text.data();
  if (!std::memchr(p, c, text.size())) return 0;  // e.g. quotes: usually none at all
#ifdef __SSE2__
  // Byte counters (each match subtracts -1) summed with SAD before they can wrap.
  const __m128i needle = _mm_set1_epi8(c), zero = _mm_setzero_si128();
  while (i + 16 <= text.size()) {
    __m128i bytes = zero;
    for (int round = 0; round < 255 && i + 16 <= text.size(); ++round, i += 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      bytes = _mm_sub_epi8(bytes, _mm_cmpeq_epi8(v, needle));
    }
    __m128i sums = _mm_sad_epu8(bytes, zero);
    count += static_cast<std::size_t>(_mm_cvtsi128_si64(sums)) +
             static_cast<std::size_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
  }
#endif
  for (; i < text.size(); ++i) count += p[i] == c;
  return count;
}

std::size_t last_row_boundary(std::string_view text, std::size_t quotes_before,
                              std::size_t* quotes_in_prefix) {
  // Walk back from the end a quote at a time: between two quotes the parity
  // of the quotes before a newline does not change, so the last newline after
  // the last quote is a row boundary exactly when the quotes before it are
  // even in number. A file whose quote never closes is looked at once, not
  // a line at a time.
  const std::size_t in_text = count_char(text, '"');
  std::size_t quotes = quotes_before + in_text;  // before `pos`
  for (std::size_t pos = text.size();;) {
    const auto* quote = in_text ? static_cast<const char*>(memrchr(text.data(), '"', pos)) : nullptr;
    const std::size_t after_quote = quote ? static_cast<std::size_t>(quote - text.data()) + 1 : 0;
    if (quotes % 2 == 0) {
      if (const void* nl = memrchr(text.data() + after_quote, '\n', pos - after_quote)) {
        if (quotes_in_prefix) *quotes_in_prefix = quotes - quotes_before;
        return static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1;
      }
    }
    if (!quote) return 0;
    --quotes;
    pos = after_quote - 1;
  }
}

namespace {

// 1-based column in characters of byte `pos` on the line starting at line_start.
std::size_t column_at(std::string_view text, std::size_t line_start, std::size_t pos) {
  std::size_t column = 1;
  for (std::size_t i = line_start; i < pos; ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  return column;
}

// Splits the row at pos if it has no quotes: fills cells and returns the
// offset just past the row, or returns nullopt (cells undefined) when the row
// holds a quote or goes beyond a limit and needs the full tokenizer (which
// reports it). One pass over the bytes, 16 at a time, finds delimiters, the
// newline and any quote together.
std::optional<std::size_t> split_plain_row(std::string_view text, std::size_t pos, char delimiter,
                                           std::vector<std::string_view>& cells) {
  cells.clear();
  const char* data = text.data();
  const std::size_t n = text.size();
  std::size_t start = pos;
  auto end_row = [&](std::size_t at) -> std::optional<std::size_t> {
    std::size_t end = at > start && data[at - 1] == '\r' ? at - 1 : at;
    if (end - start > k_max_cell_bytes) return std::nullopt;
    cells.emplace_back(data + start, end - start);
    return std::min(at + 1, n);
  };
  // A cell ends at `at`; false when the full tokenizer must report a limit.
  auto end_cell = [&](std::size_t at) {
    if (at - start > k_max_cell_bytes || cells.size() + 1 >= k_max_columns) return false;
    cells.emplace_back(data + start, at - start);
    start = at + 1;
    return true;
  };
  std::size_t p = pos;
#ifdef __SSE2__
  const __m128i delim_v = _mm_set1_epi8(delimiter), nl_v = _mm_set1_epi8('\n'), quote_v = _mm_set1_epi8('"');
  for (; p + 16 <= n; p += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + p));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, delim_v), _mm_cmpeq_epi8(v, nl_v)), _mm_cmpeq_epi8(v, quote_v))));
    for (; mask; mask &= mask - 1) {
      std::size_t at = p + static_cast<std::size_t>(__builtin_ctz(mask));
      char c = data[at];
      if (c == '"') return std::nullopt;
      if (c == '\n') return end_row(at);
      if (!end_cell(at)) return std::nullopt;
    }
    if (p + 16 - start > k_max_cell_bytes) return std::nullopt;
  }
#endif
  for (; p < n; ++p) {
    char c = data[p];
    if (c == '"') return std::nullopt;
    if (c == '\n') return end_row(p);
    if (c == delimiter && !end_cell(p)) return std::nullopt;
  }
  return end_row(n);
}

std::string too_many_columns() {
  return fmt::format("此行超过 {} 列（Excel 的上限），文件的其余部分未读取；请检查分隔符", k_max_columns);
}

enum class Quoted { No, Yes };
std::string too_long(Quoted quoted) {
  if (quoted == Quoted::Yes)
    return fmt::format("引号字段从此处开始，超过 {} 字节（Excel 每个单元格最多 32767 个字符）仍未结束："
                       "多半是少了结束的引号；文件的其余部分未读取",
                       k_max_cell_bytes);
  return fmt::format("单元格从此处开始，超过 {} 字节（Excel 每个单元格最多 32767 个字符）；文件的其余部分未读取",
                     k_max_cell_bytes);
}

} // namespace

std::expected<std::size_t, CsvError> parse_csv(std::string_view text, std::size_t first_line,
                                        char delimiter, const CsvRowFn& on_row) {
  std::vector<std::string_view> cells;
  std::vector<std::string> scratch;  // unescaped quoted fields of the current row
  std::vector<std::size_t> scratch_cell;  // which cell each scratch entry belongs to
  std::size_t line = first_line;
  std::size_t pos = 0;
  const std::size_t n = text.size();
  while (pos < n) {
    if (auto next = split_plain_row(text, pos, delimiter, cells)) {  // the common case
      pos = *next;
      if (!on_row(line++, cells)) break;
      continue;
    }
    const std::size_t row_line = line;
    std::size_t line_start = pos;
    cells.clear();
    scratch.clear();
    scratch_cell.clear();
    while (true) {  // one field per iteration
      if (cells.size() >= k_max_columns)
        return std::unexpected(CsvError{line, column_at(text, line_start, pos), too_many_columns()});
      if (pos < n && text[pos] == '"') {
        std::size_t open_line = line, open_column = column_at(text, line_start, pos);
        std::string value;
        ++pos;
        while (true) {
          // The closing quote is looked for only as far as a cell may reach.
          const std::size_t window = std::min(n - pos, k_max_cell_bytes + 1 - value.size());
          const char* q = static_cast<const char*>(std::memchr(text.data() + pos, '"', window));
          if (!q && window < n - pos) return std::unexpected(CsvError{open_line, open_column, too_long(Quoted::Yes)});
          if (!q) return std::unexpected(CsvError{open_line, open_column, "引号未闭合：字段从此处开始，直到文件末尾都没有结束的引号"});
          std::size_t qpos = static_cast<std::size_t>(q - text.data());
          if (value.size() + (qpos - pos) > k_max_cell_bytes)
            return std::unexpected(CsvError{open_line, open_column, too_long(Quoted::Yes)});
          for (std::size_t i = pos; i < qpos; ++i)
            if (text[i] == '\n') { ++line; line_start = i + 1; }
          value.append(text.data() + pos, qpos - pos);
          pos = qpos + 1;
          if (pos < n && text[pos] == '"') { value += '"'; ++pos; continue; }
          break;
        }
        // A CR ends the field only as part of CRLF (or at the end of the text):
        // a lone CR is content here, as in an unquoted field, so rows and
        // their line numbers stay those of the LF line ends.
        const bool line_end = pos < n && (text[pos] == '\n' || (text[pos] == '\r' && (pos + 1 == n || text[pos + 1] == '\n')));
        if (pos < n && text[pos] != delimiter && !line_end)
          return std::unexpected(CsvError{line, column_at(text, line_start, pos), "引号字段结束后应为分隔符或换行"});
        scratch.push_back(std::move(value));
        scratch_cell.push_back(cells.size());
        cells.emplace_back();  // set below, once scratch stops reallocating
      } else {
        std::size_t start = pos;
        while (pos < n && text[pos] != delimiter && text[pos] != '\n') {
          if (text[pos] == '"')
            return std::unexpected(CsvError{line, column_at(text, line_start, pos), "未加引号的字段中出现引号；含引号的字段应整体用引号括起，内部引号写成两个"});
          if (pos - start > k_max_cell_bytes)  // (one byte more for a CR before the newline)
            return std::unexpected(CsvError{line, column_at(text, line_start, start), too_long(Quoted::No)});
          ++pos;
        }
        std::size_t end = pos;
        if (end > start && text[end - 1] == '\r') --end;
        if (end - start > k_max_cell_bytes)
          return std::unexpected(CsvError{line, column_at(text, line_start, start), too_long(Quoted::No)});
        cells.emplace_back(text.data() + start, end - start);
      }
      if (pos < n && text[pos] == delimiter) { ++pos; continue; }
      if (pos < n && text[pos] == '\r') ++pos;
      if (pos < n && text[pos] == '\n') { ++pos; ++line; }
      break;
    }
    // Point quoted cells at their unescaped copies (scratch no longer grows).
    for (std::size_t i = 0; i < scratch.size(); ++i) cells[scratch_cell[i]] = scratch[i];
    if (!on_row(row_line, cells)) break;
  }
  return pos;
}

} // namespace zwgk::ingest
