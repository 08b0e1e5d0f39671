// Issue 17: 网站采集 over real HTTP — a crawl started from the workspace against a small
// portal served on loopback by the test, its progress and last run, each unit's items with
// their links, an adoption proposed and confirmed into 采用-网站采集.csv, and what only the
// office may do.
#include "workspace_fixture.h"

#include "fs/files.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <thread>

namespace zwgk::server {
namespace {

using nlohmann::json;

std::string list_page(const std::vector<std::tuple<std::string, std::string, std::string>>& items) {
  std::string html = "<html><head><meta charset=\"utf-8\"></head><body><ul>";
  for (const auto& [title, href, date] : items)
    html += "<li><a href=\"" + href + "\">" + title + "</a><span>" + date + "</span></li>";
  return html + "</ul></body></html>";
}

class CrawlApiTest : public test_http::WorkspaceServer {
protected:
  void SetUp() override {
    test_http::WorkspaceServer::SetUp();
    m_portal.Get("/robots.txt", [](const auto&, auto& res) { res.set_content("User-agent: *\nAllow: /\n", "text/plain"); });
    m_portal.Get("/fgj/index.html", [](const auto&, auto& res) {
      res.set_content(list_page({{"区发改局召开重点项目推进会议", "./202009/t1.html", "2020-09-20"},
                                 {"区发改局发布价格监测报告", "./202008/t2.html", "2020-08-05"},
                                 {"区发改局部署上半年工作", "./202006/t3.html", "2020-06-10"}}),
                      "text/html");
    });
    m_portal.Get("/city/index.html", [](const auto&, auto& res) {
      res.set_content(list_page({{"临淄区发改局召开重点项目推进会议", "http://city.example/1.html", "2020-09-24"}}),
                      "text/html");
    });
    m_portal_port = m_portal.bind_to_any_port("127.0.0.1");
    m_portal_thread = std::thread([this] { m_portal.listen_after_bind(); });
    std::ofstream site(m_dir / "站点.toml");
    site << "[[columns]]\nunit = \"区发改局\"\nkind = \"动态要闻\"\nurl = \"http://127.0.0.1:" << m_portal_port
         << "/fgj/index.html\"\n\n[[portals]]\nlevel = \"市级\"\nurl = \"http://127.0.0.1:" << m_portal_port
         << "/city/index.html\"\n";
    site.close();
    std::filesystem::remove(m_dir / "2020Q3" / "网站发布.csv");
    m_now = 1'602'640'800;  // 2020-10-14 10:00 CST
    start();
    admin = login("admin");
  }
  void TearDown() override {
    m_portal.stop();
    if (m_portal_thread.joinable()) m_portal_thread.join();
    test_http::WorkspaceServer::TearDown();
  }

  json wait_for_crawl() {
    for (int i = 0; i < 600; ++i) {
      auto state = call_as(admin, "GET", "/api/v1/periods/2020Q3/crawl", nullptr, 200);
      if (!state["job"]["running"].get<bool>()) return state;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "the crawl did not end in 30 s";
    return {};
  }

  httplib::Server m_portal;
  int m_portal_port = 0;
  std::thread m_portal_thread;
  test_http::Session admin;
};

TEST_F(CrawlApiTest, ACrawlFromTheWorkspaceCountsItemsAndProposesAnAdoption) {
  auto before = call_as(admin, "GET", "/api/v1/periods/2020Q3/crawl", nullptr, 200);
  EXPECT_TRUE(before["site"]["exists"].get<bool>());
  EXPECT_EQ(before["site"]["columns"], 1);
  EXPECT_TRUE(before["last_run"].is_null());

  call_as(admin, "POST", "/api/v1/periods/2020Q3/crawl", json::object(), 202);
  auto state = wait_for_crawl();
  EXPECT_EQ(state["job"]["error"], "");
  EXPECT_EQ(state["job"]["pages"], 2);
  const auto& summary = state["last_run"]["summary"];
  EXPECT_EQ(summary["rows"], 2);      // June is outside the quarter
  EXPECT_EQ(summary["outside"], 1);
  EXPECT_EQ(summary["units"]["columns"][0]["unit"], "区发改局");
  EXPECT_EQ(state["last_run"]["user"], "admin");

  auto items = call_as(admin, "GET", "/api/v1/periods/2020Q3/crawl/items", nullptr, 200);
  ASSERT_EQ(items["items"].size(), 2u);
  EXPECT_EQ(items["items"][0]["unit"], "区发改局");
  EXPECT_EQ(items["items"][1]["url"], "http://127.0.0.1:" + std::to_string(m_portal_port) + "/fgj/202009/t1.html");

  ASSERT_EQ(state["proposals"].size(), 1u);
  const auto& proposal = state["proposals"][0];
  EXPECT_EQ(proposal["kind"], "adoption");
  EXPECT_EQ(proposal["detail"]["level"], "市级");
  EXPECT_EQ(proposal["detail"]["original"]["title"], "区发改局召开重点项目推进会议");
  const std::string decide = "/api/v1/periods/2020Q3/crawl/proposals/" + std::to_string(proposal["id"].get<int>());
  call_as(admin, "POST", decide, {{"decision", "dismiss"}}, 400);  // a dismissal needs a reason
  call_as(admin, "POST", decide, {{"decision", "confirm"}}, 200);
  call_as(admin, "POST", decide, {{"decision", "confirm"}}, 409);
  auto adopted = fs::read_file(m_dir / "2020Q3" / "采用-网站采集.csv");
  ASSERT_TRUE(adopted);
  EXPECT_NE(adopted->find("区发改局,市级,2020-09-24,临淄区发改局召开重点项目推进会议"), std::string::npos) << *adopted;
  auto after = call_as(admin, "GET", "/api/v1/periods/2020Q3/crawl", nullptr, 200);
  EXPECT_EQ(after["proposals"][0]["decision"], "confirmed");
}

TEST_F(CrawlApiTest, OnlyTheOfficeCrawls) {
  auto unit = login("shangwu");
  call_as(unit, "GET", "/api/v1/periods/2020Q3/crawl", nullptr, 403);
  call_as(unit, "POST", "/api/v1/periods/2020Q3/crawl", json::object(), 403);
  auto viewer = login("leader");
  call_as(viewer, "GET", "/api/v1/periods/2020Q3/crawl/items", nullptr, 403);
}

} // namespace
} // namespace zwgk::server
