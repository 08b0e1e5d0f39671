#include "util/calendar.h"

#include <gtest/gtest.h>

#include <vector>

namespace zwgk {
namespace {

// "YYYY-MM-DD HH:MM" in CST, or "-" when the text is refused.
std::string cst(const char* text) {
  auto dt = parse_date_time(text);
  return dt ? dt->to_string() : "-";
}

TEST(CstFromUnix, EpochIsEightInTheMorning) {
  EXPECT_EQ(cst_from_unix(0).to_string(), "1970-01-01 08:00");
  EXPECT_EQ(unix_from_cst(*parse_date_time("1970-01-01 08:00")), 0);
}

TEST(CstFromUnix, MidnightCstIsFourPmUtcTheDayBefore) {
  // 2020-10-15 00:00 CST = 2020-10-14 16:00 UTC = 1602691200.
  EXPECT_EQ(cst_from_unix(1602691200).to_string(), "2020-10-15 00:00");
  EXPECT_EQ(cst_from_unix(1602691199).to_string(), "2020-10-14 23:59");
  EXPECT_EQ(unix_from_cst(*parse_date_time("2020-10-15 00:00")), 1602691200);
}

TEST(CstFromUnix, BeforeNineteenSeventyRoundsDown) {
  EXPECT_EQ(cst_from_unix(-1).to_string(), "1970-01-01 07:59");
  EXPECT_EQ(cst_from_unix(-8 * 3600).to_string(), "1970-01-01 00:00");
  EXPECT_EQ(cst_from_unix(-8 * 3600 - 1).to_string(), "1969-12-31 23:59");
  EXPECT_EQ(cst_from_unix(-8 * 3600 - 60).to_string(), "1969-12-31 23:59");
  EXPECT_EQ(cst_from_unix(-8 * 3600 - 61).to_string(), "1969-12-31 23:58");
  EXPECT_EQ(unix_from_cst(*parse_date_time("1969-12-31 23:59")), -8 * 3600 - 60);
}

TEST(CstFromUnix, LeapDays) {
  // 2020-02-29 23:59 CST and the minute after it; 1900 is no leap year, 2000 is.
  const auto leap = *parse_date_time("2020-02-29 23:59");
  EXPECT_EQ(cst_from_unix(unix_from_cst(leap)).to_string(), "2020-02-29 23:59");
  EXPECT_EQ(cst_from_unix(unix_from_cst(leap) + 60).to_string(), "2020-03-01 00:00");
  const auto y2000 = *parse_date_time("2000-02-29 12:00");
  EXPECT_EQ(cst_from_unix(unix_from_cst(y2000) + 86400).to_string(), "2000-03-01 12:00");
  const auto y1900 = *parse_date_time("1900-02-28 12:00");
  EXPECT_EQ(cst_from_unix(unix_from_cst(y1900) + 86400).to_string(), "1900-03-01 12:00");
}

TEST(CstFromUnix, RoundTripsEveryMinuteOfADay) {
  for (std::int64_t t = unix_from_cst(*parse_date_time("1969-12-31 00:00")), end = t + 2 * 86400; t < end; t += 60)
    EXPECT_EQ(unix_from_cst(cst_from_unix(t)), t);
}

TEST(YearMonth, ParsesEverySpelling) {
  for (const char* text : {"2020-08", "2020-8", "2020年8月", "2020年08月", "202008", "2020/8",
                           "2020.08", "2020年8月份"}) {
    auto m = YearMonth::parse(text);
    ASSERT_TRUE(m.has_value()) << text;
    EXPECT_EQ(m->year, 2020) << text;
    EXPECT_EQ(m->month, 8) << text;
  }
  EXPECT_EQ(YearMonth::parse("2020年12月")->month, 12);
}

TEST(YearMonth, RejectsInvalidMonths) {
  for (const char* bad : {"2020-13", "2020-00", "202013", "202000", "2020", "2020-", "2020-08-01",
                          "2020-8x", "20-08", "abcd-08", "", "2020年13月"})
    EXPECT_FALSE(YearMonth::parse(bad).has_value()) << bad;
}

TEST(YearMonth, FormatsOrdersAndIndexes) {
  EXPECT_EQ((YearMonth{2020, 8}).to_string(), "2020-08");
  EXPECT_EQ((YearMonth{2021, 12}).to_string(), "2021-12");
  EXPECT_LT((YearMonth{2020, 12}), (YearMonth{2021, 1}));
  EXPECT_LT((YearMonth{2020, 2}), (YearMonth{2020, 11}));
  EXPECT_EQ((YearMonth{2021, 1}).index() - (YearMonth{2020, 12}).index(), 1);
  for (int i = (YearMonth{2019, 1}).index(); i < (YearMonth{2022, 1}).index(); ++i)
    EXPECT_EQ(YearMonth::from_index(i).index(), i);
  EXPECT_EQ(YearMonth::from_index((YearMonth{2020, 12}).index() + 1), (YearMonth{2021, 1}));
}

TEST(Date, ParsesEverySpelling) {
  for (const char* text : {"2020-08-31", "2020/8/31", "2020年8月31日", "2020年08月31日",
                           "2020.8.31", "2020-8-31", "2020/08/31"}) {
    auto d = parse_date(text);
    ASSERT_TRUE(d.has_value()) << text;
    EXPECT_EQ(*d, (Date{2020, 8, 31})) << text;
  }
  EXPECT_EQ(parse_date("2020-8-1")->to_string(), "2020-08-01");
}

TEST(Date, RejectsImpossibleDates) {
  for (const char* bad : {"2020-02-30", "2021-02-29", "1900-02-29", "2020-13-01", "2020-00-10",
                          "2020-04-31", "2020-06-00", "2020-08-32", "20-08-31", "2020-08",
                          "2020-08-31x", "2020年8月31日下午", "", "31/08/2020"})
    EXPECT_FALSE(parse_date(bad).has_value()) << bad;
}

TEST(Date, LeapYears) {
  EXPECT_TRUE(is_valid_date(2020, 2, 29));
  EXPECT_TRUE(is_valid_date(2000, 2, 29));   // divisible by 400
  EXPECT_FALSE(is_valid_date(1900, 2, 29));  // divisible by 100 only
  EXPECT_FALSE(is_valid_date(2021, 2, 29));
  EXPECT_TRUE(is_valid_date(2021, 2, 28));
  EXPECT_TRUE(is_valid_date(2020, 12, 31));
  EXPECT_FALSE(is_valid_date(2020, 11, 31));
  EXPECT_FALSE(is_valid_date(2020, 13, 1));
  EXPECT_FALSE(is_valid_date(2020, 0, 1));
  EXPECT_FALSE(is_valid_date(2020, 1, 0));
  EXPECT_EQ(parse_date("2020-02-29")->to_string(), "2020-02-29");
}

TEST(Date, DaysSinceEpochRoundTrips) {
  EXPECT_EQ((Date{1970, 1, 1}).days_since_epoch(), 0);
  EXPECT_EQ((Date{1970, 1, 2}).days_since_epoch(), 1);
  EXPECT_EQ((Date{1969, 12, 31}).days_since_epoch(), -1);
  EXPECT_EQ((Date{2000, 3, 1}).days_since_epoch(), 11017);
  EXPECT_EQ(Date::from_days_since_epoch(11016), (Date{2000, 2, 29}));
  // Consecutive days are consecutive dates across month and leap-year ends.
  Date previous = Date::from_days_since_epoch((Date{2019, 12, 1}).days_since_epoch());
  for (std::int64_t day = previous.days_since_epoch() + 1;
       day < (Date{2021, 3, 31}).days_since_epoch(); ++day) {
    Date d = Date::from_days_since_epoch(day);
    ASSERT_TRUE(is_valid_date(d.year, d.month, d.day)) << d.to_string();
    ASSERT_LT(previous, d);
    ASSERT_EQ(d.days_since_epoch(), day) << d.to_string();
    previous = d;
  }
}

TEST(DateTime, DateWithoutTimeIsMidnight) {
  auto dt = parse_date_time("2020-08-31");
  ASSERT_TRUE(dt.has_value());
  EXPECT_EQ(dt->minute_of_day, 0);
  EXPECT_EQ(dt->to_string(), "2020-08-31 00:00");
}

TEST(DateTime, TimesWithoutOffsetAreCst) {
  EXPECT_EQ(cst("2020-08-31 23:30"), "2020-08-31 23:30");
  EXPECT_EQ(cst("2020/8/31 9:05"), "2020-08-31 09:05");
  EXPECT_EQ(cst("2020年8月31日 15:30"), "2020-08-31 15:30");
  EXPECT_EQ(cst("2020-08-31T23:59:59"), "2020-08-31 23:59");
  EXPECT_EQ(cst("2020-08-31 23:59:59.999"), "2020-08-31 23:59");
  EXPECT_EQ(parse_date_time("2020-08-31 23:30")->minute_of_day, 23 * 60 + 30);
  EXPECT_EQ(cst("2020-08-31 15:30 +0800"), "2020-08-31 15:30");
  EXPECT_EQ(cst("2020-08-31 15:30+08:00"), "2020-08-31 15:30");
}

TEST(DateTime, OffsetsAreConvertedToCst) {
  EXPECT_EQ(cst("2020-08-31 15:30 +0000"), "2020-08-31 23:30");
  EXPECT_EQ(cst("2020-08-31 15:30 +00:00"), "2020-08-31 23:30");
  // Half past four UTC on the 31st is already September in China.
  auto sept = parse_date_time("2020-08-31 16:30Z");
  ASSERT_TRUE(sept.has_value());
  EXPECT_EQ(sept->to_string(), "2020-09-01 00:30");
  EXPECT_EQ(sept->date.year_month(), (YearMonth{2020, 9}));
  EXPECT_EQ(cst("2020-08-31T16:29:59Z"), "2020-09-01 00:29");
  EXPECT_EQ(cst("2020-08-31T15:59Z"), "2020-08-31 23:59");
  // Westward offsets move forward, eastward beyond +8 move back.
  EXPECT_EQ(cst("2020-01-01 03:00 -0500"), "2020-01-01 16:00");
  EXPECT_EQ(cst("2020-09-01 00:30 +0900"), "2020-08-31 23:30");
  EXPECT_EQ(cst("2020-12-31 20:00Z"), "2021-01-01 04:00");
  EXPECT_EQ(cst("2020-02-28 16:00Z"), "2020-02-29 00:00");
  EXPECT_EQ(cst("2021-02-28 16:00Z"), "2021-03-01 00:00");
  // Before the epoch, the day arithmetic must round towards minus infinity.
  EXPECT_EQ(cst("1970-01-01 00:00 +1400"), "1969-12-31 18:00");
}

TEST(DateTime, RejectsMalformedTimes) {
  for (const char* bad : {"2020-08-31 24:00", "2020-08-31 12:60", "2020-08-31 12",
                          "2020-08-31 12:", "2020-08-31 12:00:61", "2020-08-31 12:00 CST",
                          "2020-08-31 12:00 +1500", "2020-08-31 12:00 +08", "2020-08-31 12:00Zx",
                          "2020-02-30 12:00", "2020-08-31 noon"})
    EXPECT_FALSE(parse_date_time(bad).has_value()) << bad;
}

TEST(Period, ParsesEverySpelling) {
  for (const char* text : {"2020Q3", "2020q3", "2020-Q3", "2020-q3", "2020年第三季度",
                           "2020年第3季度", "2020年3季度"}) {
    auto p = Period::parse(text);
    ASSERT_TRUE(p.has_value()) << text;
    EXPECT_EQ(p->year, 2020) << text;
    EXPECT_EQ(p->number, 3) << text;
  }
  EXPECT_EQ(Period::parse("2021年第一季度")->number, 1);
  EXPECT_EQ(Period::parse("2021年第二季度")->number, 2);
  EXPECT_EQ(Period::parse("2021年第四季度")->number, 4);
  EXPECT_EQ(Period::parse("2019Q4")->year, 2019);
}

TEST(Period, RejectsOtherText) {
  for (const char* bad : {"2020Q5", "2020Q0", "2020Q", "2020Q34", "2020Q3x", "Q3",
                          "2020年第五季度", "2020年第三季", "2020年第0季度", "2020年第三季度末",
                          "20Q3", "2020 Q3", ""})
    EXPECT_FALSE(Period::parse(bad).has_value()) << bad;
}

TEST(Period, ParsesMonthsHalvesAndYears) {
  struct Case { const char* text; int number; PeriodLength length; const char* id; const char* name; };
  for (const Case& c : {Case{"2020-08", 8, PeriodLength::Month, "2020-08", "2020年8月"},
                        Case{"2020-8", 8, PeriodLength::Month, "2020-08", "2020年8月"},
                        Case{"2020M08", 8, PeriodLength::Month, "2020-08", "2020年8月"},
                        Case{"2020年12月", 12, PeriodLength::Month, "2020-12", "2020年12月"},
                        Case{"2020年8月份", 8, PeriodLength::Month, "2020-08", "2020年8月"},
                        Case{"2020H1", 1, PeriodLength::Half, "2020H1", "2020年上半年"},
                        Case{"2020年下半年", 2, PeriodLength::Half, "2020H2", "2020年下半年"},
                        Case{"2020", 1, PeriodLength::Year, "2020", "2020年度"},
                        Case{"2020年度", 1, PeriodLength::Year, "2020", "2020年度"},
                        Case{"2020Y", 1, PeriodLength::Year, "2020", "2020年度"}}) {
    auto p = Period::parse(c.text);
    ASSERT_TRUE(p.has_value()) << c.text;
    EXPECT_EQ(p->year, 2020) << c.text;
    EXPECT_EQ(p->number, c.number) << c.text;
    EXPECT_EQ(p->length, c.length) << c.text;
    EXPECT_EQ(p->to_string(), c.id) << c.text;
    EXPECT_EQ(p->full_name(), c.name) << c.text;
    EXPECT_EQ(Period::parse(p->to_string()), p) << c.text;  // the folder name reads back
  }
  for (const char* bad : {"2020-13", "2020-00", "2020M", "2020H3", "2020H0", "2020年13月", "2020年第8月",
                          "2020年中半年", "2020-08-01", "2020YY"})
    EXPECT_FALSE(Period::parse(bad).has_value()) << bad;
}

TEST(Period, MonthsAndCalendarWindowFollowTheLength) {
  const Period half{2020, 2, PeriodLength::Half};
  EXPECT_EQ(half.first_month(), (YearMonth{2020, 7}));
  EXPECT_EQ(half.last_month(), (YearMonth{2020, 12}));
  EXPECT_EQ(half.calendar_window().to_string(), "2020-07-01—2020-12-31");
  EXPECT_EQ((Period{2020, 2, PeriodLength::Month}).calendar_window().to_string(), "2020-02-01—2020-02-29");
  EXPECT_EQ((Period{2021, 1, PeriodLength::Year}).months().size(), 12u);
  EXPECT_EQ(Period::of(YearMonth{2020, 8}, PeriodLength::Half), half);
  EXPECT_EQ(Period::of(YearMonth{2020, 8}, PeriodLength::Month), (Period{2020, 8, PeriodLength::Month}));
  EXPECT_EQ(Period::of(YearMonth{2020, 8}), (Period{2020, 3}));
}

TEST(Period, OrdersByTimeThenLongerFirst) {
  const Period year{2020, 1, PeriodLength::Year}, q1{2020, 1}, jan{2020, 1, PeriodLength::Month},
      feb{2020, 2, PeriodLength::Month}, q2{2020, 2};
  EXPECT_LT(year, q1);
  EXPECT_LT(q1, jan);
  EXPECT_LT(jan, feb);
  EXPECT_LT(feb, q2);
  EXPECT_LT(q2, (Period{2021, 1, PeriodLength::Year}));
}

TEST(Period, CountsDatesOfAWiderWindowInItsFirstOrLastMonth) {
  const Period q3{2020, 3};
  const DateWindow window{{2020, 6, 26}, {2020, 10, 9}};
  EXPECT_EQ(q3.month_for({2020, 6, 26}, window), (YearMonth{2020, 7}));
  EXPECT_EQ(q3.month_for({2020, 8, 15}, window), (YearMonth{2020, 8}));
  EXPECT_EQ(q3.month_for({2020, 10, 9}, window), (YearMonth{2020, 9}));
  EXPECT_FALSE(q3.month_for({2020, 10, 10}, window).has_value());
  EXPECT_FALSE(q3.month_for({2020, 6, 25}, window).has_value());
  EXPECT_EQ(window.chinese_text(), "2020年6月26日至10月9日");
  EXPECT_EQ((DateWindow{{2020, 12, 26}, {2021, 1, 25}}).chinese_text(), "2020年12月26日至2021年1月25日");
}

TEST(Period, RejectsRunsOfNumerals) {
  // The numeral loop consumes 一 then 二, so "第一二季度" reads as the second quarter.
  EXPECT_FALSE(Period::parse("2020年第一二季度").has_value());
  EXPECT_FALSE(Period::parse("2020年第二三四季度").has_value());
}

TEST(Period, NamesAndMonths) {
  Period q3{2020, 3};
  EXPECT_EQ(q3.to_string(), "2020Q3");
  EXPECT_EQ(q3.chinese_name(), "第三季度");
  EXPECT_EQ((Period{2020, 1}).chinese_name(), "第一季度");
  EXPECT_EQ((Period{2020, 4}).chinese_name(), "第四季度");
  EXPECT_EQ(q3.months(), (std::vector<YearMonth>{{2020, 7}, {2020, 8}, {2020, 9}}));
  EXPECT_EQ((Period{2020, 4}).months(),
            (std::vector<YearMonth>{{2020, 10}, {2020, 11}, {2020, 12}}));
  EXPECT_EQ((Period{2021, 1}).months().front(), (YearMonth{2021, 1}));
  EXPECT_EQ(q3.first_month(), (YearMonth{2020, 7}));
  EXPECT_EQ(q3.last_month(), (YearMonth{2020, 9}));
  EXPECT_EQ(Period::parse(q3.to_string()), q3);
}

TEST(Period, Contains) {
  Period q3{2020, 3};
  EXPECT_FALSE(q3.contains({2020, 6}));
  EXPECT_TRUE(q3.contains({2020, 7}));
  EXPECT_TRUE(q3.contains({2020, 9}));
  EXPECT_FALSE(q3.contains({2020, 10}));
  EXPECT_FALSE(q3.contains({2021, 8}));
  EXPECT_FALSE(q3.contains({2019, 8}));
  EXPECT_LT((Period{2020, 4}), (Period{2021, 1}));
}

TEST(MonthRange, InclusiveWithOpenEnds) {
  MonthRange closed{YearMonth{2020, 8}, YearMonth{2020, 9}};
  EXPECT_FALSE(closed.contains({2020, 7}));
  EXPECT_TRUE(closed.contains({2020, 8}));
  EXPECT_TRUE(closed.contains({2020, 9}));
  EXPECT_FALSE(closed.contains({2020, 10}));

  MonthRange from_only{YearMonth{2020, 10}, std::nullopt};
  EXPECT_FALSE(from_only.contains({2020, 9}));
  EXPECT_TRUE(from_only.contains({2020, 10}));
  EXPECT_TRUE(from_only.contains({2030, 1}));

  MonthRange to_only{std::nullopt, YearMonth{2020, 9}};
  EXPECT_TRUE(to_only.contains({1999, 1}));
  EXPECT_FALSE(to_only.contains({2020, 10}));

  MonthRange open;
  EXPECT_TRUE(open.contains({2020, 1}));
}

} // namespace
} // namespace zwgk
