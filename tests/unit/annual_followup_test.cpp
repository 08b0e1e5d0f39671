// Rectification items: deadlines on the working-day calendar, statuses
// replayed from events, the contest window and withdrawals.
#include "annual/followup.h"
#include "engine/assess.h"

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

class FollowupTest : public ::testing::Test {
protected:
  FollowupTest() {
    scheme.sections = {{"部门", "各部门"}};
    scheme.publication.points_per_item = d("0.5");
    scheme.submission.penalty = d("1");
    scheme.submission.missed_text = "{months}月份未投稿";
    scheme.submission.short_text = "{months}月份投稿不足";
    scheme.submission.quotas = {{"", {YearMonth{2020, 8}, std::nullopt}, 1}};
    scheme.finding_types = {{"目录未上传", "公开事项标准目录未上传", d("5")},
                            {"表格混乱", "内容表格混乱", d("0.5")}};
    scheme.rectification = {.enabled = true, .findings = true, .quota = false, .working_days = 2,
                            .contest_days = 3, .unrectified_penalty = d("1"), .late_penalty = d("0.5")};
    a = add("区甲局");
    b = add("区乙局");
    data.sources.add("检查.csv");
    data.findings.push_back({a, 0, "", 1, {0, 2}});
    data.findings.push_back({b, 1, "", 1, {0, 3}});
    for (UnitId u : {a, b})
      for (int m = 8; m <= 9; ++m) data.submission_counts.push_back({u, {2020, m}, 1, {0, 9}});
  }

  UnitId add(const char* name) {
    Unit u;
    u.name = name;
    u.section = "部门";
    return *registry.add(std::move(u));
  }

  PeriodFollowup state(const char* as_of, PeriodDates dates = {Date{2020, 10, 14}, std::nullopt}) {
    data.waivers = withdrawals(period, events, registry, scheme);
    auto r = assess(registry, scheme, data, period);
    EXPECT_TRUE(r.has_value());
    result = *r;
    return follow_up(result, scheme, registry, events, dates, calendar, at(as_of));
  }

  FollowupEvent& event(const char* item, FollowupKind kind, const char* when, const char* text = "说明",
                       const char* link = "") {
    FollowupEvent e{.id = static_cast<std::int64_t>(events.size()) + 1, .item = item, .kind = kind, .text = text,
                    .link = link, .when = at(when), .user = "测试"};
    events.push_back(e);
    return events.back();
  }

  Registry registry;
  Scheme scheme;
  Dataset data;
  Result result;
  Period period{2020, 3};
  WorkCalendar calendar = national_day_2020();
  std::vector<FollowupEvent> events;
  UnitId a = 0, b = 0;
  const char* item_a = "2020Q3/区甲局/目录未上传";
};

TEST_F(FollowupTest, EveryFindingIsAnItemDueOnTheComputedDeadline) {
  auto s = state("2020-10-15 09:00");
  ASSERT_EQ(s.items.size(), 2u);
  EXPECT_EQ(s.items[0].id, item_a);
  EXPECT_EQ(s.items[0].reason, "公开事项标准目录未上传");
  EXPECT_EQ(s.items[0].points, d("5"));
  EXPECT_EQ(s.items[1].id, "2020Q3/区乙局/表格混乱");
  EXPECT_EQ(s.deadline, (Date{2020, 10, 16}));
  EXPECT_EQ(s.items[0].status, ItemStatus::Open);
  EXPECT_TRUE(s.problems.empty());
}

TEST_F(FollowupTest, DeadlineCountsSwappedWorkdaysAndSkipsTheHoliday) {
  // Published on 09-30: 10-01..08 are off, 10-09 (Fri) is the first working day, 10-10 (Sat, 调休) the second.
  auto s = state("2020-10-01 09:00", {Date{2020, 9, 30}, std::nullopt});
  EXPECT_EQ(s.deadline, (Date{2020, 10, 10}));
}

TEST_F(FollowupTest, StatedDeadlineWinsAndMissingCalendarIsAProblem) {
  auto s = state("2020-10-15 09:00", {Date{2020, 10, 14}, Date{2020, 10, 20}});
  EXPECT_EQ(s.deadline, (Date{2020, 10, 20}));
  calendar = WorkCalendar{};
  s = state("2020-10-15 09:00");
  EXPECT_FALSE(s.deadline.has_value());
  ASSERT_EQ(s.problems.size(), 1u);
  EXPECT_NE(s.problems[0].find("日历/2020.toml"), std::string::npos);
  EXPECT_EQ(s.items[0].status, ItemStatus::Open);  // no deadline: never overdue
}

