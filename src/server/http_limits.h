// What `zwgk serve` allows a client before a handler runs: sizes, times and
// counts of requests and connections (docs/security.md section 1). The
// defaults are the k_ constants; tests shorten the times.
//
// The server is reached from an intranet where anyone can send anything
// before logging in, and Debian's cpp-httplib 0.11.4 bounds almost nothing
// itself: it reads a request line or header line of any length, any number
// of headers, a body without Content-Length until the peer closes,
// inflates gzip/brotli bodies without limit, and lets a client that sends one
// byte every few seconds keep a worker thread for ever. Its own limits
// (CPPHTTPLIB_HEADER_MAX_LENGTH and friends) are macros compiled into the
// .so, so they cannot be changed here. The gate (http_gate.h) enforces these
// limits instead, before httplib parses anything.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace zwgk::server {

// Uploads (CSV/XLSX data files, mail, evidence files) are at most this big.
inline constexpr std::size_t k_max_upload_bytes = 32u << 20;
// A request line and its headers together: browsers send about 1 KB; nginx
// allows 4 buffers of 8 KB. Larger heads are refused with 431.
inline constexpr std::size_t k_max_head_bytes = 32u << 10;
// One request line or header line, as httplib's compiled-in limit (8192).
inline constexpr std::size_t k_max_head_line_bytes = 8192;
// Header fields of one request: browsers send about 15.
inline constexpr std::size_t k_max_header_fields = 100;
// A request body this small is read by the gate before a worker takes the
// request, and is all a request without a session may send (login needs
// less than 1 KB): larger bodies are read by a worker and only for callers
// with a valid session, so that no anonymous client can hold a worker by
// sending slowly.
inline constexpr std::size_t k_max_anonymous_body_bytes = 64u << 10;
// A connection that has not sent the first byte of a request within this
// time is closed without an answer (also between the requests of a
// keep-alive connection).
inline constexpr std::chrono::milliseconds k_idle_timeout{5000};
// The whole head of a request (and a body of at most
// k_max_anonymous_body_bytes) must arrive within this time of the
// connection starting to wait for it; else 408. Sending a header line every
// few seconds ("slowloris") no longer keeps a connection for ever.
inline constexpr std::chrono::milliseconds k_head_timeout{10000};
// Larger bodies and every response must move at least this fast on average
// after a grace time; else the connection is closed. 128 KB/s (1 Mbit/s) is
// slower than any office network; the grace also covers a client starved of
// CPU on a busy machine (64 uploads at once on 2 cores). A 32 MB upload may
// take 286 s.
inline constexpr std::chrono::milliseconds k_transfer_grace{30000};
inline constexpr std::size_t k_min_transfer_bytes_per_second = 128u << 10;
// Open connections in all, and from one client address. Each waiting
// connection costs the gate a few KB and no thread; the total stays well
// below select()'s FD_SETSIZE (1024), which httplib still checks. Behind
// nginx (--behind-proxy) every connection comes from 127.0.0.1, so the
// per-address cap does not apply to loopback there.
inline constexpr std::size_t k_max_connections = 500;
inline constexpr std::size_t k_max_connections_per_address = 128;
// Connections the kernel holds until the server accepts them. httplib's
// listen() backlog is 5 (compiled into the .so): when 64 clients connected
// at once while the workers kept both cores busy, some were reset before the
// listening thread could accept them.
inline constexpr int k_listen_backlog = 512;
// Requests served on one keep-alive connection before it is closed.
inline constexpr std::size_t k_max_requests_per_connection = 1000;
// Threads that run handlers. A request holds one only once its head (and a
// small body) has arrived.
inline constexpr std::size_t k_worker_threads = 64;
// After an answer on a keep-alive connection, its worker waits this long for the next
// request (when no other request waits for a worker) and serves it itself: a busy
// client's requests skip the gate thread. An idle client still holds no thread.
inline constexpr std::chrono::microseconds k_keep_serving_wait{2000};
// After refusing a request, the rest of what the client sends is read and
// discarded for at most this long before the connection is closed, so that
// the client reads the answer instead of a connection reset.
inline constexpr std::chrono::milliseconds k_linger_time{2000};

struct HttpLimits {
  std::size_t max_head_bytes = k_max_head_bytes;
  std::size_t max_head_line_bytes = k_max_head_line_bytes;
  std::size_t max_header_fields = k_max_header_fields;
  std::uint64_t max_body_bytes = k_max_upload_bytes;
  std::size_t max_anonymous_body_bytes = k_max_anonymous_body_bytes;
  std::chrono::milliseconds idle_timeout = k_idle_timeout;
  std::chrono::milliseconds head_timeout = k_head_timeout;
  std::chrono::milliseconds transfer_grace = k_transfer_grace;
  std::size_t min_transfer_bytes_per_second = k_min_transfer_bytes_per_second;
  std::size_t max_connections = k_max_connections;
  std::size_t max_connections_per_address = k_max_connections_per_address;
  std::size_t max_requests_per_connection = k_max_requests_per_connection;
  std::size_t worker_threads = k_worker_threads;
  std::chrono::microseconds keep_serving_wait = k_keep_serving_wait;
  std::chrono::milliseconds linger_time = k_linger_time;
};

} // namespace zwgk::server
