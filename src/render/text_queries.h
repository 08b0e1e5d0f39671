// Figures and conditions the bulletin's text can state by rule (issue 16):
// "全区共发布信息{共计:发布}条", "信息发布数量超过20条的单位有：{符合:发布>20}".
// Pure functions over the results; bulletin_text.cpp's placeholders call them.
#pragma once

#include "engine/result.h"
#include "scheme/scheme.h"
#include "util/decimal.h"

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk {

// A unit's figure (scheme.h's Figure): the number a count table prints and a condition compares.
Decimal figure_value(const Scheme& scheme, const UnitScore& unit, const Figure& figure);
// The same by name (Scheme::parse_figure); the error lists the names.
std::expected<Decimal, std::string> unit_figure(const Scheme& scheme, const UnitScore& unit, std::string_view name);

enum class Comparison { Greater, GreaterOrEqual, Less, LessOrEqual, Equal };

// "发布>20", "合计<60", "减分>=5", "发布=0": a figure, a comparison and a number.
struct UnitCondition {
  std::string figure;
  Comparison comparison = Comparison::Equal;
  Decimal value;
};

std::expected<UnitCondition, std::string> parse_condition(std::string_view text);

bool holds(const UnitCondition& condition, Decimal figure);

// {共计:发布}: the figure summed over every unit of the result, as printed.
std::expected<std::string, std::string> figure_total(const Scheme& scheme, const Result& result, std::string_view name);

// {符合:发布>20}: the units of `order` whose figure meets the condition, in that order.
std::expected<std::vector<UnitId>, std::string> units_meeting_condition(const Scheme& scheme, const Result& result,
                                                                        const std::vector<UnitId>& order,
                                                                        std::string_view condition);

} // namespace zwgk
