// 发布 over real HTTP on loopback: 通报.pdf converted once per data version
// and one conversion at a time (issue 12, item 6), and the published files
// shown to each role holding only what that role may see (item 10).
// LibreOffice is replaced by a script (ZWGK_SOFFICE) that records each run
// and whether two ran at once.
#include "workspace_fixture.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <vector>

#include <sys/stat.h>

namespace zwgk::server {
namespace {

using nlohmann::json;

const std::string k_bulletin = "/api/v1/periods/2020Q3/bulletin/";

// Submissions recorded one by one: each unit has one rejected (too short).
constexpr const char* k_articles =
    "单位,收到时间,标题,字数,图片数\n"
    "区住建局,2020-08-03 10:00,住建局的退稿标题,100,1\n"
    "区商务局,2020-08-04 10:00,商务局自己的退稿,120,1\n";

class PublishTest : public test_http::WorkspaceServer {
protected:
  // The files as every role gets them once shown (here without a 公示:
  // live_scores = "all"; live_scores_test.cpp covers the refusal before it).
  void SetUp() override {
    test_http::WorkspaceServer::SetUp();
    std::ofstream(m_dir / "考核方案.toml", std::ios::app) << "\n[workspace]\nlive_scores = \"all\"\n";
  }
  void TearDown() override {
    ::unsetenv("ZWGK_SOFFICE");
    test_http::WorkspaceServer::TearDown();
    std::filesystem::remove_all(m_tools);
  }

  // A stand-in for soffice that takes a second, logs "start" (and "overlap"
  // when another run is under way) and writes a one-line PDF.
  void fake_libreoffice(bool fails = false) {
    m_tools = m_dir.string() + "-tools";
    std::filesystem::create_directories(m_tools);
    const auto script = m_tools / "soffice";
    std::ofstream(script) << "#!/bin/sh\n"
                          << "log='" << (m_tools / "runs.log").string() << "'\n"
                          << "echo start >> \"$log\"\n"
                          << "mkdir \"$log.lock\" 2>/dev/null || echo overlap >> \"$log\"\n"
                          << "sleep 1\n"
                          << (fails ? "rmdir \"$log.lock\"; echo 'no fonts' >&2; exit 3\n" : "")
                          << "prev=''; for a in \"$@\"; do [ \"$prev\" = --outdir ] && out=\"$a\"; prev=\"$a\"; done\n"
                          << "printf '%%PDF-1.4 fake\\n' > \"$out/bulletin.pdf\"\n"
                          << "rmdir \"$log.lock\" 2>/dev/null\n"
                          << "exit 0\n";
    ::chmod(script.c_str(), 0755);
    ::setenv("ZWGK_SOFFICE", script.c_str(), 1);
  }

  std::size_t logged(const std::string& word) {
    std::ifstream log(m_tools / "runs.log");
    std::size_t count = 0;
    for (std::string line; std::getline(log, line);) count += line == word;
    return count;
  }

