// The IMAP client's fetch() against a real Dovecot on loopback (ImapDovecot;
// the protocol pieces alone: imap_protocol_test.cpp), started by
// tests/imap/dovecot.py with the messages of tests/corpora/mail/ plus one generated here with very long lines and lines
// that look like IMAP responses. Dovecot runs with TZ=UTC, so every
// INTERNALDATE arrives as +0000 and must come out in CST. Each test process
// (gtest_discover_tests runs one per test) starts its own server in its own
// temporary directory on free ports, and --watch stops it should the
// process die without TearDownTestSuite.
#include "fs/process.h"
#include "imap/client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <unistd.h>

namespace zwgk::imap {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

constexpr std::string_view k_long_name = "zz_long_lines.eml";

// A message no corpus file has: a 100 KB line (curl's IMAP commands cut
// lines at half their buffer), lines that look like server responses, and
// 300 KB in all.
std::string long_lines_message() {
  std::string m = "Received: from relay by mail.zwgk.example.gov.cn; Sat, 15 Aug 2020 09:00:00 +0800\n"
                  "From: a@example.gov.cn\nSubject: long\nDate: Sat, 15 Aug 2020 08:59:00 +0800\n"
                  "Message-ID: <long@example>\n\n";
  m += std::string(100000, 'x') + "\n";
  m += "* 1 FETCH (UID 99)\nZ7 OK Fetch completed.\nA005 OK done\n{12}\n+ go ahead\n";
  for (int i = 0; i < 2000; ++i) m += "line " + std::to_string(i) + " " + std::string(90, 'y') + "\n";
  return m;
}

class ImapDovecot : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    s_error.clear();
    if (!std::filesystem::exists("/usr/sbin/dovecot")) {
      s_error = "/usr/sbin/dovecot 不存在：请先运行 scripts/bootstrap.sh 安装 dovecot-imapd（IMAP 测试需要它）";
      return;
    }
    auto state = fs::TempDir::create();
    auto source = fs::TempDir::create();
    if (!state || !source) {
      s_error = "cannot create a temporary directory";
      return;
    }
    s_state.emplace(std::move(*state));
    s_source.emplace(std::move(*source));
    for (const auto& entry : std::filesystem::directory_iterator(std::string(ZWGK_CORPORA_DIR) + "/mail"))
      if (entry.path().extension() == ".eml")
        std::filesystem::copy_file(entry.path(), s_source->path() / entry.path().filename());
    std::ofstream(s_source->path() / k_long_name, std::ios::binary) << long_lines_message();
    s_messages.clear();
    for (const auto& entry : std::filesystem::directory_iterator(s_source->path()))
      s_messages[read_file(entry.path())] = entry.path().filename().string();

