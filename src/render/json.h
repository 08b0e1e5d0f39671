// The result as JSON, schema "zwgk.result" (documented in docs/json-schema.md).
//
// Points are strings holding exact decimals ("10.5"), never JSON numbers, so
// that no reader turns them into binary floating point. Bump
// k_result_schema_version on any incompatible change.
#pragma once

#include "engine/result.h"
#include "model/records.h"

#include <nlohmann/json.hpp>

#include <string>

namespace zwgk {

inline constexpr int k_result_schema_version = 1;

// What a reader of the result may see of the records behind the figures.
//
// The full document names, for each unit, where every deduction was recorded
// (file and line of 检查*.csv) and each rejected submission with its title —
// for mail, the message's subject — its reason and its source. The bulletin
// publishes none of these, and the workspace shows them only to the office and
// to the unit itself. For the other readers (viewers; a unit user for other
// units than its own) the figures stay (they are the assessment, which every
// reader sees in the ranking) and the records are withheld:
// `deductions[].sources` and `rejected_submissions` are empty arrays and the
// unit gets `"details_withheld": true`. The schema is unchanged.
enum class UnitRecords { Shown, Withheld };

struct Disclosure {
  enum class Scope { All, OwnUnitOnly };
  Scope scope = Scope::All;
  std::string own_unit;  // OwnUnitOnly: the official name of the reader's unit; empty for none

  UnitRecords records_of(const Unit& unit) const {
    return scope == Scope::All || (!own_unit.empty() && unit.name == own_unit) ? UnitRecords::Shown
                                                                               : UnitRecords::Withheld;
  }
};

// "quarter" or "year".
std::string_view accrual_code(Accrual accrual);
// The scheme's adoption levels: [{"code", "points", "accrual"}].
nlohmann::ordered_json adoption_levels_json(const Scheme& scheme);
// {"id": "2020Q3", "name": "2020年第三季度", "months": ["2020-07", …]}: a period in every document.
nlohmann::ordered_json period_json(Period period);

std::string render_json(const Result& result, const Scheme& scheme, const Registry& registry,
                        const SourceFiles& sources, const Disclosure& disclosure = {});

// One element of the result's "units" array (the workspace's unit details use it as is).
nlohmann::ordered_json result_unit_json(const UnitScore& score, const Result& result, const Scheme& scheme,
                                        const Registry& registry, const SourceFiles& sources,
                                        UnitRecords records = UnitRecords::Shown);

} // namespace zwgk
