// Issue 16: the scheme's [period]: the length of a period and its window (考核期).
#include "scheme_test_support.h"

namespace zwgk {
namespace {

using scheme_test::errors;
using scheme_test::has_error;
using scheme_test::parse_ok;
using scheme_test::scheme;

TEST(SchemePeriod, DefaultsToTheCalendarQuarter) {
  Scheme s = parse_ok(scheme());
  EXPECT_EQ(s.period.length, PeriodLength::Quarter);
  EXPECT_EQ(s.period.window(Period{2020, 3}).to_string(), "2020-07-01—2020-09-30");
}

TEST(SchemePeriod, AMonthFrom26thTo25th) {
  Scheme s = parse_ok(scheme("[period]\nlength = \"month\"\nfrom = { months = -1, day = 26 }\n"
                             "to = { day = 25 }\n"));
  EXPECT_EQ(s.period.length, PeriodLength::Month);
  EXPECT_EQ(s.period.window(Period{2021, 1, PeriodLength::Month}).to_string(), "2020-12-26—2021-01-25");
  EXPECT_EQ(s.period.window(Period{2021, 3, PeriodLength::Month}).to_string(), "2021-02-26—2021-03-25");
}

TEST(SchemePeriod, AQuarterClosedOnThe9thOfTheNextMonth) {
  Scheme s = parse_ok(scheme("[period]\nto = { months = 1, day = 9 }\n"));
  EXPECT_EQ(s.period.window(Period{2020, 3}).to_string(), "2020-07-01—2020-10-09");
}

TEST(SchemePeriod, ADayPastTheMonthsEndIsItsLastDay) {
  Scheme s = parse_ok(scheme("[period]\nlength = \"year\"\nfrom = { months = -1, day = 1 }\n"
                             "to = { months = -1, day = 31 }\n"));
  // 上年12月至本年11月
  EXPECT_EQ(s.period.window(Period{2021, 1, PeriodLength::Year}).to_string(), "2020-12-01—2021-11-30");
  Scheme h = parse_ok(scheme("[period]\nlength = \"half\"\nto = { months = -4, day = 31 }\n"));
  EXPECT_EQ(h.period.window(Period{2021, 1, PeriodLength::Half}).to_string(), "2021-01-01—2021-02-28");
}

TEST(SchemePeriod, BadValuesAreErrorsWithTheirPlace) {
  // [period] begins on line 12.
  EXPECT_TRUE(has_error(errors(scheme("[period]\nlength = \"week\"\n")), 13, {"period.length", "“week”"}));
  EXPECT_TRUE(has_error(errors(scheme("[period]\nfrom = { day = 0 }\n")), 13, {"period.from.day"}));
  EXPECT_TRUE(has_error(errors(scheme("[period]\nfrom = { months = 1 }\n")), 13, {"period.from.day"}));
  EXPECT_TRUE(has_error(errors(scheme("[period]\nfrom = { day = 1, weeks = 2 }\n")), 13, {"weeks"}));
  EXPECT_TRUE(has_error(errors(scheme("[period]\nlength = \"month\"\nfrom = { day = 26 }\nto = { day = 25 }\n")),
                        15, {"考核期的结束早于开始"}));
  EXPECT_TRUE(has_error(errors(scheme("[period]\nlengths = \"month\"\n")), 13, {"lengths"}));
}

TEST(SchemePeriod, TableFilesMustDifferInEveryMonthOfAMonthlyScheme) {
  // {quarter} is the period's name (8月 in a monthly scheme): "附件2-甲-{quarter}" meets "附件2-甲-8月" in August.
  const std::string tables = "[[tables]]\nid = \"附件2\"\nkind = \"scores\"\ntitle = \"甲-{quarter}\"\n"
                             "sections = [\"部门\"]\n[[tables]]\nid = \"附件2-甲\"\nkind = \"scores\"\n"
                             "title = \"8月\"\nsections = [\"部门\"]\n";
  parse_ok(scheme(tables));  // quarterly: 附件2-甲-第三季度.csv never meets 附件2-甲-8月.csv
  EXPECT_TRUE(has_error(errors(scheme("[period]\nlength = \"month\"\n" + tables)), 19, {"附件2-甲-8月.csv"}));
}

} // namespace
} // namespace zwgk
