// Text helpers of the message parser: charsets, RFC 2047 encoded words,
// HTML to text, and the article proper without quoted mail and signature.
//
// Pure functions over bytes and UTF-8 strings; no GMime and no I/O, so they
// are tested alone. Every function returns UTF-8.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace zwgk::mail {

// The ICU converter name for a MIME charset label: gb2312, gbk, cp936,
// x-gbk and euc-cn become GB18030 (their superset, as every mail client
// treats them); an empty label is "" (unknown).
std::string normalize_charset(std::string_view label);

// Strict conversion of bytes in the given charset to UTF-8: nullopt when a
// byte sequence is invalid in it or the charset is unknown.
std::optional<std::string> convert_to_utf8(std::string_view bytes, std::string_view charset);

struct DecodedBody {
  std::string text;
  bool mislabelled = false;  // the label did not fit; decoded as UTF-8 or GB18030 instead
  bool lossy = false;        // nothing fitted; invalid bytes were replaced by U+FFFD
};

// Bytes of a text part under its charset label: the label if the bytes are
// valid in it, else UTF-8, else GB18030, else the label (or UTF-8) with
// replacement characters.
DecodedBody decode_body(std::string_view bytes, std::string_view label);

// A raw (folded) header value with RFC 2047 encoded words decoded; adjacent
// encoded words are joined, their bytes concatenated when the charset is the
// same (a character may be split between words). Raw 8-bit text is taken as
// UTF-8 when valid, else GB18030.
std::string decode_header_value(std::string_view raw);

// Visible text of an HTML document: tags removed, block elements and <br>
// as line breaks, <script>/<style>/<head> and <blockquote> (quoted mail)
// dropped, character references decoded, lines trimmed, blank lines dropped.
std::string html_to_text(std::string_view html);

// The article without earlier mail and signature: lines starting with ">"
// are dropped, and everything from a line "-- " (signature) or the start of
// a forwarded/quoted block ("-----原始邮件-----", "-----Original Message-----",
// a line starting "发件人:" or "发件人：") to the end is cut. Line ends are
// normalised to "\n" and trailing blank lines removed.
std::string strip_quotes_and_signature(std::string_view text);

} // namespace zwgk::mail
