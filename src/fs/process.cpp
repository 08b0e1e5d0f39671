#include "fs/process.h"

#include "fs/write_steps.h"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace zwgk::fs {
namespace {

// The child's environment: ours with `extra` set (replacing same names).
std::vector<std::string> child_environment(const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::string> out;
  for (char** e = environ; *e; ++e) {
    std::string_view entry = *e;
    bool replaced = false;
    for (const auto& [name, value] : extra) replaced = replaced || entry.starts_with(name + "=");
    if (!replaced) out.emplace_back(entry);
  }
  for (const auto& [name, value] : extra) out.push_back(name + "=" + value);
  return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Reads the child's output until it closes the pipe or the deadline passes.
bool drain(int fd, std::string& output, std::chrono::steady_clock::time_point deadline) {
  char buffer[4096];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return ready == 0 ? false : true;
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    if (output.size() < (1u << 20)) output.append(buffer, static_cast<std::size_t>(n));
  }
}

} // namespace

std::filesystem::path find_program(std::string_view name) {
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/bin:/bin";
  while (!dirs.empty()) {
    std::size_t colon = dirs.find(':');
    std::filesystem::path candidate = std::filesystem::path(dirs.substr(0, colon)) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    if (colon == std::string_view::npos) break;
    dirs.remove_prefix(colon + 1);
  }
  return {};
}

std::expected<ProcessResult, std::string> run_process(const std::filesystem::path& program,
                                                      const std::vector<std::string>& args,
                                                      const std::vector<std::pair<std::string, std::string>>& env,
                                                      std::chrono::seconds timeout) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return std::unexpected(fmt::format("无法启动 {}：{}", program.string(), std::strerror(errno)));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<std::string> argv_strings{program.string()};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<std::string> env_strings = child_environment(env);
  auto argv = pointers(argv_strings);
  auto envp = pointers(env_strings);
  // Its own process group, so that a timeout also stops what it started.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  pid_t pid = 0;
  int spawned = ::posix_spawn(&pid, program.c_str(), &actions, &attributes, argv.data(), envp.data());
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  if (spawned != 0) {
    ::close(pipe_fds[0]);
    return std::unexpected(fmt::format("无法启动 {}：{}", program.string(), std::strerror(spawned)));
  }
  ProcessResult result;
  bool finished = drain(pipe_fds[0], result.output, std::chrono::steady_clock::now() + timeout);
  ::close(pipe_fds[0]);
  if (!finished) ::kill(-pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  if (!finished) return std::unexpected(fmt::format("{} 超过 {} 秒未完成，已终止", program.filename().string(), timeout.count()));
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

namespace {

constexpr std::string_view k_temp_prefix = "zwgk-";

// The pid in "zwgk-<pid>-XXXXXX"; 0 for other names.
pid_t temp_dir_owner(std::string_view name) {
  if (!name.starts_with(k_temp_prefix)) return 0;
  name.remove_prefix(k_temp_prefix.size());
  const auto dash = name.find('-');
  if (dash == std::string_view::npos || name.size() - dash - 1 != 6) return 0;
  pid_t pid = 0;
  auto [end, ec] = std::from_chars(name.data(), name.data() + dash, pid);
  return ec == std::errc() && end == name.data() + dash ? pid : 0;
}

// Folders that killed runs left in the temporary directory (a trial copy of
// a data directory can be tens of megabytes); others' and live runs' stay.
void remove_dead_temp_dirs(const std::filesystem::path& root) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(root, ec))
    if (steps::process_gone(temp_dir_owner(entry.path().filename().string())) && entry.is_directory(ec))
      (void)steps::remove(entry.path());
}

} // namespace

std::expected<TempDir, std::string> TempDir::create() {
  std::error_code ec;
  const auto root = std::filesystem::temp_directory_path(ec);
  if (ec) return std::unexpected(fmt::format("无法创建临时目录：{}", steps::reason(ec.value())));
  remove_dead_temp_dirs(root);
  std::string pattern = (root / fmt::format("{}{}-XXXXXX", k_temp_prefix, ::getpid())).string();
  if (!::mkdtemp(pattern.data())) return std::unexpected(fmt::format("无法创建临时目录：{}", steps::reason(errno)));
  return TempDir(pattern);
}

TempDir::~TempDir() {
  if (m_path.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(m_path, ec);
}

} // namespace zwgk::fs
