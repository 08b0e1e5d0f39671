// The IMAP connection after libcurl has connected and logged in
// (CURLOPT_CONNECT_ONLY): commands sent one at a time, each with its own
// tag, and the responses read until that tag comes back. Literals are read
// by their announced size (ResponseSplitter, protocol.h), so message bytes
// are never cut or mistaken for responses.
//
// Every wait for the server is bounded by the timeout; a server that sends
// "+" (a continuation this client never asks for) or a line that is neither
// untagged nor the command's tag breaks the protocol and ends the command
// with an error. Errors are Chinese sentences quoting at most
// quoted_server_text()'s bytes of the server's text.
#pragma once

#include "imap/protocol.h"

#include <curl/curl.h>

#include <chrono>
#include <expected>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::imap {

// ASCII case-insensitive prefix test (IMAP keywords are case-insensitive).
bool starts_with_ci(std::string_view text, std::string_view prefix);

// A command's tagged completion: OK, NO or BAD (upper case) and the server's text.
struct Completion {
  std::string status;
  std::string text;
  bool ok() const { return status == "OK"; }
  std::string quoted() const;  // text, quoted for a message
};

// Receives each untagged response without its "* "; an error ends the command.
using Untagged = std::function<std::expected<void, std::string>(std::string_view)>;

class Session {
public:
  // `curl` and `socket` stay owned by the caller and must outlive the session.
  Session(CURL* curl, curl_socket_t socket, std::chrono::seconds timeout);

  // Sends `text` and reads up to its completion.
  std::expected<Completion, std::string> command(std::string_view text, const Untagged& on_untagged = {});

  // Ends the connection without waiting for anything more: after this,
  // curl's own LOGOUT on cleanup fails at once instead of waiting for a
  // server that may be hung.
  void shut_down();

  void set_timeout(std::chrono::seconds timeout) { m_timeout = timeout; }

private:
  std::expected<void, std::string> wait(short events);
  std::expected<void, std::string> send_all(std::string_view data);
  std::expected<std::string, std::string> next_response();

  CURL* m_curl;
  curl_socket_t m_socket;
  std::chrono::seconds m_timeout;
  ResponseSplitter m_splitter;
  std::vector<char> m_chunk;
  std::string m_bye;
  int m_tag = 0;
};

} // namespace zwgk::imap
