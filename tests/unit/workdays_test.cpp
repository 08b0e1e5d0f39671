// Working days (util/workdays.h) with the real 2020 and 2021 calendars of
// examples/linzi-2020q3/日历/ (read by scheme/calendar_file.h): the 2020
// National Day and Mid-Autumn holiday and its swapped workdays (调休), the
// extended 2020 Spring Festival, the turn of the year, a year without a
// calendar, and the calendar file's errors with their places.
#include "fs/files.h"
#include "scheme/calendar_file.h"
#include "util/workdays.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace zwgk {
namespace {

const std::filesystem::path k_calendar_dir =
    std::filesystem::path(ZWGK_SOURCE_DIR) / "examples" / "linzi-2020q3" / "日历";

constexpr Date d(int year, int month, int day) { return Date{year, month, day}; }

CalendarYear read_year(int year) {
  auto path = k_calendar_dir / (std::to_string(year) + ".toml");
  auto text = fs::read_file(path);
  EXPECT_TRUE(text) << text.error();
  if (!text) return {};
  auto parsed = parse_calendar_file(*text, "日历/" + std::to_string(year) + ".toml");
  if (!parsed) {
    for (const auto& e : parsed.error().entries()) ADD_FAILURE() << e.to_string();
    return {};
  }
  return *parsed;
}

// The calendar files of the example, 2020 and 2021.
class WorkCalendarTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_calendar.add_year(read_year(2020));
    m_calendar.add_year(read_year(2021));
    ASSERT_EQ(m_calendar.years(), (std::vector<int>{2020, 2021}));
  }
  Date plus(Date from, int n) const {
    auto to = m_calendar.add_working_days(from, n);
    EXPECT_TRUE(to) << from.to_string() << " + " << n << ": no calendar for " << to.error();
    return to.value_or(Date{});
  }
  int between(Date from, Date to) const {
    auto n = m_calendar.working_days_between(from, to);
    EXPECT_TRUE(n) << from.to_string() << " .. " << to.to_string() << ": no calendar for " << n.error();
    return n.value_or(-1);
  }
  bool working(Date day) const {
    auto w = m_calendar.is_working_day(day);
    EXPECT_TRUE(w) << day.to_string();
    return w.value_or(false);
  }

  WorkCalendar m_calendar;
};

TEST(Workdays, Weekday) {
  EXPECT_EQ(weekday(d(1970, 1, 1)), 4);    // Thursday, the epoch
  EXPECT_EQ(weekday(d(1969, 12, 31)), 3);  // before the epoch
  EXPECT_EQ(weekday(d(1900, 1, 1)), 1);
  EXPECT_EQ(weekday(d(2000, 2, 29)), 2);
  EXPECT_EQ(weekday(d(2020, 9, 25)), 5);
  EXPECT_EQ(weekday(d(2020, 9, 26)), 6);
  EXPECT_EQ(weekday(d(2020, 9, 27)), 0);
  EXPECT_EQ(weekday(d(2020, 10, 1)), 4);
  EXPECT_EQ(weekday(d(2020, 10, 9)), 5);
  EXPECT_EQ(weekday(d(2020, 10, 10)), 6);
  EXPECT_EQ(weekday(d(2021, 1, 1)), 5);
}