    auto started = fs::run_process("/usr/bin/python3",
                                   {script(), "start", s_state->path().string(), s_source->path().string(),
                                    "--password", std::string(k_password), "--folder", "投稿=received_*",
                                    "--folder", "Sent Items=plain_*", "--watch", std::to_string(::getpid())},
                                   {}, std::chrono::seconds(60));
    if (!started || started->exit_code != 0) {
      s_error = "tests/imap/dovecot.py start failed: " + (started ? started->output : started.error());
      return;
    }
    auto brace = started->output.rfind("\n{");
    auto json = nlohmann::json::parse(started->output.substr(brace == std::string::npos ? 0 : brace + 1),
                                      nullptr, false);
    if (json.is_discarded()) {
      s_error = "tests/imap/dovecot.py printed no JSON: " + started->output;
      return;
    }
    s_server = json;
  }

  static void TearDownTestSuite() {
    if (s_state) {
      (void)fs::run_process("/usr/bin/python3", {script(), "stop", s_state->path().string()}, {},
                            std::chrono::seconds(30));
      s_state.reset();
    }
    s_source.reset();
  }

  void SetUp() override {
    if (!s_error.empty()) GTEST_FAIL() << s_error;
  }

  static std::string script() { return std::string(ZWGK_SOURCE_DIR) + "/tests/imap/dovecot.py"; }

  static Options options(Security security = Security::Tls) {
    Options o;
    o.host = "127.0.0.1";
    o.security = security;
    o.port = s_server[security == Security::Tls ? "imaps_port" : "imap_port"].get<int>();
    o.user = s_server["user"].get<std::string>();
    std::string password = read_file(s_server["password_file"].get<std::string>());
    o.password = password.substr(0, password.find('\n'));
    o.ca_file = s_server["ca_file"].get<std::string>();
    o.timeout = std::chrono::seconds(20);
    return o;
  }

  struct Result {
    std::expected<void, std::string> status;
    std::vector<FetchedMessage> messages;
    std::vector<Progress> progress;
    // File names of the messages, in UID order.
    std::vector<std::string> names() const {
      std::vector<std::string> out;
      for (const auto& m : messages) {
        auto it = s_messages.find(m.bytes);
        out.push_back(it == s_messages.end() ? "<bytes differ from every file>" : it->second);
      }
      return out;
    }
  };

  static Result run(const Options& o, std::size_t stop_after = SIZE_MAX) {
    Result r;
    r.status = fetch(
        o,
        [&](FetchedMessage&& m) {
          r.messages.push_back(std::move(m));
          return r.messages.size() < stop_after;
        },
        [&](const Progress& p) { r.progress.push_back(p); });
    return r;
  }

  std::string dovecot_log() const {
    return s_server.is_object() ? read_file(s_server["log_file"].get<std::string>()) : "";
  }

  static constexpr std::string_view k_password = "Se cr\"et\\密码 1";
  static inline std::string s_error;
  static inline std::optional<fs::TempDir> s_state;
  static inline std::optional<fs::TempDir> s_source;
  static inline nlohmann::json s_server;
  static inline std::map<std::string, std::string> s_messages;  // bytes -> file name
};

void expect_every_message(const std::vector<std::string>& names, const std::map<std::string, std::string>& files) {
  std::set<std::string> expected;
  for (const auto& [bytes, name] : files) expected.insert(name);
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()), expected);
  EXPECT_EQ(names.size(), expected.size());
}

TEST_F(ImapDovecot, FetchesEveryMessageOverTlsByteForByte) {
  auto r = run(options(Security::Tls));
  ASSERT_TRUE(r.status) << r.status.error() << "\n" << dovecot_log();
  expect_every_message(r.names(), s_messages);
  ASSERT_FALSE(r.messages.empty());
  for (std::size_t i = 1; i < r.messages.size(); ++i) {
    EXPECT_LT(r.messages[i - 1].uid, r.messages[i].uid);
    EXPECT_EQ(r.messages[i].uidvalidity, r.messages[0].uidvalidity);
  }
  EXPECT_NE(r.messages[0].uidvalidity, 0u);
  // Progress: once with nothing done, then after each message.
  ASSERT_EQ(r.progress.size(), r.messages.size() + 1);
  for (std::size_t i = 0; i < r.progress.size(); ++i) {
    EXPECT_EQ(r.progress[i].done, i);
    EXPECT_EQ(r.progress[i].total, r.messages.size());
  }
}

TEST_F(ImapDovecot, FetchesEveryMessageOverStartTls) {
  auto r = run(options(Security::StartTls));
  ASSERT_TRUE(r.status) << r.status.error() << "\n" << dovecot_log();
  expect_every_message(r.names(), s_messages);
}

TEST_F(ImapDovecot, NothingIsMarkedRead) {
  ASSERT_TRUE(run(options()).status);
  auto o = options();
  o.folder = "投稿";
  ASSERT_TRUE(run(o).status);
  for (std::string folder : {"INBOX", "投稿"}) {
    auto flags = fs::run_process("/usr/bin/python3", {script(), "flags", s_state->path().string(), folder}, {},
                                 std::chrono::seconds(30));
    ASSERT_TRUE(flags && flags->exit_code == 0) << (flags ? flags->output : flags.error());
    EXPECT_THAT(flags->output, Not(HasSubstr("Seen"))) << folder;
    EXPECT_THAT(flags->output, HasSubstr("\"1\"")) << folder;
  }
}

