// Scoring of the indicator tree (issue 16); the contract is in indicators.h.
#include "engine/indicators.h"

#include "engine/score.h"

#include <fmt/format.h>

#include <optional>

namespace zwgk::engine_detail {
namespace {

// The entries of one indicator, per unit.
using EntriesByUnit = std::vector<std::vector<const IndicatorEntry*>>;

class TreeScorer {
public:
  TreeScorer(const Registry& registry, const Scheme& scheme, const Dataset& data)
      : m_registry(registry), m_scheme(scheme), m_children(scheme.indicators.size()),
        m_entries(scheme.indicators.size()) {
    for (std::size_t i = 0; i < scheme.indicators.size(); ++i) {
      if (auto parent = scheme.indicators[i].parent; parent && *parent < i) m_children[*parent].push_back(i);
      m_entries[i].resize(registry.size());
    }
    for (const auto& e : data.indicator_entries)
      if (auto i = scheme.find_indicator(e.indicator); i && e.unit < registry.size())
        m_entries[*i][e.unit].push_back(&e);
  }

  std::expected<void, std::string> run(std::vector<UnitScore>& units) {
    for (auto& unit : units) {
      score_unit(unit);
      if (m_overflow) return std::unexpected(*m_overflow);
    }
    return {};
  }

private:
  // The exact value, or zero with the first overflow remembered.
  Decimal checked(std::optional<Decimal> value, const UnitScore& unit, std::string_view what) {
    if (value && *value <= k_max_unit_points && -*value <= k_max_unit_points) return *value;
    if (!m_overflow) m_overflow = out_of_range_message(m_registry.at(unit.unit).name, what);
    return Decimal{};
  }

  void score_unit(UnitScore& unit) {
    const auto& tree = m_scheme.indicators;
    unit.indicators.assign(tree.size(), IndicatorScore{});
    // Children come after their parents: scoring backwards meets every child first.
    for (std::size_t i = tree.size(); i-- > 0;) unit.indicators[i] = score(i, unit);
    Decimal total;
    for (std::size_t i = 0; i < tree.size(); ++i)
      if (!tree[i].parent)
        total = checked(total.plus(weighted(i, unit)), unit, "合计");
    unit.total = total;
  }

  Decimal weighted(std::size_t i, const UnitScore& unit) {
    const auto& indicator = m_scheme.indicators[i];
    return checked(unit.indicators[i].points.times(indicator.weight), unit, indicator.name);
  }

  IndicatorScore score(std::size_t i, const UnitScore& unit) {
    const Indicator& ind = m_scheme.indicators[i];
    if (!m_children[i].empty()) return sum(i, unit);
    switch (ind.rule) {
      case IndicatorRule::Sum: return sum(i, unit);
      case IndicatorRule::Deduct: return deduct(i, unit);
      case IndicatorRule::Count: return count(i, unit);
      case IndicatorRule::Ratio: return ratio(i, unit);
      case IndicatorRule::Check: return check(i, unit);
      case IndicatorRule::Manual: return manual(i, unit);
      case IndicatorRule::Publication: return figure(ind, unit.publication, "网站发布累计得分");
      case IndicatorRule::Adoption: return figure(ind, unit.bonus, "采用加分");
      case IndicatorRule::Deductions: return figure(ind, -unit.deduction, "减分");
    }
    return {};
  }

  // The points within the indicator's full marks (when it has them), with " ，以 N 分为限" when cut.
  static Decimal capped(const Indicator& ind, Decimal value, std::string& detail) {
    if (!ind.full_marks || value <= *ind.full_marks) return value;
    detail += fmt::format("，以 {} 分为限", ind.full_marks->to_string());
    return *ind.full_marks;
  }
  static Decimal full(const Indicator& ind) { return ind.full_marks.value_or(Decimal{}); }

  IndicatorScore sum(std::size_t i, const UnitScore& unit) {
    const Indicator& ind = m_scheme.indicators[i];
    Decimal base, bonus;
    for (std::size_t child : m_children[i]) {
      Decimal& into = m_scheme.indicators[child].bonus ? bonus : base;
      into = checked(into.plus(weighted(child, unit)), unit, ind.name);
    }
    IndicatorScore s;
    s.uncapped = base;
    s.detail = fmt::format("各项合计 {} 分", base.to_string());
    Decimal points = capped(ind, base, s.detail);
    if (points.is_negative()) {
      s.detail += "，按 0 分计";
      points = Decimal{};
    }
    if (!bonus.is_zero()) s.detail += fmt::format("，另加分 {} 分", bonus.to_string());
    s.points = checked(points.plus(bonus), unit, ind.name);
    return s;
  }

