#include "auth/refusals.h"

#include "auth/authenticator.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>

namespace zwgk::auth {
namespace {

// The audit entry of one window.
store::AuditEntry summary(const std::string& address, std::int64_t first, std::int64_t last, std::int64_t count,
                          const std::map<std::string, std::int64_t>& names, std::int64_t other_names) {
  std::vector<std::pair<std::string, std::int64_t>> listed(names.begin(), names.end());
  std::stable_sort(listed.begin(), listed.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> parts;
  for (const auto& [name, n] : listed) parts.push_back(fmt::format("{} {} 次", name, n));
  if (other_names > 0) parts.push_back(fmt::format("其他用户名 {} 次", other_names));
  const std::string target = listed.size() == 1 && other_names == 0 ? listed.front().first : "多个用户名";
  const std::int64_t minutes = (last - first) / 60 + 1;
  return {0,
          last,
          std::string(k_anonymous_user),
          std::string(k_action_login_failed),
          target,
          fmt::format("地址：{}；登录失败次数过多，此前 {} 分钟内拒绝了 {} 次登录（未核对密码）：{}", address, minutes,
                      count, join(parts, "、"))};
}

} // namespace

std::string audited_text(std::string_view text, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (chars++ == max_chars) return std::string(text.substr(0, i)) + "…";
  }
  return std::string(text);
}

RefusalLog::~RefusalLog() { flush(m_last_now, Flush::All); }

void RefusalLog::note(std::string_view address, std::string_view name, std::int64_t now) {
  std::vector<store::AuditEntry> ended;
  {
    std::lock_guard lock(m_mutex);
    ended = take_ended_locked(now, Flush::Ended);
    std::string key = audited_text(address.empty() ? std::string_view("未知") : address);
    if (!m_windows.contains(key) && m_windows.size() >= k_max_refusal_addresses) key = k_other_addresses;
    Window& window = m_windows[key];
    if (window.count == 0) window.first = now;
    window.last = std::max(window.last, now);
    ++window.count;
    std::string cut = audited_text(name);
    if (auto it = window.names.find(cut); it != window.names.end()) ++it->second;
    else if (window.names.size() < k_max_refusal_names) window.names.emplace(std::move(cut), 1);
    else ++window.other_names;
  }
  write(ended);
}

void RefusalLog::flush(std::int64_t now, Flush which) {
  std::vector<store::AuditEntry> ended;
  {
    std::lock_guard lock(m_mutex);
    ended = take_ended_locked(now, which);
  }
  write(ended);
}

std::vector<store::AuditEntry> RefusalLog::take_ended_locked(std::int64_t now, Flush which) {
  m_last_now = std::max(m_last_now, now);
  std::vector<store::AuditEntry> out;
  for (auto it = m_windows.begin(); it != m_windows.end();) {
    const Window& w = it->second;
    if (which == Flush::All || now >= w.first + k_refusal_window_seconds) {
      out.push_back(summary(it->first, w.first, w.last, w.count, w.names, w.other_names));
      it = m_windows.erase(it);
    } else {
      ++it;
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
  return out;
}

void RefusalLog::write(const std::vector<store::AuditEntry>& entries) {
  // A failed audit write must not turn a login into an error; the store's
  // next write reports a broken database.
  for (const auto& entry : entries) (void)m_store.append_audit(entry);
}

} // namespace zwgk::auth
