#include "server/http_connection.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>

namespace zwgk::server {

void address_of(int fd, bool peer, std::string& address, int& port) {
  sockaddr_storage storage{};
  socklen_t length = sizeof storage;
  auto* sa = reinterpret_cast<sockaddr*>(&storage);
  if ((peer ? ::getpeername(fd, sa, &length) : ::getsockname(fd, sa, &length)) != 0) return;
  char host[NI_MAXHOST] = {}, service[NI_MAXSERV] = {};
  if (::getnameinfo(sa, length, host, sizeof host, service, sizeof service, NI_NUMERICHOST | NI_NUMERICSERV) != 0)
    return;
  address = host;
  port = std::atoi(service);
}

bool is_loopback(std::string_view address) {
  return address.starts_with("127.") || address == "::1" || address.starts_with("::ffff:127.");
}

std::string refusal_response(const Refusal& refusal) {
  const std::string body = nlohmann::json{{"error", refusal.message}}.dump();
  return fmt::format("HTTP/1.1 {} {}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n"
                     "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n{}",
                     refusal.status, reason_phrase(refusal.status), body.size(), body);
}

ssize_t send_now(int fd, std::string_view bytes) {
  for (;;) {
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n >= 0) return n;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
  }
}

bool wait_until_ready(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, events, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<std::int64_t>(left, 1000)));
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return false;
  }
}

Clock::time_point GuardedStream::Pace::deadline(const HttpLimits& limits) {
  if (!start) start = Clock::now();
  const auto allowed = std::chrono::milliseconds(done * 1000 / std::max<std::size_t>(limits.min_transfer_bytes_per_second, 1));
  return *start + limits.transfer_grace + allowed;
}

GuardedStream::GuardedStream(Connection& connection, const HttpLimits& limits)
    : m_c(connection), m_limits(limits), m_head_left(connection.head.forwarded.size()),
      m_body_left(connection.head.content_length) {}

bool GuardedStream::is_readable() const {
  if (m_pos < m_c.buffer.size()) return true;
  pollfd p{m_c.fd, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0;
}

bool GuardedStream::is_writable() const { return !m_failed; }

ssize_t GuardedStream::fail() {
  m_failed = true;
  return -1;
}

ssize_t GuardedStream::read(char* ptr, std::size_t size) {
  if (m_failed) return -1;
  std::size_t allowed = m_head_left;
  if (allowed == 0) {
    if (m_body_left == 0) return 0;  // the end of this request: the rest is the next one's
    allowed = static_cast<std::size_t>(std::min<std::uint64_t>(m_body_left, size));
  }
  allowed = std::min(allowed, size);
  if (m_pos < m_c.buffer.size()) {
    const std::size_t n = std::min(allowed, m_c.buffer.size() - m_pos);
    std::memcpy(ptr, m_c.buffer.data() + m_pos, n);
    m_pos += n;
    if (m_head_left) m_head_left -= n;
    else m_body_left -= n;
    return static_cast<ssize_t>(n);
  }
  if (m_head_left) return fail();  // cannot happen: the head is in the buffer
  if (!m_in.start) m_in.start = Clock::now();
  for (;;) {
    const ssize_t n = ::recv(m_c.fd, ptr, allowed, MSG_DONTWAIT);
    if (n > 0) {
      m_in.done += static_cast<std::uint64_t>(n);
      m_body_left -= static_cast<std::uint64_t>(n);
      return n;
    }
    if (n == 0) return fail();  // the client went away in the middle of the body
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return fail();
    if (!wait_until_ready(m_c.fd, POLLIN, m_in.deadline(m_limits))) return fail();
  }
}

ssize_t GuardedStream::write(const char* ptr, std::size_t size) {
  if (m_failed) return -1;
  if (!m_out.start) m_out.start = Clock::now();
  for (;;) {
    const ssize_t n = ::send(m_c.fd, ptr, size, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n >= 0) {
      m_out.done += static_cast<std::uint64_t>(n);
      if (m_capture && m_capture->size() + static_cast<std::size_t>(n) > k_max_replay_bytes) m_capture = nullptr;
      if (m_capture) m_capture->append(ptr, static_cast<std::size_t>(n));
      return n;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return fail();
    if (!wait_until_ready(m_c.fd, POLLOUT, m_out.deadline(m_limits))) return fail();
  }
}

void GuardedStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = m_c.peer_address;
  port = m_c.peer_port;
}

void GuardedStream::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = m_c.local_address;
  port = m_c.local_port;
}

socket_t GuardedStream::socket() const { return m_c.fd; }

void GuardedStream::finish() { m_c.buffer.erase(0, m_pos); }

namespace {

// Reads what the socket holds without waiting, up to the head-and-small-body cap.
// False when the client closed the connection or it failed.
bool read_available(Connection& c, const HttpLimits& limits) {
  const std::size_t cap = limits.max_head_bytes + limits.max_anonymous_body_bytes;
  char chunk[16384];
  while (c.buffer.size() < cap) {
    const ssize_t n = ::recv(c.fd, chunk, std::min(sizeof chunk, cap - c.buffer.size()), MSG_DONTWAIT);
    if (n > 0) {
      c.buffer.append(chunk, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
  return true;
}

} // namespace

bool take_next_request(Connection& c, const HttpLimits& limits, std::chrono::microseconds wait) {
  if (c.buffer.empty()) {
    pollfd p{c.fd, POLLIN, 0};
    const timespec limit{static_cast<time_t>(wait.count() / 1000000), static_cast<long>(wait.count() % 1000000) * 1000};
    if (::ppoll(&p, 1, &limit, nullptr) <= 0 || (p.revents & POLLIN) == 0) return false;
  }
  if (!read_available(c, limits) || c.buffer.empty()) return false;
  auto verdict = read_request_head(c.buffer, limits);
  auto* head = std::get_if<RequestHead>(&verdict);
  if (!head || head->content_length > limits.max_anonymous_body_bytes || head->expects_continue ||
      c.buffer.size() < head->size + head->content_length)
    return false;
  c.buffer.replace(0, head->size, head->forwarded);
  c.head = std::move(*head);
  c.since = Clock::now();
  return true;
}

} // namespace zwgk::server
