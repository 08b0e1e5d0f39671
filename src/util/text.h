// Text helpers for Chinese administrative data, built on ICU.
//
// Everything inside zwgk is UTF-8. These helpers do the few things the
// importers and the engine need: validate UTF-8, trim (including the
// ideographic space U+3000), fold a name to the form used for matching,
// measure edit distance between names for "did you mean" suggestions, and
// count user-perceived characters (grapheme clusters) of an article.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk {

bool is_valid_utf8(std::string_view text);
// Length of the longest prefix that is valid UTF-8 (ASCII runs checked 8 bytes at a time).
std::size_t utf8_valid_prefix(std::string_view text);

// Strips ASCII whitespace, U+3000 and a leading BOM from both ends.
std::string_view trim(std::string_view text);

// NFKC-folded name with all whitespace removed: full-width letters, digits
// and parentheses become their ASCII forms, so "区（文旅）局" and
// "区(文旅)局" match. Used only for lookup, never for display.
std::string fold_name(std::string_view name);

// Levenshtein distance counted in code points.
std::size_t edit_distance(std::string_view a, std::string_view b);

// ASCII letters lower-cased; other bytes unchanged (addresses, extensions).
std::string ascii_lower(std::string_view text);

// Number of code points.
std::size_t code_point_count(std::string_view text);

// Number of grapheme clusters that are letters, digits or ideographs:
// the "字数" of an article (punctuation and spaces not counted).
std::size_t count_article_characters(std::string_view text);

// A 64-bit fingerprint of the same characters (lower-cased), so that one
// article resent with other spacing, punctuation or quoting is recognised;
// 0 when the text has no such character.
std::uint64_t article_fingerprint(std::string_view text);

// Width on a page or in a spreadsheet cell in half-width units: ASCII
// counts one, any other character (Chinese, full-width forms) two.
std::size_t display_width(std::string_view text);

// Splits on any of the list separators staff use: 、，,；;／/| and spaces.
std::vector<std::string> split_list(std::string_view text);

// The lines of text that are not blank, trimmed.
std::vector<std::string> non_empty_lines(std::string_view text);

// The items with `separator` between them: join({"甲", "乙"}, "、") is "甲、乙".
std::string join(const std::vector<std::string>& items, std::string_view separator);

// Replaces every "{key}" in text with the value for key; unknown keys stay.
std::string substitute(std::string_view text,
                       const std::vector<std::pair<std::string, std::string>>& values);

// A remote server's text fit for a message to staff: at most `max_bytes`
// (cut at a character boundary, "…" added), control characters as spaces,
// bytes that are not UTF-8 as '?'. Shared by the IMAP and SMTP clients.
std::string quoted_server_text(std::string_view text, std::size_t max_bytes = 200);

// `text` with every occurrence of `secret` replaced by "******" (nothing if
// the secret is empty): no password reaches a message.
std::string scrub_secret(std::string text, std::string_view secret);

// `text` fit for XML 1.0 (DOCX, XLSX, HTML): characters that XML forbids
// (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF) and bytes that are
// not UTF-8 each become U+FFFD "�", so that a stray control character in a
// name shows as a mark in the document instead of making Word refuse it.
// Every writer of those formats passes its text through this one function.
std::string xml_safe_text(std::string_view text);

// The form in which Windows compares file names: case-folded character by
// character, trailing dots and spaces dropped ("附件1-A.CSV" and "附件1-a.csv"
// name one file on a Windows share).
std::string file_name_key(std::string_view name);

// True when a spreadsheet would take `cell` for a formula: it starts with
// =, +, -, @, a tab or a carriage return (OWASP's list for CSV injection) and
// is not a plain decimal number such as "-0.5" or "+2".
bool starts_like_formula(std::string_view cell);

// What a CSV file is for. Neutralised (the default): people open it in Excel
// or WPS, so a cell that starts like a formula gets a leading apostrophe and
// shows as the text it is ("'=HYPERLINK(…)"); numbers stay numbers. Exact:
// a data file that zwgk itself reads back (the workspace's findings and
// registry), written exactly as given.
enum class CsvCells { Neutralised, Exact };

// Appends one CSV record (RFC 4180 quoting, CRLF), as Excel and WPS read it.
void append_csv_row(std::string& out, const std::vector<std::string>& cells,
                    CsvCells mode = CsvCells::Neutralised);

} // namespace zwgk
