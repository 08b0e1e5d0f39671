// 投稿审核: the mail ledger's review in the workspace — the same rows,
// filters, decisions and CSV as `zwgk mail list/show/decide`
// (src/cli/cmd_mail.cpp, mail_list.cpp); imports are api_mail_import.cpp's.
//
// Mail carries personal addresses: viewers get nothing, a unit's liaison
// only the messages attributed to that unit (never the unassigned ones), and
// every change is the administrators' and audited. What a message counts for
// is worked out on every request from the ledger (mailbox/review.h) with the
// registry and scheme of the period's snapshot, so a decision shows at once;
// the assessment (ranking, 附件3) follows within the snapshot's recheck.
#include "server/api.h"

#include "mailbox/ledger.h"
#include "mailbox/review.h"
#include "mailbox/review_table.h"
#include "render/csv_tables.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>

namespace zwgk::server {
namespace {

// The caller when they may read mail: administrators and unit users.
std::optional<Caller> mail_reader(const Api& api, const httplib::Request& req, httplib::Response& res) {
  auto caller = require(api, req, res, Need::Login, Access::Read);
  if (caller && caller->user.role == store::Role::Viewer) {
    send_error(res, 403, "只读用户不能查看投稿邮件（邮件中有个人邮箱地址）");
    return std::nullopt;
  }
  return caller;
}

// The message id of the route's first path parameter, or nullopt after sending 404.
std::optional<std::int64_t> mail_id_param(const httplib::Request& req, httplib::Response& res) {
  const std::string text = req.matches.size() > 1 ? req.matches[1].str() : "";
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec == std::errc() && end == text.data() + text.size() && id > 0) return id;
  send_error(res, 404, fmt::format("没有编号为“{}”的邮件", text));
  return std::nullopt;
}

// The latest period's snapshot (its registry and scheme are the ones in force),
// or nullopt after sending the error.
std::optional<SnapshotPtr> latest_snapshot(const Api& api, httplib::Response& res) {
  auto periods = api.workspace.periods();
  if (periods.empty()) {
    send_error(res, 404, "数据目录中还没有季度文件夹");
    return std::nullopt;
  }
  return snapshot_or_error(api, periods.back(), res);
}

// A unit user's own unit; nullopt for administrators. A unit user whose unit
// is no longer registered owns nothing (an id no row has).
std::optional<std::optional<UnitId>> scope_of(const Caller& caller, const Registry& registry) {
  if (caller.user.role != store::Role::Unit) return std::nullopt;
  return registry.resolve(caller.user.unit);
}

bool in_scope(const std::optional<std::optional<UnitId>>& scope, const mailbox::ReviewRow& row) {
  if (!scope) return true;
  return *scope && row.unit == **scope;
}

Json decision_json(const store::MailDecision& d) {
  return {{"id", d.id}, {"field", d.field}, {"value", d.value}, {"reason", d.reason}, {"user", d.user}, {"at", d.at}};
}

Json row_json(const Registry& registry, const mailbox::ReviewRow& r) {
  Json unit = nullptr;
  if (r.unit) {
    const Unit& u = registry.at(*r.unit);
    unit = {{"name", u.name}, {"short_name", u.display_name(NameStyle::Short)}};
  }
  Json decisions = Json::array();
  for (const auto& d : r.decisions) decisions.push_back(decision_json(d));
  return {{"id", r.id},
          {"received", r.received ? Json(r.received->to_string()) : Json(nullptr)},
          {"received_from", r.received_from},
          {"month", r.received ? Json(r.received->date.year_month().to_string()) : Json(nullptr)},
          {"unit", unit},
          {"attributed_by", mailbox::attributed_by_title(r.attributed_by)},
          {"from", r.from_address},
          {"subject", r.subject},
          {"characters", r.characters},
          {"pictures", r.pictures},
          {"on_topic", r.on_topic == OnTopic::Yes},
          {"on_topic_decided", r.on_topic_decided},
          {"verdict", mailbox::verdict_title(r.verdict)},
          {"reason", r.reason},
          {"hints", r.hints},
          {"duplicate_of", r.duplicate_of ? Json(*r.duplicate_of) : Json(nullptr)},
          {"needs_attention", r.needs_attention()},
          {"origin", r.origin},
          {"decisions", decisions}};
}

// The review of every message (no period) with the registry and scheme in force.
mailbox::MailReview review_all(const Api& api, const Snapshot& snap) {
  return mailbox::build_review(snap.ws.registry, snap.ws.scheme, api.mail.mail_messages(), api.mail.mail_decisions(),
                               std::nullopt);
}

const mailbox::ReviewRow* find_row(const mailbox::MailReview& review, std::int64_t id) {
  auto it = std::find_if(review.rows.begin(), review.rows.end(), [id](const auto& r) { return r.id == id; });
  return it == review.rows.end() ? nullptr : &*it;
}

// The rows a period's list shows, after the caller's scope and the ?show=
// and ?unit= filters; nullopt after sending 400/403/404.
struct Listing {
  mailbox::MailReview review;               // the period's, whole
  std::vector<const mailbox::ReviewRow*> scoped;  // the caller's and ?unit='s
  std::vector<const mailbox::ReviewRow*> shown;   // of those, ?show='s
  std::string show;
};

std::optional<Listing> listing(const Api& api, const Caller& caller, const Snapshot& snap, const httplib::Request& req,
                               httplib::Response& res) {
  const auto& registry = snap.ws.registry;
  Listing out;
  out.show = req.has_param("show") ? req.get_param_value("show") : std::string("全部");
  if (out.show.empty()) out.show = "全部";
  if (std::find(mailbox::k_show_choices.begin(), mailbox::k_show_choices.end(), out.show) ==
      mailbox::k_show_choices.end()) {
    send_error(res, 400, fmt::format("show 应为 全部、待核实、未归属、不计入、计入 或 无收到时间，不能是“{}”", out.show));
    return std::nullopt;
  }
  auto scope = scope_of(caller, registry);
  std::optional<UnitId> unit;
  if (const std::string name(trim(req.get_param_value("unit"))); !name.empty()) {
    unit = registry.resolve(name);
    if (!unit) {
      std::string hint;
      for (const auto& s : registry.suggest(name)) hint += (hint.empty() ? "" : "、") + s;
      send_error(res, 404, fmt::format("没有单位“{}”{}", name, hint.empty() ? "" : "；是否指：" + hint + "？"));
      return std::nullopt;
    }
    if (scope && *scope != unit) {
      send_error(res, 403, "无权查看其他单位的邮件");
      return std::nullopt;
    }
  }
  out.review = mailbox::build_review(registry, snap.ws.scheme, api.mail.mail_messages(), api.mail.mail_decisions(),
                                     snap.ws.window());
  for (const auto& r : out.review.rows) {
    if (!in_scope(scope, r) || (unit && r.unit != unit)) continue;
    out.scoped.push_back(&r);
    if (mailbox::shown(out.show, r)) out.shown.push_back(&r);
  }
  return out;
}

// Counts per verdict and per filter tab, and the counted mail per unit and
// month of the period (what the mail adds to 附件3).
Json summary_json(const ingest::Workspace& ws, const std::vector<const mailbox::ReviewRow*>& rows) {
  const Registry& registry = ws.registry;
  const Period period = ws.period;
  Json verdicts = Json::object();
  for (auto v : {mailbox::Verdict::Counted, mailbox::Verdict::Rejected, mailbox::Verdict::Duplicate,
                 mailbox::Verdict::Excluded, mailbox::Verdict::Unassigned, mailbox::Verdict::Undated}) {
    verdicts[std::string(mailbox::verdict_title(v))] =
        std::count_if(rows.begin(), rows.end(), [v](const auto* r) { return r->verdict == v; });
  }
  Json tabs = Json::object();
  for (auto show : mailbox::k_show_choices)
    tabs[std::string(show)] =
        std::count_if(rows.begin(), rows.end(), [show](const auto* r) { return mailbox::shown(show, *r); });

  const auto months = period.months();
  std::map<UnitId, std::vector<std::int64_t>> counted;
  for (const auto* r : rows) {
    if (r->verdict != mailbox::Verdict::Counted || !r->unit || !r->received) continue;
    const auto month = period.month_for(r->received->date, ws.window());
    auto it = month ? std::find(months.begin(), months.end(), *month) : months.end();
    if (it == months.end()) continue;
    auto& per_month = counted.try_emplace(*r->unit, months.size(), 0).first->second;
    ++per_month[static_cast<std::size_t>(it - months.begin())];
  }
  Json units = Json::array();
  for (const auto& [id, per_month] : counted) {
    const Unit& u = registry.at(id);
    std::int64_t total = 0;
    for (auto n : per_month) total += n;
    units.push_back({{"name", u.name}, {"short_name", u.display_name(NameStyle::Short)}, {"months", per_month},
                     {"total", total}});
  }
  return {{"total", rows.size()}, {"verdicts", verdicts}, {"tabs", tabs}, {"counted_by_unit", units}};
}

void list_mail(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  auto snap = snapshot_or_error(api, *period, res);
  if (!snap) return;
  auto found = listing(api, caller, **snap, req, res);
  if (!found) return;
  const auto& registry = (*snap)->ws.registry;
  Json rows = Json::array();
  for (const auto* r : found->shown) rows.push_back(row_json(registry, *r));
  send_json(res, 200, {{"period", period_json(*period)}, {"show", found->show}, {"rows", rows},
                       {"summary", summary_json((*snap)->ws, found->scoped)}});
}

void list_mail_csv(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto period = period_param(api, req, res);
  if (!period) return;
  auto snap = snapshot_or_error(api, *period, res);
  if (!snap) return;
  auto found = listing(api, caller, **snap, req, res);
  if (!found) return;
  res.set_header("Content-Disposition", attachment_header(fmt::format("{}邮件审核.csv", period->to_string()), "mail.csv"));
  res.set_header("Cache-Control", "no-store");
  res.set_content(csv_document(mailbox::review_table((*snap)->ws.registry, found->shown)), "text/csv; charset=utf-8");
}

void mail_detail(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto id = mail_id_param(req, res);
  if (!id) return;
  auto snap = latest_snapshot(api, res);
  if (!snap) return;
  auto message = api.mail.mail_message(*id);
  if (!message) return send_error(res, 404, fmt::format("没有编号为 {} 的邮件", *id));
  const auto& registry = (*snap)->ws.registry;
  auto review = review_all(api, **snap);
  const auto* row = find_row(review, *id);
  if (!row) return send_error(res, 404, fmt::format("没有编号为 {} 的邮件", *id));
  if (!in_scope(scope_of(caller, registry), *row)) return send_error(res, 403, "无权查看其他单位的邮件");
  Json mail = row_json(registry, *row);
  mail["message_id"] = message->message_id;
  mail["text"] = message->text;
  mail["attachments"] = non_empty_lines(message->attachments);
  mail["notes"] = non_empty_lines(message->notes);
  mail["size"] = message->raw.size();
  mail["imported_by"] = message->imported_by;
  mail["imported_at"] = message->imported_at;
  send_json(res, 200, {{"mail", mail}});
}

// A decision's value as text: JSON text, a whole number or true/false (是/否).
std::optional<std::string> value_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  if (value.is_boolean()) return std::string(value.get<bool>() ? "是" : "否");
  return std::nullopt;
}

