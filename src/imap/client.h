// Fetching submissions from an IMAP mailbox (the office's 163/126/yeah.net,
// Exchange or Coremail account), for `zwgk mail fetch`.
//
// fetch() logs in, opens one folder read-only, lists the messages whose
// INTERNALDATE lies in a date range and hands each one's bytes to a sink, in
// UID order. It changes nothing on the server: the folder is opened with
// EXAMINE and bodies are read with BODY.PEEK[], so no message is marked read.
//
// Transport: libcurl makes the connection, TLS (implicit, or STARTTLS that
// must succeed before the password is sent) and the login (SASL PLAIN or
// LOGIN, whichever the server offers), then hands the connection over
// (CURLOPT_CONNECT_ONLY) and this library speaks IMAP itself. It does not
// use curl's IMAP commands (CURLOPT_CUSTOMREQUEST): curl reads FETCH
// literals line by line, cuts lines longer than half its buffer and takes a
// message line starting with "* " for a server response, so message bytes
// would be lost. Here literals are read by their announced size.
//
// Contracts:
// - One connection for all commands: ID, EXAMINE, UID SEARCH, UID FETCH,
//   LOGOUT. ID ("name" "zwgk" "version" "1") goes first because 163, 126 and
//   yeah.net refuse SELECT/EXAMINE from clients that do not identify
//   themselves ("Unsafe Login"); a server without ID just answers BAD,
//   which is ignored.
// - The folder name is UTF-8 (已发送, "Sent Items"), sent in modified UTF-7
//   as a quoted string. Subfolders use the server's own hierarchy separator
//   ("投稿/2020" on most servers, "投稿.2020" on Dovecot's Maildir++).
// - Dates are civil dates in China Standard Time. A message matches when the
//   CST date of its INTERNALDATE (when the server received it) is on or
//   after `since` and before `before` (exclusive). A server interprets
//   SEARCH SINCE/BEFORE in its own time zone, so the search is widened by a
//   day on each side and the exact range applied here to each INTERNALDATE;
//   a message whose INTERNALDATE the server does not give is kept.
// - FetchedMessage::bytes is the message with CRLF line ends turned into LF,
//   the form Maildir files and .eml files have on a Unix server, so that
//   mail fetched over IMAP is byte for byte what the Maildir import reads.
//   A CR not followed by LF is kept.
// - internaldate: the server's INTERNALDATE converted to CST (minutes; the
//   seconds are dropped); nullopt when the server gave none or a malformed
//   one. uidvalidity comes from EXAMINE (0 when the server gives none);
//   (uidvalidity, uid) identifies a message on that server for good, so an
//   importer can skip messages it has seen.
// - progress (when given) is called once with done = 0 when the number of
//   matching messages is known, then after each message handed to the sink.
//   A message expunged meanwhile by another client is skipped but counted.
// - sink returning false ends the fetch at once, successfully.
// - Errors are one Chinese sentence saying what failed: the server cannot
//   be resolved or reached, TLS or the certificate check failed, STARTTLS is
//   not offered, the login was refused, the folder does not exist (naming
//   it, and listing the folders that do), the server broke the protocol,
//   or did not answer within `timeout`. They never contain the password
//   (it is also scrubbed from any server text quoted in them). A message
//   larger than k_max_message_bytes ends the fetch with an error naming it.
// - A hostile server cannot make fetch crash, hang past the timeout or
//   allocate without bound (see protocol.h).
// - Thread-safe: calls share nothing (curl is initialised once).
#pragma once

#include "util/calendar.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>

namespace zwgk::imap {

inline constexpr std::size_t k_max_message_bytes = 100u << 20;

// Implicit TLS (imaps, port 993) or plain IMAP upgraded with STARTTLS
// (port 143); STARTTLS is required, never skipped.
enum class Security { Tls, StartTls };

struct Options {
  std::string host;
  int port = 0;  // 0: 993 for Tls, 143 for StartTls
  Security security = Security::Tls;
  std::string user;
  std::string password;  // never from argv: the CLI reads it from an environment variable or a file
  std::string folder = "INBOX";  // UTF-8
  std::optional<Date> since;     // CST, inclusive
  std::optional<Date> before;    // CST, exclusive
  std::string ca_file;  // a CA bundle (PEM) to trust instead of the system's; empty: the system's
  bool verify = true;   // check the server's certificate and host name
  // Bounds connecting and logging in, and each wait for the server's data.
  std::chrono::seconds timeout{60};
};

struct FetchedMessage {
  std::uint32_t uid = 0;
  std::uint32_t uidvalidity = 0;
  std::string bytes;                    // RFC 5322, LF line ends
  std::optional<DateTime> internaldate; // CST
};

struct Progress {
  std::size_t done = 0;
  std::size_t total = 0;
};

std::expected<void, std::string> fetch(const Options& options,
                                       const std::function<bool(FetchedMessage&&)>& sink,
                                       const std::function<void(const Progress&)>& progress = {});

} // namespace zwgk::imap
