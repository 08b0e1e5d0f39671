// What hostile clients did to `zwgk serve` before the gate (server/http_gate.h),
// over real HTTP on loopback: compressed bodies inflated without limit
// (issue 12, item 1), bodies without Content-Length read until the client
// stops, heads of any size, and slow clients holding every worker (item 2).
// The server runs in the test process, so its memory is the test's
// (/proc/self/status); the payloads are small enough for a test yet would
// show the old behaviour clearly.
#include "workspace_fixture.h"

#include <nlohmann/json.hpp>
#include <zlib.h>

#include <vector>

namespace zwgk::server {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using test_http::connect_to;
using test_http::read_until_closed;
using test_http::send_all;
using test_http::status_of;

class HttpHardening : public test_http::WorkspaceServer {
protected:
  std::string host() const { return "127.0.0.1:" + std::to_string(m_port); }

  // The raw request `head` (with Host added) and `body`, and the whole answer.
  std::string exchange(const std::string& head, const std::string& body = {}, std::chrono::milliseconds wait = 10s) {
    const int fd = connect_to(m_port);
    EXPECT_GE(fd, 0);
    send_all(fd, head.substr(0, head.find("\r\n") + 2) + "Host: " + host() + "\r\n" + head.substr(head.find("\r\n") + 2) + body);
    std::string answer = read_until_closed(fd, wait);
    ::close(fd);
    return answer;
  }
};

// `size` zero bytes, gzip-compressed (about a thousandth of the size).
std::string gzip_of_zeros(std::size_t size) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY), Z_OK);
  const std::vector<unsigned char> zeros(1 << 20, 0);
  std::string out;
  std::vector<unsigned char> chunk(1 << 16);
  for (std::size_t done = 0; done < size;) {
    z.next_in = const_cast<unsigned char*>(zeros.data());
    z.avail_in = static_cast<uInt>(std::min(zeros.size(), size - done));
    done += z.avail_in;
    const int flush = done == size ? Z_FINISH : Z_NO_FLUSH;
    do {
      z.next_out = chunk.data();
      z.avail_out = static_cast<uInt>(chunk.size());
      deflate(&z, flush);
      out.append(reinterpret_cast<char*>(chunk.data()), chunk.size() - z.avail_out);
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  return out;
}

// Item 1: 64 KB of gzip that inflates to 64 MB, sent to the anonymous login route.
TEST_F(HttpHardening, CompressedRequestBodiesAreRefusedBeforeAnyHandler) {
  start();
  const std::string bomb = gzip_of_zeros(64u << 20);
  ASSERT_LT(bomb.size(), 128u << 10);
  const std::size_t before_kb = test_http::status_kb("VmRSS");
  test_http::reset_peak_memory();
  auto c = test_http::client(m_port);
  httplib::Headers headers{{"Content-Encoding", "gzip"}};
  auto res = c.Post("/api/v1/login", headers, bomb, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 415) << res->body;
  EXPECT_NE(json::parse(res->body)["error"].get<std::string>().find("Content-Encoding"), std::string::npos);
  EXPECT_LT(test_http::status_kb("VmHWM"), before_kb + (24u << 10)) << "the body was inflated";
  headers = {{"Content-Encoding", "br"}};
  res = c.Post("/api/v1/login", headers, "not brotli", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 415);
}

// Item 2: a POST without Content-Length followed by 64 MB: refused before the
// body is read, so the server's memory stays where it was.
TEST_F(HttpHardening, APostWithoutContentLengthIsRefusedBeforeItsBodyIsRead) {
  start();
  const int fd = connect_to(m_port);
  ASSERT_GE(fd, 0);
  const std::size_t before_kb = test_http::status_kb("VmRSS");
  test_http::reset_peak_memory();
  std::string answer;
  std::thread reader([&] { answer = read_until_closed(fd, 20s); });
  send_all(fd, "POST /api/v1/login HTTP/1.1\r\nHost: " + host() + "\r\nContent-Type: application/json\r\n\r\n");
  const std::string megabyte(1 << 20, 'x');
  for (int i = 0; i < 64 && send_all(fd, megabyte); ++i) {
  }
  ::shutdown(fd, SHUT_WR);
  reader.join();
  ::close(fd);
  EXPECT_EQ(status_of(answer), 411) << answer;
  EXPECT_NE(answer.find("Content-Length"), std::string::npos);
  EXPECT_LT(test_http::status_kb("VmHWM"), before_kb + (24u << 10)) << "the body was buffered";
}

// Item 2: a login body larger than an anonymous client may send is refused
// without waiting for it (else a worker waits for it as long as it trickles).
TEST_F(HttpHardening, AnonymousBodiesOverTheLimitAreRefusedUnread) {
  start();
  const std::string answer =
      exchange("POST /api/v1/login HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n", "{",
               20s);
  EXPECT_EQ(status_of(answer), 401) << answer;
  EXPECT_NE(answer.find("64 KB"), std::string::npos);
}

// Item 2: heads of any size or field count were read whole into memory.
TEST_F(HttpHardening, OversizedHeadsAreRefused) {
  start();
  std::string many = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 200; ++i) many += "X-Field-" + std::to_string(i) + ": a\r\n";
  EXPECT_EQ(status_of(exchange(many + "\r\n")), 431);
  EXPECT_EQ(status_of(exchange("GET / HTTP/1.1\r\nX-Long: " + std::string(20000, 'a') + "\r\n\r\n")), 431);
  EXPECT_EQ(status_of(exchange("GET /" + std::string(20000, 'a') + " HTTP/1.1\r\n\r\n")), 414);
  // A header line that never ends is refused once it is too long, not buffered.
  EXPECT_EQ(status_of(exchange("GET / HTTP/1.1\r\nX-Endless: " + std::string(1 << 20, 'a'))), 431);
  EXPECT_EQ(status_of(exchange("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")), 200);
}