TEST_F(ImapDovecot, ChineseFolderAndFolderWithSpace) {
  auto o = options(Security::StartTls);
  o.folder = "投稿";
  auto r = run(o);
  ASSERT_TRUE(r.status) << r.status.error();
  EXPECT_THAT(r.names(), ::testing::ElementsAre("received_aug31.eml", "received_utc.eml"));
  o.folder = "Sent Items";
  r = run(o);
  ASSERT_TRUE(r.status) << r.status.error();
  EXPECT_THAT(r.names(), ::testing::ElementsAre("plain_utf8.eml"));
}

TEST_F(ImapDovecot, InternalDateInCst) {
  auto r = run(options());
  ASSERT_TRUE(r.status) << r.status.error();
  std::map<std::string, std::optional<DateTime>> dates;
  auto names = r.names();
  for (std::size_t i = 0; i < names.size(); ++i) dates[names[i]] = r.messages[i].internaldate;
  // Dovecot (TZ=UTC) sends "31-Aug-2020 16:30:00 +0000": 2020-09-01 00:30 CST.
  EXPECT_EQ(dates["received_utc.eml"], (DateTime{{2020, 9, 1}, 30}));
  EXPECT_EQ(dates["received_aug31.eml"], (DateTime{{2020, 8, 31}, 23 * 60 + 30}));
  EXPECT_EQ(dates["plain_utf8.eml"], (DateTime{{2020, 8, 31}, 10 * 60}));
  EXPECT_EQ(dates[std::string(k_long_name)], (DateTime{{2020, 8, 15}, 9 * 60}));
  EXPECT_EQ(dates["no_headers.eml"], (DateTime{{2000, 1, 1}, 8 * 60}));  // dovecot.py's fallback date
}

TEST_F(ImapDovecot, DateRangeInCst) {
  auto o = options();
  // received_utc.eml reached the server on 31 Aug in UTC but 1 Sep in CST.
  o.since = Date{2020, 9, 1};
  auto r = run(o);
  ASSERT_TRUE(r.status) << r.status.error();
  EXPECT_THAT(r.names(), ::testing::ElementsAre("received_utc.eml"));
  ASSERT_FALSE(r.progress.empty());
  EXPECT_EQ(r.progress.front().total, 1u);

  o.since = Date{2020, 8, 31};
  o.before = Date{2020, 9, 1};
  r = run(o);
  ASSERT_TRUE(r.status) << r.status.error();
  auto names = r.names();
  EXPECT_EQ(names.size(), 13u);
  EXPECT_THAT(names, ::testing::Contains("received_aug31.eml"));
  EXPECT_THAT(names, Not(::testing::Contains("received_utc.eml")));
  EXPECT_THAT(names, Not(::testing::Contains(std::string(k_long_name))));

  o.since.reset();
  o.before = Date{2020, 8, 31};
  r = run(o);
  ASSERT_TRUE(r.status) << r.status.error();
  EXPECT_THAT(r.names(), ::testing::UnorderedElementsAre("missing_headers.eml", "no_boundary.eml", "no_headers.eml",
                                                         "truncated.eml", std::string(k_long_name)));

  o.since = Date{2020, 9, 2};
  o.before.reset();
  r = run(o);
  ASSERT_TRUE(r.status) << r.status.error();
  EXPECT_TRUE(r.messages.empty());
  ASSERT_EQ(r.progress.size(), 1u);
  EXPECT_EQ(r.progress[0].total, 0u);
}

TEST_F(ImapDovecot, SinkReturningFalseStops) {
  auto r = run(options(), 3);
  ASSERT_TRUE(r.status) << r.status.error();
  EXPECT_EQ(r.messages.size(), 3u);
  EXPECT_EQ(r.progress.size(), 3u);  // the start, then after the first two
}