  IndicatorScore deduct(std::size_t i, const UnitScore& unit) {
    const Indicator& ind = m_scheme.indicators[i];
    Decimal deducted;
    std::int64_t items = 0;
    for (const auto& d : unit.deductions) {
      if (d.kind != DeductionKind::Finding || m_scheme.finding_types[d.finding_type].indicator != ind.code)
        continue;
      deducted = checked(deducted.plus(d.points), unit, ind.name);
      items += d.quantity;
    }
    IndicatorScore s;
    s.uncapped = checked(full(ind).minus(deducted), unit, ind.name);
    if (items == 0) {
      s.detail = "无扣分";
    } else {
      s.detail = fmt::format("扣分 {} 项共 {} 分", items, deducted.to_string());
      if (deducted > full(ind)) s.detail += fmt::format("，以 {} 分为限", full(ind).to_string());
    }
    s.points = max(s.uncapped, Decimal{});
    return s;
  }

  // Items of a Count indicator's metric in the period: 发布, 投稿, 采用, 采用:<级别>.
  std::int64_t metric_count(const Indicator& ind, const UnitScore& unit) const {
    if (ind.metric == "发布") return unit.published_total;
    if (ind.metric == "投稿") return unit.submissions_total;
    std::int64_t n = 0;
    if (ind.metric == "采用") {
      for (const auto& a : unit.adoptions) n += a.count;
    } else if (ind.metric.starts_with("采用:")) {
      auto level = m_scheme.find_level(std::string_view(ind.metric).substr(std::string_view("采用:").size()));
      if (level && *level < unit.adoptions.size()) n = unit.adoptions[*level].count;
    }
    return n;
  }

  IndicatorScore count(std::size_t i, const UnitScore& unit) {
    const Indicator& ind = m_scheme.indicators[i];
    const std::int64_t n = metric_count(ind, unit);
    IndicatorScore s;
    s.uncapped = checked(ind.points.multiply(n), unit, ind.name);
    s.detail = fmt::format("{} {} 项，每项 {} 分", ind.metric, n, ind.points.to_string());
    s.points = capped(ind, s.uncapped, s.detail);
    return s;
  }

  IndicatorScore ratio(std::size_t i, const UnitScore& unit) {
    const Indicator& ind = m_scheme.indicators[i];
    std::int64_t numerator = 0, denominator = 0;
    for (const auto* e : m_entries[i][unit.unit]) {
      numerator += e->numerator.value_or(0);
      denominator += e->denominator.value_or(0);
    }
    IndicatorScore s;
    if (denominator == 0) {
      const bool full_marks = ind.empty_ratio == EmptyRatio::Full;
      s.points = s.uncapped = full_marks ? full(ind) : Decimal{};
      s.detail = full_marks ? "没有应计事项，按满分计" : "没有应计事项，按 0 分计";
      return s;
    }
    s.uncapped = checked(full(ind).scaled(numerator, denominator, ind.decimals), unit, ind.name);
    s.detail = fmt::format("{}/{}", numerator, denominator);
    s.points = capped(ind, s.uncapped, s.detail);
    return s;
  }

  IndicatorScore check(std::size_t i, const UnitScore& unit) {
    const Indicator& ind = m_scheme.indicators[i];
    const auto& entries = m_entries[i][unit.unit];
    IndicatorScore s;
    if (entries.empty()) {
      s.detail = "没有检查记录，按 0 分计";
      return s;
    }
    std::size_t failed = 0;
    std::string items;
    for (const auto* e : entries) {
      if (e->yes.value_or(false)) continue;
      ++failed;
      if (!e->item.empty()) items += (items.empty() ? "：" : "、") + e->item;
    }
    s.points = s.uncapped = failed == 0 ? full(ind) : Decimal{};
    s.detail = failed == 0 ? fmt::format("检查 {} 项均符合", entries.size())
                           : fmt::format("检查 {} 项中 {} 项不符合{}", entries.size(), failed, items);
    return s;
  }

  IndicatorScore manual(std::size_t i, const UnitScore& unit) {
    const Indicator& ind = m_scheme.indicators[i];
    const auto& entries = m_entries[i][unit.unit];
    IndicatorScore s;
    if (entries.empty() || !entries.front()->points) {
      s.detail = "没有录入得分，按 0 分计";
      return s;
    }
    s.uncapped = *entries.front()->points;
    s.detail = fmt::format("录入 {} 分", s.uncapped.to_string());
    s.points = capped(ind, s.uncapped, s.detail);
    if (s.points.is_negative()) {
      s.detail += "，按 0 分计";
      s.points = Decimal{};
    }
    return s;
  }

  static IndicatorScore figure(const Indicator& ind, Decimal value, std::string_view what) {
    IndicatorScore s;
    s.uncapped = value;
    s.detail = fmt::format("{} {} 分", what, value.to_string());
    s.points = capped(ind, value, s.detail);
    return s;
  }

  const Registry& m_registry;
  const Scheme& m_scheme;
  std::vector<std::vector<std::size_t>> m_children;  // per indicator, in scheme order
  std::vector<EntriesByUnit> m_entries;              // per indicator
  std::optional<std::string> m_overflow;
};

} // namespace

std::expected<void, std::string> score_indicators(const Registry& registry, const Scheme& scheme,
                                                  const Dataset& data, std::vector<UnitScore>& units) {
  return TreeScorer(registry, scheme, data).run(units);
}

} // namespace zwgk::engine_detail
