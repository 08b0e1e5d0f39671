// Issue 17 (first part): list pages of government CMSs read into items without per-site
// code — plain HTML lists (UTF-8 and GBK without a charset, broken markup), XML data
// islands, JSON list APIs, a site file's selectors — with their dates, absolute links and
// page counts; and what a crawl found as records (duplicates and the window).
#include "crawl/list_page.h"
#include "crawl/records.h"

#include <unicode/ucnv.h>

#include <gtest/gtest.h>

namespace zwgk::crawl {
namespace {

// `utf8` in GB18030 (as a GBK page saves it).
std::string gbk(const std::string& utf8) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 2 + 16, '\0');
  const int32_t n = ucnv_convert("GB18030", "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                                 static_cast<int32_t>(utf8.size()), &status);
  EXPECT_TRUE(U_SUCCESS(status));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

TEST(CrawlDates, EverySpellingOfAListPage) {
  EXPECT_EQ(find_list_date("2020-09-15", 2019), (Date{2020, 9, 15}));
  EXPECT_EQ(find_list_date("发布时间：2020/9/5 10:30", 2019), (Date{2020, 9, 5}));
  EXPECT_EQ(find_list_date("2020年9月15日", 2019), (Date{2020, 9, 15}));
  EXPECT_EQ(find_list_date("2020.09.15", 2019), (Date{2020, 9, 15}));
  EXPECT_EQ(find_list_date("[09-15]", 2020), (Date{2020, 9, 15}));
  EXPECT_EQ(find_list_date("第12345号 2021-02-30 2021-03-01", 2020), (Date{2021, 3, 1}));  // no Feb 30th
  EXPECT_FALSE(find_list_date("电话 0533-7181234", 2020).has_value());
  EXPECT_FALSE(find_list_date("共12页", 2020).has_value());
}

TEST(CrawlUrls, RelativeLinksResolveAgainstThePage) {
  const std::string page = "http://www.linzi.gov.cn/col/fgj/index_1.html?x=1";
  EXPECT_EQ(resolve_url(page, "./202009/t20200915_1.html"), "http://www.linzi.gov.cn/col/fgj/202009/t20200915_1.html");
  EXPECT_EQ(resolve_url(page, "../../art/2020/9/15/a.html"), "http://www.linzi.gov.cn/art/2020/9/15/a.html");
  EXPECT_EQ(resolve_url(page, "/art/a.html?id=3"), "http://www.linzi.gov.cn/art/a.html?id=3");
  EXPECT_EQ(resolve_url(page, "//cdn.example.cn/a.html"), "http://cdn.example.cn/a.html");
  EXPECT_EQ(resolve_url(page, "https://www.zibo.gov.cn/x.html"), "https://www.zibo.gov.cn/x.html");
  EXPECT_EQ(resolve_url(page, "?page=2"), "http://www.linzi.gov.cn/col/fgj/index_1.html?page=2");
  EXPECT_EQ(resolve_url("http://host", "a.html"), "http://host/a.html");
}

const char* k_plain = R"(<html><head><title>通知公告</title></head><body>
<div class="nav"><a href="/">首页</a> &gt; <a href="../">政务公开</a></div>
<ul class="list">
  <li><a href="./202009/t20200915_1.html" title="关于做好2020年秋季森林防火工作的通知">关于做好2020年秋季森林防火…</a><span>2020-09-15</span></li>
  <li><a href="./202009/t20200903_2.html">区发改局召开物价工作会议</a><span>[09-03]</span>
  <li><a href="./202008/t20200821_3.html">2020年8月工作安排</a> <span class="date">2020/8/21</span></li>
</ul>
<table><tr><td><a href="/art/2020/7/1/a.html">七月一日的公告</a></td><td>2020年7月1日</td></tr></table>
<div class="page"><script>createPageHTML(7, 0, "index", "html");</script></div>
</body></html>)";

TEST(CrawlListPage, APlainListItsDatesLinksAndPageCount) {
  auto page = parse_list_page(k_plain, "http://www.linzi.gov.cn/col/fgj/index.html", 2020);
  ASSERT_TRUE(page) << page.error();
  EXPECT_EQ(page->form, PageForm::Html);
  ASSERT_EQ(page->items.size(), 4u);  // the navigation has no dates
  EXPECT_EQ(page->items[0].title, "关于做好2020年秋季森林防火工作的通知");  // whole, from the title attribute
  EXPECT_EQ(page->items[0].url, "http://www.linzi.gov.cn/col/fgj/202009/t20200915_1.html");
  EXPECT_EQ(page->items[0].date, (Date{2020, 9, 15}));
  EXPECT_EQ(page->items[1].date, (Date{2020, 9, 3}));  // [09-03], the year given; its <li> never closed
  EXPECT_EQ(page->items[2].title, "2020年8月工作安排");
  EXPECT_EQ(page->items[2].date, (Date{2020, 8, 21}));  // not the 2020年8月 of its title
  EXPECT_EQ(page->items[3].url, "http://www.linzi.gov.cn/art/2020/7/1/a.html");
  EXPECT_EQ(page->items[3].date, (Date{2020, 7, 1}));
  EXPECT_EQ(page->page_count, 7);
}

TEST(CrawlListPage, AGbkPageWithoutACharsetReadsTheSame) {
  auto utf8 = parse_list_page(k_plain, "http://www.linzi.gov.cn/col/fgj/index.html", 2020);
  auto page = parse_list_page(gbk(k_plain), "http://www.linzi.gov.cn/col/fgj/index.html", 2020);
  ASSERT_TRUE(page) << page.error();
  ASSERT_EQ(page->items.size(), utf8->items.size());
  for (std::size_t i = 0; i < page->items.size(); ++i) EXPECT_EQ(page->items[i].title, utf8->items[i].title);
}

TEST(CrawlListPage, AnXmlDataIslandWithItsPagingProxy) {
  const char* html = R"(<html><body><div id="3621">
<script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1"></a>]]></nextgroup>
<recordset>
<record><![CDATA[<li><a href="/art/2020/9/10/art_1_100.html" target="_blank">临淄区召开政务公开工作推进会</a><span>2020-09-10</span></li>]]></record>
<record><![CDATA[<li><a href="/art/2020/8/2/art_1_99.html">区人社局发布招聘公告</a><span>2020-08-02</span></li>]]></record>
</recordset></datastore></script>
<script>var totalRecord = 45; new Pager({unitid:3621, totalrecord:45, perpage:15});</script>
</div></body></html>)";
  auto page = parse_list_page(html, "http://www.linzi.gov.cn/col/col1/index.html", 2020);
  ASSERT_TRUE(page) << page.error();
  EXPECT_EQ(page->form, PageForm::DataIsland);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].title, "临淄区召开政务公开工作推进会");
  EXPECT_EQ(page->items[0].url, "http://www.linzi.gov.cn/art/2020/9/10/art_1_100.html");
  EXPECT_EQ(page->items[1].date, (Date{2020, 8, 2}));
  EXPECT_EQ(page->page_count, 3);  // 45 records, 15 a page
}

