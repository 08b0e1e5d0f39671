// Issue 16: 指标数据 entered in the web over real HTTP, on the weighted example
// (examples/weighted-2021q4): the indicators that take facts, a fact added and counted,
// refusals that save nothing (a second manual score, an unknown unit), and a deletion.
#include "workspace_fixture.h"

#include "fs/files.h"

#include <nlohmann/json.hpp>

namespace zwgk::server {
namespace {

using nlohmann::json;

class IndicatorFactsApiTest : public test_http::WorkspaceServer {
protected:
  void SetUp() override {
    m_example = "weighted-2021q4";
    test_http::WorkspaceServer::SetUp();
    m_now = 1'641'780'000;  // 2022-01-10 10:00 CST
    start();
    admin = login("admin");
  }

  json call(const std::string& method, const std::string& path, const json& body, int expected) {
    return call_as(admin, method, path, body, expected);
  }

  // 县教育局's points in 按时答复 on the 总览.
  std::string timely_replies() {
    auto ranking = call("GET", "/api/v1/periods/2021Q4/ranking", nullptr, 200);
    for (const auto& u : ranking["units"])
      if (u["short_name"] == "县教育局") return u["values"]["i:按时答复"];
    return "not found";
  }

  test_http::Session admin;
};

TEST_F(IndicatorFactsApiTest, AFactIsCheckedCountedAuditedAndDeleted) {
  auto listed = call("GET", "/api/v1/periods/2021Q4/indicator-facts", nullptr, 200);
  ASSERT_EQ(listed["indicators"].size(), 4u);  // 按时答复 答复规范 政策解读 组织保障
  EXPECT_EQ(listed["indicators"][0]["code"], "按时答复");
  EXPECT_EQ(listed["indicators"][0]["form"], "ratio");
  EXPECT_EQ(listed["indicators"][3]["form"], "manual");
  EXPECT_TRUE(listed["facts"].empty());
  EXPECT_EQ(timely_replies(), "17.5");  // 7/8 × 20

  call("POST", "/api/v1/periods/2021Q4/indicator-facts",
       {{"unit", "县教育局"}, {"indicator", "按时答复"}, {"item", "补录一件"}, {"numerator", "1"}, {"denominator", "1"}}, 201);
  EXPECT_EQ(timely_replies(), "17.78");  // 8/9 × 20
  EXPECT_EQ(fs::read_file(m_dir / "2021Q4/指标-在线录入.csv").value_or(""),
            "\xEF\xBB\xBF单位,指标,事项,分子,分母,结果,得分\r\n县教育局,按时答复,补录一件,1,1,,\r\n");
  EXPECT_EQ(m_store.audit(0, 1)[0].action, "录入指标数据");
  EXPECT_EQ(m_store.audit(0, 1)[0].detail, "按时答复 1/1（补录一件）");

  // A second manual score of the unit, and an unknown unit: refused with the place, nothing saved.
  auto twice = call("POST", "/api/v1/periods/2021Q4/indicator-facts",
                    {{"unit", "县教育局"}, {"indicator", "组织保障"}, {"points", "9"}}, 422);
  EXPECT_EQ(twice["error"], "指标数据未保存");
  EXPECT_NE(twice.dump().find("重复记录"), std::string::npos) << twice.dump();
  auto unknown = call("POST", "/api/v1/periods/2021Q4/indicator-facts",
                      {{"unit", "县教育"}, {"indicator", "答复规范"}, {"result", "是"}}, 422);
  EXPECT_NE(unknown.dump().find("县教育局"), std::string::npos) << unknown.dump();  // the nearest name
  EXPECT_EQ(call("GET", "/api/v1/periods/2021Q4/indicator-facts", nullptr, 200)["facts"].size(), 1u);

  auto deleted = call("DELETE", "/api/v1/periods/2021Q4/indicator-facts/2", json::object(), 200);
  EXPECT_EQ(deleted["deleted"]["unit"], "县教育局");
  EXPECT_EQ(timely_replies(), "17.5");
  EXPECT_EQ(m_store.audit(0, 1)[0].action, "删除指标数据");
  EXPECT_EQ(m_store.audit(0, 1)[0].detail, "2021Q4/第2行：县教育局 按时答复 1/1（补录一件）");
  call("DELETE", "/api/v1/periods/2021Q4/indicator-facts/2", json::object(), 404);
}

TEST_F(IndicatorFactsApiTest, OnlyTheOfficeEntersFacts) {
  auto leader = login("leader");
  auto res = send("POST", "/api/v1/periods/2021Q4/indicator-facts", &leader,
                  json{{"unit", "县教育局"}, {"indicator", "答复规范"}, {"result", "是"}}.dump());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
}

} // namespace
} // namespace zwgk::server
