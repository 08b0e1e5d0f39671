// Issue 17: robots.txt honoured (our group or *, longest match, Allow on a tie, * and $,
// Crawl-delay) and a static column's page URLs.
#include "crawl/robots.h"

#include <gtest/gtest.h>

namespace zwgk::crawl {
namespace {

const char* k_robots = R"(# 临淄区人民政府门户网站
User-agent: *
Disallow: /module/
Disallow: /*.jsp$
Allow: /module/web/jpage/
Crawl-delay: 1.5

User-agent: BadBot
User-agent: zwgk
Disallow: /private/
Crawl-delay: 3
)";

TEST(CrawlRobots, TheGroupForEveryoneLongestMatchAndAllowOnATie) {
  Robots r = Robots::parse(k_robots, "SomeCrawler/1.0");
  EXPECT_TRUE(r.allowed("/col/col123/index.html"));
  EXPECT_FALSE(r.allowed("/module/search/index.html"));
  EXPECT_TRUE(r.allowed("/module/web/jpage/dataproxy.jsp?page=2"));  // the longer Allow wins
  EXPECT_FALSE(r.allowed("/cms/list.jsp"));                          // /*.jsp$
  EXPECT_TRUE(r.allowed("/cms/list.jsp?page=2"));                    // $: the query makes it another path
  EXPECT_EQ(r.crawl_delay(), 1.5);
}

TEST(CrawlRobots, OurOwnGroupReplacesTheGeneralOne) {
  Robots r = Robots::parse(k_robots, "zwgk（政务公开考核）");
  EXPECT_FALSE(r.allowed("/private/a.html"));
  EXPECT_TRUE(r.allowed("/module/search/index.html"));  // only our group's rules apply
  EXPECT_EQ(r.crawl_delay(), 3.0);
  EXPECT_TRUE(Robots::parse("", "zwgk").allowed("/anything"));  // no file: everything
  EXPECT_FALSE(Robots::parse("User-agent: *\nDisallow: /\n", "zwgk").allowed("/col/index.html"));
}

TEST(CrawlPages, AStaticColumnsPages) {
  EXPECT_EQ(static_page_urls("http://a/col/fgj/index.html", 3),
            (std::vector<std::string>{"http://a/col/fgj/index.html", "http://a/col/fgj/index_1.html",
                                      "http://a/col/fgj/index_2.html"}));
  EXPECT_EQ(static_page_urls("http://a/col/fgj/", 2),
            (std::vector<std::string>{"http://a/col/fgj/index.html", "http://a/col/fgj/index_1.html"}));
  EXPECT_EQ(static_page_urls("http://a/list.shtml", 1), (std::vector<std::string>{"http://a/list.shtml"}));
}

} // namespace
} // namespace zwgk::crawl
