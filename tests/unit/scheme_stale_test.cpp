// Issue 17: the scheme's [[stale_columns]] (when a crawled column counts as stale, and the
// finding it proposes) and the site file's [[portals]] and [match].
#include "scheme/describe.h"
#include "scheme/site_file.h"
#include "scheme_test_support.h"

namespace zwgk {
namespace {

using scheme_test::describe;
using scheme_test::errors;
using scheme_test::parse_ok;
using scheme_test::scheme;

constexpr std::string_view k_finding = "[[findings]]\ncode = \"栏目未更新\"\nreason = \"网站栏目长期未更新\"\npoints = 0.5\n";

TEST(SchemeStaleColumns, ARuleForEachKindNamingAFinding) {
  Scheme s = parse_ok(scheme(std::string(k_finding) +
                             "[[stale_columns]]\nkind = \"动态要闻\"\ndays = 14\nfinding = \"栏目未更新\"\n"
                             "[[stale_columns]]\nkind = \"通知公告\"\ndays = 180\nfinding = \"网站栏目长期未更新\"\n"));
  ASSERT_EQ(s.stale_columns.size(), 2u);
  EXPECT_EQ(s.stale_columns[0].kind, "动态要闻");
  EXPECT_EQ(s.stale_columns[0].days, 14);
  EXPECT_EQ(s.stale_columns[1].finding, "网站栏目长期未更新");
  EXPECT_TRUE(parse_ok(scheme()).stale_columns.empty());
  const auto words = describe_scheme(s);  // zwgk scheme explain
  EXPECT_EQ(words.back(), "网站抓取时，“通知公告”栏目超过180天未更新的，提出“网站栏目长期未更新”的检查问题，经确认后计入");
}

TEST(SchemeStaleColumns, BadRulesAreErrors) {
  const std::string text = scheme(std::string(k_finding) +
                                  "[[stale_columns]]\nkind = \"动态要闻\"\ndays = 0\nfinding = \"没有这个问题\"\n"
                                  "[[stale_columns]]\nkind = \"动态要闻\"\ndays = 14\nfinding = \"栏目未更新\"\n");
  const std::string all = describe(errors(text));
  for (const char* expected : {"1 到 3660 之间的天数", "“没有这个问题”不在其中", "栏目类别“动态要闻”的更新期限重复规定"})
    EXPECT_NE(all.find(expected), std::string::npos) << expected << all;
}

TEST(SiteFilePortals, LevelsAreCheckedAgainstTheScheme) {
  auto site = parse_site_file(R"([match]
similarity = 85
days = 20

[[columns]]
unit = "区发改局"
kind = "通知公告"
url = "http://www.linzi.gov.cn/col/col1/index.html"

[[portals]]
level = "市级"
url = "http://www.zibo.gov.cn/col/col2/index.html"

[[portals]]
level = "国家级"
url = "http://www.gov.cn/list.htm"
)", "站点.toml");
  ASSERT_TRUE(site);
  EXPECT_EQ(site->match_similarity, 85);
  EXPECT_EQ(site->match_days, 20);
  ASSERT_EQ(site->portals.size(), 2u);
  EXPECT_EQ(site->portals[0].level, "市级");
  Scheme s = parse_ok(scheme());
  s.adoption_levels = {{"市级", Decimal{}, Accrual::Year}, {"省级", Decimal{}, Accrual::Year}};
  auto problems = check_site_levels(*site, s, "站点.toml");
  ASSERT_EQ(problems.error_count(), 1u);
  EXPECT_EQ(problems.entries()[0].where.line, 14u);
  EXPECT_NE(problems.entries()[0].message.find("采用级别“国家级”不在考核方案中"), std::string::npos);
  EXPECT_FALSE(parse_site_file("[match]\nsimilarity = 20\n[[columns]]\nunit = \"a\"\nkind = \"k\"\nurl = \"http://a/\"\n",
                               "站点.toml"));
}

} // namespace
} // namespace zwgk