TEST(CrawlListPage, AJsonListApi) {
  const char* json = R"({"code":0,"data":{"total":2,"list":[
    {"docTitle":"关于公布行政许可事项清单的公告","docUrl":"/xxgk/2020/0912.html","pubDate":"2020-09-12 08:00:00"},
    {"docTitle":"没有日期的条目","docUrl":"/xxgk/x.html"},
    {"docTitle":"财政预算执行情况","docUrl":"http://czj.example.gov.cn/a.html","pubDate":"2020年7月3日"}]}})";
  auto page = parse_list_page(json, "http://www.example.gov.cn/api/list?page=1", 2020);
  ASSERT_TRUE(page) << page.error();
  EXPECT_EQ(page->form, PageForm::Json);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].url, "http://www.example.gov.cn/xxgk/2020/0912.html");
  EXPECT_EQ(page->items[0].date, (Date{2020, 9, 12}));
  EXPECT_EQ(page->items[1].title, "财政预算执行情况");
}

TEST(CrawlListPage, BrokenOrEmptyMarkupIsNoCrash) {
  for (const char* text : {"", "<", "<ul><li><a href=", "<html><li><a href='a.html'>标题<span>2020-09-01",
                           "{\"list\": [", "<recordset><record><![CDATA[<li>"}) {
    auto page = parse_list_page(text, "http://host/list/", 2020);
    ASSERT_TRUE(page) << text;
  }
  auto page = parse_list_page("<html><li><a href='a.html'>标题</a><span>2020-09-01", "http://host/list/", 2020);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].url, "http://host/list/a.html");
  // A UTF-16 BOM then half a character: no text, said, never a crash.
  auto bad = parse_list_page(std::string("\xff\xfe\x00\xd8", 4), "http://host/", 2020);
  EXPECT_TRUE(!bad || bad->items.empty());
}

} // namespace
} // namespace zwgk::crawl

