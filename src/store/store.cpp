#include "store/store.h"

#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace zwgk::store {
namespace {

struct RoleNames {
  Role role;
  std::string_view code;
  std::string_view chinese;  // accepted by parse_role
  std::string_view title;
};

constexpr std::array<RoleNames, 3> k_roles = {{
    {Role::Admin, "admin", "管理员", "管理员"},
    {Role::Unit, "unit", "单位", "单位用户"},
    {Role::Viewer, "viewer", "只读", "只读用户"},
}};

const RoleNames& names_of(Role role) {
  return *std::find_if(k_roles.begin(), k_roles.end(), [&](const RoleNames& r) { return r.role == role; });
}

bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
  });
}

} // namespace

std::string_view role_code(Role role) { return names_of(role).code; }

std::string_view role_title(Role role) { return names_of(role).title; }

std::optional<Role> parse_role(std::string_view code) {
  for (const auto& r : k_roles)
    if (code == r.code || code == r.chinese || code == r.title) return r.role;
  return std::nullopt;
}

Status check_user(const User& user) {
  const std::string& name = user.name;
  if (name.empty()) return std::unexpected("用户名不能为空");
  if (!is_valid_utf8(name)) return std::unexpected("用户名含有无效的字符编码");
  if (has_control_character(name)) return std::unexpected("用户名不能含有控制字符");
  if (trim(name).size() != name.size()) return std::unexpected("用户名前后不能有空格");
  if (code_point_count(name) > k_max_user_name_chars)
    return std::unexpected(fmt::format("用户名太长（最多 {} 个字）", k_max_user_name_chars));
  if (user.role == Role::Unit && user.unit.empty())
    return std::unexpected(fmt::format("单位用户“{}”必须指定所属单位", name));
  if (user.role != Role::Unit && !user.unit.empty())
    return std::unexpected(fmt::format("只有单位用户才能指定所属单位（用户“{}”是{}）", name, role_title(user.role)));
  if (user.password_hash.empty()) return std::unexpected(fmt::format("用户“{}”没有密码", name));
  return {};
}

bool ends_sessions(const User& before, const User& after) {
  return after.password_hash != before.password_hash || before.disabled || after.disabled;
}

} // namespace zwgk::store