  std::filesystem::path m_tools;
};

// Eight viewers ask for 通报.pdf at once: LibreOffice runs once, and they all
// get the same file; after the data change it runs once more.
TEST_F(PublishTest, EachPdfIsConvertedOncePerDataVersionOneAtATime) {
  fake_libreoffice();
  start();
  auto leader = login("leader");
  std::vector<std::thread> viewers;
  std::vector<int> statuses(8, 0);
  std::vector<std::string> bodies(8);
  for (int i = 0; i < 8; ++i)
    viewers.emplace_back([&, i] {
      auto res = send("GET", k_bulletin + "通报.pdf", &leader);
      if (!res) return;
      statuses[i] = res->status;
      bodies[i] = res->body;
    });
  for (auto& t : viewers) t.join();
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(statuses[i], 200) << bodies[i];
    EXPECT_EQ(bodies[i], "%PDF-1.4 fake\n");
  }
  EXPECT_EQ(logged("start"), 1u);
  EXPECT_EQ(logged("overlap"), 0u);
  EXPECT_EQ(send("GET", k_bulletin + "通报.docx", &leader)->status, 200);
  EXPECT_EQ(logged("start"), 1u);
  auto admin = login("admin");
  ASSERT_EQ(send("POST", "/api/v1/periods/2020Q3/findings", &admin,
                 json{{"unit", "区财政局"}, {"code", "表格混乱"}}.dump())->status, 201);
  EXPECT_EQ(send("GET", k_bulletin + "通报.pdf", &leader)->status, 200);
  EXPECT_EQ(logged("start"), 2u);
}

// A conversion that fails is answered to the requests that waited for it;
// a later request tries again.
TEST_F(PublishTest, AFailedConversionIsAnsweredToThoseWhoWaitedAndTriedAgainLater) {
  fake_libreoffice(true);
  start();
  auto leader = login("leader");
  std::vector<std::thread> viewers;
  std::vector<int> statuses(4, 0);
  for (int i = 0; i < 4; ++i)
    viewers.emplace_back([&, i] {
      if (auto res = send("GET", k_bulletin + "通报.pdf", &leader)) statuses[i] = res->status;
    });
  for (auto& t : viewers) t.join();
  EXPECT_EQ(statuses, std::vector<int>(4, 503));
  EXPECT_EQ(logged("start"), 1u);
  auto res = send("GET", k_bulletin + "通报.pdf", &leader);
  EXPECT_EQ(res->status, 503);
  EXPECT_NE(res->body.find("no fonts"), std::string::npos);
  EXPECT_EQ(logged("start"), 2u);
}

// 考核结果.json: the office gets every record; a unit user its own unit's
// and the figures of the others; a viewer the figures only — as
// /units/{other} and the bulletin itself.
TEST_F(PublishTest, PublishedResultJsonHoldsOnlyWhatTheCallerMaySee) {
  std::ofstream(m_dir / "2020Q3/投稿-逐篇.csv") << k_articles;
  start();
  auto unit_of = [](const json& doc, const std::string& name) {
    for (const auto& u : doc["units"])
      if (u["name"] == name) return u;
    return json();
  };
  auto fetch = [&](const std::string& user) {
    auto session = login(user);
    auto res = send("GET", k_bulletin + "考核结果.json", &session);
    EXPECT_EQ(res->status, 200) << res->body;
    return res->body;
  };
  const std::string full = fetch("admin"), own = fetch("shangwu"), viewer = fetch("leader");
  EXPECT_NE(full.find("住建局的退稿标题"), std::string::npos);
  EXPECT_NE(full.find("\"2020Q3/检查.csv\""), std::string::npos);

  EXPECT_EQ(own.find("住建局的退稿标题"), std::string::npos) << "another unit's rejected submission";
  const json mine = json::parse(own);
  const json other = unit_of(mine, "区住建局");
  EXPECT_TRUE(other["rejected_submissions"].empty());
  EXPECT_TRUE(other["deductions"][0]["sources"].empty()) << "another unit's deduction sources";
  EXPECT_EQ(other.value("details_withheld", false), true);
  EXPECT_EQ(other["total"], unit_of(json::parse(full), "区住建局")["total"]);  // the figures stay
  const json self = unit_of(mine, "区商务局");
  EXPECT_EQ(self["rejected_submissions"][0]["title"], "商务局自己的退稿");
  EXPECT_FALSE(self["deductions"][0]["sources"].empty());
  EXPECT_FALSE(self.contains("details_withheld"));

  for (const char* secret : {"住建局的退稿标题", "商务局自己的退稿", "投稿-逐篇.csv", "检查.csv"})
    EXPECT_EQ(viewer.find(secret), std::string::npos) << secret;
  EXPECT_EQ(json::parse(viewer)["units"].size(), json::parse(full)["units"].size());
}

// The other published files hold no such records either, for any role:
// the bulletin's page and attachments, and the year report's files.
TEST_F(PublishTest, NoOtherPublishedFileHoldsTheRecords) {
  std::ofstream(m_dir / "2020Q3/投稿-逐篇.csv") << k_articles;
  start();
  auto leader = login("leader");
  std::vector<std::string> paths{k_bulletin + "通报.html"};
  auto year = json::parse(send("GET", "/api/v1/years/2020", &leader)->body);
  ASSERT_FALSE(year["downloads"].empty());
  for (const auto& name : year["downloads"]) paths.push_back("/api/v1/years/2020/report/" + name.get<std::string>());
  for (const auto& path : paths) {
    auto res = send("GET", path, &leader);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path << res->body;
    for (const char* secret : {"住建局的退稿标题", "商务局自己的退稿", "投稿-逐篇.csv", "检查.csv"})
      EXPECT_EQ(res->body.find(secret), std::string::npos) << path << " holds " << secret;
  }
}

} // namespace
} // namespace zwgk::server
