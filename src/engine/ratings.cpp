// Ratings ([[ratings]]) and one-vote vetoes (issue 16); the contract is in indicators.h.
#include "engine/indicators.h"

#include <algorithm>

namespace zwgk::engine_detail {
namespace {

// The vetoed rating of a unit (index into scheme.ratings) and the reasons,
// from its findings that were not withdrawn.
std::optional<std::size_t> apply_vetoes(const Scheme& scheme, UnitScore& unit) {
  std::optional<std::size_t> forced;
  for (const auto& d : unit.deductions) {
    if (d.kind != DeductionKind::Finding) continue;
    const auto& veto = scheme.finding_types[d.finding_type].veto;
    if (veto.empty()) continue;
    auto it = std::find_if(scheme.ratings.begin(), scheme.ratings.end(),
                           [&](const RatingBand& r) { return r.name == veto; });
    if (it == scheme.ratings.end()) continue;  // the scheme's checks refuse it
    unit.vetoes.push_back(d.reason);
    const auto band = static_cast<std::size_t>(it - scheme.ratings.begin());
    forced = forced ? std::max(*forced, band) : band;
  }
  return forced;
}

// How many of `n` units a top_share takes: floor(share × n), exactly.
std::int64_t share_of(Decimal share, std::size_t n) {
  auto scaled = share.multiply(static_cast<std::int64_t>(n));
  if (!scaled) return static_cast<std::int64_t>(n);
  return std::max<std::int64_t>(0, scaled->millionths() / Decimal::k_scale);
}

bool applies(const RatingBand& band, Decimal total, std::size_t rank, std::size_t rated) {
  if (band.min && total < *band.min) return false;
  if (band.top_share && static_cast<std::int64_t>(rank) > share_of(*band.top_share, rated)) return false;
  return true;
}

} // namespace

void rate_units(const Scheme& scheme, std::vector<UnitScore>& units) {
  if (scheme.ratings.empty()) return;
  std::vector<UnitScore*> open;  // not vetoed: rated by total
  for (auto& unit : units) {
    unit.vetoes.clear();
    if (auto forced = apply_vetoes(scheme, unit)) unit.rating = scheme.ratings[*forced].name;
    else open.push_back(&unit);
  }
  std::vector<Decimal> totals;
  for (const auto* unit : open) totals.push_back(unit->total);
  std::sort(totals.begin(), totals.end(), std::greater<>());
  for (auto* unit : open) {
    // Competition rank: 1 + the units strictly ahead; ties share it.
    const auto ahead = std::lower_bound(totals.begin(), totals.end(), unit->total, std::greater<>()) - totals.begin();
    const auto rank = static_cast<std::size_t>(ahead) + 1;
    unit->rating.clear();
    for (const auto& band : scheme.ratings)
      if (applies(band, unit->total, rank, open.size())) {
        unit->rating = band.name;
        break;
      }
  }
}

} // namespace zwgk::engine_detail
