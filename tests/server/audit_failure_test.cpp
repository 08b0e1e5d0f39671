// Every audit write of the server is checked (issue 13): when the audit log
// cannot be written, a download that would have been audited is refused with
// 500 (the program's own failure), not served unaudited.
#include "auth/password.h"
#include "http_session.h"
#include "server/server.h"
#include "store/memory_store.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

namespace zwgk::server {
namespace {

// A memory store whose audit log refuses writes once told to.
class AuditRefusingStore : public store::MemoryStore {
public:
  std::expected<std::int64_t, std::string> append_audit(const store::AuditEntry& entry) override {
    if (m_refuse) return std::unexpected(std::string("磁盘已满"));
    return store::MemoryStore::append_audit(entry);
  }
  std::atomic<bool> m_refuse{false};
};

class AuditFailureTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("zwgk-audit-failure-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::copy(std::filesystem::path(ZWGK_SOURCE_DIR) / "examples/linzi-2020q3", m_dir,
                          std::filesystem::copy_options::recursive);
    auto hash = auth::hash_password(test_http::password_of("admin"), auth::HashCost::MinimumForTests);
    ASSERT_TRUE(m_store.add_user({0, "admin", store::Role::Admin, "", *hash, 0, false}));
    ServerOptions options;
    options.data_dir = m_dir;
    options.port = 0;
    options.hash_cost = auth::HashCost::MinimumForTests;
    options.now = [] { return std::int64_t{1'602'727'200}; };  // 2020-10-15 10:00 CST
    m_server = Server::with_store(options, m_store);
    auto port = m_server->bind();
    ASSERT_TRUE(port) << port.error();
    m_port = *port;
    m_thread = std::thread([this] { m_server->run(); });
    m_admin = test_http::login(m_port, "admin");
  }
  void TearDown() override {
    m_server->stop();
    m_thread.join();
    std::filesystem::remove_all(m_dir);
  }

  std::filesystem::path m_dir;
  AuditRefusingStore m_store;
  std::unique_ptr<Server> m_server;
  std::thread m_thread;
  int m_port = 0;
  test_http::Session m_admin;
};

TEST_F(AuditFailureTest, Issue13_ABulletinFileIsNotServedUnaudited) {
  const std::string path = "/api/v1/periods/2020Q3/bulletin/考核结果.json";
  auto served = test_http::send(m_port, "GET", path, &m_admin, "", "");
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 200);
  m_store.m_refuse = true;
  auto refused = test_http::send(m_port, "GET", path, &m_admin, "", "");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 500) << refused->body;
  EXPECT_NE(refused->body.find("写审计日志失败"), std::string::npos) << refused->body;
  EXPECT_FALSE(refused->has_header("Content-Disposition"));
}

TEST_F(AuditFailureTest, Issue13_AYearReportFileIsNotServedUnaudited) {
  m_store.m_refuse = true;
  auto refused = test_http::send(m_port, "GET", "/api/v1/years/2020/report/年度考核.json", &m_admin, "", "");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 500) << refused->body;
  EXPECT_FALSE(refused->has_header("Content-Disposition"));
}

} // namespace
} // namespace zwgk::server