void decide(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto id = mail_id_param(req, res);
  if (!id) return;
  auto body = json_body(req, res);
  if (!body) return;
  auto snap = latest_snapshot(api, res);
  if (!snap) return;
  if (!api.mail.mail_message(*id)) return send_error(res, 404, fmt::format("没有编号为 {} 的邮件", *id));
  auto sets = body->find("set");
  if (sets == body->end() || !sets->is_object())
    return send_error(res, 400, "请求应为 {\"set\": {\"字段\": \"值\"}, \"reason\": \"理由\"}");
  const auto& registry = (*snap)->ws.registry;
  Diagnostics problems;
  const Location where{};
  std::vector<std::pair<std::string, std::string>> decided;
  for (const auto& [field, value] : sets->items()) {
    auto text = value_text(value);
    if (!text) {
      problems.error(where, fmt::format("“{}”的值应为文本或数字", field));
      continue;
    }
    auto checked = mailbox::decision_value(registry, field, *text);
    if (!checked) problems.error(where, checked.error());
    else decided.emplace_back(field, *checked);
  }
  auto reason_it = body->find("reason");
  const std::string reason(reason_it != body->end() && reason_it->is_string()
                               ? trim(reason_it->get_ref<const std::string&>())
                               : std::string_view());
  if (reason.empty()) problems.error(where, "请写明理由（记入审核记录）");
  if (sets->empty()) problems.error(where, "没有要记录的审核结果（单位、切题、字数、图片数、计入、收到时间、核实）");
  if (problems.has_errors()) return send_error(res, 422, "审核结果未保存", &problems);

  const auto now = api.now();
  for (const auto& [field, value] : decided) {
    auto added = api.mail.add_mail_decision({0, *id, field, value, reason, caller.user.name, now});
    if (!added) return send_error(res, 500, added.error());
    auto audited = api.store.append_audit({0, now, caller.user.name, "审核邮件", fmt::format("邮件#{}", *id),
                                           mailbox::decision_audit_detail(field, value, reason)});
    if (!audited) return send_error(res, 500, "写审计日志失败：" + audited.error());
  }
  auto review = review_all(api, **snap);
  const auto* row = find_row(review, *id);
  if (!row) return send_error(res, 404, fmt::format("没有编号为 {} 的邮件", *id));
  send_json(res, 200, {{"mail", row_json(registry, *row)}});
}

} // namespace

void register_mail_routes(Api& api) {
  api.http.Get(R"(/api/v1/periods/([^/]+)/mail)", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = mail_reader(api, req, res)) list_mail(api, *caller, req, res);
  });
  api.http.Get(R"(/api/v1/periods/([^/]+)/mail\.csv)", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = mail_reader(api, req, res)) list_mail_csv(api, *caller, req, res);
  });
  api.http.Get(R"(/api/v1/mail/([^/]+))", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = mail_reader(api, req, res)) mail_detail(api, *caller, req, res);
  });
  api.http.Post(R"(/api/v1/mail/([^/]+)/decisions)", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = require(api, req, res, Need::Admin, Access::Write)) decide(api, *caller, req, res);
  });
  register_mail_import_route(api);
}

} // namespace zwgk::server
