// The API's JSON documents (docs/api.md), built from snapshots only: the
// workspace formats results, it never computes a score itself.
#pragma once

#include "render/json.h"
#include "server/workspace.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace zwgk::server {

using Json = nlohmann::ordered_json;

// The preview's limits (k_preview_rows, …) are app::Workspace's (app/workspace.h).

// The listed problems (at most k_max_listed_diagnostics, model/diagnostics.h).
Json problems_json(const Diagnostics& problems);
// Adds a reply's problems: "problems" (the listed ones), "problems_total"
// (all, listed or not), "problems_omitted" (not listed), "error_count" (all
// errors) and "problems_note" ("……另有 N 个问题未列出（只列出前 500 个）" or "").
void add_problems(Json& body, const Diagnostics& problems);
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
