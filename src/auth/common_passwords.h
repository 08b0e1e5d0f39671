// The list of common passwords that auth::password_problem() refuses
// (password.h), kept apart from the policy's code as the data it is.
#pragma once

#include <span>
#include <string_view>

namespace zwgk::auth {

// The entries, lower case, each once. An entry is either a password as
// typed (digits only, or letters and digits mixed: 5201314, a123456,
// qq123456, 1q2w3e4r) or the core of a family of passwords: the letters
// that are left once digits and symbols before and after them are taken
// away (woaini for woaini1314, Woaini@520, 2024woaini). Short cores (fewer
// than three characters) match only as typed.
std::span<const std::string_view> common_passwords();

} // namespace zwgk::auth