TEST_F(WorkCalendarTest, NationalDay2020AndItsSwappedWorkdays) {
  EXPECT_TRUE(working(d(2020, 9, 25)));    // Friday
  EXPECT_FALSE(working(d(2020, 9, 26)));   // Saturday
  EXPECT_TRUE(working(d(2020, 9, 27)));    // Sunday, 调休上班
  EXPECT_TRUE(working(d(2020, 9, 30)));
  for (int day = 1; day <= 8; ++day) EXPECT_FALSE(working(d(2020, 10, day))) << day;  // 国庆节、中秋节
  EXPECT_TRUE(working(d(2020, 10, 9)));    // Friday
  EXPECT_TRUE(working(d(2020, 10, 10)));   // Saturday, 调休上班
  EXPECT_FALSE(working(d(2020, 10, 11)));  // Sunday
  EXPECT_TRUE(working(d(2020, 10, 12)));

  EXPECT_EQ(plus(d(2020, 9, 25), 1), d(2020, 9, 27));
  EXPECT_EQ(plus(d(2020, 9, 26), 1), d(2020, 9, 27));
  EXPECT_EQ(plus(d(2020, 9, 30), 1), d(2020, 10, 9));
  EXPECT_EQ(plus(d(2020, 10, 1), 1), d(2020, 10, 9));  // from a holiday
  EXPECT_EQ(plus(d(2020, 10, 9), 1), d(2020, 10, 10));
  EXPECT_EQ(plus(d(2020, 10, 10), 1), d(2020, 10, 12));
  EXPECT_EQ(plus(d(2020, 10, 14), 2), d(2020, 10, 16));
  // 9/29, 9/30, 10/9, 10/10 (Saturday), then 10/12.
  EXPECT_EQ(plus(d(2020, 9, 28), 4), d(2020, 10, 10));
  EXPECT_EQ(plus(d(2020, 9, 28), 5), d(2020, 10, 12));
  EXPECT_EQ(plus(d(2020, 10, 9), 5), d(2020, 10, 15));
  EXPECT_EQ(plus(d(2020, 9, 30), 10), d(2020, 10, 21));
}

TEST_F(WorkCalendarTest, WorkingDaysBetween) {
  // (from, to]: 9/27, 9/28, 9/29, 9/30, 10/9, 10/10, 10/12.
  EXPECT_EQ(between(d(2020, 9, 25), d(2020, 10, 12)), 7);
  EXPECT_EQ(between(d(2020, 9, 30), d(2020, 10, 9)), 1);
  EXPECT_EQ(between(d(2020, 10, 1), d(2020, 10, 8)), 0);
  EXPECT_EQ(between(d(2020, 9, 26), d(2020, 10, 11)), 6);
  EXPECT_EQ(between(d(2020, 10, 9), d(2020, 10, 9)), 0);
  EXPECT_EQ(between(d(2020, 10, 12), d(2020, 10, 9)), 0);  // to before from
  // The inverse of add_working_days from a working day.
  for (int n = 1; n <= 15; ++n) EXPECT_EQ(between(d(2020, 9, 25), plus(d(2020, 9, 25), n)), n) << n;
  // Whole years: 2020 has 249 working days (251 before the Spring Festival was extended), 2021 has 250.
  EXPECT_EQ(between(d(2020, 1, 1), d(2020, 12, 31)), 249);  // 1/1 is a holiday either way
  EXPECT_EQ(between(d(2021, 1, 1), d(2021, 12, 31)), 250);
  // Across the turn of the year: 12/31 (Thursday); 2021-01-01 to 01-03 are 元旦; 01-04, 01-05.
  EXPECT_EQ(between(d(2020, 12, 30), d(2021, 1, 5)), 3);
}

TEST_F(WorkCalendarTest, SpringFestival2020AsExtended) {
  EXPECT_TRUE(working(d(2020, 1, 19)));   // Sunday, 调休上班
  EXPECT_FALSE(working(d(2020, 1, 24)));
  EXPECT_FALSE(working(d(2020, 1, 31)));  // Friday: off by the extension
  EXPECT_FALSE(working(d(2020, 2, 1)));   // Saturday: its 调休 was cancelled by the extension
  EXPECT_FALSE(working(d(2020, 2, 2)));
  EXPECT_TRUE(working(d(2020, 2, 3)));
  EXPECT_EQ(plus(d(2020, 1, 17), 1), d(2020, 1, 19));
  EXPECT_EQ(plus(d(2020, 1, 23), 1), d(2020, 2, 3));
}

