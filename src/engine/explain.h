// explain_unit(): how one unit's score came about, line by line, in Chinese.
//
// Every point gained and lost is listed with the rule that produced it and,
// for findings and rejected submissions, the file and line it came from, so
// a unit's liaison can check the arithmetic without asking the office.
#pragma once

#include "engine/result.h"
#include "model/records.h"

#include <string>
#include <vector>

namespace zwgk {

// `data` is what the result was assessed from: its files are named, and
// what they left out for the unit (engine/completeness.h) is said first.
std::vector<std::string> explain_unit(const Result& result, const Registry& registry,
                                      const Scheme& scheme, const Dataset& data, UnitId unit);

} // namespace zwgk
