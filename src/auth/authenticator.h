// Logging in and out, and recognizing a session from its cookie token.
//
// login() checks a name and password against the store's users and opens
// an 8-hour session. Every attempt is counted BEFORE its password is
// checked: Store::admit_login_attempt() decides and records it in one
// transaction (atomic across threads and processes), so a burst of
// concurrent attempts is checked no more often than the same attempts one
// after the other. An attempt that logs in withdraws its count; any other
// (a wrong password, an unknown name, a disabled account) stays a failure.
//
// Throttling is back-off, not an account lock, and it is kept per client:
//  - A client is a login device (a browser in which this user has logged in
//    before, known by its device cookie, LoginOk::device) or, for anyone
//    else, the pair (client address, login name). Each client has
//    k_free_login_failures attempts; after that, each further attempt must
//    wait k_first_login_delay_seconds after the client's last failure,
//    twice as long after each further failure, at most
//    k_max_login_delay_seconds.
//  - Clients without a device cookie for the name are also throttled
//    together: per login name over all addresses (k_free_name_failures, then
//    the same back-off: guessing one password from many addresses), and per
//    address over all names (k_free_address_failures: trying many names from
//    one place).
//  - A device's attempts count only against the device. So nobody can keep
//    a user out of a browser the user has logged in from: strangers'
//    failures (any number, from anywhere, the same address included) never
//    delay it. What strangers can slow down is logging in from a new
//    browser while they guess at the name; a device forgets its failures
//    when it logs in.
//  - Failures are forgotten after k_login_failure_memory_seconds; a right
//    password clears its client's failures (not the name's or the
//    address's: those are strangers' too).
// Refused attempts are not checked and do not count, so a wait ends on time.
//
// An unknown name costs the same password verification as a known one, and
// a disabled account is reported only when its password is right, so
// answers and timing do not tell which names exist.
//
// The audit log gets every checked attempt ("登录", or "登录失败" with the
// reason), target the login name, detail the client address. Refused
// attempts are summed instead (auth/refusals.h: one entry per address and
// window). So an anonymous caller can make the server write no more than
// its admitted failures (bounded by the back-off) and one entry per window.
//
// These are security settings of the workspace, not assessment rules, so
// they live here and not in the scheme.
#pragma once

#include "auth/password.h"
#include "auth/refusals.h"
#include "auth/session_cache.h"
#include "store/store.h"

#include <cstdint>
#include <expected>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace zwgk::auth {

inline constexpr std::int64_t k_session_seconds = 8 * 60 * 60;
// A login device is trusted this long after the login that made it (a
// browser not used for half a year is treated as a new one).
inline constexpr std::int64_t k_device_seconds = 180 * 24 * 60 * 60;

// Attempts a client (device, or address and name) has before backing off:
// enough for a few typing mistakes.
inline constexpr int k_free_login_failures = 5;
// Attempts for one name from clients without its device cookie, all
// addresses together: a few users mistyping from new browsers.
inline constexpr int k_free_name_failures = 10;
// Attempts from one address without a device cookie, all names together:
// an office behind one NAT address has many users.
inline constexpr int k_free_address_failures = 20;
// The back-off: 1, 2, 4, … minutes, at most an hour (about 24 guesses a
// day per client once the free attempts are used).
inline constexpr std::int64_t k_first_login_delay_seconds = 60;
inline constexpr std::int64_t k_max_login_delay_seconds = 60 * 60;
inline constexpr std::int64_t k_login_failure_memory_seconds = 24 * 60 * 60;

inline constexpr std::string_view k_action_login = "登录";
inline constexpr std::string_view k_action_change_password = "修改密码";
inline constexpr std::string_view k_action_change_password_failed = "修改密码失败";
inline constexpr std::string_view k_action_login_failed = "登录失败";
// The audit log's user for attempts that did not log anyone in.
inline constexpr std::string_view k_anonymous_user = "（未登录）";

struct LoginRequest {
  std::string_view name;
  std::string_view password;
  std::string_view client_address;  // may be empty (then the address is not throttled)
  std::string_view device_token;    // the device cookie; may be empty
};

struct LoginOk {
  std::string token;   // for the session cookie; only its hash is stored
  std::string csrf;    // for the X-CSRF-Token header
  std::string device;  // a new device cookie's token, or "" when the one sent stays valid
  store::User user;
};
struct WrongCredentials {};  // unknown name or wrong password: the same answer
struct Throttled {
  std::int64_t retry_after_seconds = 0;  // >= 1
};
struct Disabled {};          // right password, account disabled
struct StoreFailure {        // the store could not count the attempt or record the session
  std::string message;
};
using LoginResult = std::variant<LoginOk, WrongCredentials, Throttled, Disabled, StoreFailure>;

struct Authenticated {
  store::User user;
  store::Session session;
};

// Why change_password() did not change the password; message in Chinese.
struct PasswordRefused {
  enum class Why { WrongCurrent, Weak, Throttled, StoreFailure };
  Why why = Why::Weak;
  std::string message;
  std::int64_t retry_after_seconds = 0;  // for Throttled
};

class Authenticator {
public:
  // cost is for the stand-in hash verified for unknown names, which must
  // cost what real users' hashes do: Interactive in production.
  explicit Authenticator(store::Store& store, HashCost cost = HashCost::Interactive);
  Authenticator(const Authenticator&) = delete;
  Authenticator& operator=(const Authenticator&) = delete;

  LoginResult login(const LoginRequest& request, std::int64_t now);

  // The session's user for a cookie token; nullopt when the token is
  // unknown or expired, or the user is gone or disabled. Answered from
  // SessionCache while the store's change_counter() stays the same.
  std::optional<Authenticated> authenticate(std::string_view token, std::int64_t now);

  store::Status logout(std::string_view token);

  // Users setting their own password: `current` must be their password
  // (wrong guesses are throttled as logins are, per user: a stolen session
  // cannot try passwords faster than a login form), `next` must pass
  // password_problem() and differ from it. Then the new hash is stored, the
  // must-change flag cleared and every other session of the user ended (the
  // caller's stays) in one write, and it is audited.
  std::expected<void, PasswordRefused> change_password(const Authenticated& who, std::string_view current,
                                                       std::string_view next, std::int64_t now);

  // The refused attempts not yet in the audit log (tests; the server's
  // shutdown writes them by destroying the Authenticator).
  RefusalLog& refusals() { return m_refusals; }

private:
  const std::string& stand_in_hash();
  // The throttling keys of an attempt: its device's alone when the device
  // cookie is valid for user, else the pair's, the name's and the address's.
  std::vector<std::string> throttling_keys(const LoginRequest& request, const std::optional<store::User>& user,
                                           std::int64_t now);
  void audit(std::int64_t now, std::string_view user, std::string_view action, std::string_view name,
             std::string detail);

  store::Store& m_store;
  SessionCache m_sessions;  // issue 19: no query per request while the database is unchanged
  HashCost m_cost;
  std::once_flag m_stand_in_once;
  std::string m_stand_in_hash;
  RefusalLog m_refusals;
};

} // namespace zwgk::auth
