// The fixture of the indicator tree's tests (engine_indicators_test.cpp,
// engine_ratings_test.cpp): a one-section scheme with findings and adoption
// levels, units added by the tests, and helpers to record data and assess.
#pragma once

#include "engine/assess.h"

#include <gtest/gtest.h>

namespace zwgk::testing_indicators {

inline Decimal d(const char* text) { return *Decimal::parse(text); }

class IndicatorTest : public ::testing::Test {
protected:
  IndicatorTest() {
    scheme.name = "测试";
    scheme.sections = {{"部门", "各部门"}};
    scheme.publication.points_per_item = d("0.5");
    scheme.adoption_levels = {{"市级", d("1"), Accrual::Quarter}, {"省级", d("2"), Accrual::Quarter}};
    scheme.finding_types = {{"目录", "目录未更新", d("5")}, {"回复", "回复超期", d("3")},
                            {"泄密", "发生泄密事件", d("0")}, {"其他", "其他问题", d("1")}};
    TableSpec scores{"附件1", "{quarter}", TableKind::Scores, {"部门"}, NameStyle::Short, {}, ""};
    scores.order = {{SortField::Total, 0, true}, {SortField::Name, 0, false}};
    scheme.tables.push_back(scores);
    data.sources.add("指标.csv");
  }

  UnitId add(const char* name) {
    Unit u;
    u.name = name;
    u.section = "部门";
    u.official_order = static_cast<int>(registry.size()) + 1;
    return *registry.add(std::move(u));
  }
  // Adds an indicator; parent by code.
  std::size_t indicator(const char* code, IndicatorRule rule, std::optional<const char*> full,
                        const char* parent = "", const char* weight = "1", bool bonus = false) {
    Indicator ind;
    ind.code = code;
    ind.name = code;
    ind.rule = rule;
    if (full) ind.full_marks = d(*full);
    if (*parent) ind.parent = scheme.find_indicator(parent);
    ind.weight = d(weight);
    ind.bonus = bonus;
    scheme.indicators.push_back(ind);
    return scheme.indicators.size() - 1;
  }
  void finding(UnitId u, std::size_t type, std::int64_t quantity = 1) {
    data.findings.push_back({u, type, "", quantity, {0, line++}});
  }
  void ratio(UnitId u, const char* code, std::int64_t num, std::int64_t den) {
    data.indicator_entries.push_back({u, code, "", num, den, std::nullopt, std::nullopt, {0, line++}});
  }
  void check(UnitId u, const char* code, bool yes, const char* item = "") {
    data.indicator_entries.push_back({u, code, item, std::nullopt, std::nullopt, yes, std::nullopt, {0, line++}});
  }
  void manual(UnitId u, const char* code, const char* points) {
    data.indicator_entries.push_back({u, code, "", std::nullopt, std::nullopt, std::nullopt, d(points), {0, line++}});
  }
  Result run() {
    auto r = assess(registry, scheme, data, period);
    if (!r) {
      for (const auto& e : r.error().entries()) ADD_FAILURE() << e.to_string();
      return {};
    }
    return *r;
  }
  std::vector<std::string> errors() {
    std::vector<std::string> out;
    const Diagnostics problems = validate_dataset(registry, scheme, data, period);
    for (const auto& e : problems.entries()) out.push_back(e.to_string());
    return out;
  }
  std::string points(const Result& r, UnitId u, std::size_t i) { return r.units.at(u).indicators.at(i).points.to_string(); }
  std::string detail(const Result& r, UnitId u, std::size_t i) { return r.units.at(u).indicators.at(i).detail; }
  // A top-level manual indicator whose entries set each unit's total.
  void totals(const std::vector<std::pair<UnitId, const char*>>& given) {
    if (!scheme.find_indicator("得分")) indicator("得分", IndicatorRule::Manual, "1000");
    for (auto [u, p] : given) manual(u, "得分", p);
  }

  Registry registry;
  Scheme scheme;
  Dataset data;
  Period period{2020, 3};
  std::uint32_t line = 2;
};

} // namespace zwgk::testing_indicators
