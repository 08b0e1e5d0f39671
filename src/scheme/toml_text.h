// TOML text → toml++ table for the scheme and the calendar, safely and in
// Chinese. Internal to scheme/.
//
// toml++ builds (and frees) nested tables recursively, so a key of 50,000
// dotted parts overflowed the stack; its errors are English. parse_toml()
// first scans the text for its nesting depth and its number of entries
// (keys, table headers and array elements) and refuses text beyond the
// limits below with the place where they are passed; then it parses, and
// every toml++ error becomes a Chinese message at its line and column. A
// pure function of the text: no I/O.
#pragma once

#include "model/diagnostics.h"

#include <toml++/toml.h>

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

namespace zwgk::scheme_detail {

// Levels of tables, dotted key parts, arrays and inline tables. A real
// scheme uses three ([[submission.quota]] count); 32 leaves room for any
// layout while keeping toml++'s recursion far from the stack's end.
inline constexpr std::size_t k_max_toml_depth = 32;
// Keys, table headers and array elements together. Linzi's scheme has
// about 150; a catalogue of a thousand findings about 4,000. Beyond this
// a file is not a scheme, and parsing it would only cost time and memory.
inline constexpr std::size_t k_max_toml_entries = 20'000;

std::expected<toml::table, Diagnostics> parse_toml(std::string_view text, std::string_view file_name);

// toml++'s description of a syntax error (in English) as Chinese.
// `at` is the text from the error's position on (the character toml++
// stopped at), which tells a missing closing quote from a stray control
// character.
std::string toml_error_in_chinese(std::string_view description, std::string_view at);

} // namespace zwgk::scheme_detail