TEST_F(FollowupTest, QuotaShortfallIsAnItemOnlyWhenTheSchemeSaysSo) {
  data.submission_counts.pop_back();  // 区乙局 sent nothing in September
  EXPECT_EQ(state("2020-10-15 09:00").items.size(), 2u);
  scheme.rectification.quota = true;
  auto s = state("2020-10-15 09:00");
  ASSERT_EQ(s.items.size(), 3u);
  EXPECT_EQ(s.items[2].id, "2020Q3/区乙局/投稿任务");
  EXPECT_EQ(s.items[2].reason, "9月份未投稿");
}

TEST_F(FollowupTest, OverdueAfterTheDeadlineDayWithThePenalty) {
  EXPECT_EQ(state("2020-10-16 23:59").items[0].status, ItemStatus::Open);
  auto s = state("2020-10-17 00:00");
  EXPECT_EQ(s.items[0].status, ItemStatus::Overdue);
  EXPECT_EQ(s.items[0].annual_penalty, d("1"));
}

TEST_F(FollowupTest, ReplyInTimeVerifiedLaterIsOnTime) {
  event(item_a, FollowupKind::Reply, "2020-10-16 17:00", "已上传目录", "http://x/1");
  auto s = state("2020-10-20 09:00");
  EXPECT_EQ(s.items[0].status, ItemStatus::Replied);  // the office's delay is not the unit's
  EXPECT_TRUE(s.items[0].awaiting_check);
  EXPECT_TRUE(s.items[0].annual_penalty.is_zero());
  event(item_a, FollowupKind::Verify, "2020-10-21 10:00");
  s = state("2020-10-22 09:00");
  EXPECT_EQ(s.items[0].status, ItemStatus::Done);
  EXPECT_EQ(s.items[0].fixed_at, at("2020-10-16 17:00"));
  // As of before the verification, history replays to 待核实.
  EXPECT_EQ(state("2020-10-21 09:59").items[0].status, ItemStatus::Replied);
}

TEST_F(FollowupTest, RejectedThenFixedLateIsLate) {
  event(item_a, FollowupKind::Reply, "2020-10-15 10:00", "已上传", "http://x/1");
  event(item_a, FollowupKind::Reject, "2020-10-16 10:00", "目录不完整");
  EXPECT_EQ(state("2020-10-16 12:00").items[0].status, ItemStatus::Returned);
  EXPECT_EQ(state("2020-10-19 12:00").items[0].status, ItemStatus::Overdue);
  event(item_a, FollowupKind::Reply, "2020-10-19 10:00", "已补全", "http://x/2");
  auto s = state("2020-10-19 12:00");
  EXPECT_EQ(s.items[0].status, ItemStatus::Overdue);  // a late reply is not a fix until verified
  EXPECT_TRUE(s.items[0].awaiting_check);
  event(item_a, FollowupKind::Verify, "2020-10-20 10:00");
  s = state("2020-10-20 12:00");
  EXPECT_EQ(s.items[0].status, ItemStatus::DoneLate);
  EXPECT_EQ(s.items[0].annual_penalty, d("0.5"));
  EXPECT_EQ(s.items[0].history.size(), 4u);
}

TEST_F(FollowupTest, ReplyNeedsTextAndALinkOrAFileAndNotTwice) {
  auto s = state("2020-10-15 09:00");
  FollowupEvent e{.item = item_a, .kind = FollowupKind::Reply, .text = "已整改", .when = at("2020-10-15 09:00")};
  EXPECT_FALSE(admissible(s, scheme, e, Actor::Unit));
  e.file_name = "截图.png";
  EXPECT_TRUE(admissible(s, scheme, e, Actor::Unit));
  e.text.clear();
  EXPECT_FALSE(admissible(s, scheme, e, Actor::Unit));
  event(item_a, FollowupKind::Reply, "2020-10-15 09:00", "已整改", "http://x");
  s = state("2020-10-15 10:00");
  e.text = "再次回复";
  EXPECT_EQ(admissible(s, scheme, e, Actor::Unit).error(), "2020Q3/区甲局/目录未上传 已回复，正等待核实");
}

TEST_F(FollowupTest, OnlyTheOfficeVerifiesRejectsAndDecides) {
  event(item_a, FollowupKind::Reply, "2020-10-15 09:00", "已整改", "http://x");
  auto s = state("2020-10-15 10:00");
  FollowupEvent v{.item = item_a, .kind = FollowupKind::Verify, .when = at("2020-10-15 10:00")};
  EXPECT_EQ(admissible(s, scheme, v, Actor::Unit).error(), "只有区政府办公室可以核实通过");
  EXPECT_TRUE(admissible(s, scheme, v, Actor::Office));
  FollowupEvent r{.item = item_a, .kind = FollowupKind::Reject, .when = at("2020-10-15 10:00")};
  EXPECT_EQ(admissible(s, scheme, r, Actor::Office).error(), "退回需要写明理由");
  FollowupEvent unknown{.item = "2020Q3/区甲局/表格混乱", .kind = FollowupKind::Verify};
  EXPECT_FALSE(admissible(s, scheme, unknown, Actor::Office));
}

