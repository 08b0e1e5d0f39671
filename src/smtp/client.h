// Sending one e-mail through an SMTP server (the district's mail server, or
// a relay on the same machine), for `zwgk remind --send`.
//
// compose() builds the message (pure, for tests): From, To, Subject, Date,
// Message-ID, MIME-Version and a text/plain; charset=UTF-8 body in base64
// with CRLF line ends. Non-ASCII text in the subject and in display names is
// RFC 2047 encoded ("=?UTF-8?B?…?="), each encoded word at most 75
// characters and never splitting a UTF-8 character. The body is base64, so
// no line of it can start with a dot or exceed the line limit.
//
// send() hands the message to the server with libcurl:
// - Security::Tls: implicit TLS, smtps:// (port 465 by default);
// - Security::StartTls: smtp:// upgraded with STARTTLS before anything else
//   is sent (CURLUSESSL_ALL: a server without STARTTLS is refused, never
//   used in the clear; port 587 by default);
// - Security::None: plain SMTP, allowed only to a server on this machine
//   (127.0.0.1, ::1, localhost), e.g. a local relay (port 25 by default).
// The server's certificate and host name are always checked, against
// ca_file when given, else the system's CAs. Login (AUTH) only when `user`
// is set. Every recipient must be accepted, or nothing is sent.
//
// Errors are one Chinese sentence: the address is invalid, the server cannot
// be resolved or reached, TLS or the certificate failed, STARTTLS is not
// offered, the login was refused, the sender or a recipient was refused, the
// message was refused, or the server did not answer within `timeout`. They
// never contain the password.
// Thread-safe: calls share nothing (curl is initialised once).
#pragma once

#include "util/calendar.h"

#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::smtp {

enum class Security { Tls, StartTls, None };

// "tls", "starttls", "none"; nullopt for anything else.
std::optional<Security> parse_security(std::string_view text);

struct Options {
  // smtps://host[:port] for Tls; smtp://host[:port] for StartTls and None.
  std::string url;
  Security security = Security::StartTls;
  std::string user;      // empty: no login
  std::string password;  // never from argv: the CLI reads it from an environment variable or a file
  std::string ca_file;   // a CA bundle (PEM) to trust instead of the system's
  std::chrono::seconds timeout{60};
};

struct Message {
  std::string from;             // "区政府办公室 <gk@example.gov.cn>" or "gk@example.gov.cn"
  std::vector<std::string> to;  // addresses, at least one (the same forms)
  std::string subject;          // UTF-8
  std::string body;             // UTF-8 plain text, LF or CRLF line ends
};

// The bare address of "Name <a@b>" or "a@b" if it is a plausible address
// (one @, no spaces, quotes, angle brackets or control characters), else an
// error naming it.
std::expected<std::string, std::string> address_of(std::string_view mailbox);

// The message as it goes over the wire (CRLF line ends). `date` is in CST
// (+0800); `message_id` without angle brackets, e.g. "…@example.gov.cn".
std::expected<std::string, std::string> compose(const Message& message, const DateTime& date,
                                                std::string_view message_id);

// "=?UTF-8?B?…?=" words separated by CRLF + space; ASCII text without
// anything needing encoding is returned as it is.
std::string encode_header_text(std::string_view text);

// Composes the message (Date: now; a random Message-ID at the sender's
// domain) and sends it.
std::expected<void, std::string> send(const Options& options, const Message& message);

} // namespace zwgk::smtp
