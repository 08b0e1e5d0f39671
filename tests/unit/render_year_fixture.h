// The fixture of the annual assessment's output tests (render_year_tables_test,
// render_year_output_test): a small year built by hand — two sections, two
// quarters present and two missing, items on time, late, never, contested and
// withdrawn — and a helper that shows a table's CSV rows.
#pragma once

#include "app/year_report.h"
#include "render/csv_tables.h"
#include "render/year_json.h"
#include "render/year_tables.h"
#include "util/text.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace zwgk::test {

using annual::ItemStatus;
using annual::PeriodFollowup;
using annual::RectificationItem;
using annual::UnitQuarter;
using annual::UnitYear;
using annual::YearResult;

inline Decimal d(const char* text) { return *Decimal::parse(text); }
inline DateTime at(int y, int m, int day, int hour, int minute) { return {{y, m, day}, hour * 60 + minute}; }

// CSV text without the BOM, rows joined by "|" for readable expectations.
inline std::string rows_of(const LaidOutTable& t) {
  std::string csv = render_csv(t);
  EXPECT_TRUE(csv.starts_with("\xEF\xBB\xBF"));
  std::string out;
  for (std::size_t pos = 3; pos < csv.size();) {
    auto end = csv.find("\r\n", pos);
    out += csv.substr(pos, end - pos) + "|";
    pos = end + 2;
  }
  return out;
}

class RenderYearTest : public ::testing::Test {
protected:
  RenderYearTest() {
    scheme.name = "测试考核";
    scheme.district = "某区";
    scheme.issuer = "某区人民政府办公室";
    scheme.sections = {{"部门", "各部门"}, {"镇街", "各镇、街道"}};
    // 区级 enters the quarters' totals: no column of the year for it.
    scheme.adoption_levels = {{"市级", d("1"), Accrual::Year}, {"区级", d("0.5"), Accrual::Quarter}};
    scheme.rectification.enabled = true;
    scheme.rectification.unrectified_penalty = d("1");
    scheme.rectification.late_penalty = d("0.5");
    add("区发展和改革局", "发改局", "部门");
    add("区财政局", "", "部门");
    add("甲镇", "", "镇街");
    add("乙街道", "", "镇街");

    year.year = 2020;
    year.quarters = {{2020, 3}, {2020, 4}};
    year.missing = {{2020, 1}, {2020, 2}};
    year.as_of = at(2021, 1, 20, 0, 0);
    year.units = {
        unit(0, {UnitQuarter{d("14"), 1}, UnitQuarter{d("15"), 1}}, "29", {2, 0}, "2", 0, 1, "0.5", "30.5", 1),
        unit(1, {UnitQuarter{d("13.5"), 2}, std::nullopt}, "13.5", {0, 1}, "0", 1, 0, "1", "12.5", 2),
        unit(2, {UnitQuarter{d("10"), 1}, UnitQuarter{d("9"), 2}}, "19", {0, 0}, "0", 0, 0, "0", "19", 2),
        unit(3, {UnitQuarter{d("8"), 2}, UnitQuarter{d("12"), 1}}, "20", {0, 0}, "0", 0, 0, "0", "20", 1),
    };
    year.sections = {{0, {0, 1}}, {1, {3, 2}}};
    year.changes = {{{2020, 3}, {2020, 4}, {}}};

    q3.period = {2020, 3};
    q3.deadline = Date{2020, 10, 16};
    q3.items = {
        item(q3, 0, "目录未上传", "公开事项标准目录未上传", "5", ItemStatus::DoneLate, "0.5",
             {event(FollowupKind::Reply, at(2020, 10, 20, 9, 0)), event(FollowupKind::Verify, at(2020, 10, 21, 10, 30))}),
        item(q3, 1, std::string(k_quota_item), "9月份未投稿", "1", ItemStatus::Overdue, "1", {}),
        item(q3, 2, "表格混乱", "内容表格混乱", "0.5", ItemStatus::Withdrawn, "0",
             {event(FollowupKind::Contest, at(2020, 10, 9, 8, 0)), event(FollowupKind::Withdraw, at(2020, 10, 12, 8, 0))}),
    };
    q3.items[1].kind = DeductionKind::Quota;
    q3.items[2].contested = true;
    q3.items[2].contest_outcome = FollowupKind::Withdraw;
    q3.items[0].fixed_at = at(2020, 10, 20, 9, 0);
    q4.period = {2020, 4};
    q4.deadline = Date{2021, 1, 15};
    q4.items = {
        item(q4, 3, "目录位置错误", "公开事项标准目录上传位置错误,应在\"部门单位\"中上传", "0.5", ItemStatus::Contested, "0",
             {event(FollowupKind::Contest, at(2021, 1, 8, 9, 0))}),
        item(q4, 0, "表格混乱", "内容表格混乱", "0.5", ItemStatus::Done, "0",
             {event(FollowupKind::Reply, at(2021, 1, 10, 15, 0)), event(FollowupKind::Verify, at(2021, 1, 11, 9, 0))}),
    };
    q4.items[0].contested = true;
    q4.items[1].fixed_at = at(2021, 1, 10, 15, 0);
  }

  void add(const char* name, const char* short_name, const char* section) {
    Unit u;
    u.name = name;
    u.short_name = short_name;
    u.section = section;
    u.official_order = static_cast<int>(registry.size()) + 1;
    ASSERT_TRUE(registry.add(std::move(u)).has_value());
  }

  static UnitYear unit(UnitId id, std::vector<std::optional<UnitQuarter>> quarters, const char* quarter_score,
                       std::vector<std::int64_t> adoptions, const char* bonus, std::int64_t unrectified,
                       std::int64_t late, const char* penalty, const char* total, std::size_t rank) {
    return {id, std::move(quarters), d(quarter_score), std::move(adoptions), d(bonus), unrectified, late,
            d(penalty), d(total), rank};
  }

  static FollowupEvent event(FollowupKind kind, DateTime when) {
    FollowupEvent e;
    e.kind = kind;
    e.when = when;
    return e;
  }

  RectificationItem item(const PeriodFollowup& period, UnitId unit, std::string code, const char* reason,
                         const char* points, ItemStatus status, const char* penalty,
                         std::vector<FollowupEvent> history) {
    RectificationItem i;
    i.id = annual::item_id(period.period, registry.at(unit), code);
    i.period = period.period;
    i.unit = unit;
    i.code = std::move(code);
    i.reason = reason;
    i.points = d(points);
    i.deadline = period.deadline;
    i.status = status;
    i.annual_penalty = d(penalty);
    for (auto& e : history) e.item = i.id;
    i.history = std::move(history);
    return i;
  }

  std::vector<const PeriodFollowup*> followups() const { return {&q4, &q3}; }  // any order

  void change_rules() { year.changes[0].rules = {"网站发布每月上限由5分变为6分", "问题目录有变化"}; }

  Scheme scheme;
  Registry registry;
  YearResult year;
  PeriodFollowup q3, q4;
};

} // namespace zwgk::test
