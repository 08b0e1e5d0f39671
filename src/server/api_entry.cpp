// The data-entry routes (admin): uploads with preview, the period's files,
// findings and the registry (the user routes are in api_users.cpp).
#include "server/api.h"

#include "util/text.h"

#include <fmt/format.h>

#include <map>

namespace zwgk::server {
namespace {

// A text field of a JSON body without surrounding spaces ("" if absent or not text).
std::string text_field(const nlohmann::json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_string()) return {};
  return std::string(trim(it->get_ref<const std::string&>()));
}

using Route = std::function<void(const Caller&, const httplib::Request&, httplib::Response&)>;

void admin_route(Api& api, const char* method, const std::string& pattern, Access access, Route route) {
  auto handler = [&api, access, route](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = require(api, req, res, Need::Admin, access)) route(*caller, req, res);
  };
  if (std::string_view(method) == "GET") api.http.Get(pattern, handler);
  else if (std::string_view(method) == "POST") api.http.Post(pattern, handler);
  else api.http.Put(pattern, handler);
}

void upload(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  auto found = req.files.find("file");
  if (found == req.files.end()) return send_error(res, 400, "请选择要上传的文件（表单字段 file）");
  const auto& file = found->second;  // not a copy of up to 32 MB
  const bool commit = req.get_param_value("mode") == "commit";
  auto outcome = commit ? api.workspace.commit_upload(*period, file.filename, file.content, actor_of(api, caller))
                        : api.workspace.preview_upload(*period, file.filename, file.content);
  if (!outcome) return send_error(res, outcome.error());
  Json body = upload_json(*outcome);
  const bool bad = outcome->problems.has_errors();
  body["saved"] = commit && !bad;
  if (commit && bad) body["error"] = fmt::format("文件有 {} 个错误，未保存", outcome->problems.error_count());
  send_json(res, commit && bad ? 422 : 200, body);
}

void files(Api& api, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  const std::string folder = ingest::period_dir(api.workspace.dir(), *period).filename().string() + "/";
  // Newest first across all paths: each path's first version seen is its current one.
  Json out = Json::array();
  std::map<std::string, std::size_t> index;
  for (const auto& v : api.store.file_history(folder)) {
    auto [it, added] = index.try_emplace(v.path, out.size());
    if (added) out.push_back({{"path", v.path}, {"size", v.size}, {"versions", Json::array()}});
    out[it->second]["versions"].push_back(
        {{"id", v.id}, {"sha256", v.sha256}, {"size", v.size}, {"saved_by", v.saved_by}, {"saved_at", v.saved_at}});
  }
  send_json(res, 200, {{"files", out}});
}

void finding(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  auto body = json_body(req, res);
  if (!body) return;
  FindingEntry entry{text_field(*body, "unit"), text_field(*body, "code"), text_field(*body, "note"),
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
  u.name = text_field(body, "name");
  u.short_name = text_field(body, "short_name");
  if (u.short_name == u.name) u.short_name.clear();
  u.aliases = string_list(body, "aliases");
  u.section = text_field(body, "section");
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
  admin_route(api, "POST", period + "/uploads", Access::Write,
              [&api](const Caller& c, const auto& req, auto& res) { upload(api, c, req, res); });
  admin_route(api, "GET", period + "/files", Access::Read,
              [&api](const Caller&, const auto& req, auto& res) { files(api, req, res); });
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
