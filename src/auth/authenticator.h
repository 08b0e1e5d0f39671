// Logging in and out, and recognizing a session from its cookie token.
//
// login() checks a name and password against the store's users and opens
// an 8-hour session. Brute force is throttled: after k_max_login_failures
// failures within k_login_failure_window_seconds for the same login name,
// or from the same client address, further attempts for that name or from
// that address are refused — even with the right password, which is not
// checked — until the oldest of those failures leaves the window. Refused
// attempts do not count as failures (so the lock ends on its own), and a
// successful login clears the name's failures (not the address's: one
// user's success says nothing about other names tried from there).
//
// An unknown name costs the same password verification as a known one, and
// a disabled account is reported only when its password is right, so
// answers and timing do not tell which names exist.
//
// Every attempt is appended to the audit log: "登录" or "登录失败", target
// the login name, detail the client address (and why it failed).
//
// These are security settings of the workspace, not assessment rules, so
// they live here and not in the scheme.
#pragma once

#include "auth/password.h"
#include "store/store.h"

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace zwgk::auth {

inline constexpr std::int64_t k_session_seconds = 8 * 60 * 60;
inline constexpr int k_max_login_failures = 5;
inline constexpr std::int64_t k_login_failure_window_seconds = 15 * 60;
// Login names longer than this are cut in the audit log (they are typed by anyone).
inline constexpr std::size_t k_max_audited_name_chars = 64;

inline constexpr std::string_view k_action_login = "登录";
inline constexpr std::string_view k_action_login_failed = "登录失败";
// The audit log's user for attempts that did not log anyone in.
inline constexpr std::string_view k_anonymous_user = "（未登录）";

struct LoginOk {
  std::string token;  // for the session cookie; only its hash is stored
  std::string csrf;   // for the X-CSRF-Token header
  store::User user;
};
struct WrongCredentials {};  // unknown name or wrong password: the same answer
struct Throttled {
  std::int64_t retry_after_seconds = 0;  // >= 1
};
struct Disabled {};          // right password, account disabled
struct StoreFailure {        // the store could not record the session
  std::string message;
};
using LoginResult = std::variant<LoginOk, WrongCredentials, Throttled, Disabled, StoreFailure>;

struct Authenticated {
  store::User user;
  store::Session session;
};

class Authenticator {
public:
  // cost is for the stand-in hash verified for unknown names, which must
  // cost what real users' hashes do: Interactive in production.
  explicit Authenticator(store::Store& store, HashCost cost = HashCost::Interactive);

  // client_address may be empty (then only the name is throttled).
  LoginResult login(std::string_view name, std::string_view password, std::string_view client_address,
                    std::int64_t now);

  // The session's user for a cookie token; nullopt when the token is
  // unknown or expired, or the user is gone or disabled.
  std::optional<Authenticated> authenticate(std::string_view token, std::int64_t now);

  store::Status logout(std::string_view token);

private:
  // Seconds until key may try again, or nullopt if it may now.
  std::optional<std::int64_t> locked_for(const std::string& key, std::int64_t now);
  const std::string& stand_in_hash();
  void audit(std::int64_t now, std::string_view user, std::string_view action, std::string_view name,
             std::string detail);

  store::Store& m_store;
  HashCost m_cost;
  std::once_flag m_stand_in_once;
  std::string m_stand_in_hash;
};

} // namespace zwgk::auth