// Item 2: 80 connections that send a header line every half second (more
// than there are workers) while a normal request is made: it is answered,
// and the slow ones are cut off after the head time.
TEST_F(HttpHardening, SlowHeadersDoNotTieUpTheWorkers) {
  ServerOptions options;
  options.limits.head_timeout = 3s;
  start(options);
  std::vector<int> slow;
  for (int i = 0; i < 80; ++i) {
    slow.push_back(connect_to(m_port));
    ASSERT_GE(slow.back(), 0);
    send_all(slow.back(), "GET / HTTP/1.1\r\nHost: " + host() + "\r\n");
  }
  std::atomic<bool> done{false};
  std::thread trickle([&] {
    while (!done) {
      for (int fd : slow) (void)::send(fd, "X-Slow: a\r\n", 11, MSG_NOSIGNAL | MSG_DONTWAIT);
      std::this_thread::sleep_for(500ms);
    }
  });
  std::this_thread::sleep_for(1s);
  auto c = test_http::client(m_port);
  c.set_read_timeout(8);
  auto res = c.Get("/");
  EXPECT_TRUE(res) << "a normal request was not answered while slow clients were connected";
  if (res) {
    EXPECT_EQ(res->status, 200);
  }
  EXPECT_EQ(status_of(read_until_closed(slow.front(), 8s)), 408);
  done = true;
  trickle.join();
  for (int fd : slow) ::close(fd);
}

