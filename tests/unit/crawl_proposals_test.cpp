// Issue 17: what a crawl proposes — stale columns by the scheme's rules and adoptions by
// title similarity within days — and a column's later pages in each form.
#include "crawl/paging.h"
#include "crawl/proposals.h"

#include <gtest/gtest.h>

namespace zwgk::crawl {
namespace {

ColumnOutcome column(std::string unit, std::string kind, std::vector<Date> dates, bool complete = true) {
  ColumnOutcome c;
  c.column = {std::move(unit), std::move(kind), "http://x/" + std::to_string(dates.size()), {}};
  for (const auto& d : dates) c.items.push_back({"标题" + d.to_string(), "http://x/" + d.to_string(), d});
  c.pages = 1;
  c.complete = complete;
  return c;
}

TEST(CrawlProposals, StaleColumnsByTheRuleOfTheirKind) {
  CrawlOutcome outcome;
  outcome.columns.push_back(column("区发改局", "动态要闻", {{2020, 9, 16}}));          // 14 days: fine
  outcome.columns.push_back(column("区教体局", "动态要闻", {{2020, 9, 15}}));          // 15 days: stale
  outcome.columns.push_back(column("区科技局", "通知公告", {{2020, 3, 1}}));           // 213 days: stale
  outcome.columns.push_back(column("区民政局", "通知公告", {}));                       // nothing at all
  outcome.columns.push_back(column("区司法局", "通知公告", {{2019, 1, 1}}, false));    // unreadable: not judged
  outcome.columns.push_back(column("区财政局", "工作动态", {{2019, 1, 1}}));           // no rule for its kind
  std::vector<StaleRule> rules{{"动态要闻", 14, "动态未更新"}, {"通知公告", 180, "栏目未更新"}};
  auto stale = stale_columns(outcome, rules, {2020, 9, 30});
  ASSERT_EQ(stale.size(), 3u);
  EXPECT_EQ(stale[0].unit, "区教体局");
  EXPECT_EQ(stale[0].days, 15);
  EXPECT_EQ(stale[0].finding, "动态未更新");
  EXPECT_EQ(stale[1].days, 213);
  EXPECT_EQ(stale[2].unit, "区民政局");
  EXPECT_FALSE(stale[2].newest);
}

TEST(CrawlProposals, TitlesAreComparedWithoutPunctuationOrWidth) {
  EXPECT_EQ(normalised_title("关于做好 2020 年“防汛”工作的通知（ＡＢ）"), "关于做好2020年防汛工作的通知ab");
  EXPECT_EQ(title_similarity("区发改局召开安全生产会议", "区发改局召开安全生产会议！"), 100);
  EXPECT_GE(title_similarity("临淄区区发改局召开安全生产会议", "区发改局召开安全生产会议"), 80);
  EXPECT_LT(title_similarity("区发改局召开安全生产会议", "全市秋季森林防火工作部署"), 20);
  EXPECT_EQ(title_similarity("", "任何"), 0);
}

TEST(CrawlProposals, AdoptionsWithinDaysToTheMostSimilarItem) {
  std::vector<DistrictItem> district{
      {"区发改局", "区发改局召开安全生产工作会议", "http://d/1", {2020, 9, 1}, "网站发布"},
      {"区教体局", "区教体局部署秋季开学工作", "http://d/2", {2020, 8, 20}, "网站发布"},
      {"区教体局", "区教体局部署秋季开学工作会议", "", {2020, 8, 25}, "投稿"}};
  std::vector<PortalItem> portal{
      {"市级", {"临淄区：区发改局召开安全生产工作会议", "http://c/1", {2020, 9, 3}}},
      {"市级", {"区教体局部署秋季开学工作", "http://c/2", {2020, 8, 26}}},   // both earlier items qualify
      {"省级", {"区发改局召开安全生产工作会议", "http://p/1", {2020, 8, 30}}},  // before it was published
      {"省级", {"区教体局部署秋季开学工作", "http://p/2", {2020, 10, 2}}},     // outside the window
      {"市级", {"区教体局部署秋季开学工作", "http://c/3", {2020, 9, 25}}}};    // 36 days later
  auto matches = match_adoptions(portal, district, {{2020, 7, 1}, {2020, 9, 30}}, 80, 30);
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].unit, "区发改局");
  EXPECT_EQ(matches[0].original.url, "http://d/1");
  EXPECT_EQ(matches[1].original.url, "http://d/2");  // the identical title, not the later submission
  EXPECT_EQ(matches[1].similarity, 100);
}

