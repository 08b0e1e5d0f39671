#include "auth/authenticator.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace zwgk::auth {
namespace {

// Throttling keys, one table for every kind, kept apart by prefix. Names and
// addresses come from anyone and may be long: the keys hold their hashes.
std::string device_key(std::string_view device_hash) { return "device:" + std::string(device_hash); }
std::string pair_key(std::string_view address, std::string_view name) {
  return "pair:" + token_hash(std::string(address) + '\n' + std::string(name));
}
std::string name_key(std::string_view name) { return "name:" + token_hash(name); }
std::string address_key(std::string_view address) { return "addr:" + token_hash(address); }
std::string own_password_key(std::int64_t user_id) { return fmt::format("own:{}", user_id); }

// Seconds until a key with these failure times (newest first) may try
// again, or nullopt if it may now: `free` failures cost nothing, then the
// wait after the newest doubles with each failure beyond them.
std::optional<std::int64_t> back_off(const std::vector<std::int64_t>& times, int free, std::int64_t now) {
  if (times.size() < static_cast<std::size_t>(free)) return std::nullopt;
  const std::size_t doublings = std::min<std::size_t>(times.size() - static_cast<std::size_t>(free), 20);
  const std::int64_t wait = std::min(k_first_login_delay_seconds << doublings, k_max_login_delay_seconds);
  const std::int64_t until = times.front() + wait;
  if (now >= until) return std::nullopt;
  return until - now;
}

// The rule for an attempt's keys, as throttling_keys() orders them: the
// first is the client's (device, or address and name), the others the
// name's and the address's.
store::LoginRule rule_for(std::int64_t now) {
  return [now](const std::vector<std::vector<std::int64_t>>& times) -> std::optional<std::int64_t> {
    constexpr std::array<int, 3> k_free = {k_free_login_failures, k_free_name_failures, k_free_address_failures};
    std::optional<std::int64_t> wait;
    for (std::size_t i = 0; i < times.size() && i < k_free.size(); ++i)
      if (auto w = back_off(times[i], k_free[i], now); w && (!wait || *w > *wait)) wait = w;
    return wait;
  };
}

} // namespace

Authenticator::Authenticator(store::Store& store, HashCost cost) : m_store(store), m_cost(cost), m_refusals(store) {}

const std::string& Authenticator::stand_in_hash() {
  std::call_once(m_stand_in_once, [this] {
    // Any password will do: nobody can log in with it, it only costs time.
    m_stand_in_hash = hash_password(random_token(), m_cost).value_or(std::string());
  });
  return m_stand_in_hash;
}

std::vector<std::string> Authenticator::throttling_keys(const LoginRequest& request,
                                                        const std::optional<store::User>& user, std::int64_t now) {
  if (user && !request.device_token.empty()) {
    const std::string hash = token_hash(request.device_token);
    if (auto device = m_store.find_login_device(hash, now); device && device->user_id == user->id)
      return {device_key(hash)};
  }
  std::vector<std::string> keys{pair_key(request.client_address, request.name), name_key(request.name)};
  if (!request.client_address.empty()) keys.push_back(address_key(request.client_address));
  return keys;
}

void Authenticator::audit(std::int64_t now, std::string_view user, std::string_view action, std::string_view name,
                          std::string detail) {
  // A failed audit write must not turn a login into an error; the store's
  // next write reports a broken database.
  (void)m_store.append_audit(
      {0, now, std::string(user), std::string(action), audited_text(name), std::move(detail)});
}