TEST_F(WorkCalendarTest, OtherHolidaysOfBothYears) {
  EXPECT_FALSE(working(d(2020, 1, 1)));
  EXPECT_FALSE(working(d(2020, 4, 6)));   // Monday, 清明节
  EXPECT_TRUE(working(d(2020, 4, 26)));   // Sunday, 调休上班
  EXPECT_FALSE(working(d(2020, 5, 5)));
  EXPECT_TRUE(working(d(2020, 5, 9)));    // Saturday, 调休上班
  EXPECT_FALSE(working(d(2020, 6, 25)));  // Thursday, 端午节
  EXPECT_TRUE(working(d(2020, 6, 28)));   // Sunday, 调休上班
  EXPECT_FALSE(working(d(2021, 2, 11)));
  EXPECT_TRUE(working(d(2021, 2, 7)));
  EXPECT_TRUE(working(d(2021, 2, 20)));
  EXPECT_FALSE(working(d(2021, 6, 14)));  // Monday, 端午节
  EXPECT_TRUE(working(d(2021, 9, 18)));   // Saturday, 中秋节调休上班
  EXPECT_FALSE(working(d(2021, 9, 21)));
  EXPECT_TRUE(working(d(2021, 9, 26)));
  EXPECT_TRUE(working(d(2021, 10, 9)));
  EXPECT_EQ(plus(d(2020, 12, 31), 1), d(2021, 1, 4));  // across the turn of the year
  EXPECT_EQ(plus(d(2021, 9, 17), 1), d(2021, 9, 18));
  EXPECT_EQ(plus(d(2021, 9, 30), 1), d(2021, 10, 8));
  EXPECT_EQ(plus(d(2021, 2, 10), 1), d(2021, 2, 18));
}

TEST_F(WorkCalendarTest, AYearWithoutACalendarIsAnErrorNamingIt) {
  EXPECT_EQ(m_calendar.is_working_day(d(2022, 1, 4)), std::nullopt);
  EXPECT_EQ(m_calendar.is_working_day(d(2019, 12, 31)), std::nullopt);
  EXPECT_FALSE(m_calendar.covers(2022));
  EXPECT_TRUE(m_calendar.covers(2021));
  auto past_end = m_calendar.add_working_days(d(2021, 12, 31), 1);
  ASSERT_FALSE(past_end);
  EXPECT_EQ(past_end.error(), 2022);
  auto into_2022 = m_calendar.add_working_days(d(2021, 12, 20), 30);
  ASSERT_FALSE(into_2022);
  EXPECT_EQ(into_2022.error(), 2022);
  auto from_2022 = m_calendar.add_working_days(d(2022, 3, 1), 1);
  ASSERT_FALSE(from_2022);
  EXPECT_EQ(from_2022.error(), 2022);
  auto between = m_calendar.working_days_between(d(2021, 12, 30), d(2022, 1, 5));
  ASSERT_FALSE(between);
  EXPECT_EQ(between.error(), 2022);
  // Only 2020: the count into 2021 names 2021, never a guess from weekends.
  WorkCalendar only_2020;
  only_2020.add_year(read_year(2020));
  auto next = only_2020.add_working_days(d(2020, 12, 31), 1);
  ASSERT_FALSE(next);
  EXPECT_EQ(next.error(), 2021);
  // No calendar at all.
  auto none = WorkCalendar().add_working_days(d(2020, 10, 9), 1);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error(), 2020);
}

TEST(WorkCalendar, AddingAYearAgainReplacesIt) {
  WorkCalendar calendar;
  calendar.add_year({2020, {d(2020, 10, 9)}, {}});
  EXPECT_EQ(calendar.is_working_day(d(2020, 10, 9)), false);
  calendar.add_year({2020, {}, {d(2020, 10, 10)}});
  EXPECT_EQ(calendar.is_working_day(d(2020, 10, 9)), true);
  EXPECT_EQ(calendar.is_working_day(d(2020, 10, 10)), true);
  EXPECT_EQ(calendar.is_working_day(d(2020, 10, 11)), false);  // an ordinary Sunday
  EXPECT_EQ(calendar.years(), std::vector<int>{2020});
}

// ---------------------------------------------------------------- the calendar file

