// One client connection of the gated server (http_gate.h), and the stream
// httplib reads one request from and writes its answer to.
//
// The stream serves the head the gate has read (and checked) from memory,
// then at most Content-Length bytes of body, and never reads past them: what
// follows belongs to the next request and goes back to the gate. Reading
// the body and writing the answer must each keep an average pace after a
// grace time (HttpLimits::min_transfer_bytes_per_second), so a client that
// trickles bytes cannot keep a worker.
#pragma once

#include "server/http_limits.h"
#include "server/replay.h"
#include "server/request_head.h"

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace zwgk::server {

using Clock = std::chrono::steady_clock;

struct Connection {
  int fd = -1;
  std::string peer_address, local_address;
  int peer_port = 0, local_port = 0;
  std::string buffer;       // received and not yet consumed
  std::size_t served = 0;   // requests answered on this connection
  Clock::time_point since;  // when it began to wait (for a request, or while lingering)
  bool lingering = false;   // answered for the last time: what arrives now is discarded
  RequestHead head;         // the request a worker serves (its forwarded head starts `buffer`)
  ReplayBytes pending;      // a replayed answer the gate could not send at once, from byte pending_sent
  std::size_t pending_sent = 0;
};

// The numeric address and port of a socket's peer or local end.
void address_of(int fd, bool peer, std::string& address, int& port);
bool is_loopback(std::string_view address);
// A complete answer for a request the gate refuses itself.
std::string refusal_response(const Refusal& refusal);
// Sends what fits without waiting; the bytes sent, or -1 when the connection broke.
ssize_t send_now(int fd, std::string_view bytes);

// Waits until fd is ready for `events` (POLLIN, POLLOUT) or the deadline passes.
bool wait_until_ready(int fd, short events, Clock::time_point deadline);

// The worker's keep-alive fast path (http_gate.h): after an answer, waits at most `wait`
// for the connection's next request and, when its head (and a body of at most
// max_anonymous_body_bytes) has arrived complete and within the limits, makes it the
// connection's request (as the gate would) and returns true. Otherwise returns false
// with whatever was read kept in the buffer, for the gate to go on from: no bytes yet,
// an incomplete or refused head, a larger body, the client gone.
bool take_next_request(Connection& c, const HttpLimits& limits, std::chrono::microseconds wait);

class GuardedStream : public httplib::Stream {
public:
  GuardedStream(Connection& connection, const HttpLimits& limits);

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, std::size_t size) override;
  ssize_t write(const char* ptr, std::size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override;

  // After the request: whether all of its body was read, whether the
  // connection broke (timeout, reset), and the bytes moved.
  bool body_consumed() const { return m_body_left == 0; }
  bool failed() const { return m_failed; }
  std::uint64_t bytes_moved() const { return m_in.done + m_out.done; }
  // Keeps a copy of what is written in `out` while it stays within k_max_replay_bytes;
  // capture_complete() says whether it did.
  void capture_into(std::string* out) { m_capture = out; }
  bool capture_complete() const { return m_capture != nullptr; }
  // Removes what was consumed from the connection's buffer.
  void finish();

private:
  // A transfer's pace: it must have moved `done` bytes by start + grace + done / rate.
  struct Pace {
    std::optional<Clock::time_point> start;
    std::uint64_t done = 0;
    Clock::time_point deadline(const HttpLimits& limits);
  };
  ssize_t fail();

  Connection& m_c;
  const HttpLimits& m_limits;
  std::size_t m_pos = 0;        // next unread byte of m_c.buffer
  std::size_t m_head_left = 0;  // bytes of the head not yet read
  std::uint64_t m_body_left = 0;
  Pace m_in, m_out;
  bool m_failed = false;
  std::string* m_capture = nullptr;
};

} // namespace zwgk::server
