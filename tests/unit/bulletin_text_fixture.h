// The fixtures of the bulletin-text tests: a small district's scheme, registry and
// results (BulletinTextTest), and the same with ratings and an indicator table (RatingText).
// Not in an anonymous namespace: googletest needs one fixture class per suite across files.
#pragma once

#include "render/bulletin_text.h"

#include "annual/followup.h"

#include <gtest/gtest.h>

namespace zwgk::bulletin_test {

inline Decimal d(const char* text) { return *Decimal::parse(text); }

class BulletinTextTest : public ::testing::Test {
protected:
  BulletinTextTest() {
    scheme.district = "某县";
    scheme.issuer = "某县人民政府办公室";
    scheme.publication.points_per_item = d("1");
    scheme.submission.penalty = d("0.5");
    scheme.submission.min_characters = 300;
    scheme.submission.quotas = {{"重点", {YearMonth{2021, 4}, YearMonth{2021, 6}}, 3},
                                {"重点", {YearMonth{2021, 7}, std::nullopt}, 4},
                                {"", {YearMonth{2021, 4}, std::nullopt}, 2}};
    scheme.adoption_levels = {{"省级", d("3"), Accrual::Quarter}};
    scheme.tables = {{"附件1", "{quarter}", TableKind::Scores, {"部门"}, NameStyle::Short, {}, ""}};
    for (auto [name, tag] : {std::pair{"甲局", ""}, std::pair{"乙局", "重点"}, std::pair{"丙局", "重点"}}) {
      Unit u;
      u.name = name;
      u.section = "部门";
      if (*tag) u.tags = {tag};
      registry.add(u);
    }
    result.period = {2021, 2};
    // The score table ranks 丙局 before 乙局: tagged units are named in that order.
    result.tables = {{0, {}, {{2, 1, 1}, {0, 2, 2}, {1, 3, 3}}}};
    LaidOutTable t;
    t.title = "各部门第二季度统计";
    tables = {t};
  }

  BulletinTemplate parse(const std::string& text, const std::string& file = "通报模板.txt") {
    Diagnostics problems;
    auto t = parse_bulletin_template(text, file, problems);
    for (const auto& e : problems.entries()) ADD_FAILURE() << e.to_string();
    return t;
  }

  std::string errors(const std::expected<BulletinText, Diagnostics>& filled) {
    std::string out;
    if (!filled)
      for (const auto& e : filled.error().entries()) out += e.to_string() + "\n";
    return out;
  }

  Scheme scheme;
  Registry registry;
  Result result;
  std::vector<LaidOutTable> tables;
};

// Issue 16: ratings and indicators. 甲局 is 优秀 and 丙局 too; 乙局 is 合格 by its row in an
// indicator table that lists 乙局 before 甲局, while the score table lists 丙局 first.
class RatingText : public BulletinTextTest {
protected:
  RatingText() {
    scheme.ratings = {{"优秀", std::nullopt, d("0.2"), {}}, {"合格", d("60"), std::nullopt, {}},
                      {"不合格", std::nullopt, std::nullopt, {}}};
    Indicator deduct;
    deduct.code = "主动公开";
    deduct.full_marks = d("40");
    Indicator bonus;
    bonus.code = "工作亮点";
    scheme.indicators = {deduct, bonus};
    TableSpec indicators{"附件2", "{quarter}", TableKind::Indicators, {"部门"}, NameStyle::Short, {}, ""};
    scheme.tables.push_back(indicators);
    result.units.resize(3);
    for (UnitId id = 0; id < 3; ++id) result.units[id].unit = id;
    result.units[0].rating = "优秀";
    result.units[1].rating = "合格";
    result.units[2].rating = "优秀";
    result.tables = {{1, {}, {{1, 1, 1}, {0, 2, 2}, {2, 3, 3}}}};
  }

  std::expected<BulletinText, Diagnostics> fill(const std::string& body) {
    return fill_bulletin(parse("正文：\n" + body + "\n"), result, scheme, registry, tables, {});
  }
};

} // namespace zwgk::bulletin_test