TEST(CalendarFile, ReadsTheExampleFiles) {
  CalendarYear y2020 = read_year(2020);
  EXPECT_EQ(y2020.year, 2020);
  // 1 + 10 + 3 + 5 + 3 + 8 days off; 6 swapped workdays.
  EXPECT_EQ(y2020.holidays.size(), 30u);
  EXPECT_EQ(y2020.workdays.size(), 6u);
  CalendarYear y2021 = read_year(2021);
  EXPECT_EQ(y2021.year, 2021);
  EXPECT_EQ(y2021.holidays.size(), 3u + 7 + 3 + 5 + 3 + 3 + 7);
  EXPECT_EQ(y2021.workdays.size(), 7u);
}

TEST(CalendarFile, DatesAsTomlDatesOrText) {
  auto parsed = parse_calendar_file("year = 2020\n"
                                    "[[holidays]]\nfrom = 2020-10-01\nto = \"2020年10月8日\"\n"
                                    "[[holidays]]\ndate = \"2020/1/1\"\n"
                                    "[[workdays]]\ndate = 2020-10-10\n",
                                    "日历/2020.toml");
  ASSERT_TRUE(parsed) << parsed.error().entries()[0].to_string();
  EXPECT_EQ(parsed->holidays.size(), 9u);
  EXPECT_EQ(parsed->holidays.front(), d(2020, 10, 1));
  EXPECT_EQ(parsed->holidays[7], d(2020, 10, 8));
  EXPECT_EQ(parsed->holidays.back(), d(2020, 1, 1));
  EXPECT_EQ(parsed->workdays, std::vector<Date>{d(2020, 10, 10)});
  // A year with nothing but weekends is a valid calendar.
  auto bare = parse_calendar_file("year = 2021\n", "日历/2021.toml");
  ASSERT_TRUE(bare);
  EXPECT_TRUE(bare->holidays.empty() && bare->workdays.empty());
}

// The one error a text gives, or a failure.
Diagnostic only_error(std::string_view text) {
  auto parsed = parse_calendar_file(text, "日历/2020.toml");
  EXPECT_FALSE(parsed) << text;
  if (parsed) return {};
  EXPECT_EQ(parsed.error().entries().size(), 1u) << text;
  for (const auto& e : parsed.error().entries()) EXPECT_EQ(e.where.file, "日历/2020.toml");
  return parsed.error().entries().at(0);
}

TEST(CalendarFile, ADateOutsideTheYear) {
  auto e = only_error("year = 2020\n"
                      "[[holidays]]\n"
                      "name = \"国庆节\"\n"
                      "from = \"2021-10-01\"\n"
                      "to = \"2021-10-08\"\n");
  EXPECT_EQ(e.where.line, 4u);
  EXPECT_EQ(e.where.column, 8u);
  EXPECT_EQ(e.message, "2021-10-01 不在本文件的年份 2020 内");
  EXPECT_EQ(e.to_string(), "错误：读取“日历/2020.toml” 第4行第8列时：2021-10-01 不在本文件的年份 2020 内");

  auto end = only_error("year = 2020\n[[holidays]]\nfrom = \"2020-12-31\"\nto = \"2021-01-03\"\n");
  EXPECT_EQ(end.where.line, 4u);
  EXPECT_NE(end.message.find("2021-01-03"), std::string::npos) << end.message;

  auto workday = only_error("year = 2020\n[[workdays]]\ndate = \"2019-12-28\"\n");
  EXPECT_EQ(workday.where.line, 3u);
  EXPECT_NE(workday.message.find("2019-12-28"), std::string::npos) << workday.message;
}

TEST(CalendarFile, ARangeThatEndsBeforeItStarts) {
  auto e = only_error("year = 2020\n[[holidays]]\nfrom = \"2020-10-08\"\nto = \"2020-10-01\"\n");
  EXPECT_EQ(e.where.line, 4u);
  EXPECT_NE(e.message.find("早于"), std::string::npos) << e.message;
}

TEST(CalendarFile, ASwappedWorkdayOnAWeekday) {
  auto e = only_error("year = 2020\n"
                      "[[workdays]]\n"
                      "name = \"国庆节调休上班\"\n"
                      "date = \"2020-09-28\"\n");
  EXPECT_EQ(e.where.line, 4u);
  EXPECT_EQ(e.message, "调休上班日 2020-09-28 不是周六或周日");
}

