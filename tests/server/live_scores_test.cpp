// Live scores before 公示 ([workspace] live_scores, server/live_scores.h) as
// an authorisation matrix over real HTTP: each role × the district's setting
// × whether the period is published (公示 recorded through the API) × every
// route that shows scores; and the unit's home (GET …/home) built from the
// ranking, progress and 整改 documents.
#include "followup_fixture.h"

namespace zwgk::server {
namespace {

using namespace test_followup;

constexpr const char* k_hidden = "本季度通报尚未公示，公示后可查看排名";

struct Expected {
  std::string path;
  int admin, unit, viewer;
};

class LiveScoresTest : public FollowupApiTest {
protected:
  // Before the first request loads the period (the snapshot reads the scheme then).
  void live_scores(const std::string& value) {
    std::ofstream(m_dir / "考核方案.toml", std::ios::app) << "\n[workspace]\nlive_scores = \"" << value << "\"\n";
  }
  void publish() {
    auto admin = login("admin");
    call("POST", "/api/v1/periods/2020Q3/rectification/draft", admin);
  }

  // Every route as each role; a refusal before 公示 carries the one message.
  void expect(const std::vector<Expected>& routes) {
    const std::map<std::string, Session> sessions = {
        {"admin", login("admin")}, {"unit", login("shangwu")}, {"viewer", login("leader")}};
    for (const auto& r : routes) {
      for (const auto& [role, status] : {std::pair{"admin", r.admin}, {"unit", r.unit}, {"viewer", r.viewer}}) {
        auto res = test_http::send(m_port, "GET", r.path, &sessions.at(role));
        ASSERT_TRUE(res) << r.path;
        EXPECT_EQ(res->status, status) << r.path << " as " << role << ": " << res->body;
        const bool hidden = res->status == 403 && r.path.find("/units/区财政局") == std::string::npos &&
                            r.path.find("/home") == std::string::npos;
        if (hidden) {
          EXPECT_EQ(json::parse(res->body)["error"], k_hidden) << r.path << " as " << role;
        }
      }
    }
  }

