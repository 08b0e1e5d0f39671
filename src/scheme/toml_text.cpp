#include "scheme/toml_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

namespace zwgk::scheme_detail {
namespace {

struct Excess {
  std::size_t line, column;
  std::string message;
};

// One pass over TOML text that follows just enough of its structure
// (strings, comments, table headers, keys, arrays and inline tables) to
// know how deep the next value would sit and how many entries there are.
// It never fails: text that is not TOML is measured as well as it can be,
// and toml++ then reports what is wrong with it.
class Measure {
public:
  explicit Measure(std::string_view text) : m_text(text) {}

  std::optional<Excess> run() {
    while (m_at < m_text.size() && !m_excess) step();
    return m_excess;
  }

private:
  struct Open {
    char bracket;       // '[' array or '{' inline table
    std::size_t depth;  // depth before it opened
  };

  char peek(std::size_t ahead = 0) const { return m_at + ahead < m_text.size() ? m_text[m_at + ahead] : '\0'; }

  // Moves past one byte, counting lines and (code point) columns as toml++ does.
  void advance() {
    char c = m_text[m_at++];
    if (c == '\n') {
      ++m_line;
      m_column = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++m_column;
    }
  }

  void deeper(std::size_t levels = 1) { deeper_at(levels, m_line, m_column); }

  void deeper_at(std::size_t levels, std::size_t line, std::size_t column) {
    m_depth += levels;
    if (m_depth > k_max_toml_depth && !m_excess)
      m_excess = Excess{line, column,
                        fmt::format("嵌套层数超过 {} 层（表、带点的键、数组和内联表层层相套）；考核方案和日历用不到这么多层",
                                    k_max_toml_depth)};
  }

  void entry() {
    if (++m_entries > k_max_toml_entries && !m_excess)
      m_excess = Excess{m_line, m_column,
                        fmt::format("键、表和数组元素超过 {} 个；考核方案和日历不会有这么多内容", k_max_toml_entries)};
  }

  void skip_line() {
    while (m_at < m_text.size() && peek() != '\n') advance();
  }

  // From an opening quote past the closing one (or the end of the line for
  // a single-line string that is not closed).
  void skip_string() {
    const char quote = peek();
    const bool multi_line = peek(1) == quote && peek(2) == quote;
    for (int i = 0; i < (multi_line ? 3 : 1); ++i) advance();
    while (m_at < m_text.size()) {
      char c = peek();
      if (c == '\\' && quote == '"') {
        advance();
        if (m_at < m_text.size()) advance();
      } else if (c == quote && (!multi_line || (peek(1) == quote && peek(2) == quote))) {
        for (int i = 0; i < (multi_line ? 3 : 1); ++i) advance();
        while (multi_line && peek() == quote) advance();  // """a"""" ends with a quote inside
        return;
      } else if (c == '\n' && !multi_line) {
        return;
      } else {
        advance();
      }
    }
  }

  // [a.b] or [[a.b]] at the start of a line: its depth is its number of parts.
  void header() {
    entry();
    const std::size_t line = m_line, column = m_column;
    advance();
    std::size_t parts = 1 + (peek() == '[' ? 1 : 0);  // an array of tables is one level more
    while (m_at < m_text.size() && peek() != ']' && peek() != '\n') {
      if (peek() == '"' || peek() == '\'') {
        skip_string();
        continue;
      }
      if (peek() == '.') ++parts;
      advance();
    }
    m_base = 0;
    m_depth = 0;
    deeper_at(parts, line, column);
    m_base = m_depth;
    skip_line();
  }

  void close() {
    if (!m_open.empty()) {
      m_depth = m_open.back().depth;
      m_open.pop_back();
    }
    m_key = false;
    advance();
  }

  void comma() {
    if (m_open.empty()) return advance();
    m_depth = m_open.back().depth + 1;
    m_key = m_open.back().bracket == '{';
    entry();
    advance();
  }

  void open(char bracket) {
    m_open.push_back({bracket, m_depth});
    deeper();
    m_key = bracket == '{';
    if (bracket == '[') entry();
    advance();
  }

  void step() {
    const char c = peek();
    if (c == '\n') {
      if (m_open.empty()) {
        m_depth = m_base;
        m_key = true;
        m_line_start = true;
      }
      return advance();
    }
    if (c == ' ' || c == '\t' || c == '\r') return advance();
    const bool line_start = std::exchange(m_line_start, false);
    if (c == '#') return skip_line();
    if (c == '"' || c == '\'') return skip_string();
    if (m_key) {
      if (c == '[' && line_start && m_open.empty()) return header();
      if (c == '.') deeper();
      if (c == '=') {
        deeper();  // the key's last part
        entry();
        m_key = false;
      }
      if (c == '}') return close();
      return advance();
    }
    if (c == '[' || c == '{') return open(c);
    if (c == ']' || c == '}') return close();
    if (c == ',') return comma();
    advance();
  }

  std::string_view m_text;
  std::size_t m_at = 0;
  std::size_t m_line = 1, m_column = 1;
  std::size_t m_base = 0;   // depth of the current [table]
  std::size_t m_depth = 0;  // where the key being read (or the next value) sits
  std::size_t m_entries = 0;
  bool m_key = true;  // reading a key (else a value)
  bool m_line_start = true;
  std::vector<Open> m_open;
  std::optional<Excess> m_excess;
};

// The text from (line, column) on, counted as toml++ counts them (columns in code points).
std::string_view text_at(std::string_view text, std::size_t line, std::size_t column) {
  auto continuation = [&](std::size_t at) { return (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80; };
  std::size_t at = 0;
  for (std::size_t l = 1; l < line && at < text.size(); ++at)
    if (text[at] == '\n') ++l;
  for (std::size_t c = 1; c < column && at < text.size(); ++c)
    for (++at; at < text.size() && continuation(at); ++at) {
    }
  return text.substr(at);
}

// toml++ may place an error one character past the end of its line (after
// the line break it read, e.g. an unterminated string): the column shown is at
// most the line's end, where an editor's cursor can go.
std::size_t column_within_line(std::string_view text, std::size_t line, std::size_t column) {
  std::string_view rest = text_at(text, line, 1);
  rest = rest.substr(0, rest.find('\n'));
  if (rest.ends_with('\r')) rest.remove_suffix(1);
  std::size_t characters = 0;
  for (char c : rest) characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return std::min(column, characters + 1);
}

} // namespace

std::expected<toml::table, Diagnostics> parse_toml(std::string_view text, std::string_view file_name) {
  Diagnostics problems;
  if (auto excess = Measure(text).run()) {
    problems.error({std::string(file_name), {}, excess->line, excess->column, {}}, excess->message);
    return std::unexpected(problems);
  }
  try {
    return toml::parse(text, file_name);
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    problems.error({std::string(file_name), {}, begin.line, column_within_line(text, begin.line, begin.column), {}},
                   "TOML 语法错误：" + toml_error_in_chinese(e.description(), text_at(text, begin.line, begin.column)));
    return std::unexpected(problems);
  }
}

} // namespace zwgk::scheme_detail
