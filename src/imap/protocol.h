// The IMAP4rev1 (RFC 3501) pieces the client needs, without any I/O, so they
// can be tested against hostile input on their own.
//
// The server's byte stream is split into responses by ResponseSplitter and a
// response is read into values by parse_values(). Both are bounded: a line
// longer than max_line, a literal longer than max_literal, a list nested
// deeper than k_max_depth or a malformed literal size is an error, never a
// crash, an unbounded allocation or a hang; after an error the stream cannot
// be trusted and the connection is dropped.
//
// Mailbox names are sent in modified UTF-7 (RFC 3501 §5.1.3) as quoted
// strings: 已发送 becomes "&XfJT0ZAB-". ICU's "IMAP-mailbox-name" converter
// does the encoding both ways.
#pragma once

#include "util/calendar.h"

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::imap {

inline constexpr int k_max_depth = 32;

// A UTF-8 mailbox name in modified UTF-7; nullopt when it is not valid UTF-8.
std::optional<std::string> encode_mailbox_name(std::string_view utf8);
// The reverse, for names the server lists; nullopt when it is not valid
// modified UTF-7 (a server that stores raw UTF-8 names, for example).
std::optional<std::string> decode_mailbox_name(std::string_view mutf7);

// `text` as an IMAP quoted string: in double quotes, with \ and " escaped.
// Only for text without CR, LF or NUL (a quoted string cannot hold them);
// mailbox names qualify once encoded.
std::string quote(std::string_view text);

// A date as SEARCH wants it: "1-Sep-2020".
std::string search_date(Date date);

// An INTERNALDATE ("31-Aug-2020 23:30:00 +0800", the day possibly padded
// with a space) converted to China Standard Time, seconds dropped. nullopt
// when malformed.
std::optional<DateTime> parse_internal_date(std::string_view text);

// Sorted, distinct UIDs written as sequence sets ("1:5,7,9:12"), each at
// most about max_chars long so that no command line grows past what servers
// accept (Dovecot: 64 KB; some far less).
std::vector<std::string> uid_sets(const std::vector<std::uint32_t>& sorted_uids, std::size_t max_chars = 4000);

// One value in a response: an atom (numbers, NIL, flags and section names
// such as BODY[] are atoms), a string (quoted or literal, with its bytes as
// sent) or a parenthesised list.
struct Value {
  enum class Kind { Atom, String, List };
  Kind kind = Kind::Atom;
  std::string text;          // Atom, String
  std::vector<Value> items;  // List

  bool is_atom(std::string_view name) const;  // ASCII case-insensitive
  // The value of an atom that is a number in 0..2^32-1.
  std::optional<std::uint32_t> number() const;
};

// The space-separated values of a response (after "* " or the tag), up to
// its end. Literals ("{N}" CRLF and N bytes) must be complete, as
// ResponseSplitter delivers them.
std::expected<std::vector<Value>, std::string> parse_values(std::string_view text);

// Cuts the server's bytes into complete responses: one line ending in CRLF
// (or a bare LF), together with the literals inside it, which may contain
// any bytes including line ends. A whole response is bounded too (about
// max_literal + 2 * max_line bytes).
class ResponseSplitter {
public:
  ResponseSplitter(std::size_t max_line, std::size_t max_literal)
      : m_max_line(max_line), m_max_literal(max_literal) {}

  void append(std::string_view bytes) { m_buffer.append(bytes); }

  // The next complete response without its final line end; nullopt when
  // more bytes are needed. An error (Chinese) when a bound is exceeded or a
  // literal's size cannot be read.
  std::expected<std::optional<std::string>, std::string> next();

private:
  std::string m_buffer;
  std::size_t m_start = 0;       // start of the response being cut
  std::size_t m_segment = 0;     // start of the current line (after the last literal)
  std::size_t m_scan = 0;        // where to look for the next line end
  std::size_t m_literal_end = 0; // when waiting for a literal: where it ends
  std::size_t m_max_line;
  std::size_t m_max_literal;
};

} // namespace zwgk::imap
