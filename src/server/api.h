// What every route of the JSON API shares: the services, who is calling,
// the permission and CSRF checks, and the JSON/error responses of
// docs/api.md. Each api_*.cpp registers one group of routes.
#pragma once

#include "auth/authenticator.h"
#include "server/bulletin_cache.h"
#include "server/crawl_jobs.h"
#include "server/views.h"
#include "server/workspace.h"
#include "store/store.h"

#include <httplib.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::server {

struct Api {
  httplib::Server& http;
  store::Store& store;
  store::MailStore& mail;
  store::FollowupStore& followup;
  auth::Authenticator& auth;
  WorkspaceService& workspace;
  std::function<std::int64_t()> now;
  auth::HashCost hash_cost = auth::HashCost::Interactive;  // for passwords set through the API
  bool trust_proxy_headers = false;                       // ServerOptions::proxy
  BulletinCache& bulletins;                               // the bulletin's files per data version
  CrawlJobs& crawls;                                      // issue 17: the workspace's crawl
};

// Whether the request came from the proxy whose headers are believed
// (ServerOptions::proxy: nginx on loopback, with --behind-proxy).
bool from_trusted_proxy(const Api& api, const httplib::Request& req);
// The client's address: X-Real-IP from a proxy on loopback when trusted, else the peer's.
std::string client_address(const Api& api, const httplib::Request& req);

struct Caller {
  store::User user;
  store::Session session;
};

// What a route needs of its caller. Writes also need the CSRF header.
// Login and Admin refuse a user who must change their password (403, code
// must_change_password); Account (the caller's own account: /me, logout,
// the own password) serves them.
enum class Need { Login, Admin, Account };
enum class Access { Read, Write };

inline constexpr std::string_view k_session_cookie = "zwgk_session";

// The value of the request's cookie `name`, or "".
std::string cookie_value(const httplib::Request& req, std::string_view name);

void send_json(httplib::Response& res, int status, const Json& body);

// Content-Disposition for a download named `name` (Chinese allowed: RFC 6266
// filename*, UTF-8 percent-encoded), with an ASCII `fallback` for old clients.
std::string attachment_header(const std::string& name, std::string_view fallback);
// A JSON document already rendered (json_text), sent with status 200.
void send_rendered(httplib::Response& res, const std::string& body);
std::string json_text(const Json& body);
void send_error(httplib::Response& res, int status, const std::string& message, const Diagnostics* problems = nullptr);

// The one mapping of an application error to an HTTP status: BadInput 400
// (422 when it lists problems), NotFound 404, Forbidden 403, Conflict 409,
// Internal 500 — a failure of the store or of a temporary folder is never
// answered as the caller's bad input.
int http_status(const app::Error& error);
// send_error with that status, the error's message and its problems.
void send_error(httplib::Response& res, const app::Error& error);

// Whether the request carries the cookie of a valid session (nothing sent).
bool has_session(const Api& api, const httplib::Request& req);

// The caller, or nullopt after sending 401 (no valid session), 403 (role or
// CSRF) as needed.
std::optional<Caller> require(const Api& api, const httplib::Request& req, httplib::Response& res, Need need,
                              Access access);

// Issue 19: this GET's answer depends only on the request, the caller's session, the
// database and the data files (and on the clock by at most a second), so the gate may
// replay it while none of them changed (server/replay.h). Said after require().
void permit_replay(const Caller& caller);

// The period of a route's first path parameter, or nullopt after sending 404.
std::optional<Period> period_param(const Api& api, const httplib::Request& req, httplib::Response& res);

// The period's snapshot; on a load that cannot start, nullopt after sending 422.
std::optional<SnapshotPtr> snapshot_or_error(const Api& api, Period period, httplib::Response& res);

// A JSON request body, or nullopt after sending 400.
std::optional<nlohmann::json> json_body(const httplib::Request& req, httplib::Response& res);
// A text field of a JSON body without surrounding spaces ("" if absent or not text).
std::string body_text(const nlohmann::json& body, const char* key);

// A route only the office may use: `route` runs for an administrator (require(Need::Admin)).
using AdminRoute = std::function<void(const Caller&, const httplib::Request&, httplib::Response&)>;
httplib::Server::Handler admin_only(Api& api, Access access, AdminRoute route);

// The positive row number in the route's second path parameter ("…/findings/3"), or
// nullopt after sending 404 that there is no `what` of that number.
std::optional<std::size_t> line_param(const httplib::Request& req, httplib::Response& res, std::string_view what);

// The period's snapshot when it could be assessed, or nullopt after sending
// 422 with the problems (api_followup.cpp; shared with api_year.cpp).
std::optional<SnapshotPtr> assessed_snapshot(const Api& api, Period period, httplib::Response& res);
// The period's rectification items as of `as_of` (annual::follow_up over the snapshot).
annual::PeriodFollowup followup_state(const Snapshot& snap, const std::vector<FollowupEvent>& events, DateTime as_of);

// ---- period lifecycle (api_period.cpp, issue 14 helper `period`) ----
// A period of the list: period_json plus "has_data", "status" (未开始 进行中
// 已公示 已定稿) and "status_code".
Json period_entry_json(const app::PeriodInfo& info);
// Why the period's bulletin may not be published or downloaded yet
// (app::readiness, the bulletin built through the BulletinCache that
// downloads share); empty: ready. nullopt after sending 422 (a load that
// cannot start).
std::optional<std::vector<std::string>> readiness_reasons(const Api& api, Period period, httplib::Response& res);
// Takes 公示 out of a rectification state's period_actions (JSON of
// render/followup_json) while the bulletin is not ready, with the reasons as
// its refusal and draft_blockers. False after sending an error.
bool refuse_unready_draft(const Api& api, Period period, Json& state, httplib::Response& res);
// Refuses `what` (公示, 下载) with `status` and the reasons: {"error", "reasons"}.
void send_not_ready(httplib::Response& res, int status, std::string_view what, Period period,
                    const std::vector<std::string>& reasons);
// ---- end period lifecycle ----

Json user_json(const store::User& user);
// What the workspace offers beyond a district's own work, for the menu: {"districts": a city
// workspace with 区县.toml (api_districts.cpp)}.
Json workspace_json(const Api& api);
// A change's actor for the workspace and the audit log.
Actor actor_of(const Api& api, const Caller& caller);

void register_auth_routes(Api& api);
void register_read_routes(Api& api);
void register_entry_routes(Api& api);
void register_user_routes(Api& api);  // api_users.cpp; called by register_auth_routes
void register_file_routes(Api& api);  // api_files.cpp; called by register_entry_routes
void register_publish_routes(Api& api);
void register_mail_routes(Api& api);
void register_mail_import_route(Api& api);  // api_mail_import.cpp; called by register_mail_routes
void register_followup_routes(Api& api);
void register_year_routes(Api& api);
void register_district_routes(Api& api);  // api_districts.cpp, issue 18: the city's view of its districts
void register_period_routes(Api& api);  // api_period.cpp; called by register_read_routes
void register_indicator_fact_routes(Api& api);  // api_indicator_facts.cpp; called by register_read_routes
void register_crawl_routes(Api& api);  // api_crawl.cpp; called by register_read_routes

} // namespace zwgk::server