// Item 2: a logged-in client that trickles a large body is cut off when it
// falls behind the minimum pace, and does not keep its worker.
TEST_F(HttpHardening, TrickledBodiesAreCutOff) {
  ServerOptions options;
  options.limits.transfer_grace = 1s;
  options.limits.min_transfer_bytes_per_second = 64u << 10;
  start(options);
  auto admin = login("admin");
  const int fd = connect_to(m_port);
  ASSERT_GE(fd, 0);
  send_all(fd, "POST /api/v1/periods/2020Q3/uploads?mode=preview HTTP/1.1\r\nHost: " + host() + "\r\nCookie: " +
                   admin.cookie + "\r\nX-CSRF-Token: " + admin.csrf +
                   "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000000\r\n\r\n");
  bool cut_off = false;
  for (int i = 0; i < 40 && !cut_off; ++i) {
    std::this_thread::sleep_for(250ms);
    cut_off = !send_all(fd, std::string(100, 'a'), 1s);
    pollfd p{fd, POLLIN, 0};
    char byte;
    if (!cut_off && ::poll(&p, 1, 0) > 0) cut_off = ::recv(fd, &byte, 1, MSG_PEEK) >= 0;
  }
  ::close(fd);
  EXPECT_TRUE(cut_off) << "a body trickling in for 10 s was still being read";
  EXPECT_EQ(send("GET", "/api/v1/periods", &admin)->status, 200);
}

// Item 2: one address cannot take every connection.
TEST_F(HttpHardening, ConnectionsFromOneAddressAreCapped) {
  ServerOptions options;
  options.limits.max_connections_per_address = 4;
  start(options);
  std::vector<int> idle;
  for (int i = 0; i < 4; ++i) idle.push_back(connect_to(m_port));
  std::this_thread::sleep_for(200ms);
  const int fd = connect_to(m_port);
  ASSERT_GE(fd, 0);
  send_all(fd, "GET / HTTP/1.1\r\nHost: " + host() + "\r\n\r\n");
  const std::string answer = read_until_closed(fd, 10s);
  ::close(fd);
  EXPECT_EQ(status_of(answer), 503) << answer;
  for (int s : idle) ::close(s);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(status_of(exchange("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")), 200);
}

// Behind nginx every connection comes from 127.0.0.1: no per-address cap there.
TEST_F(HttpHardening, LoopbackConnectionsAreNotCappedPerAddressBehindAProxy) {
  ServerOptions options;
  options.limits.max_connections_per_address = 4;
  options.proxy = ProxyHeaders::TrustFromLoopback;
  start(options);
  std::vector<int> idle;
  for (int i = 0; i < 4; ++i) idle.push_back(connect_to(m_port));
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(status_of(exchange("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")), 200);
  for (int s : idle) ::close(s);
}

TEST_F(HttpHardening, ConnectionsInAllAreCapped) {
  ServerOptions options;
  options.limits.max_connections = 3;
  start(options);
  std::vector<int> idle;
  for (int i = 0; i < 3; ++i) idle.push_back(connect_to(m_port));
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(status_of(exchange("GET / HTTP/1.1\r\n\r\n")), 503);
  for (int s : idle) ::close(s);
}

// A connection that sends nothing is closed without an answer after the idle time.
TEST_F(HttpHardening, IdleConnectionsAreClosedWithoutAnAnswer) {
  ServerOptions options;
  options.limits.idle_timeout = 1s;
  start(options);
  const int fd = connect_to(m_port);
  ASSERT_GE(fd, 0);
  const auto begun = std::chrono::steady_clock::now();
  EXPECT_EQ(read_until_closed(fd, 20s), "");
  EXPECT_LT(std::chrono::steady_clock::now() - begun, 15s) << "an idle connection was kept";
  ::close(fd);
}

// After max_requests_per_connection answers the connection is closed.
TEST_F(HttpHardening, RequestsPerConnectionAreCapped) {
  ServerOptions options;
  options.limits.max_requests_per_connection = 2;
  start(options);
  const std::string answer = exchange("GET /api/v1/x HTTP/1.1\r\n\r\nGET /api/v1/x HTTP/1.1\r\nHost: " + host() +
                                      "\r\n\r\nGET /api/v1/x HTTP/1.1\r\nHost: " + host() + "\r\n\r\n");
  std::size_t answers = 0;
  for (std::size_t at = answer.find("HTTP/1.1 404"); at != std::string::npos; at = answer.find("HTTP/1.1 404", at + 1))
    ++answers;
  EXPECT_EQ(answers, 2u) << answer;
  EXPECT_NE(answer.find("Connection: close"), std::string::npos);
}