namespace zwgk::crawl {
namespace {

TEST(CrawlListPage, ASiteFilesSelectorsReadWhatFitsNoForm) {
  const char* html = R"(<html><body><div class="news">
<div class="row"><h4>区卫健局开展义诊活动</h4><em>发布：2020年09月08日</em><i data-u="/wjj/0908.html"></i></div>
<div class="row"><h4>疫苗接种提示</h4><em>发布：2020年08月30日</em><i data-u="/wjj/0830.html"></i></div>
</div></body></html>)";
  Selectors s{"//div[@class='row']", ".//h4", "string(.//i/@data-u)", ".//em"};
  auto page = parse_list_page(html, "http://www.linzi.gov.cn/wjj/list.html", 2020, &s);
  ASSERT_TRUE(page) << page.error();
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].title, "区卫健局开展义诊活动");
  EXPECT_EQ(page->items[0].url, "http://www.linzi.gov.cn/wjj/0908.html");
  EXPECT_EQ(page->items[1].date, (Date{2020, 8, 30}));
  // Without the selectors the page has no link beside a date: nothing, and nothing invented.
  EXPECT_TRUE(parse_list_page(html, "http://www.linzi.gov.cn/wjj/list.html", 2020)->items.empty());
  Selectors bad{"//div[", "", "", ""};
  auto refused = parse_list_page(html, "http://www.linzi.gov.cn/wjj/list.html", 2020, &bad);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("不是有效的 XPath"), std::string::npos);
}

} // namespace
} // namespace zwgk::crawl


namespace zwgk::crawl {
namespace {

TEST(CrawlRecords, AnItemInTwoColumnsCountsOnceAndOnlyInsideTheWindow) {
  const DateWindow q3{{2020, 7, 1}, {2020, 9, 30}};
  std::vector<FoundItem> found{
      {"区发改局", "http://a/tzgg/", {"价格监测方案", "http://a/1.html", {2020, 9, 3}}},
      {"区发改局", "http://a/dtyw/", {"价格监测方案", "http://a/1.html", {2020, 9, 3}}},        // same link
      {"区发改局", "http://a/zcwj/", {"价格监测方案", "http://a/zcwj/1.html", {2020, 9, 3}}},   // same title and date
      {"区财政局", "http://b/tzgg/", {"价格监测方案", "http://b/1.html", {2020, 9, 3}}},        // another unit's: kept
      {"区发改局", "http://a/tzgg/", {"二季度物价分析", "http://a/0.html", {2020, 6, 30}}},     // before the window
      {"区发改局", "http://a/tzgg/", {"八月物价", "http://a/2.html", {2020, 8, 1}}}};
  auto records = crawled_records(found, q3);
  ASSERT_EQ(records.rows.size(), 3u);
  EXPECT_EQ(records.duplicates, 2u);
  EXPECT_EQ(records.outside, 1u);
  EXPECT_EQ(records.rows[0].item.title, "八月物价");  // 区发改局's, by date
  EXPECT_EQ(records.rows[1].column_url, "http://a/tzgg/");  // the first column it was found in
  EXPECT_EQ(records.rows[2].unit, "区财政局");
}

} // namespace
} // namespace zwgk::crawl
