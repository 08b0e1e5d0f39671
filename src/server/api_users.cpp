// The user routes (admin): GET/POST /api/v1/users, PUT /api/v1/users/{name},
// POST /api/v1/users/units (every unit's account in one step).
#include "server/api.h"

#include "auth/password.h"
#include "auth/unit_accounts.h"
#include "util/text.h"

#include <fmt/format.h>

namespace zwgk::server {
namespace {

Json listed_user_json(const store::User& user) {
  Json j = user_json(user);
  j["disabled"] = user.disabled;
  j["created_at"] = user.created_at;
  return j;
}

// The registry of the newest period, or nullopt after sending an error.
std::optional<SnapshotPtr> registry_snapshot(Api& api, httplib::Response& res) {
  auto periods = api.workspace.periods();
  if (periods.empty()) {
    send_error(res, 404, "数据目录中还没有季度文件夹");
    return std::nullopt;
  }
  return snapshot_or_error(api, periods.back(), res);
}

void add_user(Api& api, const Caller& caller, const httplib::Request& req, httplib::Response& res) {
  auto body = json_body(req, res);
  if (!body) return;
  const std::string name = body_text(*body, "name"), password = body->value("password", "");
  auto role = store::parse_role(body->value("role", ""));
  if (!role) return send_error(res, 400, "角色应为 admin、unit 或 viewer");
  std::string unit = body_text(*body, "unit");
  if (*role == store::Role::Unit) {
    auto snap = registry_snapshot(api, res);
    if (!snap) return;
    auto id = (*snap)->ws.registry.resolve(unit);
    if (!id) return send_error(res, 422, fmt::format("单位名录中没有“{}”", unit));
    unit = (*snap)->ws.registry.at(*id).name;
  }
  if (*role != store::Role::Unit) unit.clear();
  if (auto problem = auth::password_problem(password, name, unit)) return send_error(res, 422, *problem);
  auto hash = auth::hash_password(password, api.hash_cost);
  if (!hash) return send_error(res, 500, hash.error());
  // The administrator chose the password: the user sets their own at the first login.
  store::User user{0, name, *role, unit, *hash, api.now(), false, true};
  auto added = api.store.add_user(user);
  if (!added) return send_error(res, 409, added.error());
  if (auto audited = api.store.append_audit({0, api.now(), caller.user.name, "新增用户", name,
                                             fmt::format("角色：{}{}", store::role_title(*role),
                                                         unit.empty() ? "" : "，单位：" + unit)});
      !audited)
    return send_error(res, 500, fmt::format("用户已新增，但未能记入操作日志：{}", audited.error()));
  send_json(res, 201, {{"user", user_json(user)}});
}

// Disables or enables a user, or sets a new password (PUT /api/v1/users/{name}).
// Either ends the user's sessions (store::ends_sessions), except the
// caller's own when administrators set their own password. A password set
// for someone else must be changed by them at their next login.
void edit_user(Api& api, const Caller& caller, const std::string& name, const httplib::Request& req,
               httplib::Response& res) {
  auto body = json_body(req, res);
  if (!body) return;
  auto user = api.store.find_user(name);
  if (!user) return send_error(res, 404, fmt::format("没有用户“{}”", name));
  const bool self = user->id == caller.user.id;
  std::vector<std::string> changes;
  if (auto it = body->find("disabled"); it != body->end()) {
    if (!it->is_boolean()) return send_error(res, 400, "disabled 应为 true 或 false");
    if (it->get<bool>() && self) return send_error(res, 409, "不能停用自己的账号");
    user->disabled = it->get<bool>();
    changes.push_back(user->disabled ? "停用" : "启用");
  }
  if (auto it = body->find("password"); it != body->end()) {
    if (!it->is_string()) return send_error(res, 400, "password 应为文本");
    const std::string& password = it->get_ref<const std::string&>();
    if (auto problem = auth::password_problem(password, user->name, user->unit)) return send_error(res, 422, *problem);
    auto hash = auth::hash_password(password, api.hash_cost);
    if (!hash) return send_error(res, 500, hash.error());
    user->password_hash = *hash;
    user->must_change_password = !self;
    changes.push_back("重设密码");
  }
  if (changes.empty()) return send_error(res, 400, "没有要修改的内容（disabled 或 password）");
  const std::string keep = self ? caller.session.token_hash : std::string();
  if (auto updated = api.store.update_user(*user, keep); !updated) return send_error(res, 500, updated.error());
  std::string detail = join(changes, "、");
  if (auto audited = api.store.append_audit({0, api.now(), caller.user.name, "修改用户", user->name, detail}); !audited)
    return send_error(res, 500, fmt::format("用户已修改，但未能记入操作日志：{}", audited.error()));
  send_json(res, 200, {{"user", listed_user_json(*user)}});
}

// Creates the account of every registered unit that has none; answers the
// file of one-time passwords (once: only their hashes are kept).
void create_unit_accounts(Api& api, const Caller& caller, httplib::Response& res) {
  auto snap = registry_snapshot(api, res);
  if (!snap) return;
  std::vector<std::string> units;
  for (const auto& unit : (*snap)->ws.registry.units()) units.push_back(unit.name);
  auto plan = auth::plan_unit_accounts(api.store, units, api.now());
  if (!plan) return send_error(res, 500, plan.error());
  if (auto created = auth::create_unit_accounts(api.store, *plan, caller.user.name, api.now()); !created)
    return send_error(res, 409, fmt::format("未创建单位账号：{}", created.error()));
  Json accounts = Json::array();
  for (const auto& account : plan->accounts) accounts.push_back({{"unit", account.unit}, {"name", account.name}});
  Json body{{"created", plan->accounts.size()}, {"existing", plan->existing}, {"accounts", accounts}};
  if (!plan->accounts.empty()) {
    body["file"] = auth::k_unit_accounts_file;
    body["csv"] = auth::unit_accounts_csv(plan->accounts);
  }
  send_json(res, plan->accounts.empty() ? 200 : 201, body);
}

} // namespace

void register_user_routes(Api& api) {
  api.http.Get("/api/v1/users", admin_only(api, Access::Read, [&api](const Caller&, const auto&, auto& res) {
                 Json users = Json::array();
                 for (const auto& u : api.store.users()) users.push_back(listed_user_json(u));
                 send_json(res, 200, {{"users", users}});
               }));
  api.http.Post("/api/v1/users", admin_only(api, Access::Write, [&api](const Caller& c, const auto& req, auto& res) {
                  add_user(api, c, req, res);
                }));
  api.http.Post("/api/v1/users/units", admin_only(api, Access::Write, [&api](const Caller& c, const auto&, auto& res) {
                  create_unit_accounts(api, c, res);
                }));
  api.http.Put(R"(/api/v1/users/([^/]+))", admin_only(api, Access::Write, [&api](const Caller& c, const auto& req, auto& res) {
                 edit_user(api, c, req.matches[1].str(), req, res);
               }));
}

} // namespace zwgk::server
