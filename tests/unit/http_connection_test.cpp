#include "server/http_connection.h"

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <unistd.h>

namespace zwgk::server {
namespace {

using namespace std::chrono_literals;

class GuardedStreamTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, m_fds), 0);
    m_connection.fd = m_fds[0];
    m_limits.transfer_grace = 200ms;
    m_limits.min_transfer_bytes_per_second = 64u << 10;
  }
  void TearDown() override {
    ::close(m_fds[0]);
    ::close(m_fds[1]);
  }
  int m_fds[2] = {-1, -1};
  Connection m_connection;
  HttpLimits m_limits;
};

// A client that does not read the answer: the write gives up after the
// grace time instead of waiting with a worker for ever.
TEST_F(GuardedStreamTest, AClientThatDoesNotReadTheAnswerIsCutOff) {
  GuardedStream stream(m_connection, m_limits);
  const std::string chunk(1 << 20, 'x');
  const auto begun = Clock::now();
  ssize_t written = 0;
  for (int i = 0; i < 64 && written >= 0; ++i) written = stream.write(chunk.data(), chunk.size());
  EXPECT_LT(written, 0);
  EXPECT_TRUE(stream.failed());
  EXPECT_LT(Clock::now() - begun, 10s);
}

// The head is served from the buffer, then exactly Content-Length bytes of
// body; the next request's bytes stay in the buffer.
TEST_F(GuardedStreamTest, ReadsTheHeadThenTheBodyAndNothingMore) {
  m_connection.head.forwarded = "POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n";
  m_connection.head.content_length = 5;
  m_connection.buffer = m_connection.head.forwarded + "ab";
  ASSERT_EQ(::send(m_fds[1], "cdeGET", 6, 0), 6);
  GuardedStream stream(m_connection, m_limits);
  std::string read;
  char buffer[64];
  for (ssize_t n; (n = stream.read(buffer, sizeof buffer)) > 0;) read.append(buffer, static_cast<std::size_t>(n));
  EXPECT_EQ(read, m_connection.head.forwarded + "abcde");
  EXPECT_TRUE(stream.body_consumed());
  stream.finish();
  EXPECT_EQ(m_connection.buffer, "");
  char rest[8] = {};
  EXPECT_EQ(::recv(m_fds[0], rest, sizeof rest, 0), 3);  // "GET" was never read
}

// A body that stops coming fails the read after the grace time.
TEST_F(GuardedStreamTest, ABodyThatStopsComingFails) {
  m_connection.head.forwarded = "POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n";
  m_connection.head.content_length = 100;
  m_connection.buffer = m_connection.head.forwarded;
  GuardedStream stream(m_connection, m_limits);
  char buffer[256];
  EXPECT_EQ(stream.read(buffer, m_connection.head.forwarded.size()), static_cast<ssize_t>(m_connection.head.forwarded.size()));
  EXPECT_EQ(stream.read(buffer, sizeof buffer), -1);
  EXPECT_TRUE(stream.failed());
  EXPECT_FALSE(stream.body_consumed());
}

} // namespace
} // namespace zwgk::server