TEST_F(ImapDovecot, WrongPasswordIsRefusedWithoutShowingIt) {
  auto o = options();
  o.password = "Wrong-Pass 错误 123";
  auto r = run(o);
  ASSERT_FALSE(r.status);
  EXPECT_THAT(r.status.error(), HasSubstr("拒绝登录"));
  EXPECT_THAT(r.status.error(), HasSubstr(o.user));
  EXPECT_THAT(r.status.error(), Not(HasSubstr(o.password)));
  EXPECT_THAT(r.status.error(), Not(HasSubstr("Wrong-Pass")));
  EXPECT_TRUE(r.messages.empty());
}

TEST_F(ImapDovecot, UntrustedCertificateIsATlsError) {
  auto o = options();
  o.ca_file = s_server["wrong_ca_file"].get<std::string>();
  for (auto security : {Security::Tls, Security::StartTls}) {
    o.security = security;
    o.port = options(security).port;
    auto r = run(o);
    ASSERT_FALSE(r.status);
    EXPECT_THAT(r.status.error(), HasSubstr("证书"));
    EXPECT_THAT(r.status.error(), Not(HasSubstr(o.password)));
  }
  o.ca_file.clear();  // the system's CAs do not know the test CA either
  auto r = run(o);
  ASSERT_FALSE(r.status);
  EXPECT_THAT(r.status.error(), HasSubstr("证书"));
  // Verification off (never the default) accepts it.
  o.verify = false;
  r = run(o, 1);
  EXPECT_TRUE(r.status) << r.status.error();
}

TEST_F(ImapDovecot, MissingCaFile) {
  auto o = options();
  o.ca_file = s_state->path().string() + "/no-such-ca.pem";
  auto r = run(o);
  ASSERT_FALSE(r.status);
  EXPECT_THAT(r.status.error(), HasSubstr("no-such-ca.pem"));
}

TEST_F(ImapDovecot, MissingFolderIsNamed) {
  auto o = options();
  o.folder = "不存在的 文件夹";
  auto r = run(o);
  ASSERT_FALSE(r.status);
  EXPECT_THAT(r.status.error(), HasSubstr("“不存在的 文件夹”"));
  EXPECT_THAT(r.status.error(), HasSubstr("投稿"));  // the folders that do exist
  EXPECT_THAT(r.status.error(), HasSubstr("Sent Items"));
}

TEST_F(ImapDovecot, TlsOnThePlainPortFails) {
  auto o = options(Security::StartTls);
  o.security = Security::Tls;  // implicit TLS against the STARTTLS port
  auto r = run(o);
  ASSERT_FALSE(r.status);
  EXPECT_THAT(r.status.error(), HasSubstr("TLS"));
}

TEST_F(ImapDovecot, SilentServerTimesOut) {
  auto o = options(Security::Tls);
  o.security = Security::StartTls;  // waits for a greeting the TLS port never sends
  o.timeout = std::chrono::seconds(2);
  auto r = run(o);
  ASSERT_FALSE(r.status);
  EXPECT_THAT(r.status.error(), HasSubstr("超时"));
}

TEST_F(ImapDovecot, ClosedPortCannotConnect) {
  auto o = options();
  o.port = 1;
  auto r = run(o);
  ASSERT_FALSE(r.status);
  EXPECT_THAT(r.status.error(), HasSubstr("无法连接"));
  EXPECT_THAT(r.status.error(), HasSubstr("127.0.0.1:1"));
}

TEST_F(ImapDovecot, InvalidOptions) {
  auto o = options();
  o.password.clear();
  EXPECT_FALSE(run(o).status);
  o = options();
  o.folder = "\xff";
  EXPECT_FALSE(run(o).status);
  o = options();
  o.host = "bad host/";
  auto r = run(o);
  ASSERT_FALSE(r.status);
  EXPECT_THAT(r.status.error(), HasSubstr("bad host/"));
  o = options();
  o.since = Date{2020, 2, 30};
  EXPECT_FALSE(run(o).status);
}

} // namespace
} // namespace zwgk::imap
