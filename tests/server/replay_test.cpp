// Issue 19: the gate replays a permitted GET's answer (server/replay.h) — byte for byte
// what a worker sent, and only while nothing it depends on changed: the database (this
// process's writes and another's), the session, the connection's last request.
#include "app/workspace.h"
#include "auth/password.h"
#include "http_session.h"
#include "server/server.h"
#include "workspace_fixture.h"

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

namespace zwgk::server {
namespace {

using test_http::connect_to;
using test_http::password_of;
using test_http::send_all;
using test_http::Session;

constexpr const char* k_ranking = "/api/v1/periods/2020Q3/ranking";

// What a raw client reads: one whole answer (its head's Content-Length says where it ends).
std::string read_answer(int fd, std::string& buffer) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    const auto end = buffer.find("\r\n\r\n");
    if (end != std::string::npos) {
      const auto at = buffer.find("Content-Length: ");
      const std::size_t length = at < end ? std::stoul(buffer.substr(at + 16)) : 0;
      if (buffer.size() >= end + 4 + length) {
        std::string answer = buffer.substr(0, end + 4 + length);
        buffer.erase(0, answer.size());
        return answer;
      }
    }
    if (std::chrono::steady_clock::now() > deadline) return {};
    char chunk[65536];
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return {};
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
}

std::string get_request(const std::string& path, const Session& session) {
  return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + session.cookie + "\r\n\r\n";
}

// A server over a copy of the example with its SQLite database (Server::open: the
// change counter replays need), two users and a test clock.
class Replay : public ::testing::Test {
protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("zwgk-replay-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::copy(std::filesystem::path(ZWGK_SOURCE_DIR) / "examples/linzi-2020q3", m_dir,
                          std::filesystem::copy_options::recursive);
    auto other = app::open_stores(m_dir, app::Create::IfMissing);
    ASSERT_TRUE(other) << other.error().message;
    m_other = std::move(*other);
    add_user("admin", store::Role::Admin, "");
    add_user("shangwu", store::Role::Unit, "区商务局");
  }
  void start(HttpLimits limits = {}) {
    ServerOptions options;
    options.data_dir = m_dir;
    options.port = 0;
    options.hash_cost = auth::HashCost::MinimumForTests;
    options.now = [this] { return m_now.load(); };
    options.limits = limits;
    auto server = Server::open(options);
    ASSERT_TRUE(server) << server.error();
    m_server = std::move(*server);
    auto port = m_server->bind();
    ASSERT_TRUE(port) << port.error();
    m_port = *port;
    m_thread = std::thread([this] { m_server->run(); });
  }
  void TearDown() override {
    if (m_server && m_thread.joinable()) {
      m_server->stop();
      m_thread.join();
    }
    m_server.reset();
    m_other.db.reset();
    std::filesystem::remove_all(m_dir);
  }
  void add_user(const std::string& name, store::Role role, const std::string& unit) {
    auto hash = auth::hash_password(password_of(name), auth::HashCost::MinimumForTests);
    ASSERT_TRUE(m_other.db->store().add_user({0, name, role, unit, *hash, 0, false}));
  }
  // A connection on which `path` was asked twice as `session`: the second answer replayed.
  int replaying(const std::string& path, const Session& session) {
    const int fd = connect_to(m_port);
    EXPECT_GE(fd, 0);
    EXPECT_TRUE(ask(fd, get_request(path, session)).starts_with("HTTP/1.1 200 "));
    EXPECT_TRUE(ask(fd, get_request(path, session)).starts_with("HTTP/1.1 200 "));
    EXPECT_EQ(m_server->replayed(), 1u);
    return fd;
  }
  // `request` sent on the connection `fd`, its answer.
  std::string ask(int fd, const std::string& request) {
    EXPECT_TRUE(send_all(fd, request));
    return read_answer(fd, m_buffer);
  }

