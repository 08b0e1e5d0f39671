// Issue 12, item 3: CSV formula injection. The audit log's CSV export wrote an
// anonymous login name "=HYPERLINK(…)" unchanged, so the admin's Excel ran
// it; every CSV for people now neutralises such cells (util/text.h), while
// the data files that the workspace writes and zwgk reads back stay exact.
#include "server/server.h"
#include "server/workspace.h"
#include "store/memory_followup_store.h"
#include "store/memory_mail_store.h"
#include "store/memory_store.h"

#include "../server/http_session.h"
#include "fs/files.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <thread>

namespace zwgk::server {
namespace {

constexpr const char* k_evil_name = "=HYPERLINK(\"http://x.example/\",\"点此\")";

class CsvFormulaInjection : public ::testing::Test {
protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("zwgk-csv-injection-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::copy(std::filesystem::path(ZWGK_SOURCE_DIR) / "examples/linzi-2020q3", m_dir,
                          std::filesystem::copy_options::recursive);
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }

  std::string read(const std::string& relative) { return fs::read_file(m_dir / relative).value_or(""); }

  std::filesystem::path m_dir;
  store::MemoryStore m_store;
  store::MemoryMailStore m_mail{m_store};
  store::MemoryFollowupStore m_followup{m_store};
};

TEST_F(CsvFormulaInjection, AuditCsvExportNeutralisesAnAnonymousLoginName) {
  auto hash = auth::hash_password(test_http::password_of("admin"), auth::HashCost::MinimumForTests);
  ASSERT_TRUE(m_store.add_user({0, "admin", store::Role::Admin, "", *hash, 0, false}));
  auto server = Server::with_store({m_dir, "127.0.0.1", 0, auth::HashCost::MinimumForTests}, m_store);
  auto port = server->bind();
  ASSERT_TRUE(port) << port.error();
  std::thread thread([&] { server->run(); });
  test_http::client(*port).Post("/api/v1/login",
                                nlohmann::json{{"name", k_evil_name}, {"password", "x"}}.dump(), "application/json");
  auto admin = test_http::login(*port, "admin");
  auto res = test_http::send(*port, "GET", "/api/v1/audit.csv", &admin);
  server->stop();
  thread.join();
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_NE(res->body.find(",\"'=HYPERLINK(\"\"http://x.example/\"\",\"\"点此\"\")\","), std::string::npos)
      << res->body;
  EXPECT_EQ(res->body.find(",\"=HYPERLINK"), std::string::npos) << res->body;
}

TEST_F(CsvFormulaInjection, WorkspaceDataFilesStayExact) {
  WorkspaceService service(m_dir, m_store, m_mail, m_followup);
  ASSERT_TRUE(service.add_finding({2020, 3}, {"区财政局", "表格混乱", "-2 处表格=混乱", 1}, {"admin", 0}));
  EXPECT_NE(read("2020Q3/检查-在线录入.csv").find("区财政局,表格混乱,1,-2 处表格=混乱\r\n"), std::string::npos)
      << read("2020Q3/检查-在线录入.csv");
  auto snap = service.snapshot({2020, 3});
  ASSERT_TRUE(snap);
  std::vector<Unit> units = (*snap)->ws.registry.units();
  units[0].aliases.push_back("-文旅");
  ASSERT_TRUE(service.save_registry(units, {"admin", 0}));
  EXPECT_NE(read("单位名录.csv").find(",-文旅"), std::string::npos) << read("单位名录.csv").substr(0, 400);
  EXPECT_EQ(read("单位名录.csv").find("'-文旅"), std::string::npos);
}

} // namespace
} // namespace zwgk::server
