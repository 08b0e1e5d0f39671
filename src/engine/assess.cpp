#include "engine/assess.h"

#include "engine/indicators.h"
#include "engine/score.h"

#include <future>

namespace zwgk {

std::expected<Result, Diagnostics> assess(const Registry& registry, const Scheme& scheme,
                                          const Dataset& data, Period period) {
  // Issue 19: scoring reads what validation reads, writes only its own units and is safe on
  // any dataset whose unit ids are the registry's (the importers' contract; validation does
  // not check them either), so the two run side by side; a dataset with errors has its
  // scores thrown away unseen.
  auto scoring = std::async(std::launch::async, [&] { return engine_detail::score_units(registry, scheme, data, period); });
  Diagnostics problems = validate_dataset(registry, scheme, data, period);
  auto units = scoring.get();
  if (problems.has_errors()) return std::unexpected(problems);
  Result result;
  result.period = period;
  result.window = data.window.value_or(period.calendar_window());
  if (!units) {
    problems.error({}, units.error());
    return std::unexpected(problems);
  }
  result.units = std::move(*units);
  // Issue 16: a scheme with an indicator tree totals it; ratings follow the totals.
  if (!scheme.indicators.empty())
    if (auto scored = engine_detail::score_indicators(registry, scheme, data, result.units); !scored) {
      problems.error({}, scored.error());
      return std::unexpected(problems);
    }
  engine_detail::rate_units(scheme, result.units);
  auto tables = engine_detail::rank_tables(registry, scheme, result.units, period);
  if (!tables) {
    problems.error({}, tables.error());
    return std::unexpected(problems);
  }
  result.tables = std::move(*tables);
  return result;
}

} // namespace zwgk
