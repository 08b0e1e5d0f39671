// What a scheme means for one quarter and one registry: rules that are
// legal but surely not what the district meant. parse_scheme() refuses a
// scheme that cannot work (a monthly cap of 0, contradictory quota rules,
// a name that stands for two sections, …); these only warn, at the
// scheme's line, because each could be meant:
//   - the monthly cap is below one item's points: every month with an item
//     scores the cap, whatever the number;
//   - no month of the period scores publications: every unit's publication
//     points are 0;
//   - untagged quota rules exist, but none applies in the period while a
//     tagged one does: only tagged units are assessed on submissions;
//   - a quota rule's tag that no unit of the registry has: the rule never
//     applies (a misspelt tag leaves those units on the untagged quota).
//   - (issue 16) an indicator's non-bonus children's full marks (× weight)
//     add up to more than its own full marks: the sum is capped, so some
//     children's marks can never all count (indicator_warnings()).
// docs/scheme.md lists them with the errors.
#pragma once

#include "model/diagnostics.h"
#include "model/registry.h"
#include "scheme/scheme.h"
#include "util/calendar.h"

namespace zwgk {

Diagnostics scheme_warnings(const Scheme& scheme, const Registry& registry, Period period);

// The warnings about the indicator tree alone (no registry, no period), for
// scheme_warnings() and `zwgk scheme explain`. Empty without [[indicators]].
Diagnostics indicator_warnings(const Scheme& scheme);

} // namespace zwgk
