// Reading an mbox file one message at a time.
//
// MboxReader pulls bytes from a ByteSource (a file, or memory in tests and
// the fuzzer) and returns one message after another; it never holds more
// than one message and a small read window, whatever the size of the file.
// split_mbox() runs it over bytes in memory (a pure function: the fuzz
// target and most unit tests use it). No I/O here: the caller opens files.
//
// Contract:
// - Recognising an mbox (looks_like_mbox): after an optional UTF-8 BOM and
//   any blank lines, the file starts with "From ". That first line is the
//   first separator whatever follows "From ".
// - Separator ("envelope line"): after the first, a line at a line start
//   whose shape is that of an envelope line (is_envelope_line): "From ",
//   a sender, and either a date (a month name, a time hh:mm[:ss] and a
//   four-digit year among the words after the sender: ctime's "Mon Aug 31
//   10:00:00 2020", with or without a zone, or RFC 5322's "Mon, 31 Aug 2020
//   10:00:00 +0800") or nothing else when the sender is "-" (Thunderbird,
//   Netscape) or an address (contains '@', as Gmail's export writes it) or
//   MAILER-DAEMON. An empty line before it is not needed: GMime, MimeKit and
//   Python's mailbox all split at such a line, and writers that omit the
//   empty line exist (GMime's substring.mbox, the Netscape files below).
// - A body line "From here on …" in a file that does not quote From lines
//   (mboxo written carelessly) has no envelope shape (no date, more than a
//   sender), so it stays text of its message. Here zwgk differs on purpose
//   from GMime, MimeKit and Python, which split at every "From " line and
//   so cut a message in two. Such a line right after an empty line is
//   where a real separator would be; the message records the first one
//   (unquoted_from_line) so the caller can ask a person to look.
//   ">From " and "From:" lines are never separators.
// - Content-Length (mboxcl/mboxcl2, Netscape, Solaris): when a message's
//   headers have "Content-Length: N" and the body's N bytes end exactly at
//   the end of the file or at a "From " line (right there or after one
//   empty line), the message ends there and no line inside those N bytes is
//   a separator. Otherwise (a wrong count, as many files have) the header
//   is ignored and the message ends at the next envelope line. A count
//   larger than the message limit is ignored too.
// - Message bytes: from the line after its "From " line to the next
//   separator, without one empty line just before that separator or at the
//   end of the file (the mbox framing), with mboxrd quoting undone by one
//   level (">From " -> "From ", ">>From " -> ">From "). For mboxo files this
//   is also right except for a body line that really started with ">From ",
//   which is rare and harmless for counting. LF and CRLF files (or a mix)
//   are read alike; a UTF-8 BOM at the start of the file is dropped.
// - Bytes before the first "From " line that are not blank (a file that is
//   not an mbox, or damage at the start) are returned, not dropped: as the
//   first message with from_line == false, up to the first envelope line,
//   as they are. The caller reports it if it does not parse.
// - A message larger than the limit (max_message_bytes, counting its "From "
//   line) is returned with too_large set, its size and line, and no bytes:
//   the caller reports it; reading goes on with the next message.
// - Line numbers are 1-based and count "\n" bytes.
// - Memory: the message being read (at most the limit), plus the read
//   window (one chunk and the start of one line), plus, while a
//   Content-Length is checked, the N bytes it names (at most the limit).
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::mail {

// The largest message read from any source (an mbox entry, an .eml or a
// Maildir file): larger than any mail server accepts (commonly 20–50 MB,
// attachments included), so no real submission is refused, and it bounds
// what one message costs (its bytes are held a few times while parsed and
// stored). A larger one is reported and skipped.
inline constexpr std::size_t k_max_message_bytes = 64u << 20;

// Bytes asked of the source per read.
inline constexpr std::size_t k_mbox_read_chunk = 64u << 10;

// A longer line is never an envelope line (RFC 5322 caps a line at 998
// characters); it also bounds the bytes looked at to decide.
inline constexpr std::size_t k_max_envelope_line = 1000;

// Where bytes come from. read() fills up to buffer.size() bytes and returns
// how many; 0 at the end. An error is Chinese text naming the source.
class ByteSource {
public:
  virtual ~ByteSource() = default;
  virtual std::expected<std::size_t, std::string> read(std::span<char> buffer) = 0;
};

class MemorySource final : public ByteSource {
public:
  explicit MemorySource(std::string_view bytes) : m_bytes(bytes) {}
  std::expected<std::size_t, std::string> read(std::span<char> buffer) override;

private:
  std::string_view m_bytes;
};

struct MboxMessage {
  std::size_t line = 0;              // of its "From " line (of its first line if !from_line)
  bool from_line = true;             // false only for bytes before the first "From " line
  std::uint64_t size = 0;            // bytes in the file, its "From " line included
  bool too_large = false;            // size > the limit: `bytes` is empty
  bool by_content_length = false;    // ended where its Content-Length header said
  std::size_t unquoted_from_line = 0;  // first body line "From …" after an empty line that is not a separator; 0: none
  std::string bytes;                 // the message (see above)
};

// Whether a line (without its line end) has the shape of an envelope line.
bool is_envelope_line(std::string_view line);

// Whether bytes at the start of a file make it an mbox (see above).
bool looks_like_mbox(std::string_view head);

// The 1-based numbers of the lines after the first that are envelope lines,
// at most `limit` of them: for a file read as one message, to warn that it
// may hold several.
std::vector<std::size_t> envelope_lines(std::string_view bytes, std::size_t limit);

class MboxReader {
public:
  explicit MboxReader(ByteSource& source, std::size_t max_message_bytes = k_max_message_bytes,
                      std::size_t chunk_bytes = k_mbox_read_chunk);

  // The next message; nullopt at the end. An error only from the source.
  std::expected<std::optional<MboxMessage>, std::string> next();

  // The most bytes the read window has held (for tests of the bound).
  std::size_t peak_window() const { return m_peak_window; }

private:
  struct Piece;
  std::expected<bool, std::string> read_more();
  std::expected<std::size_t, std::string> ensure(std::size_t bytes);
  std::expected<Piece, std::string> piece();
  void consume(const Piece& p);
  std::expected<void, std::string> start();
  std::expected<bool, std::string> skip_counted_body(std::uint64_t content_length, MboxMessage& out);
  bool take_plain_lines(MboxMessage& out, bool& previous_empty);
  void append(std::string_view bytes, MboxMessage& out);
  void finish(MboxMessage& out);

  ByteSource& m_source;
  std::size_t m_max;
  std::size_t m_chunk;
  std::string m_window;        // bytes read and not yet consumed start at m_pos
  std::size_t m_pos = 0;
  bool m_eof = false;
  bool m_started = false;
  bool m_leading = false;      // the next message is the bytes before the first "From " line
  bool m_mid_line = false;     // the next piece continues a line
  std::size_t m_line = 1;      // of the next piece
  std::size_t m_peak_window = 0;
  std::string m_message;
};

// Every message of an mbox in memory (MboxReader over MemorySource).
std::vector<MboxMessage> split_mbox(std::string_view mbox, std::size_t max_message_bytes = k_max_message_bytes);

} // namespace zwgk::mail
