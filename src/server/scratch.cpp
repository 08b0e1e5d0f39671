#include "server/scratch.h"

#include <fmt/format.h>

#include <atomic>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>

#include <sys/stat.h>
#include <unistd.h>

namespace zwgk::server {
namespace {

constexpr std::string_view k_prefix = "zwgk-serve-";

std::optional<unsigned long long> number(std::string_view text) {
  unsigned long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Whether `name` is a server's folder ("zwgk-serve-PID-START-N") whose process no longer runs.
bool is_stale(std::string_view name) {
  if (!name.starts_with(k_prefix)) return false;
  name.remove_prefix(k_prefix.size());
  const std::size_t first = name.find('-'), second = name.find('-', first + 1);
  if (first == std::string_view::npos || second == std::string_view::npos) return false;
  auto pid = number(name.substr(0, first));
  auto start = number(name.substr(first + 1, second - first - 1));
  if (!pid || !start || !number(name.substr(second + 1))) return false;
  return process_start_time(static_cast<long>(*pid)) != start;
}

std::size_t remove_stale(const std::filesystem::path& base) {
  std::size_t removed = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(base, ec)) {
    const std::string name = entry.path().filename().string();
    if (!is_stale(name) || !entry.is_directory(ec) || entry.is_symlink(ec)) continue;
    std::error_code removing;
    std::filesystem::remove_all(entry.path(), removing);
    if (!removing) ++removed;
  }
  return removed;
}

} // namespace

std::optional<unsigned long long> process_start_time(long pid) {
  std::ifstream stat(fmt::format("/proc/{}/stat", pid));
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const std::size_t comm_end = text.rfind(')');  // the command name may hold spaces and parentheses
  if (comm_end == std::string::npos) return std::nullopt;
  std::istringstream fields(text.substr(comm_end + 1));
  std::string field;
  for (int i = 3; i <= 22 && fields >> field; ++i)  // fields 3 (state) to 22 (starttime)
    if (i == 22) return number(field);
  return std::nullopt;
}

std::expected<ScratchRoot, std::string> ScratchRoot::claim(const std::filesystem::path& base) {
  static std::atomic<unsigned> sequence{0};
  const std::size_t removed = remove_stale(base);
  const long pid = static_cast<long>(::getpid());
  const auto start = process_start_time(pid);
  if (!start) return std::unexpected("无法读取本进程的启动时间（/proc/self/stat）");
  const auto path = base / fmt::format("{}{}-{}-{}", k_prefix, pid, *start, sequence++);
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
  if (::mkdir(path.c_str(), 0700) != 0)
    return std::unexpected(fmt::format("无法建立临时目录“{}”：{}", path.string(), std::strerror(errno)));
  std::optional<std::string> previous;
  if (const char* tmpdir = std::getenv("TMPDIR")) previous = tmpdir;
  ::setenv("TMPDIR", path.c_str(), 1);
  return ScratchRoot(path, std::move(previous), removed);
}

ScratchRoot::ScratchRoot(ScratchRoot&& other) noexcept
    : m_path(std::exchange(other.m_path, {})), m_previous(std::move(other.m_previous)), m_removed(other.m_removed) {}

ScratchRoot::~ScratchRoot() {
  if (m_path.empty()) return;
  if (m_previous) ::setenv("TMPDIR", m_previous->c_str(), 1);
  else ::unsetenv("TMPDIR");
  std::error_code ec;
  std::filesystem::remove_all(m_path, ec);
}

} // namespace zwgk::server
