// 发布 and 审计日志: the bulletin's files generated from the current data,
// and the append-only audit log with its CSV export.
#include "server/api.h"
#include "server/live_scores.h"

#include "publish/report.h"
#include "render/csv_tables.h"
#include "render/json.h"

#include <fmt/format.h>

namespace zwgk::server {
namespace {

constexpr std::size_t k_audit_page = 100;

std::string format_time(std::int64_t seconds) {
  // Beijing time, the office's.
  const DateTime time = cst_from_unix(seconds);
  return fmt::format("{}:{:02}", time.to_string(), (seconds % 60 + 60) % 60);
}

std::string content_type(const std::string& name) {
  if (name.ends_with(".docx")) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (name.ends_with(".xlsx")) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (name.ends_with(".pdf")) return "application/pdf";
  if (name.ends_with(".html")) return "text/html; charset=utf-8";
  if (name.ends_with(".json")) return "application/json; charset=utf-8";
  return "text/csv; charset=utf-8";
}

// The file as this caller may have it: 考核结果.json holds the records
// behind other units' figures only for the office (render/json.h).
std::expected<std::shared_ptr<const std::string>, publish::ReportFailure> bulletin_file(
    Api& api, const Caller& caller, const SnapshotPtr& snap, const std::string& wanted, bool& exists) {
  exists = true;
  if (wanted == publish::k_pdf_name) return api.bulletins.pdf(snap);
  auto files = api.bulletins.files(snap);
  if (!files) return std::unexpected(files.error());
  auto it = (*files)->find(wanted);
  exists = it != (*files)->end();
  if (!exists) return nullptr;
  if (wanted != publish::k_json_name || caller.user.role == store::Role::Admin)
    return std::shared_ptr<const std::string>(*files, &it->second);
  const std::string own = caller.user.role == store::Role::Unit ? caller.user.unit : "";
  return api.bulletins.derived(snap, "json-for:" + own, [&snap, own](const BulletinCache::Files&) {
    return render_json(*snap->result, snap->ws.scheme, snap->ws.registry, snap->ws.data.sources,
                       {Disclosure::Scope::OwnUnitOnly, own});
  });
}

void bulletin(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  if (!bulletin_visible(api, caller, req, res)) return;  // live scores before 公示 (server/live_scores.h)
  auto period = period_param(api, req, res);
  if (!period) return;
  auto snap = snapshot_or_error(api, *period, res);
  if (!snap) return;
  // Refused with every reason at once: data errors, template and calendar problems, no data.
  auto reasons = readiness_reasons(api, *period, res);
  if (!reasons) return;
  if (!reasons->empty()) return send_not_ready(res, 422, "下载通报", *period, *reasons);
  const std::string wanted = req.matches[2].str();
  bool exists = true;
  auto content = bulletin_file(api, caller, *snap, wanted, exists);
  if (!content) {
    const auto& failure = content.error();
    if (failure.kind == publish::ReportFailure::Kind::Tool) return send_error(res, 503, failure.message);
    if (failure.problems.empty()) return send_error(res, 422, failure.message);
    return send_error(res, 422, "通报模板有错误", &failure.problems);
  }
  if (!exists) return send_error(res, 404, fmt::format("没有文件“{}”", wanted));
  auto audited = api.store.append_audit({0, api.now(), caller.user.name, "生成通报", period->to_string() + "/" + wanted, ""});
  if (!audited) return send_error(res, 500, "写审计日志失败：" + audited.error());
  res.set_header("Content-Disposition", attachment_header(wanted, "bulletin"));
  res.set_content(**content, content_type(wanted));
}

Json audit_json(const store::AuditEntry& e) {
  return {{"id", e.id}, {"at", e.at}, {"at_text", format_time(e.at)}, {"user", e.user}, {"action", e.action},
          {"target", e.target}, {"detail", e.detail}};
}

void audit(Api& api, const httplib::Request& req, httplib::Response& res) {
  std::int64_t before = 0;
  std::size_t limit = k_audit_page;
  try {
    if (req.has_param("before")) before = std::stoll(req.get_param_value("before"));
    if (req.has_param("limit")) limit = std::clamp<std::size_t>(std::stoul(req.get_param_value("limit")), 1, 1000);
  } catch (const std::exception&) {
    return send_error(res, 400, "before 和 limit 应为整数");
  }
  Json entries = Json::array();
  auto list = api.store.audit(before, limit);
  for (const auto& e : list) entries.push_back(audit_json(e));
  send_json(res, 200, {{"entries", entries},
                       {"next_before", list.size() == limit ? Json(list.back().id) : Json(nullptr)}});
}

void audit_csv(Api& api, httplib::Response& res) {
  std::vector<std::vector<std::string>> rows{{"编号", "时间", "用户", "操作", "对象", "说明"}};
  for (std::int64_t before = 0;;) {
    auto page = api.store.audit(before, 1000);
    for (const auto& e : page)
      rows.push_back({std::to_string(e.id), format_time(e.at), e.user, e.action, e.target, e.detail});
    if (page.size() < 1000) break;
    before = page.back().id;
  }
  res.set_header("Content-Disposition", attachment_header("审计日志.csv", "audit.csv"));
  res.set_content(csv_document(rows), "text/csv; charset=utf-8");
}

} // namespace

void register_publish_routes(Api& api) {
  api.http.Get(R"(/api/v1/periods/([^/]+)/bulletin/([^/]+))", [&api](const auto& req, auto& res) {
    if (auto caller = require(api, req, res, Need::Login, Access::Read)) bulletin(api, *caller, req, res);
  });
  api.http.Get("/api/v1/audit", [&api](const auto& req, auto& res) {
    if (require(api, req, res, Need::Admin, Access::Read)) audit(api, req, res);
  });
  api.http.Get("/api/v1/audit.csv", [&api](const auto& req, auto& res) {
    if (require(api, req, res, Need::Admin, Access::Read)) audit_csv(api, res);
  });
}

} // namespace zwgk::server