  // Whether the trends of `user` list 2020Q3.
  bool trends_list_the_period(const std::string& user) {
    const json trends = get("/api/v1/trends", login(user));
    for (const auto& p : trends["periods"])
      if (p["id"] == "2020Q3") return true;
    return false;
  }
  std::size_t progress_rows(const std::string& user) {
    return get("/api/v1/periods/2020Q3/progress", login(user))["units"].size();
  }
};

const std::string k_p = "/api/v1/periods/2020Q3";

TEST_F(LiveScoresTest, OfficeBeforePublicationShowsAUnitOnlyItselfAndAViewerNothing) {
  expect({{k_p + "/ranking", 200, 403, 403},
          {k_p + "/progress", 200, 200, 403},
          {k_p + "/units/区商务局", 200, 200, 403},
          {k_p + "/units/区财政局", 200, 403, 403},
          {k_p + "/bulletin/考核结果.json", 200, 403, 403},
          {k_p + "/bulletin/通报.html", 200, 403, 403},
          {k_p + "/home?unit=区商务局", 200, 200, 403},
          {k_p + "/home", 400, 200, 403},
          {"/api/v1/trends", 200, 200, 200}});
  EXPECT_EQ(progress_rows("shangwu"), 1u);
  EXPECT_EQ(get(k_p + "/progress", login("shangwu"))["units"][0]["name"], "区商务局");
  EXPECT_GT(progress_rows("admin"), 60u);
  EXPECT_TRUE(trends_list_the_period("admin"));
  EXPECT_FALSE(trends_list_the_period("shangwu"));
  EXPECT_FALSE(trends_list_the_period("leader"));
  EXPECT_FALSE(get(k_p + "/home", login("shangwu"))["ranking_visible"].get<bool>());
}

TEST_F(LiveScoresTest, OfficeAfterPublicationShowsEveryoneTheRanking) {
  publish();
  expect({{k_p + "/ranking", 200, 200, 200},
          {k_p + "/progress", 200, 200, 200},
          {k_p + "/units/区商务局", 200, 200, 200},
          {k_p + "/units/区财政局", 200, 403, 200},
          {k_p + "/bulletin/考核结果.json", 200, 200, 200},
          {k_p + "/bulletin/通报.html", 200, 200, 200},
          {k_p + "/home?unit=区商务局", 200, 200, 403},
          {"/api/v1/trends", 200, 200, 200}});
  EXPECT_EQ(progress_rows("shangwu"), progress_rows("admin"));
  EXPECT_TRUE(trends_list_the_period("shangwu"));
  EXPECT_TRUE(trends_list_the_period("leader"));
  const json home = get(k_p + "/home", login("shangwu"));
  EXPECT_TRUE(home["published"].get<bool>());
  EXPECT_TRUE(home["ranking_visible"].get<bool>());
}

TEST_F(LiveScoresTest, AllShowsEveryoneTheRankingBeforePublication) {
  live_scores("all");
  expect({{k_p + "/ranking", 200, 200, 200},
          {k_p + "/progress", 200, 200, 200},
          {k_p + "/units/区商务局", 200, 200, 200},
          {k_p + "/units/区财政局", 200, 403, 200},
          {k_p + "/bulletin/考核结果.json", 200, 200, 200},
          {k_p + "/home?unit=区商务局", 200, 200, 403},
          {"/api/v1/trends", 200, 200, 200}});
  EXPECT_EQ(progress_rows("shangwu"), progress_rows("admin"));
  EXPECT_TRUE(trends_list_the_period("leader"));
  const json home = get(k_p + "/home", login("shangwu"));
  EXPECT_FALSE(home["published"].get<bool>());
  EXPECT_EQ(home["live_scores"], "all");
  EXPECT_TRUE(home["ranking_visible"].get<bool>());
}

TEST_F(LiveScoresTest, OfficeWrittenOutIsTheDefault) {
  live_scores("office");
  expect({{k_p + "/ranking", 200, 403, 403}, {k_p + "/units/区商务局", 200, 200, 403}});
}

// A viewer's unit details of a published period list no history of an
// unpublished one (the same unit's total and rank there). 2020Q4 is the
// third quarter's data with its months renamed.
TEST_F(LiveScoresTest, UnitHistoryLeavesOutUnpublishedPeriodsForAViewer) {
  const auto from = m_dir / "2020Q3", to = m_dir / "2020Q4";
  std::filesystem::create_directories(to);
  auto copy = [&](const std::string& name, const std::string& header = "", const std::string& renamed = "") {
    std::stringstream text;
    text << std::ifstream(from / name).rdbuf();
    std::string content = text.str();
    if (!header.empty()) content.replace(content.find(header), header.size(), renamed);
    std::ofstream(to / name) << content;
  };
  copy("网站发布.csv", "单位,7月,8月,9月", "单位,10月,11月,12月");
  copy("投稿.csv", "单位,8月,9月", "单位,10月,11月");
  copy("采用.csv");
  std::ofstream(to / "通报模板.txt") << "成文日期：2021年1月12日\n整改期限：2021年1月15日\n";
  publish();  // 2020Q3 only
  auto history = [&](const std::string& user) {
    std::vector<std::string> periods;
    const json detail = get(k_p + "/units/区商务局", login(user));
    for (const auto& h : detail["history"]) periods.push_back(h["period"].get<std::string>());
    return periods;
  };
  EXPECT_EQ(history("admin"), (std::vector<std::string>{"2020Q3", "2020Q4"}));
  EXPECT_EQ(history("shangwu"), (std::vector<std::string>{"2020Q3", "2020Q4"}));  // its own scores
  EXPECT_EQ(history("leader"), (std::vector<std::string>{"2020Q3"}));
  EXPECT_EQ(status("GET", "/api/v1/periods/2020Q4/units/区商务局", nullptr), 401);
  auto leader = login("leader");
  EXPECT_EQ(status("GET", "/api/v1/periods/2020Q4/units/区商务局", &leader), 403);
}

TEST_F(LiveScoresTest, HomeHoldsTheUnitsStandingProgressAndOpenItems) {
  auto unit = login("shangwu");
  const json home = get(k_p + "/home", unit);
  EXPECT_EQ(home["period"]["id"], "2020Q3");
  const json& u = home["unit"];
  EXPECT_EQ(u["name"], "区商务局");
  const json row = ranking_unit(login("admin"), "区商务局");
  EXPECT_EQ(u["total"], row["total"]);
  EXPECT_EQ(u["rank"], row["rank"]);
  EXPECT_EQ(u["table"], row["table"]);
  std::size_t table_units = 0;
  const json ranking = get(k_p + "/ranking", login("admin"));
  for (const auto& other : ranking["units"]) table_units += other["table"] == row["table"];
  EXPECT_EQ(u["table_units"], table_units);
  EXPECT_EQ(home["progress"]["name"], "区商务局");
  EXPECT_EQ(home["progress"]["month"], "2020-09");
  EXPECT_TRUE(home["progress"].contains("full_marks_items"));
  const json& items = home["rectification"]["items"];
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(home["rectification"]["deadline"], "2020-10-16");
  EXPECT_EQ(home["rectification"]["open"], items.size());
  EXPECT_NE(item_in(items, "2020Q3/区商务局/目录未上传"), nullptr);
  for (const auto& item : items) {
    EXPECT_EQ(item["unit"]["name"], "区商务局");
    EXPECT_EQ(item["deadline"], "2020-10-16");
    EXPECT_EQ(item["status_code"], "open");
  }
  // The office sees the same home of the unit; another unit's is refused.
  json office = get(k_p + "/home?unit=区商务局", login("admin"));
  EXPECT_TRUE(office["ranking_visible"].get<bool>());
  office["ranking_visible"] = home["ranking_visible"];
  EXPECT_EQ(office, home);
  EXPECT_EQ(status("GET", k_p + "/home?unit=齐都镇", &unit), 403);
  EXPECT_EQ(status("GET", k_p + "/home?unit=无此单位", nullptr), 401);
}

// After the deadline an item not replied to is overdue and counted as such;
// an item the office verified leaves the home.
TEST_F(LiveScoresTest, HomeCountsOverdueItemsAndLeavesOutClosedOnes) {
  auto unit = login("shangwu");
  call("POST", k_item + "/reply", unit, {{"text", "已上传目录"}, {"link", "https://example.org/ml"}});
  auto admin = login("admin");
  call("POST", k_item + "/verify", admin, {{"text", "已核实"}});
  m_now = at("2020-10-20 09:00");
  const json home = get(k_p + "/home", login("shangwu"));
  EXPECT_EQ(item_in(home["rectification"]["items"], "2020Q3/区商务局/目录未上传"), nullptr);
  const std::size_t open = home["rectification"]["items"].size();
  ASSERT_GT(open, 0u);
  EXPECT_EQ(home["rectification"]["overdue"], open);
  for (const auto& item : home["rectification"]["items"]) EXPECT_EQ(item["status_code"], "overdue");
}

// The year adds its quarters up: before 2020Q3's 公示 it would show every
// unit's live scores of that quarter, so a unit and a viewer are refused the
// year and its files as they are the quarter; after 公示 they get it.
TEST_F(LiveScoresTest, TheYearIsHiddenWhileOneOfItsQuartersIsUnpublished) {
  const std::map<std::string, Session> sessions = {
      {"admin", login("admin")}, {"unit", login("shangwu")}, {"viewer", login("leader")}};
  auto status = [&](const std::string& role, const std::string& path) {
    auto res = test_http::send(m_port, "GET", path, &sessions.at(role));
    EXPECT_TRUE(res) << path;
    if (res && res->status == 403) {
      EXPECT_EQ(json::parse(res->body)["error"], "2020Q3的通报尚未公示，公示后可查看年度考核");
    }
    return res ? res->status : 0;
  };
  const std::string year = "/api/v1/years/2020", file = year + "/report/年度考核.json";
  EXPECT_EQ(status("admin", year), 200);
  EXPECT_EQ(status("unit", year), 403);
  EXPECT_EQ(status("viewer", year), 403);
  EXPECT_EQ(status("viewer", file), 403);
  publish();
  EXPECT_EQ(status("unit", year), 200);
  EXPECT_EQ(status("viewer", year), 200);
  EXPECT_EQ(status("viewer", file), 200);
}

// A quarter just created (only its 通报模板.txt, 未开始) is not added up in
// the year: the year is 2020Q3's alone, not every unit at -3 in 2020Q4.
TEST_F(LiveScoresTest, TheYearLeavesOutAQuarterWithoutData) {
  const json before = get("/api/v1/years/2020", login("admin"));
  std::filesystem::create_directories(m_dir / "2020Q4");
  std::ofstream(m_dir / "2020Q4" / "通报模板.txt") << "成文日期：2021年1月12日\n整改期限：2021年1月15日\n";
  const json after = get("/api/v1/years/2020", login("admin"));
  EXPECT_EQ(after.dump(), before.dump());
}

} // namespace
} // namespace zwgk::server