TEST_F(FollowupTest, ContestOnlyWithinTheWindowAfterTheDraft) {
  FollowupEvent c{.item = item_a, .kind = FollowupKind::Contest, .text = "已上传，见附件", .when = at("2020-09-28 09:00")};
  EXPECT_EQ(admissible(state("2020-09-28 09:00"), scheme, c, Actor::Unit).error(),
            "2020Q3 的通报尚未公示，公示后才能申诉");
  event("2020Q3", FollowupKind::Draft, "2020-09-28 09:00", "");
  auto s = state("2020-09-29 09:00");
  // 09-28 + 3 working days: 09-29, 09-30, then the holiday until 10-09.
  EXPECT_EQ(s.contest_closes, (Date{2020, 10, 9}));
  c.when = at("2020-10-09 17:00");
  EXPECT_TRUE(admissible(s, scheme, c, Actor::Unit));
  c.when = at("2020-10-10 09:00");
  EXPECT_EQ(admissible(s, scheme, c, Actor::Unit).error(), "申诉期已于 2020-10-09 结束");
  scheme.rectification.contest_days.reset();
  EXPECT_FALSE(admissible(state("2020-09-29 09:00"), scheme, c, Actor::Unit));
}

TEST_F(FollowupTest, WithdrawnFindingLeavesTheScoresAndUpheldStays) {
  event("2020Q3", FollowupKind::Draft, "2020-10-09 09:00", "");
  event(item_a, FollowupKind::Contest, "2020-10-09 10:00", "目录已上传");
  event("2020Q3/区乙局/表格混乱", FollowupKind::Contest, "2020-10-09 11:00", "表格正常");
  auto s = state("2020-10-09 12:00");
  EXPECT_EQ(s.items[0].status, ItemStatus::Contested);
  FollowupEvent fin{.item = "2020Q3", .kind = FollowupKind::Final, .when = at("2020-10-15 09:00")};
  EXPECT_EQ(admissible(s, scheme, fin, Actor::Office).error(),
            "2020Q3/区甲局/目录未上传 的申诉尚未处理（维持或撤销），不能定稿");
  event(item_a, FollowupKind::Withdraw, "2020-10-12 09:00", "经核查目录已上传");
  event("2020Q3/区乙局/表格混乱", FollowupKind::Uphold, "2020-10-12 09:30", "表格确实混乱");
  s = state("2020-10-12 12:00");
  EXPECT_EQ(s.items[0].status, ItemStatus::Withdrawn);
  EXPECT_EQ(s.items[0].contest_outcome, FollowupKind::Withdraw);
  EXPECT_EQ(s.items[1].status, ItemStatus::Open);
  EXPECT_EQ(s.items[1].contest_outcome, FollowupKind::Uphold);
  EXPECT_TRUE(result.units[a].deductions.empty());
  ASSERT_EQ(result.units[a].withdrawn.size(), 1u);
  EXPECT_TRUE(result.units[a].deduction.is_zero());
  EXPECT_EQ(result.units[b].deduction, d("0.5"));
  // 10-09 + 3 working days: 10-10 (Sat, 调休), 10-12, 10-13. 定稿 waits until the window closed.
  fin.when = at("2020-10-13 09:00");
  EXPECT_EQ(admissible(s, scheme, fin, Actor::Office).error(), "申诉期至 2020-10-13 止，期满后才能定稿");
  fin.when = at("2020-10-14 09:00");
  EXPECT_TRUE(admissible(s, scheme, fin, Actor::Office));
  // Withdrawn items are closed.
  FollowupEvent v{.item = item_a, .kind = FollowupKind::Verify, .when = at("2020-10-15 09:00")};
  EXPECT_FALSE(admissible(s, scheme, v, Actor::Office));
  // A second contest on the upheld item is refused.
  FollowupEvent again{.item = "2020Q3/区乙局/表格混乱", .kind = FollowupKind::Contest, .text = "再议",
                      .when = at("2020-10-13 09:00")};
  EXPECT_EQ(admissible(s, scheme, again, Actor::Unit).error(), "2020Q3/区乙局/表格混乱 已经申诉过，每个问题只能申诉一次");
}

