// Reminders: which items a unit owes, which wait for the office, the
// digest's words and order, and the CSV of owed items.
#include "annual/reminders.h"

#include <gtest/gtest.h>

namespace zwgk::annual {
namespace {

Decimal d(const char* text) { return *Decimal::parse(text); }
DateTime at(const char* text) { return *parse_date_time(text); }

// 2020's National Day: 10-01..10-08 off, 09-27 (Sun) and 10-10 (Sat) worked.
WorkCalendar national_day_2020() {
  CalendarYear y{.year = 2020};
  for (int day = 1; day <= 8; ++day) y.holidays.push_back({2020, 10, day});
  y.workdays = {{2020, 9, 27}, {2020, 10, 10}};
  WorkCalendar c;
  c.add_year(y);
  return c;
}

class RemindersTest : public ::testing::Test {
protected:
  RemindersTest() {
    scheme.name = "某区政务公开工作考核";
    scheme.district = "某区";
    scheme.issuer = "某区人民政府办公室";
    scheme.rectification = {.enabled = true, .findings = true, .quota = true, .working_days = 5,
                            .contest_days = 3, .unrectified_penalty = d("1"), .late_penalty = d("0.5")};
    // Registry order on purpose not the names' pinyin order.
    town = add("齐都镇", "");
    a = add("某区甲局", "区甲局");
    b = add("某区乙局", "区乙局");

    // Given newest first: the digest must still list Q2 before Q3.
    q3.period = {2020, 3};
    q3.deadline = Date{2020, 10, 12};
    q3.items = {
        item(q3, a, "表格混乱", "内容表格混乱", "0.5", ItemStatus::Returned),
        item(q3, a, "投稿任务", "8月份未投稿", "1", ItemStatus::Replied),
        item(q3, b, "目录未上传", "公开事项标准目录未上传", "5", ItemStatus::Contested),
        item(q3, town, "目录未上传", "公开事项标准目录未上传", "5", ItemStatus::Open),
        item(q3, town, "表格混乱", "内容表格混乱", "0.5", ItemStatus::Withdrawn),
    };
    q3.items[0].history = {
        {.id = 1, .item = q3.items[0].id, .kind = FollowupKind::Reply, .text = "已改", .when = at("2020-09-20 09:00")},
        {.id = 2, .item = q3.items[0].id, .kind = FollowupKind::Reject, .text = "链接打不开，\n请重新提供。",
         .when = at("2020-09-21 10:00")},
    };
    q3.items[1].awaiting_check = true;
    q2.period = {2020, 2};
    q2.deadline = Date{2020, 7, 20};
    q2.items = {
        item(q2, a, "目录未上传", "公开事项标准目录未上传", "5", ItemStatus::Overdue),
        item(q2, b, "表格混乱", "内容表格混乱", "0.5", ItemStatus::DoneLate),
    };
    periods = {q3, q2};
  }

  UnitId add(const char* name, const char* short_name) {
    Unit u;
    u.name = name;
    u.short_name = short_name;
    u.section = "部门";
    return *registry.add(std::move(u));
  }

  RectificationItem item(const PeriodFollowup& p, UnitId unit, const char* code, const char* reason,
                         const char* points, ItemStatus status) {
    RectificationItem i;
    i.id = item_id(p.period, registry.at(unit), code);
    i.period = p.period;
    i.unit = unit;
    i.code = code;
    i.reason = reason;
    i.points = d(points);
    i.deadline = p.deadline;
    i.status = status;
    return i;
  }

  ReminderRequest request(const char* as_of, const WorkCalendar* cal = nullptr) {
    return {at(as_of), cal ? cal : &calendar, std::nullopt};
  }

