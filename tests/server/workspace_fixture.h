// Test support for the hardening tests of the workspace: a server on a free
// loopback port over a copy of the example data and an in-memory store with
// three users (admin; shangwu of 区商务局; leader, a viewer), raw sockets
// for requests no well-behaved client sends, and the test process's memory
// (the server runs in it) from /proc/self/status.
#pragma once

#include "auth/password.h"
#include "http_session.h"
#include "server/server.h"
#include "store/memory_store.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace zwgk::server::test_http {

class WorkspaceServer : public ::testing::Test {
protected:
  // The folder of examples/ copied as the data directory (set before SetUp()).
  std::string m_example = "linzi-2020q3";

  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("zwgk-hardening-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::copy(std::filesystem::path(ZWGK_SOURCE_DIR) / "examples" / m_example, m_dir,
                          std::filesystem::copy_options::recursive);
    add_user("admin", store::Role::Admin, "");
    add_user("shangwu", store::Role::Unit, "区商务局");
    add_user("leader", store::Role::Viewer, "");
  }

  // Starts the server with `options` (data directory, address, port, cost and
  // clock filled in); with Accepting::Later it only listens until accept_now().
  enum class Accepting { Now, Later };
  void start(ServerOptions options = {}, Accepting accepting = Accepting::Now) {
    options.data_dir = m_dir;
    options.host = "127.0.0.1";
    options.port = 0;
    options.hash_cost = auth::HashCost::MinimumForTests;
    options.now = [this] { return m_now.load(); };
    m_server = Server::with_store(options, m_store);
    auto port = m_server->bind();
    ASSERT_TRUE(port) << port.error();
    m_port = *port;
    if (accepting == Accepting::Now) accept_now();
  }
  void accept_now() {
    m_thread = std::thread([this] { m_server->run(); });
  }
  // start() with only the proxy setting given, once it answers (a stop()
  // before the server runs would be lost).
  void serve(ProxyHeaders proxy) {
    ServerOptions options;
    options.proxy = proxy;
    start(options);
    ASSERT_TRUE(test_http::client(m_port).Get("/api/v1/me"));
  }
  void restart(ProxyHeaders proxy) {
    m_server->stop();
    m_thread.join();
    serve(proxy);
  }

  void TearDown() override {
    if (m_server && m_thread.joinable()) {
      m_server->stop();
      m_thread.join();
    }
    std::filesystem::remove_all(m_dir);
  }

  void add_user(const std::string& name, store::Role role, const std::string& unit) {
    auto hash = auth::hash_password(password_of(name), auth::HashCost::MinimumForTests);
    ASSERT_TRUE(m_store.add_user({0, name, role, unit, *hash, 0, false}));
  }

  Session login(const std::string& name) { return test_http::login(m_port, name); }
  httplib::Result send(const std::string& method, const std::string& path, const Session* session,
                       const std::string& body = {}, const std::string& type = "application/json") {
    return test_http::send(m_port, method, path, session, body, type);
  }
  // `method path` as `session` with a JSON body (null: none), expecting `expected`; the answer parsed.
  nlohmann::json call_as(const Session& session, const std::string& method, const std::string& path,
                         const nlohmann::json& body, int expected) {
    auto res = send(method, path, &session, body.is_null() ? std::string() : body.dump());
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, expected) << method << ' ' << path << " → " << res->body;
    return nlohmann::json::parse(res->body, nullptr, false);
  }

  std::filesystem::path m_dir;
  store::MemoryStore m_store;
  std::atomic<std::int64_t> m_now{1'600'000'000};
  std::unique_ptr<Server> m_server;
  std::thread m_thread;
  int m_port = 0;
};

// A connected TCP socket to the server on loopback (-1 on failure).
inline int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Sends all of `bytes` unless the peer is gone or `limit` passes; whether all went.
inline bool send_all(int fd, std::string_view bytes, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!bytes.empty()) {
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, 100) <= 0) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      continue;
    }
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n <= 0) {
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// What arrives until the peer closes, an error, or `limit` passes.
inline std::string read_until_closed(int fd, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::string out;
  char buffer[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

// The status code of a raw HTTP response ("HTTP/1.1 411 …" → 411); 0 if none.
inline int status_of(const std::string& response) {
  if (!response.starts_with("HTTP/1.") || response.size() < 12) return 0;
  return std::atoi(response.substr(9, 3).c_str());
}

// A field of /proc/self/status in kB ("VmRSS", "VmHWM"); 0 if missing.
inline std::size_t status_kb(const std::string& key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.starts_with(key + ":")) return std::stoul(line.substr(key.size() + 1));
  return 0;
}

// Starts a new peak (VmHWM) at the current resident size.
inline void reset_peak_memory() { std::ofstream("/proc/self/clear_refs") << "5"; }

} // namespace zwgk::server::test_http