TEST_F(FollowupTest, WithdrawDraftInsideTheWindowUnpublishesAndANewDraftOpensANewWindow) {
  FollowupEvent w{.item = "2020Q3", .kind = FollowupKind::WithdrawDraft, .text = "成文日期有误",
                  .when = at("2020-10-09 12:00")};
  EXPECT_EQ(admissible(state("2020-10-09 12:00"), scheme, w, Actor::Office).error(), "2020Q3 的通报尚未公示，无需撤回");
  event("2020Q3", FollowupKind::Draft, "2020-10-09 09:00", "");
  auto s = state("2020-10-09 12:00");
  EXPECT_EQ(admissible(s, scheme, w, Actor::Unit).error(), "只有区政府办公室可以公示、撤回公示或定稿通报");
  FollowupEvent no_reason = w;
  no_reason.text.clear();
  EXPECT_EQ(admissible(s, scheme, no_reason, Actor::Office).error(), "撤回公示需要写明理由");
  EXPECT_TRUE(admissible(s, scheme, w, Actor::Office));
  events.push_back(w);
  s = state("2020-10-09 13:00");
  EXPECT_FALSE(s.draft.has_value());
  EXPECT_EQ(s.draft_withdrawn, at("2020-10-09 12:00"));
  EXPECT_FALSE(s.contest_closes.has_value());
  // As if not published: no contest, no 定稿 (the scheme has a contest window), a new 公示 is admissible.
  FollowupEvent c{.item = item_a, .kind = FollowupKind::Contest, .text = "已上传", .when = at("2020-10-09 13:00")};
  EXPECT_EQ(admissible(s, scheme, c, Actor::Unit).error(), "2020Q3 的通报尚未公示，公示后才能申诉");
  FollowupEvent again{.item = "2020Q3", .kind = FollowupKind::Draft, .when = at("2020-10-12 09:00")};
  EXPECT_TRUE(admissible(s, scheme, again, Actor::Office));
  events.push_back(again);
  s = state("2020-10-12 10:00");
  EXPECT_EQ(s.draft, at("2020-10-12 09:00"));
  EXPECT_EQ(s.contest_closes, (Date{2020, 10, 15}));  // 10-12 + 3 working days
}

TEST_F(FollowupTest, WithdrawDraftRefusedAfterTheWindowAfterFinalAndWithAPendingContest) {
  event("2020Q3", FollowupKind::Draft, "2020-10-09 09:00", "");
  event(item_a, FollowupKind::Contest, "2020-10-09 10:00", "目录已上传");
  FollowupEvent w{.item = "2020Q3", .kind = FollowupKind::WithdrawDraft, .text = "重发", .when = at("2020-10-12 09:00")};
  EXPECT_EQ(admissible(state("2020-10-12 09:00"), scheme, w, Actor::Office).error(),
            "2020Q3/区甲局/目录未上传 的申诉尚未处理（维持或撤销），不能撤回公示");
  event(item_a, FollowupKind::Uphold, "2020-10-12 09:30", "确未上传");
  w.when = at("2020-10-14 09:00");  // the window closed on 10-13
  EXPECT_EQ(admissible(state("2020-10-14 09:00"), scheme, w, Actor::Office).error(),
            "申诉期已于 2020-10-13 结束，不能再撤回公示");
  event("2020Q3", FollowupKind::Final, "2020-10-14 10:00", "");
  EXPECT_EQ(admissible(state("2020-10-14 11:00"), scheme, w, Actor::Office).error(),
            "2020Q3 的通报已于 2020-10-14 10:00 定稿");
  // A withdrawal recorded after 定稿 (by a ledger edited outside zwgk) changes nothing.
  events.push_back(w);
  events.back().when = at("2020-10-14 12:00");
  EXPECT_EQ(state("2020-10-14 13:00").draft, at("2020-10-09 09:00"));
}

TEST_F(FollowupTest, NoRectificationTableMeansNoItems) {
  scheme.rectification = {};
  EXPECT_TRUE(state("2020-10-15 09:00").items.empty());
}

TEST(FollowupNames, StatusesAndKindsRoundTrip) {
  for (auto s : {ItemStatus::Open, ItemStatus::Replied, ItemStatus::Returned, ItemStatus::Contested,
                 ItemStatus::Done, ItemStatus::DoneLate, ItemStatus::Overdue, ItemStatus::Withdrawn}) {
    EXPECT_EQ(parse_item_status(item_status_name(s)), s);
    EXPECT_EQ(parse_item_status(item_status_code(s)), s);
  }
  EXPECT_EQ(item_status_name(ItemStatus::Overdue), "逾期未整改");
  EXPECT_EQ(parse_followup_kind("核实通过"), FollowupKind::Verify);
  EXPECT_EQ(parse_followup_kind("withdraw"), FollowupKind::Withdraw);
  EXPECT_FALSE(parse_followup_kind("通过"));
  EXPECT_EQ(parse_followup_kind("撤回公示"), FollowupKind::WithdrawDraft);
  EXPECT_EQ(parse_followup_kind("withdraw_draft"), FollowupKind::WithdrawDraft);
  EXPECT_EQ(followup_kind_name(FollowupKind::WithdrawDraft), "撤回公示");
}

} // namespace
} // namespace zwgk::annual