  Registry registry;
  Scheme scheme;
  WorkCalendar calendar = national_day_2020();
  PeriodFollowup q2, q3;
  std::vector<PeriodFollowup> periods;
  UnitId town = 0, a = 0, b = 0;
};

TEST_F(RemindersTest, OnlyUnitsThatOweGetADigestInRegistryOrder) {
  auto r = build_reminders(periods, registry, scheme, request("2020-09-30 17:00"));
  ASSERT_EQ(r.digests.size(), 2u);  // 区乙局 only waits for the office
  EXPECT_EQ(r.digests[0].short_name, "齐都镇");
  EXPECT_EQ(r.digests[1].short_name, "区甲局");
  EXPECT_EQ(r.digests[1].name, "某区甲局");
}

TEST_F(RemindersTest, OwedItemsByPeriodThenItemAndWaitingOnesApart) {
  auto r = build_reminders(periods, registry, scheme, request("2020-09-30 17:00"));
  const UnitDigest& unit = r.digests[1];
  ASSERT_EQ(unit.owed.size(), 2u);
  EXPECT_EQ(unit.owed[0].id, "2020Q2/某区甲局/目录未上传");
  EXPECT_EQ(unit.owed[0].days_overdue, 72);  // 07-20 → 09-30
  EXPECT_FALSE(unit.owed[0].working_days_left);
  EXPECT_EQ(unit.owed[1].id, "2020Q3/某区甲局/表格混乱");
  EXPECT_EQ(unit.owed[1].returned_because, "链接打不开， 请重新提供");
  // Across National Day: 10-09 (Fri), 10-10 (Sat, worked), 10-12 (Mon).
  EXPECT_EQ(unit.owed[1].working_days_left, 3);
  ASSERT_EQ(unit.waiting.size(), 1u);
  EXPECT_EQ(unit.waiting[0].id, "2020Q3/某区甲局/投稿任务");
  EXPECT_EQ(unit.overdue_count(), 1u);
}

TEST_F(RemindersTest, DigestIsAFormalNotice) {
  auto r = build_reminders(periods, registry, scheme, request("2020-09-30 17:00"));
  EXPECT_EQ(r.digests[0].subject, "某区政务公开工作考核整改事项提醒（齐都镇，截至2020年9月30日）");
  EXPECT_EQ(r.digests[0].body,
            "齐都镇：\n"
            "　　截至2020年9月30日，贵单位尚有以下整改事项未完成（共1项）：\n"
            "　　（一）2020年第三季度\n"
            "　　1. 公开事项标准目录未上传（扣5分）。整改期限：2020年10月12日；状态：待整改，距整改期限还有3个工作日。\n"
            "　　请于整改期限前完成整改并报送整改情况（写明整改内容，并附网址链接或相关材料）。"
            "逾期未整改的，每项在年度考核中扣1分；逾期完成整改的，每项扣0.5分。\n"
            "\n"
            "某区人民政府办公室\n"
            "2020年9月30日\n");
  EXPECT_EQ(r.digests[1].body,
            "区甲局：\n"
            "　　截至2020年9月30日，贵单位尚有以下整改事项未完成（共2项，其中已逾期1项）：\n"
            "　　（一）2020年第二季度\n"
            "　　1. 公开事项标准目录未上传（扣5分）。整改期限：2020年7月20日；状态：逾期未整改，已逾期72天。\n"
            "　　（二）2020年第三季度\n"
            "　　1. 内容表格混乱（扣0.5分）。整改期限：2020年10月12日；状态：已退回，距整改期限还有3个工作日；"
            "退回理由：链接打不开， 请重新提供。\n"
            "　　以下事项贵单位已报送整改情况或提出申诉，正在核实处理，无需重复报送：\n"
            "　　1. 2020年第三季度：8月份未投稿（扣1分），已报送整改情况，待核实。\n"
            "　　请抓紧整改，已逾期的事项尽快报送整改情况，其余事项于整改期限前报送（写明整改内容，并附网址链接或相关材料）。"
            "逾期未整改的，每项在年度考核中扣1分；逾期完成整改的，每项扣0.5分。\n"
            "\n"
            "某区人民政府办公室\n"
            "2020年9月30日\n");
}

TEST_F(RemindersTest, CsvListsEveryOwedItem) {
  auto r = build_reminders(periods, registry, scheme, request("2020-09-30 17:00"));
  EXPECT_EQ(r.csv,
            "\xEF\xBB\xBF"
            "单位,季度,事项,扣分,整改期限,状态,逾期天数,剩余工作日,事项编号\r\n"
            "齐都镇,2020Q3,公开事项标准目录未上传,5,2020-10-12,待整改,,3,2020Q3/齐都镇/目录未上传\r\n"
            "区甲局,2020Q2,公开事项标准目录未上传,5,2020-07-20,逾期未整改,72,,2020Q2/某区甲局/目录未上传\r\n"
            "区甲局,2020Q3,内容表格混乱,0.5,2020-10-12,已退回,,3,2020Q3/某区甲局/表格混乱\r\n");
}

// A unit named like a formula (from the registry) and a reason starting with
// "-" reach the CSV as text: Excel must not run them (OWASP CSV injection).
TEST_F(RemindersTest, CsvFormulaInjectionNeutralised) {
  Unit evil;
  evil.name = "=HYPERLINK(\"http://x.example/\",\"点此\")";
  evil.section = "部门";
  const UnitId e = *registry.add(std::move(evil));
  q3.items.push_back(item(q3, e, "表格混乱", "-内容表格混乱", "0.5", ItemStatus::Open));
  periods = {q3};
  auto req = request("2020-09-30 17:00");
  req.unit = e;
  auto r = build_reminders(periods, registry, scheme, req);
  EXPECT_NE(r.csv.find("\r\n\"'=HYPERLINK(\"\"http://x.example/\"\",\"\"点此\"\")\",2020Q3,'-内容表格混乱,0.5,"),
            std::string::npos)
      << r.csv;
}

TEST_F(RemindersTest, OneUnitOnly) {
  auto req = request("2020-09-30 17:00");
  req.unit = a;
  auto r = build_reminders(periods, registry, scheme, req);
  ASSERT_EQ(r.digests.size(), 1u);
  EXPECT_EQ(r.digests[0].unit, a);
  req.unit = b;
  r = build_reminders(periods, registry, scheme, req);
  EXPECT_TRUE(r.digests.empty());
  EXPECT_EQ(r.csv, "\xEF\xBB\xBF单位,季度,事项,扣分,整改期限,状态,逾期天数,剩余工作日,事项编号\r\n");
}

TEST_F(RemindersTest, DueTodayAndUnknownWorkingDays) {
  auto r = build_reminders(periods, registry, scheme, request("2020-10-12 09:00"));
  EXPECT_EQ(r.digests[0].owed[0].working_days_left, 0);
  EXPECT_NE(r.digests[0].body.find("状态：待整改，今日到期。"), std::string::npos);
  // Without a calendar for the year, the count is left out rather than guessed.
  WorkCalendar empty;
  r = build_reminders(periods, registry, scheme, request("2020-09-30 17:00", &empty));
  EXPECT_FALSE(r.digests[0].owed[0].working_days_left);
  EXPECT_NE(r.digests[0].body.find("状态：待整改。\n"), std::string::npos);
  // Without a deadline.
  periods[0].items[3].deadline.reset();
  r = build_reminders(periods, registry, scheme, request("2020-09-30 17:00"));
  EXPECT_NE(r.digests[0].body.find("整改期限：未确定；状态：待整改。"), std::string::npos);
}

TEST_F(RemindersTest, NoPenaltySentenceWithoutPenaltiesAndTheDistrictSignsWithoutIssuer) {
  scheme.rectification.unrectified_penalty = Decimal();
  scheme.rectification.late_penalty = Decimal();
  scheme.issuer.clear();
  auto r = build_reminders(periods, registry, scheme, request("2020-09-30 17:00"));
  EXPECT_EQ(r.digests[0].body.find("年度考核"), std::string::npos);
  EXPECT_NE(r.digests[0].body.find("相关材料）。\n\n某区\n2020年9月30日\n"), std::string::npos);
}

TEST_F(RemindersTest, LateReplyNotYetCheckedWaitsForTheOffice) {
  periods[1].items[0].awaiting_check = true;  // 2020Q2/某区甲局/目录未上传, overdue
  auto r = build_reminders(periods, registry, scheme, request("2020-09-30 17:00"));
  const UnitDigest& unit = r.digests[1];
  ASSERT_EQ(unit.owed.size(), 1u);
  EXPECT_EQ(unit.owed[0].id, "2020Q3/某区甲局/表格混乱");
  ASSERT_EQ(unit.waiting.size(), 2u);
  EXPECT_EQ(unit.waiting[0].id, "2020Q2/某区甲局/目录未上传");
}

TEST_F(RemindersTest, NothingOwedNoDigests) {
  for (auto& p : periods)
    for (auto& i : p.items) i.status = ItemStatus::Done;
  auto r = build_reminders(periods, registry, scheme, request("2020-09-30 17:00"));
  EXPECT_TRUE(r.digests.empty());
}

} // namespace
} // namespace zwgk::annual
