// What a unit or the office sends to record a follow-up event: text (or
// reason), link, time and an evidence file, from a multipart form or a JSON
// body ({"file": {"name", "base64"}}). Shared by the 整改 routes.
#pragma once

#include "server/api.h"
#include "store/followup_store.h"

#include <optional>
#include <string>

namespace zwgk::server {

struct Submission {
  std::string text, link, at;
  std::optional<store::FollowupFile> file;
};

// nullopt after sending 400. A file's name is reduced to its last path
// component without leading dots or spaces ("证明材料" when nothing usable is left).
std::optional<Submission> submission(const httplib::Request& req, httplib::Response& res);

} // namespace zwgk::server
