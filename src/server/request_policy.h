// Which requests the workspace accepts from a browser, checked before any
// handler (and before a body is read):
//
// - Host: only the server's own names — the names given with --server-name,
//   the machine's host name, the --host name — or the address the
//   connection arrived at ("localhost" on loopback). A page of another site
//   whose name an attacker re-points at this server (DNS rebinding) sends
//   its own name and is refused (421), so it cannot read the workspace.
// - Origin: a state-changing request (anything but GET, HEAD, OPTIONS)
//   that says where it comes from must come from this server: http, same
//   host and port; behind a trusted proxy the host alone (nginx's $host has
//   no port, and the public scheme may be https). "null" and other
//   origins: 403.
// - Content-Type: a state-changing request's body must be
//   application/json, or multipart/form-data on the routes that take files;
//   a body of another type (a form or text/plain, which any site may send
//   cross-site, e.g. to log a victim into the attacker's account) or without
//   a type: 415. An empty body needs no type.
#pragma once

#include "server/request_head.h"

#include <httplib.h>

#include <optional>
#include <string>
#include <vector>

namespace zwgk::server {

class RequestPolicy {
public:
  // names: --server-name values; bind_host: --host; behind_proxy: --behind-proxy.
  RequestPolicy(std::vector<std::string> names, const std::string& bind_host, bool behind_proxy);

  std::optional<Refusal> check(const httplib::Request& req) const;

  // The names accepted besides addresses (lower case), for messages and tests.
  const std::vector<std::string>& names() const { return m_names; }

private:
  std::optional<Refusal> check_host(const httplib::Request& req) const;
  std::optional<Refusal> check_origin(const httplib::Request& req) const;

  std::vector<std::string> m_names;
  bool m_behind_proxy = false;
};

// Whether a state-changing route takes files (multipart/form-data).
bool takes_files(const std::string& path);

} // namespace zwgk::server
