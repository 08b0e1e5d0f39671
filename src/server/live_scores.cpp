#include "server/live_scores.h"

#include "util/text.h"

#include <fmt/format.h>

namespace zwgk::server {

bool is_published(const annual::PeriodFollowup& state) { return state.draft.has_value(); }

bool is_published(const Api& api, const Snapshot& snap) {
  return snap.result && is_published(followup_state(snap, api.followup.followup_events(), cst_from_unix(api.now())));
}

ScoreView score_view(const Api& api, const Caller& caller, const Snapshot& snap) {
  if (caller.user.role == store::Role::Admin) return ScoreView::Everything;
  if (snap.ws.scheme.workspace.live_scores == LiveScores::All || is_published(api, snap)) return ScoreView::Everything;
  return caller.user.role == store::Role::Unit ? ScoreView::OwnUnit : ScoreView::Nothing;
}

bool require_everything(const Api& api, const Caller& caller, const Snapshot& snap, httplib::Response& res) {
  if (score_view(api, caller, snap) == ScoreView::Everything) return true;
  send_error(res, 403, std::string(k_unpublished_message));
  return false;
}

bool year_visible(const Caller& caller, const std::vector<SnapshotPtr>& snaps,
                  const std::vector<annual::PeriodFollowup>& states, httplib::Response& res) {
  if (caller.user.role == store::Role::Admin) return true;
  std::vector<std::string> hidden;
  for (std::size_t i = 0; i < snaps.size() && i < states.size(); ++i)
    if (snaps[i]->ws.scheme.workspace.live_scores != LiveScores::All && !is_published(states[i]))
      hidden.push_back(snaps[i]->ws.period.to_string());
  if (hidden.empty()) return true;
  send_error(res, 403, fmt::format("{}的通报尚未公示，公示后可查看年度考核", join(hidden, "、")));
  return false;
}

bool bulletin_visible(const Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  if (caller.user.role == store::Role::Admin) return true;
  httplib::Response ignored;  // the handler answers these problems itself
  auto period = period_param(api, req, ignored);
  auto snap = period ? snapshot_or_error(api, *period, ignored) : std::nullopt;
  return !snap || !(*snap)->result || require_everything(api, caller, **snap, res);
}

} // namespace zwgk::server
