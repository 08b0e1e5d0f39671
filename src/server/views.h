// The API's JSON documents (docs/api.md), built from snapshots only: the
// workspace formats results, it never computes a score itself.
#pragma once

#include "server/workspace.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace zwgk::server {

using Json = nlohmann::ordered_json;

Json problems_json(const Diagnostics& problems);
Json period_json(Period period);
Json scheme_json(const Scheme& scheme);
Json ranking_json(const Snapshot& snap);
// Progress in `month` (default: the period's last month with any data).
Json progress_json(const Snapshot& snap, std::optional<YearMonth> month);
// A period's row of the trends document.
Json trend_json(const Snapshot& snap);
// The unit object of 考核结果.json plus its records; history is filled by the caller.
Json unit_json(const Snapshot& snap, UnitId unit);
// Where the unit stands in its score table: {"table", "seq", "rank"} or null.
Json placement_json(const Snapshot& snap, UnitId unit);
Json registry_json(const Registry& registry);
Json upload_json(const UploadPreview& preview);

} // namespace zwgk::server
