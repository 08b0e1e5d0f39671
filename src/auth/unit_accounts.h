// Every unit's account from the registry in one step, with one-time
// passwords handed out as a file (zwgk user create-units, POST
// /api/v1/users/units).
//
// A unit "has an account" when some user of role unit belongs to it
// (disabled ones too), so a second run creates only the missing ones. A new
// account's login name is the unit's official name (正式名称: unique in the
// registry, known to the unit, and what the bulletin calls it; logins accept
// Chinese names); if a user of another unit or role already has that name,
// the first free of 名称2, 名称3, … is used. Its password is a
// one_time_password() that passes password_problem(), and the account must
// change it at the first login. The passwords exist in clear only in the
// plan and the file made from it: the store keeps their argon2id hashes.
#pragma once

#include "auth/password.h"
#include "store/store.h"

#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::auth {

inline constexpr std::string_view k_action_create_unit_accounts = "创建单位账号";
// The file's name as the web downloads it and the CLI suggests it.
inline constexpr std::string_view k_unit_accounts_file = "单位账号.csv";

struct UnitAccount {
  std::string unit;      // official name
  std::string name;      // login name
  std::string password;  // one-time password, in clear
};

struct UnitAccountPlan {
  std::vector<UnitAccount> accounts;  // the units without an account, in the order given
  std::vector<store::User> users;     // the same accounts as stored (hashed, must change the password)
  std::size_t existing = 0;           // units that already have an account
};

// The accounts to create for `units` (official names, in registry order);
// hashes the one-time passwords at HashCost::HighEntropy (password.h: they
// are random, so stretching adds nothing). Fails only when hashing does.
std::expected<UnitAccountPlan, std::string> plan_unit_accounts(store::Store& store, std::span<const std::string> units,
                                                               std::int64_t now);

// Stores the plan's users and one audit entry (actor, k_action_create_unit_accounts,
// the counts) in one transaction: all or none. An empty plan stores nothing.
store::Status create_unit_accounts(store::Store& store, const UnitAccountPlan& plan, std::string_view actor,
                                   std::int64_t now);

// The file handed out: UTF-8 with a BOM (so Excel and WPS read it), CRLF,
// columns 单位, 用户名, 初始密码, cells that look like formulas neutralised.
std::string unit_accounts_csv(std::span<const UnitAccount> accounts);

} // namespace zwgk::auth
