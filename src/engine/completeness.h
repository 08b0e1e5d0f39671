// Whether the files of a period say something about every unit they should.
//
// A counts table of website publications (网站发布, one row per unit with a
// count per month) is a statistic of every unit: a unit left out scores 0
// as if it had published nothing, so each registered unit must be in it,
// unless the registry exempts it (免考核 “网站发布”). The other kinds list
// events (items published, submissions received, adoptions, findings) or
// only the units that had any (投稿 counted by hand, 采用 summaries): a unit
// without a row there had none, which is normal. docs/inputs.md says the same.
//
// What is found is a warning, never an error: the office may know the unit
// had nothing. The same facts are told to the unit in its explanation.
#pragma once

#include "model/records.h"
#include "model/registry.h"
#include "scheme/scheme.h"

#include <string>
#include <string_view>
#include <vector>

namespace zwgk {

// The exemption word (免考核) that takes a unit out of the 网站发布 counts.
inline constexpr std::string_view k_publication_kind = "网站发布";

struct MissingUnits {
  std::vector<std::string> files;  // the counts files read (display names), in the order read
  std::vector<UnitId> units;       // registered, not exempt, in none of them; registry order
};

// Units the period's 网站发布 counts files should list but do not. Empty
// `files` when no counts table was read (an item list, or nothing).
MissingUnits missing_from_publication_counts(const Registry& registry, const Dataset& data);

// One warning for the file (or files) naming every unit
// missing_from_publication_counts() finds; none when nothing is missing.
// Callers skip it while the files have errors (rows not read are not missing).
Diagnostics completeness_warnings(const Registry& registry, const Dataset& data);

// "“网站发布.csv”" or "“网站发布-1.csv”、“网站发布-2.csv”".
std::string quoted_files(const std::vector<std::string>& files);

// What the unit's explanation says about gaps in the files: left out of the
// 网站发布 counts, or a count cell of its row left blank (read as 0). Empty
// when the files are complete for the unit.
std::vector<std::string> completeness_notes(const Registry& registry, const Dataset& data, UnitId unit);

} // namespace zwgk
