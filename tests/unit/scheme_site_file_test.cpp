// Issue 17: the site file (站点.toml): its politeness limits with polite defaults, its
// columns with optional XPath selectors, every problem at its line and column, and the
// units checked against the registry with the nearest names.
#include "scheme/site_file.h"

#include <gtest/gtest.h>

namespace zwgk {
namespace {

std::string messages(const Diagnostics& d) {
  std::string out;
  for (const auto& e : d.entries()) out += e.to_string() + "\n";
  return out;
}

TEST(SiteFile, ColumnsSelectorsAndPoliteDefaults) {
  auto site = parse_site_file(R"(
[[columns]]
unit = "区发改局"
kind = "通知公告"
url = "http://www.linzi.gov.cn/col/col123/index.html"

[[columns]]
unit = "区卫健局"
kind = "动态要闻"
url = " https://www.linzi.gov.cn/wjj/list.html "
selectors = { item = "//div[@class='row']", title = ".//h4", date = ".//em" }
)", "站点.toml");
  ASSERT_TRUE(site) << messages(site.error());
  EXPECT_EQ(site->rate, 2);
  EXPECT_EQ(site->concurrency, 2);
  EXPECT_EQ(site->max_pages, 5000);
  ASSERT_EQ(site->columns.size(), 2u);
  EXPECT_EQ(site->columns[0].kind, "通知公告");
  EXPECT_EQ(site->columns[1].url, "https://www.linzi.gov.cn/wjj/list.html");
  EXPECT_EQ(site->columns[1].item, "//div[@class='row']");
  EXPECT_EQ(site->columns[1].link, "");
  EXPECT_EQ(site->columns[1].at.line, 7u);
}

TEST(SiteFile, EveryProblemAtItsPlace) {
  auto site = parse_site_file(R"([crawl]
rate = 100
user_agent = " "
colour = "red"

[[columns]]
unit = "区发改局"
kind = "通知公告"
url = "www.linzi.gov.cn/col/1"

[[columns]]
unit = "区财政局"
kind = ""
url = "http://a/1"

[[columns]]
unit = "区人社局"
kind = "政策文件"
url = "http://a/1"
selectors = { title = ".//h4" }
)", "站点.toml");
  ASSERT_FALSE(site);
  const std::string all = messages(site.error());
  for (const char* expected : {"第2行第8列", "1 到 20 之间的每秒请求数", "第3行", "crawl.user_agent", "第4行", "colour",
                               "第9行", "应以 http:// 或 https:// 开头", "第13行", "columns.kind", "第19行", "重复",
                               "第20行", "columns.selectors.item"})
    EXPECT_NE(all.find(expected), std::string::npos) << expected << "\n" << all;
}

TEST(SiteFile, UnknownUnitsGetTheNearestNames) {
  Registry registry;
  for (auto [name, short_name] : {std::pair{"临淄区发展和改革局", "区发改局"}, std::pair{"临淄区财政局", "区财政局"}}) {
    Unit u;
    u.name = name;
    u.short_name = short_name;
    u.section = "部门";
    ASSERT_TRUE(registry.add(u));
  }
  auto site = parse_site_file("[[columns]]\nunit = \"区发改局\"\nkind = \"k\"\nurl = \"http://a/1\"\n"
                              "[[columns]]\nunit = \"区财政\"\nkind = \"k\"\nurl = \"http://a/2\"\n", "站点.toml");
  ASSERT_TRUE(site);
  auto problems = check_site_units(*site, registry, "站点.toml");
  ASSERT_EQ(problems.error_count(), 1u) << messages(problems);
  EXPECT_EQ(problems.entries()[0].where.line, 5u);
  EXPECT_NE(problems.entries()[0].message.find("是否指：区财政局"), std::string::npos) << messages(problems);
}

} // namespace
} // namespace zwgk