LoginResult Authenticator::login(const LoginRequest& request, std::int64_t now) {
  m_refusals.flush(now, RefusalLog::Flush::Ended);
  const std::string address = request.client_address.empty() ? std::string("未知") : audited_text(request.client_address);
  auto user = m_store.find_user(request.name);
  const std::vector<std::string> keys = throttling_keys(request, user, now);
  auto admission = m_store.admit_login_attempt(keys, now - k_login_failure_memory_seconds + 1, now, rule_for(now));
  if (!admission) return StoreFailure{admission.error()};
  if (admission->attempt == 0) {
    m_refusals.note(request.client_address, request.name, now);
    return Throttled{std::max<std::int64_t>(1, admission->retry_after)};
  }

  // Unknown names verify against a stand-in hash, so they take as long as known ones.
  bool password_ok = verify_password(request.password, user ? user->password_hash : stand_in_hash()) && user;
  if (!password_ok) {
    audit(now, k_anonymous_user, k_action_login_failed, request.name,
          fmt::format("地址：{}；用户名或密码错误", address));
    return WrongCredentials{};
  }
  if (user->disabled) {
    audit(now, k_anonymous_user, k_action_login_failed, request.name, fmt::format("地址：{}；账号已停用", address));
    return Disabled{};
  }

  (void)m_store.forget_login_attempt(admission->attempt);
  (void)m_store.clear_login_failures(keys.front());  // the client's own failures
  (void)m_store.delete_expired_sessions(now);
  LoginOk ok{random_token(), random_token(), {}, *user};
  store::Session session{token_hash(ok.token), user->id, ok.csrf, now, now + k_session_seconds};
  if (auto saved = m_store.put_session(session); !saved) return StoreFailure{saved.error()};
  if (keys.size() > 1) {  // not yet a device of this user: make it one
    ok.device = random_token();
    if (auto saved = m_store.put_login_device({token_hash(ok.device), user->id, now, now + k_device_seconds}); !saved)
      ok.device.clear();  // the login stands; the browser just stays a new one
  }
  audit(now, user->name, k_action_login, request.name, fmt::format("地址：{}", address));
  return ok;
}

std::optional<Authenticated> Authenticator::authenticate(std::string_view token, std::int64_t now) {
  if (token.empty()) return std::nullopt;
  const std::string hash = token_hash(token);
  const auto counter = m_store.change_counter();  // before the reads it vouches for
  if (counter)
    if (auto kept = m_sessions.find(hash, *counter, now)) return Authenticated{std::move(kept->first), std::move(kept->second)};
  auto session = m_store.find_session(hash, now);
  if (!session) return std::nullopt;
  auto user = m_store.user_by_id(session->user_id);
  if (!user || user->disabled) return std::nullopt;
  if (counter) m_sessions.keep(hash, *counter, *user, *session);
  return Authenticated{std::move(*user), std::move(*session)};
}

std::expected<void, PasswordRefused> Authenticator::change_password(const Authenticated& who,
                                                                    std::string_view current, std::string_view next,
                                                                    std::int64_t now) {
  using Why = PasswordRefused::Why;
  const std::vector<std::string> keys{own_password_key(who.user.id)};
  auto admission = m_store.admit_login_attempt(keys, now - k_login_failure_memory_seconds + 1, now, rule_for(now));
  if (!admission) return std::unexpected(PasswordRefused{Why::StoreFailure, admission.error()});
  if (admission->attempt == 0) {
    const std::int64_t wait = std::max<std::int64_t>(1, admission->retry_after);
    return std::unexpected(PasswordRefused{
        Why::Throttled, fmt::format("当前密码输错次数过多，请 {} 分钟后再试", (wait + 59) / 60), wait});
  }
  if (!verify_password(current, who.user.password_hash)) {
    audit(now, who.user.name, k_action_change_password_failed, who.user.name, "当前密码不正确");
    return std::unexpected(PasswordRefused{Why::WrongCurrent, "当前密码不正确"});
  }
  (void)m_store.forget_login_attempt(admission->attempt);
  if (next == current) return std::unexpected(PasswordRefused{Why::Weak, "新密码不能与当前密码相同"});
  if (auto problem = password_problem(next, who.user.name, who.user.unit))
    return std::unexpected(PasswordRefused{Why::Weak, *problem});
  auto hash = hash_password(next, m_cost);
  if (!hash) return std::unexpected(PasswordRefused{Why::StoreFailure, hash.error()});
  store::User user = who.user;
  user.password_hash = std::move(*hash);
  user.must_change_password = false;
  if (auto updated = m_store.update_user(user, who.session.token_hash); !updated)
    return std::unexpected(PasswordRefused{Why::StoreFailure, updated.error()});
  // The password is changed either way; a failed audit write shows at the store's next write.
  audit(now, user.name, k_action_change_password, user.name, "本人修改；该用户的其他会话均已结束");
  return {};
}

store::Status Authenticator::logout(std::string_view token) { return m_store.delete_session(token_hash(token)); }

} // namespace zwgk::auth
