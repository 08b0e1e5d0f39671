// Refused login attempts, summed for the audit log.
//
// A throttled attempt (authenticator.h) is not checked, and it is not
// written to the audit log on its own either: anyone can send thousands a
// second, and the log cannot be trimmed. RefusalLog counts them in memory
// per client address and window — the window starts at the address's first
// refusal and lasts k_refusal_window_seconds — and writes one "登录失败"
// entry per window: how many attempts were refused, for which names (at most
// k_max_refusal_names listed with their counts, the rest counted together).
// At most k_max_refusal_addresses addresses are counted apart in the open
// windows; refusals from further addresses are pooled in one window under
// the address "其他地址". So refusals add at most k_max_refusal_addresses + 1
// entries per window, whatever their number.
//
// A window's entry is written by the first note() or flush() after the
// window ends (the Authenticator calls flush() on every login attempt), and
// every open window's when the RefusalLog is destroyed (the server stops);
// a killed process loses the counts of its open windows. The entry's time
// is the window's last refusal. Thread-safe.
#pragma once

#include "store/store.h"

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::auth {

inline constexpr std::int64_t k_refusal_window_seconds = 15 * 60;
inline constexpr std::size_t k_max_refusal_addresses = 100;
inline constexpr std::size_t k_max_refusal_names = 10;
// The address of the pooled window.
inline constexpr std::string_view k_other_addresses = "其他地址";
// Login names (typed by anyone) and addresses are cut to this many
// characters in the audit log.
inline constexpr std::size_t k_max_audited_name_chars = 64;

// At most max_chars code points of text (cut at a character boundary, "…" added).
std::string audited_text(std::string_view text, std::size_t max_chars = k_max_audited_name_chars);

class RefusalLog {
public:
  explicit RefusalLog(store::Store& store) : m_store(store) {}
  ~RefusalLog();
  RefusalLog(const RefusalLog&) = delete;
  RefusalLog& operator=(const RefusalLog&) = delete;

  // One refused attempt for `name` (cut for the log) from `address`.
  void note(std::string_view address, std::string_view name, std::int64_t now);

  enum class Flush { Ended, All };
  // Writes the windows that ended by now (Ended), or all (All).
  void flush(std::int64_t now, Flush which);

private:
  struct Window {
    std::int64_t first = 0, last = 0, count = 0;
    std::map<std::string, std::int64_t> names;  // at most k_max_refusal_names
    std::int64_t other_names = 0;               // attempts for names not listed
  };

  std::vector<store::AuditEntry> take_ended_locked(std::int64_t now, Flush which);
  void write(const std::vector<store::AuditEntry>& entries);

  store::Store& m_store;
  std::mutex m_mutex;
  std::map<std::string, Window, std::less<>> m_windows;  // by address
  std::int64_t m_last_now = 0;                            // the destructor's "now"
};

} // namespace zwgk::auth