  std::filesystem::path m_dir;
  app::OpenedStores m_other;  // the same database, as another process would open it
  std::atomic<std::int64_t> m_now{1'600'000'000};
  std::unique_ptr<Server> m_server;
  std::thread m_thread;
  int m_port = 0;
  std::string m_buffer;
};

TEST_F(Replay, TheSameRequestAgainIsAnsweredByTheGateWithTheSameBytes) {
  start();
  const Session admin = test_http::login(m_port, "admin");
  const int fd = connect_to(m_port);
  ASSERT_GE(fd, 0);
  const std::string first = ask(fd, get_request(k_ranking, admin));
  ASSERT_TRUE(first.starts_with("HTTP/1.1 200 ")) << first.substr(0, 200);
  EXPECT_EQ(m_server->replayed(), 0u);
  EXPECT_EQ(ask(fd, get_request(k_ranking, admin)), first);
  EXPECT_EQ(m_server->replayed(), 1u);
  // Pipelined: both in one write, both answered in order.
  EXPECT_TRUE(send_all(fd, get_request(k_ranking, admin) + get_request(k_ranking, admin)));
  EXPECT_EQ(read_answer(fd, m_buffer), first);
  EXPECT_EQ(read_answer(fd, m_buffer), first);
  EXPECT_EQ(m_server->replayed(), 3u);
  ::close(fd);
}

TEST_F(Replay, ALogoutEndsTheSessionsReplays) {
  start();
  const Session admin = test_http::login(m_port, "admin");
  const int fd = replaying("/api/v1/me", admin);
  auto out = test_http::send(m_port, "POST", "/api/v1/logout", &admin);
  ASSERT_TRUE(out);
  ASSERT_EQ(out->status, 204);
  EXPECT_TRUE(ask(fd, get_request("/api/v1/me", admin)).starts_with("HTTP/1.1 401 "));
  EXPECT_EQ(m_server->replayed(), 1u);
  ::close(fd);
}

TEST_F(Replay, AWriteByAnotherProcessEndsEveryReplay) {
  start();
  const Session admin = test_http::login(m_port, "admin");
  const int fd = replaying("/api/v1/me", admin);
  // Another process disables the account: the server's next answer is the worker's.
  auto user = m_other.db->store().find_user("admin");
  ASSERT_TRUE(user);
  user->disabled = true;
  ASSERT_TRUE(m_other.db->store().update_user(*user, ""));
  EXPECT_TRUE(ask(fd, get_request("/api/v1/me", admin)).starts_with("HTTP/1.1 401 "));
  EXPECT_EQ(m_server->replayed(), 1u);
  ::close(fd);
}

TEST_F(Replay, AnExpiredSessionIsNotReplayed) {
  start();
  const Session admin = test_http::login(m_port, "admin");
  const int fd = replaying("/api/v1/me", admin);
  m_now += 400LL * 24 * 3600;
  EXPECT_TRUE(ask(fd, get_request("/api/v1/me", admin)).starts_with("HTTP/1.1 401 "));
  EXPECT_EQ(m_server->replayed(), 1u);
  ::close(fd);
}

TEST_F(Replay, AnotherCookieGetsItsOwnAnswer) {
  start();
  const Session admin = test_http::login(m_port, "admin");
  const Session shangwu = test_http::login(m_port, "shangwu");
  const int fd = connect_to(m_port);
  const std::string mine = ask(fd, get_request("/api/v1/me", admin));
  ASSERT_EQ(ask(fd, get_request("/api/v1/me", admin)), mine);
  const std::string theirs = ask(fd, get_request("/api/v1/me", shangwu));
  EXPECT_NE(theirs.find("shangwu"), std::string::npos);
  EXPECT_EQ(theirs.find("\"admin\""), std::string::npos);
  EXPECT_EQ(m_server->replayed(), 1u);
  ::close(fd);
}

TEST_F(Replay, TheConnectionsLastRequestIsAWorkersAndSaysClose) {
  HttpLimits limits;
  limits.max_requests_per_connection = 3;
  start(limits);
  const Session admin = test_http::login(m_port, "admin");
  const int fd = replaying(k_ranking, admin);
  const std::string last = ask(fd, get_request(k_ranking, admin));
  EXPECT_NE(last.find("Connection: close\r\n"), std::string::npos);
  EXPECT_EQ(m_server->replayed(), 1u);
  ::close(fd);
}

TEST_F(Replay, RoutesThatDoNotPermitItAreNeverReplayed) {
  start();
  const Session admin = test_http::login(m_port, "admin");
  const int fd = connect_to(m_port);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(ask(fd, get_request("/api/v1/users", admin)).starts_with("HTTP/1.1 200 "));
  EXPECT_EQ(m_server->replayed(), 0u);
  ::close(fd);
}

} // namespace
} // namespace zwgk::server
