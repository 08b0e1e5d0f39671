// Issue 14: `zwgk serve` on a port already in use is refused with a Chinese
// message. httplib 0.11's default socket options set SO_REUSEPORT, with which
// a second server bound the same port and the kernel shared the connections
// between both at random.
#include "server/server.h"
#include "store/memory_store.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace zwgk::server {
namespace {

ServerOptions options_on(int port) {
  ServerOptions options;
  options.data_dir = std::filesystem::path(ZWGK_SOURCE_DIR) / "examples/linzi-2020q3";
  options.port = port;
  options.hash_cost = auth::HashCost::MinimumForTests;
  return options;
}

// A plain listening socket on a free loopback port, as another program holds one.
class ForeignListener {
public:
  ForeignListener() {
    m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (::bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 && ::listen(m_fd, 1) == 0 &&
        ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
      m_port = ntohs(address.sin_port);
  }
  ~ForeignListener() { ::close(m_fd); }
  int port() const { return m_port; }

private:
  int m_fd = -1;
  int m_port = 0;
};

TEST(PortInUseTest, Issue14_APortHeldByAnotherProgramIsRefusedInChinese) {
  ForeignListener other;
  ASSERT_NE(other.port(), 0);
  store::MemoryStore store;
  auto server = Server::with_store(options_on(other.port()), store);
  auto bound = server->bind();
  ASSERT_FALSE(bound) << "bound port " << *bound;
  EXPECT_NE(bound.error().find("端口 " + std::to_string(other.port()) + " 已被占用"), std::string::npos)
      << bound.error();
}

TEST(PortInUseTest, Issue14_ASecondServerOnTheSamePortIsRefused) {
  store::MemoryStore first_store, second_store;
  auto first = Server::with_store(options_on(0), first_store);
  auto port = first->bind();
  ASSERT_TRUE(port) << port.error();
  auto second = Server::with_store(options_on(*port), second_store);
  auto bound = second->bind();
  ASSERT_FALSE(bound) << "a second server bound port " << *port;
  EXPECT_NE(bound.error().find("已被占用"), std::string::npos) << bound.error();
}

} // namespace
} // namespace zwgk::server