TEST(CrawlPaging, LaterPagesOfEachForm) {
  ListPage stat;
  stat.page_count = 3;
  EXPECT_EQ(later_pages("http://x/col/index.html", stat),
            (std::vector<std::string>{"http://x/col/index_1.html", "http://x/col/index_2.html"}));

  ListPage island;
  island.form = PageForm::DataIsland;
  island.page_count = 3;
  island.per_page = 15;
  island.proxy_url = "http://x/module/web/jpage/dataproxy.jsp?columnid=2";
  EXPECT_EQ(later_pages("http://x/col/col2/index.html", island),
            (std::vector<std::string>{"http://x/module/web/jpage/dataproxy.jsp?columnid=2&startrecord=16&endrecord=30&perpage=15",
                                      "http://x/module/web/jpage/dataproxy.jsp?columnid=2&startrecord=31&endrecord=45&perpage=15"}));

  ListPage json;
  json.form = PageForm::Json;
  json.page_count = 3;
  EXPECT_EQ(later_pages("http://x/api?channel=3&pageNo=1&size=15", json),
            (std::vector<std::string>{"http://x/api?channel=3&pageNo=2&size=15", "http://x/api?channel=3&pageNo=3&size=15"}));
  EXPECT_EQ(later_pages("http://x/api?pageIndex=0", json),
            (std::vector<std::string>{"http://x/api?pageIndex=1", "http://x/api?pageIndex=2"}));
  EXPECT_TRUE(later_pages("http://x/api?channel=3", json).empty());  // no page parameter: one page
  json.page_count = 1;
  EXPECT_TRUE(later_pages("http://x/api?page=1", json).empty());
}

TEST(CrawlPaging, TheFormsSayHowManyPagesAndWhere) {
  auto island = parse_list_page(
      "<html><body><script type=\"text/xml\"><datastore><recordset><record><![CDATA[<li><a href=\"/a.html\">某局的信息标题</a>"
      "<span>2020-09-01</span></li>]]></record></recordset></datastore></script>"
      "<script>$('#div2').jpage({proxyUrl:'/module/web/jpage/dataproxy.jsp', totalRecord:31, perPage:15,"
      " params:{col:1, webid:1, columnid:2}});</script></body></html>",
      "http://x/col/col2/index.html", 2020);
  ASSERT_TRUE(island);
  EXPECT_EQ(island->page_count, 3);
  EXPECT_EQ(island->proxy_url, "http://x/module/web/jpage/dataproxy.jsp?col=1&webid=1&columnid=2");
  auto json = parse_list_page(R"({"data": {"total": 31, "pageSize": 15, "list": [
      {"title": "某局的信息", "url": "/a.html", "pubDate": "2020-09-01"}]}})", "http://x/api?page=1", 2020);
  ASSERT_TRUE(json);
  EXPECT_EQ(json->page_count, 3);
  auto next = parse_list_page("<ul><li><a href=\"a.html\">某局的信息标题</a><span>2020-09-01</span></li></ul>"
                              "<a href=\"?page=2\">下一页</a>", "http://x/list?page=1", 2020);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->next_url, "http://x/list?page=2");
  EXPECT_EQ(next->items.size(), 1u);
  // Tags never closed: each item's date is what follows its link.
  auto broken = parse_list_page("<ul><li><a href=\"a.html\">某局的第一条信息</a><span>2020/09/26<li>"
                                "<a href=\"b.html\">某局的第二条信息</a><span>2020/09/20", "http://x/", 2020);
  ASSERT_TRUE(broken);
  ASSERT_EQ(broken->items.size(), 2u);
  EXPECT_EQ(broken->items[1].date, (Date{2020, 9, 20}));
}

} // namespace
} // namespace zwgk::crawl
