// A period's data files (admin): uploads with preview (added under their
// own name or replacing a file of their kind), the file list with every
// version, deletions recorded in the history (docs/api.md, 数据文件).
#include "server/api.h"

#include <fmt/format.h>

#include <map>

namespace zwgk::server {
namespace {

void upload(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  auto found = req.files.find("file");
  if (found == req.files.end()) return send_error(res, 400, "请选择要上传的文件（表单字段 file）");
  const auto& file = found->second;  // not a copy of up to 32 MB
  const bool commit = req.get_param_value("mode") == "commit";
  const std::string replace = req.get_param_value("replace");
  auto outcome = commit ? api.workspace.commit_upload(*period, file.filename, file.content, actor_of(api, caller), replace)
                        : api.workspace.preview_upload(*period, file.filename, file.content, replace);
  if (!outcome) return send_error(res, outcome.error());
  Json body = upload_json(*outcome);
  if (commit && outcome->unchanged) {
    body["saved"] = false;
    body["message"] = "内容与现有文件相同，未做修改";
    return send_json(res, 200, body);
  }
  const bool bad = outcome->problems.has_errors();
  body["saved"] = commit && !bad;
  if (commit && bad) body["error"] = fmt::format("文件有 {} 个错误，未保存", outcome->problems.error_count());
  send_json(res, commit && bad ? 422 : 200, body);
}

Json version_json(const store::FileVersion& v) {
  return {{"id", v.id},           {"sha256", v.deleted() ? "" : v.sha256}, {"size", v.size},
          {"deleted", v.deleted()}, {"saved_by", v.saved_by},               {"saved_at", v.saved_at}};
}

// Every path of the period folder's history, newest version first; a path
// whose newest version is a deletion is listed as deleted. Current files
// also carry their kind and data rows (for the deletion's confirmation).
void files(Api& api, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  const std::string folder = ingest::period_dir(api.workspace.dir(), *period).filename().string() + "/";
  std::map<std::string, app::DataFile> current;
  for (auto& f : api.workspace.app().data_files(*period)) current.emplace(f.path, std::move(f));
  Json out = Json::array();
  std::map<std::string, std::size_t> index;
  for (const auto& v : api.store.file_history(folder)) {
    auto [it, added] = index.try_emplace(v.path, out.size());
    if (added) {
      Json entry{{"path", v.path}, {"size", v.size}, {"deleted", v.deleted()}, {"versions", Json::array()}};
      if (auto c = current.find(v.path); c != current.end()) {
        entry["kind"] = c->second.kind;
        entry["rows"] = c->second.rows;
      }
      out.push_back(std::move(entry));
    }
    out[it->second]["versions"].push_back(version_json(v));
  }
  send_json(res, 200, {{"files", out}});
}

void delete_file(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  auto deleted = api.workspace.delete_file(*period, req.matches[2].str(), actor_of(api, caller));
  if (!deleted) return send_error(res, deleted.error());
  send_json(res, 200, {{"deleted", true},
                       {"file", deleted->path},
                       {"kind", deleted->kind},
                       {"rows", deleted->rows},
                       {"message", fmt::format("已删除 {}；它的历史版本仍保留在文件历史中", deleted->path)}});
}

using Route = void (*)(Api&, const Caller&, const httplib::Request&, httplib::Response&);

httplib::Server::Handler admin(Api& api, Access access, Route route) {
  return [&api, access, route](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = require(api, req, res, Need::Admin, access)) route(api, *caller, req, res);
  };
}

} // namespace

void register_file_routes(Api& api) {
  const std::string period = R"(/api/v1/periods/([^/]+))";
  api.http.Post(period + "/uploads", admin(api, Access::Write, upload));
  api.http.Get(period + "/files",
               admin(api, Access::Read, [](Api& a, const Caller&, const auto& req, auto& res) { files(a, req, res); }));
  api.http.Delete(period + "/files/([^/]+)", admin(api, Access::Write, delete_file));
}

} // namespace zwgk::server
