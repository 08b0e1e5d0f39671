// The head of an HTTP/1.x request (request line and header fields) as the
// gate reads it, before httplib sees a byte: complete or not yet, and
// refused when it breaks a limit of http_limits.h or carries what the
// server never accepts. Pure: bytes in, verdict out.
//
// The gate is stricter than httplib so that both agree on where a request
// ends: every line must end in CRLF, header names are tokens directly
// followed by ':', no line folding, at most one Content-Length value.
#pragma once

#include "server/http_limits.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace zwgk::server {

struct RequestHead {
  std::size_t size = 0;             // bytes of the head as received, through the blank line
  std::string forwarded;            // the head as passed to httplib (Range and If-Range dropped)
  std::string method;               // "POST"
  std::uint64_t content_length = 0; // 0 when absent (only for methods without a body)
  bool expects_continue = false;    // Expect: 100-continue (the body follows an interim answer)
};

// A request the gate answers itself: the status and the Chinese message of
// its JSON error ({"error": message}).
struct Refusal {
  int status = 400;
  std::string message;
};

struct HeadIncomplete {};

using HeadVerdict = std::variant<HeadIncomplete, RequestHead, Refusal>;

// What `received` (the bytes of a connection waiting for a request, from
// its first byte) holds: a complete head, too little yet, or a refusal.
// Refused: heads over max_head_bytes or with a line over
// max_head_line_bytes (431, 414 for the request line) or more than
// max_header_fields fields (431); malformed lines (400); other than
// HTTP/1.0 and HTTP/1.1 (505); Transfer-Encoding (411: a chunked body has
// no size to check in advance); Content-Encoding other than identity (415:
// httplib would inflate it without limit); a body-carrying method
// (POST, PUT, PATCH, DELETE) without Content-Length (411: httplib would read
// until the peer closes); Content-Length over max_body_bytes (413).
HeadVerdict read_request_head(std::string_view received, const HttpLimits& limits);

// The HTTP/1.1 reason phrase of a status the gate or server sends.
std::string_view reason_phrase(int status);

} // namespace zwgk::server
