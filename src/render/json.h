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

std::string render_json(const Result& result, const Scheme& scheme, const Registry& registry,
                        const SourceFiles& sources);

// One element of the result's "units" array (the workspace's unit details use it as is).
nlohmann::ordered_json result_unit_json(const UnitScore& score, const Result& result, const Scheme& scheme,
                                        const Registry& registry, const SourceFiles& sources);

} // namespace zwgk
