// Validation and completeness of 指标 entries (issue 16); contracts in indicators.h.
#include "engine/indicators.h"

#include "engine/source_fields.h"

#include <fmt/format.h>

#include <map>

namespace zwgk {
namespace {

// "比例（分子/分母）", "是否（结果）", "录入得分": what a rule reads from 指标.csv.
std::string_view entry_kind(IndicatorRule rule) {
  switch (rule) {
    case IndicatorRule::Ratio: return "“分子”和“分母”";
    case IndicatorRule::Check: return "“结果”（是/否）";
    case IndicatorRule::Manual: return "“得分”";
    default: return "";
  }
}

class EntryValidator {
public:
  EntryValidator(const Registry& registry, const Scheme& scheme, const Dataset& data, Diagnostics& out)
      : m_registry(registry), m_scheme(scheme), m_data(data), m_out(out) {}

  void run() {
    for (const auto& e : m_data.indicator_entries) check(e);
  }

private:
  Location at(const IndicatorEntry& e, std::string_view field) const {
    Location place = m_data.sources.locate_field(e.source, field);
    return place.column ? place : m_data.sources.locate(e.source);
  }

  void check(const IndicatorEntry& e) {
    auto index = m_scheme.find_indicator(e.indicator);
    if (!index) {
      m_out.error(at(e, source_field::k_indicator),
                  fmt::format("指标“{}”不在考核方案中，应为：{}", e.indicator, indicator_codes(m_scheme)));
      return;
    }
    const Indicator& ind = m_scheme.indicators[*index];
    const std::string_view needs = entry_kind(ind.rule);
    if (needs.empty()) {
      m_out.error(at(e, source_field::k_indicator),
                  fmt::format("指标“{}”不按指标文件中的数据计分（只有按比例、是否检查和录入得分计分的指标填在这里）",
                              ind.code));
      return;
    }
    const bool fits = ind.rule == IndicatorRule::Ratio    ? e.numerator && e.denominator && !e.yes && !e.points
                      : ind.rule == IndicatorRule::Check  ? e.yes && !e.numerator && !e.denominator && !e.points
                                                          : e.points && !e.numerator && !e.denominator && !e.yes;
    if (!fits) {
      m_out.error(at(e, source_field::k_indicator), fmt::format("指标“{}”应填{}", ind.code, needs));
      return;
    }
    if (ind.rule == IndicatorRule::Ratio) check_ratio(e);
    if (ind.rule == IndicatorRule::Manual) check_once(e, *index);
  }

  void check_ratio(const IndicatorEntry& e) {
    if (*e.numerator < 0 || *e.denominator < 0)
      m_out.error(at(e, source_field::k_numerator), "分子和分母不能为负数");
    else if (*e.numerator > *e.denominator)
      m_out.error(at(e, source_field::k_numerator),
                  fmt::format("分子 {} 大于分母 {}", *e.numerator, *e.denominator));
  }

  void check_once(const IndicatorEntry& e, std::size_t index) {
    auto [it, fresh] = m_manual.emplace(std::pair{e.unit, index}, e.source);
    if (fresh) return;
    m_out.error(at(e, source_field::k_points),
                fmt::format("重复记录：“{}”的指标“{}”得分已在{}录入，每个单位只能录入一次",
                            m_registry.at(e.unit).name, e.indicator,
                            m_data.sources.locate(it->second).describe()));
  }

  const Registry& m_registry;
  const Scheme& m_scheme;
  const Dataset& m_data;
  Diagnostics& m_out;
  std::map<std::pair<UnitId, std::size_t>, SourceRef> m_manual;
};

} // namespace

std::string indicator_codes(const Scheme& scheme) {
  std::string out;
  for (const auto& ind : scheme.indicators) out += (out.empty() ? "" : "、") + ind.code;
  return out;
}

void validate_indicator_entries(const Registry& registry, const Scheme& scheme, const Dataset& data,
                                Diagnostics& out) {
  EntryValidator(registry, scheme, data, out).run();
}

Diagnostics indicator_completeness_warnings(const Registry& registry, const Scheme& scheme,
                                            const Dataset& data) {
  Diagnostics out;
  for (std::size_t i = 0; i < scheme.indicators.size(); ++i) {
    const Indicator& ind = scheme.indicators[i];
    if (ind.rule != IndicatorRule::Check && ind.rule != IndicatorRule::Manual) continue;
    std::vector<bool> has(registry.size(), false);
    for (const auto& e : data.indicator_entries)
      if (e.indicator == ind.code && e.unit < has.size()) has[e.unit] = true;
    std::string names;
    std::size_t missing = 0;
    for (const auto& unit : registry.units())
      if (!has[unit.id]) {
        names += (names.empty() ? "" : "、") + unit.name;
        ++missing;
      }
    if (missing)
      out.warning({}, fmt::format("指标“{}”没有以下 {} 个单位的记录（这些单位该项按 0 分计）：{}", ind.code,
                                  missing, names));
  }
  return out;
}

} // namespace zwgk
