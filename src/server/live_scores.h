// Who sees a period's live scores before its bulletin is published as a
// draft (公示): the district's [workspace] live_scores (scheme/scheme.h).
//
// With "office" (the default) only administrators see every unit's scores
// of an unpublished period; a unit user sees its own unit (home, own unit
// details, own progress), a viewer nothing of the period. With "all", or
// once the period is published, everyone logged in sees everything the
// routes otherwise allow. "Published" is read from the replayed follow-up
// state, so a withdrawn 公示 makes the period unpublished again.
#pragma once

#include "server/api.h"

#include <string_view>

namespace zwgk::server {

// The refusal every hidden route answers with (403).
inline constexpr std::string_view k_unpublished_message = "本季度通报尚未公示，公示后可查看排名";

// Whether the period's bulletin stands published as a draft (公示) in its
// follow-up state (replayed from the ledger): a 公示 not withdrawn since.
bool is_published(const annual::PeriodFollowup& state);
// The same as of Api::now. A period that could not be assessed has no state: false.
bool is_published(const Api& api, const Snapshot& snap);

enum class ScoreView {
  Everything,  // every unit's scores
  OwnUnit,     // the caller's own unit only
  Nothing,     // none of the period's scores
};

// What of the period's scores `caller` may see now.
ScoreView score_view(const Api& api, const Caller& caller, const Snapshot& snap);

// True when the caller sees every unit's scores; otherwise sends 403 with
// k_unpublished_message and returns false.
bool require_everything(const Api& api, const Caller& caller, const Snapshot& snap, httplib::Response& res);

// For the bulletin's downloads (api_publish.cpp): true unless the route's
// period loads and its scores are not all the caller's to see, in which case
// 403 is sent. Any other problem of the period is left to the handler.
bool bulletin_visible(const Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res);

// For the year's routes (api_year.cpp): the year adds its quarters up, so a
// caller who may not see every unit's scores of one of them (`snaps`, with
// their replayed follow-up `states`) gets 403 naming those quarters.
bool year_visible(const Caller& caller, const std::vector<SnapshotPtr>& snaps,
                  const std::vector<annual::PeriodFollowup>& states, httplib::Response& res);

// The unit's home (api_home.cpp): GET /api/v1/periods/{p}/home[?unit=].
void register_home_routes(Api& api);

} // namespace zwgk::server