TEST(CalendarFile, AnUnknownKey) {
  auto e = only_error("year = 2020\n[[workdays]]\ndate = \"2020-09-27\"\nday = \"星期日\"\n");
  EXPECT_EQ(e.where.line, 4u);
  EXPECT_NE(e.message.find("未知的键“workdays.day”"), std::string::npos) << e.message;
  auto top = only_error("year = 2020\nholiday = []\n");
  EXPECT_EQ(top.where.line, 2u);
  EXPECT_NE(top.message.find("未知的键“holiday”"), std::string::npos) << top.message;
}

TEST(CalendarFile, BadToml) {
  auto e = only_error("year = 2020\n[[holidays]\nfrom = \"2020-10-01\"\n");
  EXPECT_EQ(e.where.line, 2u);
  EXPECT_TRUE(e.message.starts_with("TOML 语法错误：")) << e.message;
}

TEST(CalendarFile, MissingOrBadValues) {
  auto no_year = only_error("[[holidays]]\ndate = \"2020-10-01\"\n");
  EXPECT_NE(no_year.message.find("year"), std::string::npos) << no_year.message;
  auto short_year = only_error("year = 20\n");
  EXPECT_EQ(short_year.where.line, 1u);
  auto no_from = only_error("year = 2020\n[[holidays]]\nname = \"国庆节\"\nto = \"2020-10-08\"\n");
  EXPECT_NE(no_from.message.find("holidays.from"), std::string::npos) << no_from.message;
  auto not_a_date = only_error("year = 2020\n[[workdays]]\ndate = \"九月廿七\"\n");
  EXPECT_EQ(not_a_date.where.line, 3u);
  EXPECT_NE(not_a_date.message.find("应为日期"), std::string::npos) << not_a_date.message;
}

// A holiday whose one `date` is not a date is one error at that date, not
// also "缺少 holidays.from" at the table.
TEST(CalendarFile, AnImpossibleDateIsOneError) {
  auto impossible = only_error("year = 2020\n[[holidays]]\ndate = \"2020-02-30\"\n");
  EXPECT_EQ(impossible.where.line, 3u);
  EXPECT_NE(impossible.message.find("“holidays.date”应为日期"), std::string::npos) << impossible.message;
}

TEST(CalendarFile, EveryProblemIsListed) {
  auto parsed = parse_calendar_file("year = 2020\n"
                                    "[[holidays]]\nfrom = \"2020-10-08\"\nto = \"2020-10-01\"\n"  // lines 2-4
                                    "[[workdays]]\ndate = \"2020-09-28\"\n"                      // lines 5-6
                                    "[[workdays]]\ndate = \"2021-10-09\"\n",                     // lines 7-8
                                    "日历/2020.toml");
  ASSERT_FALSE(parsed);
  std::vector<std::size_t> lines;
  for (const auto& e : parsed.error().entries()) lines.push_back(e.where.line);
  EXPECT_EQ(lines, (std::vector<std::size_t>{4, 6, 8}));
}

TEST(CalendarFile, HolidaysAndWorkdaysAreBoundedAndCheckedAgainstEachOtherQuickly) {
  std::string many = "year = 2020\n";
  for (int i = 0; i <= 1000; ++i) many += "[[holidays]]\nfrom = \"2020-01-01\"\nto = \"2020-12-31\"\n";
  auto e = only_error(many);
  EXPECT_EQ(e.where.line, 2u);
  EXPECT_NE(e.message.find("“holidays”有 1001 项，最多 1000 项"), std::string::npos) << e.message;
  // A thousand year-long ranges and a thousand 调休 days: each day is looked up in a set.
  std::string full = "year = 2020\n";
  for (int i = 0; i < 1000; ++i) full += "[[holidays]]\nfrom = \"2020-01-01\"\nto = \"2020-12-26\"\n";
  for (int i = 0; i < 1000; ++i) full += "[[workdays]]\ndate = \"2020-12-27\"\n";
  auto parsed = parse_calendar_file(full, "日历/2020.toml");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->workdays.size(), 1000u);
}

} // namespace
} // namespace zwgk
