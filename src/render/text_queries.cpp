#include "render/text_queries.h"

#include "util/text.h"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace zwgk {
namespace {

std::int64_t adopted(const Scheme& scheme, const UnitScore& unit, std::optional<std::size_t> level) {
  std::int64_t count = 0;
  for (std::size_t i = 0; i < unit.adoptions.size() && i < scheme.adoption_levels.size(); ++i)
    if (!level || *level == i) count += unit.adoptions[i].count;
  return count;
}

} // namespace

Decimal figure_value(const Scheme& scheme, const UnitScore& unit, const Figure& figure) {
  switch (figure.kind) {
    case FigureKind::Published: return Decimal::from_int(unit.published_total);
    case FigureKind::Submissions: return Decimal::from_int(unit.submissions_total);
    case FigureKind::Adopted: return Decimal::from_int(adopted(scheme, unit, figure.index));
    case FigureKind::Bonus: return unit.bonus;
    case FigureKind::Deduction: return unit.deduction;
    case FigureKind::Total: return unit.total;
    case FigureKind::Indicator: break;
  }
  return figure.index && *figure.index < unit.indicators.size() ? unit.indicators[*figure.index].points : Decimal{};
}

std::expected<Decimal, std::string> unit_figure(const Scheme& scheme, const UnitScore& unit, std::string_view name) {
  auto figure = scheme.parse_figure(name);
  if (!figure) return std::unexpected(figure.error());
  return figure_value(scheme, unit, *figure);
}

std::expected<UnitCondition, std::string> parse_condition(std::string_view text) {
  // Longest operators first, so that ">=" is not read as ">".
  static constexpr std::array<std::pair<std::string_view, Comparison>, 9> k_operators = {{
      {">=", Comparison::GreaterOrEqual}, {"≥", Comparison::GreaterOrEqual}, {"<=", Comparison::LessOrEqual},
      {"≤", Comparison::LessOrEqual}, {">", Comparison::Greater}, {"<", Comparison::Less},
      {"＞", Comparison::Greater}, {"＜", Comparison::Less}, {"=", Comparison::Equal}}};
  for (const auto& [op, comparison] : k_operators) {
    const std::size_t at = text.find(op);
    if (at == std::string_view::npos) continue;
    auto value = Decimal::parse(trim(text.substr(at + op.size())));
    if (!value)
      return std::unexpected(fmt::format("条件“{}”中“{}”之后应为数字", text, op));
    return UnitCondition{std::string(trim(text.substr(0, at))), comparison, *value};
  }
  return std::unexpected(fmt::format("条件“{}”应写成 数字名称、比较符号和数字，如 发布>20、合计<60、减分>=5", text));
}

bool holds(const UnitCondition& condition, Decimal figure) {
  switch (condition.comparison) {
    case Comparison::Greater: return figure > condition.value;
    case Comparison::GreaterOrEqual: return figure >= condition.value;
    case Comparison::Less: return figure < condition.value;
    case Comparison::LessOrEqual: return figure <= condition.value;
    case Comparison::Equal: return figure == condition.value;
  }
  return false;
}

std::expected<std::string, std::string> figure_total(const Scheme& scheme, const Result& result, std::string_view name) {
  Decimal sum;
  for (const auto& unit : result.units) {
    auto figure = unit_figure(scheme, unit, name);
    if (!figure) return std::unexpected(figure.error());
    sum += *figure;
  }
  return sum.to_string();
}

std::expected<std::vector<UnitId>, std::string> units_meeting_condition(const Scheme& scheme, const Result& result,
                                                                        const std::vector<UnitId>& order,
                                                                        std::string_view text) {
  auto condition = parse_condition(text);
  if (!condition) return std::unexpected(condition.error());
  std::vector<UnitId> out;
  for (UnitId id : order) {
    if (id >= result.units.size()) continue;
    auto figure = unit_figure(scheme, result.units[id], condition->figure);
    if (!figure) return std::unexpected(figure.error());
    if (holds(*condition, *figure)) out.push_back(id);
  }
  return out;
}

} // namespace zwgk
