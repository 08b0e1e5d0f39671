// The upload preview runs the same pipeline as the saved state (issue 13):
// the mail ledger's submissions are part of it, so a preview cannot say
// "no problems" about a hand count that the saved state then shows in
// conflict with the imported mail (the data of the golden case
// mail-hand-counts-conflict). And a failure of the server's own temporary
// folder is its own (500), never the upload's fault (400).
#include "http_session.h"

#include "auth/password.h"
#include "mailbox/importer.h"
#include "mailbox/sources.h"
#include "server/server.h"
#include "store/memory_followup_store.h"
#include "store/memory_mail_store.h"
#include "store/memory_store.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace zwgk::server {
namespace {

using nlohmann::json;

const std::string k_boundary = "zwgkLedgerBoundary";
const std::string k_multipart = "multipart/form-data; boundary=" + k_boundary;
constexpr std::int64_t k_now = 1'602'727'200;  // 2020-10-15 10:00 CST: a fixed clock

std::string form_with(const std::string& file_name, const std::string& content) {
  return "--" + k_boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file_name +
         "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n--" + k_boundary + "--\r\n";
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The messages of every problem in a reply, in order.
std::vector<std::string> messages(const json& body) {
  std::vector<std::string> out;
  for (const auto& p : body["problems"]) out.push_back(p.dump());
  return out;
}

class PreviewLedger : public ::testing::Test {
protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("zwgk-preview-ledger-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::copy(std::filesystem::path(ZWGK_SOURCE_DIR) / "tests/golden/mail-hand-counts-conflict/data",
                          m_dir, std::filesystem::copy_options::recursive);
    m_hand_counts = read_text(m_dir / "2020Q3/投稿.csv");
    std::filesystem::remove(m_dir / "2020Q3/投稿.csv");  // uploaded below
    import_mailbox();
    auto hash = auth::hash_password(test_http::password_of("admin"), auth::HashCost::MinimumForTests);
    ASSERT_TRUE(m_store.add_user({0, "admin", store::Role::Admin, "", *hash, 0, false}));
    ServerOptions options{m_dir, "127.0.0.1", 0, auth::HashCost::MinimumForTests, [] { return k_now; },
                          ProxyHeaders::Ignore};
    m_server = Server::with_store(options, m_store, m_mail, m_followup);
    auto port = m_server->bind();
    ASSERT_TRUE(port) << port.error();
    m_port = *port;
    m_thread = std::thread([this] { m_server->run(); });
  }

  void TearDown() override {
    if (m_server) {
      m_server->stop();
      if (m_thread.joinable()) m_thread.join();
    }
    std::filesystem::remove_all(m_dir);
  }

  // What `zwgk mail import` does in the golden case's setup, into the memory ledger.
  void import_mailbox() {
    mailbox::Importer importer(m_mail, "测试", k_now);
    auto read = mailbox::read_source(
        std::filesystem::path(ZWGK_SOURCE_DIR) / "tests/corpora/mail/linzi-2020q3/maildir",
        [&](mailbox::RawMessage&& message) { return importer.add(std::move(message)); }, [](std::string) {});
    ASSERT_TRUE(read) << read.error();
    ASSERT_TRUE(importer.flush());
    ASSERT_GT(importer.tally().added, 40u);
  }

  httplib::Result send(const std::string& method, const std::string& path, const std::string& body = {},
                       const std::string& type = "application/json") {
    if (!m_admin) m_admin = test_http::login(m_port, "admin");
    return test_http::send(m_port, method, path, &*m_admin, body, type);
  }

  std::filesystem::path m_dir;
  std::string m_hand_counts;
  store::MemoryStore m_store;
  store::MemoryMailStore m_mail{m_store};
  store::MemoryFollowupStore m_followup{m_store};
  std::unique_ptr<Server> m_server;
  std::thread m_thread;
  int m_port = 0;
  std::optional<test_http::Session> m_admin;
};

TEST_F(PreviewLedger, UploadPreviewAndSavedStateAgreeWithAMailLedgerAndHandCounts) {
  auto preview = send("POST", "/api/v1/periods/2020Q3/uploads?mode=preview", form_with("投稿.csv", m_hand_counts),
                      k_multipart);
  ASSERT_TRUE(preview);
  ASSERT_EQ(preview->status, 200) << preview->body.substr(0, 500);
  const json previewed = json::parse(preview->body);
  // The golden case's 42 conflicts between the mail and the hand counts.
  EXPECT_EQ(previewed["error_count"], 42) << preview->body.substr(0, 1000);

  // Saving refuses what the preview refuses.
  auto commit = send("POST", "/api/v1/periods/2020Q3/uploads?mode=commit", form_with("投稿.csv", m_hand_counts),
                     k_multipart);
  ASSERT_TRUE(commit);
  EXPECT_EQ(commit->status, 422);
  EXPECT_FALSE(std::filesystem::exists(m_dir / "2020Q3/投稿.csv"));

  // The file put in place by hand: the saved state shows the very same problems.
  std::ofstream(m_dir / "2020Q3/投稿.csv", std::ios::binary) << m_hand_counts;
  auto saved = send("GET", "/api/v1/periods/2020Q3/ranking");
  ASSERT_TRUE(saved);
  ASSERT_EQ(saved->status, 422) << saved->body.substr(0, 500);
  const json state = json::parse(saved->body);
  EXPECT_EQ(state["error_count"], previewed["error_count"]);
  EXPECT_EQ(messages(state), messages(previewed));
}

// Issue 13: every failed upload was answered 400, also when the server's own
// temporary folder could not be made.
TEST_F(PreviewLedger, ATemporaryFolderThatCannotBeMadeIs500Not400) {
  const char* previous = std::getenv("TMPDIR");
  const std::string saved_tmpdir = previous ? previous : "";
  ::setenv("TMPDIR", (m_dir / "无此目录").c_str(), 1);
  auto preview = send("POST", "/api/v1/periods/2020Q3/uploads?mode=preview", form_with("投稿.csv", m_hand_counts),
                      k_multipart);
  if (previous) ::setenv("TMPDIR", saved_tmpdir.c_str(), 1);
  else ::unsetenv("TMPDIR");
  ASSERT_TRUE(preview);
  EXPECT_EQ(preview->status, 500) << preview->body;
  EXPECT_NE(json::parse(preview->body)["error"].get<std::string>().find("临时"), std::string::npos) << preview->body;
}

} // namespace
} // namespace zwgk::server
