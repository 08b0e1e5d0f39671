// A streaming CSV tokenizer (RFC 4180) that keeps line and column numbers.
//
// Debian's C CSV library reports neither line nor column, and error messages
// must point at both, so the tokenizer is our own. It is fed complete rows
// (the caller splits input at row boundaries) and calls back once per row
// with views into the input; only quoted fields are copied (unescaped). Quoted fields may contain delimiters, quotes ("") and newlines.
// A quote inside an unquoted field, or an unterminated quoted field, is an
// error with its position; the row callback may stop the parse early.
#pragma once

#include <cstddef>
#include <expected>
#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace zwgk::ingest {

struct CsvError {
  std::size_t line = 0;
  std::size_t column = 0;
  std::string message;
};

// line: physical line (1-based) where the row starts. Return false to stop.
using CsvRowFn = std::function<bool(std::size_t line, std::span<const std::string_view> cells)>;

// Tokenizes text, whose first row starts on first_line. A row that ends
// with the text (no final newline) is still a row. Returns the offset just
// past the last row handed to on_row (text.size() unless it stopped early).
std::expected<std::size_t, CsvError> parse_csv(std::string_view text, std::size_t first_line,
                                        char delimiter, const CsvRowFn& on_row);

// Occurrences of c in text (16 bytes at a time).
std::size_t count_char(std::string_view text, char c);

// ',' unless the first line has tabs and no commas (Excel's "Unicode text").
char detect_delimiter(std::string_view text);

// Offset just past the last row boundary in text (a newline outside quotes),
// or 0 if there is none; `quotes_before` is the number of '"' before text.
// If quotes_in_prefix is given, it receives the number of '"' before that offset.
std::size_t last_row_boundary(std::string_view text, std::size_t quotes_before,
                              std::size_t* quotes_in_prefix = nullptr);

} // namespace zwgk::ingest
