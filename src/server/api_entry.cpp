// The data-entry routes (admin): findings and the registry (uploads and the
// period's files: api_files.cpp; users: api_users.cpp).
#include "server/api.h"

#include "util/text.h"

#include <fmt/format.h>

#include <map>

namespace zwgk::server {
namespace {

void admin_route(Api& api, const char* method, const std::string& pattern, Access access, AdminRoute route) {
  auto handler = admin_only(api, access, std::move(route));
  if (std::string_view(method) == "GET") api.http.Get(pattern, handler);
  else if (std::string_view(method) == "POST") api.http.Post(pattern, handler);
  else api.http.Put(pattern, handler);
}

void finding(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  auto body = json_body(req, res);
  if (!body) return;
  FindingEntry entry{body_text(*body, "unit"), body_text(*body, "code"), body_text(*body, "note"),
                     body->value("quantity", std::int64_t{1})};
  if (auto added = api.workspace.add_finding(*period, entry, actor_of(api, caller)); !added)
    return send_error(res, added.error());
  auto snap = snapshot_or_error(api, *period, res);
  if (!snap) return;
  auto id = (*snap)->ws.registry.resolve(entry.unit);
  if (!(*snap)->result || !id) return send_json(res, 201, {{"unit", nullptr}});
  send_json(res, 201, {{"unit", unit_json(**snap, *id)}});
}

std::vector<std::string> string_list(const nlohmann::json& body, const char* key) {
  std::vector<std::string> out;
  if (auto it = body.find(key); it != body.end() && it->is_array())
    for (const auto& v : *it) {
      if (!v.is_string()) continue;
      const std::string& text = v.get_ref<const std::string&>();
      if (!trim(text).empty()) out.emplace_back(trim(text));
    }
  return out;
}

Unit unit_from(const nlohmann::json& body) {
  Unit u;
  u.name = body_text(body, "name");
  u.short_name = body_text(body, "short_name");
  if (u.short_name == u.name) u.short_name.clear();
  u.aliases = string_list(body, "aliases");
  u.section = body_text(body, "section");
  u.tags = string_list(body, "tags");
  u.exemptions = string_list(body, "exemptions");
  u.official_order = body.value("official_order", 0);
  u.mail_addresses = string_list(body, "mail_addresses");
  return u;
}

// Adds (name empty) or replaces the unit called `name`, and saves the registry.
void edit_registry(Api& api, const Caller& caller, const std::string& name, const httplib::Request& req,
                   httplib::Response& res) {
  auto body = json_body(req, res);
  if (!body) return;
  auto periods = api.workspace.periods();
  if (periods.empty()) return send_error(res, 404, "数据目录中还没有季度文件夹");
  auto snap = snapshot_or_error(api, periods.back(), res);
  if (!snap) return;
  std::vector<Unit> units = (*snap)->ws.registry.units();
  Unit edited = unit_from(*body);
  if (name.empty()) {
    if (edited.official_order == 0) edited.official_order = static_cast<int>(units.size()) + 1;
    units.push_back(edited);
  } else {
    auto id = (*snap)->ws.registry.resolve(name);
    if (!id) return send_error(res, 404, fmt::format("没有单位“{}”", name));
    if (edited.official_order == 0) edited.official_order = units[*id].official_order;
    edited.sort_key = units[*id].sort_key;
    // A client that does not know the field keeps the unit's addresses.
    if (!body->contains("mail_addresses")) edited.mail_addresses = units[*id].mail_addresses;
    units[*id] = edited;
  }
  if (auto saved = api.workspace.save_registry(units, actor_of(api, caller)); !saved)
    return send_error(res, saved.error());
  send_json(res, name.empty() ? 201 : 200, {{"saved", true}});
}

} // namespace

void register_entry_routes(Api& api) {
  const std::string period = R"(/api/v1/periods/([^/]+))";
  register_file_routes(api);  // uploads and the period's files: api_files.cpp
  admin_route(api, "POST", period + "/findings", Access::Write,
              [&api](const Caller& c, const auto& req, auto& res) { finding(api, c, req, res); });
  admin_route(api, "GET", "/api/v1/registry", Access::Read, [&api](const Caller&, const auto&, auto& res) {
    auto periods = api.workspace.periods();
    if (periods.empty()) return send_error(res, 404, "数据目录中还没有季度文件夹");
    if (auto snap = snapshot_or_error(api, periods.back(), res)) send_json(res, 200, registry_json((*snap)->ws.registry));
  });
  admin_route(api, "POST", "/api/v1/registry", Access::Write,
              [&api](const Caller& c, const auto& req, auto& res) { edit_registry(api, c, "", req, res); });
  admin_route(api, "PUT", R"(/api/v1/registry/([^/]+))", Access::Write,
              [&api](const Caller& c, const auto& req, auto& res) { edit_registry(api, c, req.matches[1].str(), req, res); });
}

} // namespace zwgk::server
