#include "annual/year.h"

#include "util/collation.h"

#include <algorithm>
#include <map>

namespace zwgk::annual {
namespace {

// Competition ranks (1, 2, 2, 4) of `units` by `score` descending.
template <typename Score>
std::map<UnitId, std::size_t> competition_ranks(std::vector<UnitId> units, Score score) {
  std::stable_sort(units.begin(), units.end(), [&](UnitId a, UnitId b) { return score(b) < score(a); });
  std::map<UnitId, std::size_t> ranks;
  for (std::size_t i = 0; i < units.size(); ++i)
    ranks[units[i]] = i > 0 && score(units[i]) == score(units[i - 1]) ? ranks[units[i - 1]] : i + 1;
  return ranks;
}

std::vector<std::vector<UnitId>> units_by_section(const Registry& registry, const Scheme& scheme) {
  std::vector<std::vector<UnitId>> out(scheme.sections.size());
  for (UnitId u = 0; u < registry.size(); ++u)
    for (std::size_t s = 0; s < scheme.sections.size(); ++s)
      if (registry.at(u).section == scheme.sections[s].code) out[s].push_back(u);
  return out;
}

// Rounds millionths half away from zero after dividing by n.
Decimal divide(Decimal value, std::int64_t n) {
  std::int64_t units = value.millionths();
  std::int64_t q = units / n, r = units % n;
  if (2 * (r < 0 ? -r : r) >= n) q += units < 0 ? -1 : 1;
  return Decimal::from_millionths(q);
}

void add_quarter(UnitYear& unit, const QuarterInput& q, const Scheme& year_scheme) {
  const UnitScore& score = q.result->units[unit.unit];
  unit.year_bonus += score.year_bonus;
  for (std::size_t l = 0; l < q.scheme->adoption_levels.size() && l < score.adoptions.size(); ++l)
    if (auto level = year_scheme.find_level(q.scheme->adoption_levels[l].code))
      unit.adoptions[*level] += score.adoptions[l].count;
  if (!q.followup) return;
  for (const auto& item : q.followup->items) {
    if (item.unit != unit.unit) continue;
    if (item.status == ItemStatus::Overdue) ++unit.unrectified;
    if (item.status == ItemStatus::DoneLate) ++unit.late;
    unit.penalty += item.annual_penalty;
  }
}

void rank_quarters(YearResult& year, const std::vector<QuarterInput>& quarters,
                   const std::vector<std::vector<UnitId>>& sections) {
  for (std::size_t qi = 0; qi < quarters.size(); ++qi) {
    const Result& result = *quarters[qi].result;
    for (const auto& members : sections) {
      auto ranks = competition_ranks(members, [&](UnitId u) { return result.units[u].total; });
      for (UnitId u : members) year.units[u].quarters[qi] = UnitQuarter{result.units[u].total, ranks[u]};
    }
  }
}

} // namespace

YearResult assess_year(int year_number, const Registry& registry, const Scheme& scheme,
                       const std::vector<QuarterInput>& quarters, DateTime as_of) {
  YearResult year;
  year.year = year_number;
  year.as_of = as_of;
  std::vector<QuarterInput> usable;
  for (const auto& q : quarters)
    if (q.result && q.scheme && q.result->units.size() == registry.size()) usable.push_back(q);
  for (const auto& q : usable) year.quarters.push_back(q.period);
  const PeriodLength length = scheme.period.length;
  for (int n = 1; n <= Period::count_in_year(length); ++n)
    if (std::ranges::find(year.quarters, Period{year_number, n, length}) == year.quarters.end())
      year.missing.push_back(Period{year_number, n, length});

  year.units.resize(registry.size());
  for (UnitId u = 0; u < registry.size(); ++u) {
    auto& unit = year.units[u];
    unit.unit = u;
    unit.quarters.resize(usable.size());
    unit.adoptions.assign(scheme.adoption_levels.size(), 0);
    for (const auto& q : usable) add_quarter(unit, q, scheme);
  }
  const auto sections = units_by_section(registry, scheme);
  rank_quarters(year, usable, sections);
  for (auto& unit : year.units) {
    Decimal sum;
    for (const auto& q : unit.quarters)
      if (q) sum += q->total;
    unit.quarter_score = scheme.year.combine == QuarterCombine::Mean && !usable.empty()
                             ? divide(sum, static_cast<std::int64_t>(usable.size()))
                             : sum;
    if (scheme.year.bonus_cap) unit.year_bonus = min(unit.year_bonus, *scheme.year.bonus_cap);
    unit.total = unit.quarter_score + unit.year_bonus - unit.penalty;
  }

  auto collation = Collation::create(scheme.collation_locale, scheme.collation_tailoring);
  for (std::size_t s = 0; s < sections.size(); ++s) {
    YearSection section{.section = s, .order = sections[s]};
    std::vector<std::string> keys(registry.size());
    for (UnitId u : section.order) {
      const Unit& info = registry.at(u);
      const std::string& name = info.sort_key.empty() ? info.display_name(NameStyle::Short) : info.sort_key;
      keys[u] = collation ? collation->sort_key(name) : name;
    }
    std::stable_sort(section.order.begin(), section.order.end(), [&](UnitId a, UnitId b) {
      if (year.units[a].total != year.units[b].total) return year.units[b].total < year.units[a].total;
      return keys[a] < keys[b];
    });
    auto ranks = competition_ranks(section.order, [&](UnitId u) { return year.units[u].total; });
    for (UnitId u : section.order) year.units[u].rank = ranks[u];
    year.sections.push_back(std::move(section));
  }

  for (std::size_t i = 1; i < usable.size(); ++i)
    year.changes.push_back({usable[i - 1].period, usable[i].period,
                            rule_changes(*usable[i - 1].scheme, usable[i - 1].period, *usable[i].scheme,
                                         usable[i].period)});
  return year;
}

} // namespace zwgk::annual
