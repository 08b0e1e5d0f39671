// The mail configuration of a data directory, read in one place for every
// front end: DIR/邮件发送.toml, the SMTP server that `zwgk remind --send`
// mails the units' digests through (docs/reminders.md):
//
//   [smtp]
//   url = "smtps://smtp.example.gov.cn"          # or smtp://host:587 with security = "starttls"
//   from = "临淄区人民政府办公室 <gk@example.gov.cn>"
//   user = "gk@example.gov.cn"                   # optional: no login without it
//   password_env = "ZWGK_SMTP_PASSWORD"          # or password_file = "/etc/zwgk/smtp-password"
//   ca_file = "/etc/zwgk/ca.pem"                 # optional
//   security = "tls"                             # tls | starttls | none (loopback relay only)
//   timeout = 60                                 # seconds, optional
//
// The password is never in the file itself, nor on the command line.
// Relative paths are relative to DIR. (IMAP is configured on the command
// line of `zwgk mail fetch`; it has no file.)
#pragma once

#include "app/error.h"
#include "smtp/client.h"

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::app {

inline constexpr std::string_view k_smtp_file = "邮件发送.toml";
// The configuration file and the password file are read whole up to these
// sizes: a real one is a few hundred bytes.
inline constexpr std::uintmax_t k_max_smtp_file_bytes = 1u << 20;
inline constexpr std::uintmax_t k_max_password_file_bytes = 64u << 10;

struct SmtpConfig {
  smtp::Options options;
  std::string from;
};

// DIR/邮件发送.toml with its password. Every problem of the file, with its
// line and column, is in the error's problems (BadInput; its message then
// says that nothing was sent, or is empty for a file that cannot be parsed);
// a missing file, an unreadable one or a missing password is the message.
// `notes` gets what is worth a warning (a password file others can read).
std::expected<SmtpConfig, Error> read_smtp_config(const std::filesystem::path& dir, std::vector<std::string>& notes);

} // namespace zwgk::app
