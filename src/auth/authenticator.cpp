#include "auth/authenticator.h"

#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>

namespace zwgk::auth {
namespace {

// Throttling keys: names and addresses in one table, kept apart by prefix.
std::string name_key(std::string_view name) { return "name:" + std::string(name); }
std::string address_key(std::string_view address) { return "addr:" + std::string(address); }

// At most max_chars code points of text (cut at a character boundary).
std::string cut(std::string_view text, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (chars++ == max_chars) return std::string(text.substr(0, i)) + "…";
  }
  return std::string(text);
}

} // namespace

Authenticator::Authenticator(store::Store& store, HashCost cost) : m_store(store), m_cost(cost) {}

const std::string& Authenticator::stand_in_hash() {
  std::call_once(m_stand_in_once, [this] {
    // Any password will do: nobody can log in with it, it only costs time.
    m_stand_in_hash = hash_password(random_token(), m_cost).value_or(std::string());
  });
  return m_stand_in_hash;
}

std::optional<std::int64_t> Authenticator::locked_for(const std::string& key, std::int64_t now) {
  // Failures "within the window" at `now` are those at > now - window.
  auto times = m_store.login_failure_times(key, now - k_login_failure_window_seconds + 1);
  if (times.size() < static_cast<std::size_t>(k_max_login_failures)) return std::nullopt;
  // Times are newest first: the lock ends when the k-th newest leaves the window.
  std::int64_t kth = times[static_cast<std::size_t>(k_max_login_failures) - 1];
  return std::max<std::int64_t>(1, kth + k_login_failure_window_seconds - now);
}

void Authenticator::audit(std::int64_t now, std::string_view user, std::string_view action, std::string_view name,
                          std::string detail) {
  // A failed audit write must not turn a login into an error; the store's
  // next write reports a broken database.
  (void)m_store.append_audit({0, now, std::string(user), std::string(action),
                              cut(name, k_max_audited_name_chars), std::move(detail)});
}

LoginResult Authenticator::login(std::string_view name, std::string_view password, std::string_view client_address,
                                 std::int64_t now) {
  std::string address = client_address.empty() ? std::string("未知") : cut(client_address, 64);
  std::string by_name = name_key(name);
  std::optional<std::int64_t> lock = locked_for(by_name, now);
  if (!client_address.empty()) {
    auto by_address = locked_for(address_key(client_address), now);
    if (by_address && (!lock || *by_address > *lock)) lock = by_address;
  }
  if (lock) {
    audit(now, k_anonymous_user, k_action_login_failed, name,
          fmt::format("地址：{}；登录失败次数过多，已拒绝，{}秒后可再试", address, *lock));
    return Throttled{*lock};
  }

  auto user = m_store.find_user(name);
  // Unknown names verify against a stand-in hash, so they take as long as known ones.
  bool password_ok = verify_password(password, user ? user->password_hash : stand_in_hash()) && user;
  if (!password_ok) {
    (void)m_store.record_login_failure(by_name, now);
    if (!client_address.empty()) (void)m_store.record_login_failure(address_key(client_address), now);
    (void)m_store.delete_login_failures_before(now - k_login_failure_window_seconds);
    audit(now, k_anonymous_user, k_action_login_failed, name,
          fmt::format("地址：{}；用户名或密码错误", address));
    return WrongCredentials{};
  }
  if (user->disabled) {
    audit(now, k_anonymous_user, k_action_login_failed, name, fmt::format("地址：{}；账号已停用", address));
    return Disabled{};
  }

  (void)m_store.clear_login_failures(by_name);
  (void)m_store.delete_expired_sessions(now);
  LoginOk ok{random_token(), random_token(), *user};
  store::Session session{token_hash(ok.token), user->id, ok.csrf, now, now + k_session_seconds};
  if (auto saved = m_store.put_session(session); !saved) return StoreFailure{saved.error()};
  audit(now, user->name, k_action_login, name, fmt::format("地址：{}", address));
  return ok;
}

std::optional<Authenticated> Authenticator::authenticate(std::string_view token, std::int64_t now) {
  if (token.empty()) return std::nullopt;
  auto session = m_store.find_session(token_hash(token), now);
  if (!session) return std::nullopt;
  auto user = m_store.user_by_id(session->user_id);
  if (!user || user->disabled) return std::nullopt;
  return Authenticated{std::move(*user), std::move(*session)};
}

store::Status Authenticator::logout(std::string_view token) { return m_store.delete_session(token_hash(token)); }

} // namespace zwgk::auth