// 64 clients connecting before the server gets round to accepting them
// (its listening thread starved by busy workers): the kernel queues them
// all, where httplib's backlog of 5 had the rest reset.
TEST_F(HttpHardening, ConnectionsArrivingFasterThanTheyAreAcceptedWaitInTheQueue) {
  start({}, Accepting::Later);
  std::vector<int> waiting;
  for (int i = 0; i < 64; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(m_port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    (void)::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    waiting.push_back(fd);
  }
  std::this_thread::sleep_for(500ms);
  std::size_t connected = 0;
  for (int fd : waiting) {
    pollfd p{fd, POLLOUT, 0};
    int error = 0;
    socklen_t length = sizeof error;
    if (::poll(&p, 1, 0) > 0 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0) ++connected;
  }
  EXPECT_EQ(connected, waiting.size()) << "connections were not queued by the kernel";
  accept_now();
  std::size_t answered = 0;
  for (int fd : waiting) {
    send_all(fd, "GET / HTTP/1.1\r\nHost: " + host() + "\r\nConnection: close\r\n\r\n");
    answered += status_of(read_until_closed(fd, 20s)) == 200;
    ::close(fd);
  }
  EXPECT_EQ(answered, waiting.size());
}

// Keep-alive and pipelining still work through the gate: two requests sent
// at once on one connection are answered in order.
TEST_F(HttpHardening, PipelinedRequestsAreAnsweredInOrder) {
  start();
  const std::string answer = exchange(
      "GET /api/v1/nothing HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\nHost: " + host() + "\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(status_of(answer), 404) << answer;
  const std::size_t second = answer.find("HTTP/1.1 ", 1);
  ASSERT_NE(second, std::string::npos) << answer;
  EXPECT_EQ(status_of(answer.substr(second)), 200);
}

// Issue 19: a worker keeps a busy keep-alive connection and serves its next request
// itself when it arrives whole within HttpLimits::keep_serving_wait; whatever else
// arrives — the next head in pieces, slower than that, or a head the gate refuses —
// goes back to the gate and is answered as before.
TEST_F(HttpHardening, TheNextRequestOfAKeptConnectionIsAnsweredHoweverItArrives) {
  start();
  const int fd = connect_to(m_port);
  ASSERT_GE(fd, 0);
  const std::string get = "GET /api/v1/nothing HTTP/1.1\r\nHost: " + host() + "\r\n";
  ASSERT_TRUE(send_all(fd, get + "\r\n"));
  std::this_thread::sleep_for(50ms);
  ASSERT_TRUE(send_all(fd, get + "\r\n"));  // at once: the worker's own
  std::this_thread::sleep_for(50ms);
  ASSERT_TRUE(send_all(fd, get.substr(0, 10)));  // in pieces, the rest after the worker stopped waiting
  std::this_thread::sleep_for(50ms);
  ASSERT_TRUE(send_all(fd, get.substr(10) + "\r\n"));
  std::this_thread::sleep_for(50ms);
  ASSERT_TRUE(send_all(fd, "GET / HTTP/1.1\r\nHost: " + host() + "\r\nX-Long: " + std::string(64 << 10, 'x') + "\r\n\r\n"));
  const std::string answer = read_until_closed(fd, 10s);
  ::close(fd);
  std::vector<int> statuses;
  for (std::size_t at = answer.find("HTTP/1.1 "); at != std::string::npos; at = answer.find("HTTP/1.1 ", at + 1))
    statuses.push_back(status_of(answer.substr(at)));
  EXPECT_EQ(statuses, (std::vector<int>{404, 404, 404, 431})) << answer.substr(0, 2000);
}

} // namespace
} // namespace zwgk::server
