#include "auth/unit_accounts.h"

#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace zwgk::auth {
namespace {

// Tries before giving up on a password that passes the policy: a random
// 12-character password fails it about never, so this only bounds the loop.
constexpr int k_max_password_draws = 100;

// The first of name, name2, name3, … that nobody has.
std::string free_name(const std::string& unit, const std::set<std::string, std::less<>>& taken) {
  if (!taken.contains(unit)) return unit;
  for (int n = 2;; ++n)
    if (auto name = fmt::format("{}{}", unit, n); !taken.contains(name)) return name;
}

std::expected<std::string, std::string> policy_password(const std::string& name, const std::string& unit) {
  for (int i = 0; i < k_max_password_draws; ++i)
    if (auto password = one_time_password(); !password_problem(password, name, unit)) return password;
  return std::unexpected(fmt::format("未能为“{}”生成符合密码规则的初始密码", unit));
}

} // namespace

std::expected<UnitAccountPlan, std::string> plan_unit_accounts(store::Store& store, std::span<const std::string> units,
                                                               std::int64_t now) {
  std::set<std::string, std::less<>> taken, served;
  for (const auto& user : store.users()) {
    taken.insert(user.name);
    if (user.role == store::Role::Unit) served.insert(user.unit);
  }
  UnitAccountPlan plan;
  for (const auto& unit : units) {
    if (served.contains(unit)) {
      ++plan.existing;
      continue;
    }
    served.insert(unit);
    std::string name = free_name(unit, taken);
    taken.insert(name);
    auto password = policy_password(name, unit);
    if (!password) return std::unexpected(password.error());
    auto hash = hash_password(*password, HashCost::HighEntropy);
    if (!hash) return std::unexpected(hash.error());
    plan.users.push_back({0, name, store::Role::Unit, unit, std::move(*hash), now, false, true});
    plan.accounts.push_back({unit, std::move(name), std::move(*password)});
  }
  return plan;
}

store::Status create_unit_accounts(store::Store& store, const UnitAccountPlan& plan, std::string_view actor,
                                   std::int64_t now) {
  if (plan.users.empty()) return {};
  std::string detail = fmt::format("新建 {} 个单位账号（初始密码须在首次登录时修改）", plan.users.size());
  if (plan.existing > 0) detail += fmt::format("；{} 个单位已有账号", plan.existing);
  return store.add_users(plan.users, {0, now, std::string(actor), std::string(k_action_create_unit_accounts),
                                      std::string(k_unit_accounts_file), detail});
}

std::string unit_accounts_csv(std::span<const UnitAccount> accounts) {
  std::string out = "\xEF\xBB\xBF";
  append_csv_row(out, {"单位", "用户名", "初始密码"});
  for (const auto& account : accounts) append_csv_row(out, {account.unit, account.name, account.password});
  return out;
}

} // namespace zwgk::auth
