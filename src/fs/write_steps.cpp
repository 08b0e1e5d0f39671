#include "fs/write_steps.h"

#include "fs/files.h"

#include <fmt/format.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

namespace zwgk::fs {
namespace {

std::atomic<WriteStepHook> g_hook{nullptr};

} // namespace

namespace steps {

std::string reason(int code) {
  switch (code) {
    case ENOSPC: return "磁盘空间不足";
    case EDQUOT: return "超出磁盘配额";
    case EACCES:
    case EPERM: return "没有权限";
    case EROFS: return "文件系统是只读的";
    case ENOENT: return "文件夹不存在";
    case EEXIST: return "已经存在";
    case EISDIR: return "是一个文件夹";
    case ENOTDIR: return "路径中有一部分不是文件夹";
    case ENOTEMPTY: return "文件夹不是空的";
    case ENAMETOOLONG: return "文件名太长";
    case EIO: return "读写磁盘时出错";
    case EMLINK: return "链接数超过上限";
    case ELOOP: return "链接层次太多";
    case EXDEV: return "不在同一个文件系统上";
    default: return fmt::format("系统错误 {}（{}）", code, std::strerror(code));
  }
}

int injected_failure(std::string_view step) {
  WriteStepHook hook = g_hook.load();
  return hook ? hook(step) : 0;
}

} // namespace steps

namespace {

std::string failed(std::string_view what, const std::filesystem::path& path, int code) {
  return fmt::format("{}“{}”失败：{}", what, display_name(path), steps::reason(code));
}

// Runs the hook; a failure it injects is returned like the system's.
int before(std::string_view verb, const std::filesystem::path& path) {
  return steps::injected_failure(fmt::format("{} {}", verb, path.string()));
}

} // namespace

void set_write_step_hook(WriteStepHook hook) { g_hook.store(hook); }

namespace steps {

std::string temp_suffix() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format(".tmp-{}-{:x}", ::getpid(), rng());
}

pid_t temp_owner(std::string_view name) {
  const auto at = name.rfind(".tmp-");
  if (at == std::string_view::npos) return 0;
  std::string_view rest = name.substr(at + 5);
  const auto dash = rest.find('-');
  if (dash == std::string_view::npos || dash + 1 == rest.size()) return 0;
  pid_t pid = 0;
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + dash, pid);
  if (ec != std::errc() || end != rest.data() + dash || pid <= 0) return 0;
  for (char c : rest.substr(dash + 1))
    if (!std::isxdigit(static_cast<unsigned char>(c))) return 0;
  return pid;
}

bool process_gone(pid_t pid) { return pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH; }

void remove_dead_temporaries(const std::filesystem::path& target, TempLinks links) {
  const std::string prefix = target.filename().string() + ".tmp-";
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(target.parent_path().empty() ? "." : target.parent_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(prefix) || name.find(".tmp-", prefix.size()) != std::string::npos || !temp_owner(name))
      continue;
    const bool link = links == TempLinks::Remove && entry.is_symlink(ec);
    if (link || process_gone(temp_owner(name))) (void)steps::remove(entry.path());
  }
}

std::expected<void, std::string> write_new_file(const std::filesystem::path& path, std::string_view data) {
  if (int code = before("write", path)) return std::unexpected(failed("写入", path, code));
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return std::unexpected(failed("创建", path, errno));
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int code = n < 0 ? errno : ENOSPC;
      ::close(fd);
      return std::unexpected(failed("写入", path, code));
    }
    done += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  const int code = errno;
  if (::close(fd) != 0 || !synced) return std::unexpected(failed("写入", path, synced ? errno : code));
  return {};
}

std::expected<void, std::string> sync(const std::filesystem::path& path) {
  if (int code = before("sync", path)) return std::unexpected(failed("写入", path, code));
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::unexpected(failed("打开", path, errno));
  const bool ok = ::fsync(fd) == 0 || errno == EINVAL;  // some file systems cannot flush a directory
  const int code = errno;
  ::close(fd);
  if (!ok) return std::unexpected(failed("写入", path, code));
  return {};
}

std::expected<void, std::string> make_directory(const std::filesystem::path& path) {
  if (int code = before("mkdir", path)) return std::unexpected(failed("创建文件夹", path, code));
  if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) return std::unexpected(failed("创建文件夹", path, errno));
  return {};
}

std::expected<void, std::string> rename(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (int code = before("rename", to)) return std::unexpected(failed("写入", to, code));
  if (std::rename(from.c_str(), to.c_str()) != 0) return std::unexpected(failed("写入", to, errno));
  return {};
}

std::expected<void, LinkError> make_symlink(const std::string& target, const std::filesystem::path& link) {
  int code = before("symlink", link);
  if (code == 0 && ::symlink(target.c_str(), link.c_str()) != 0) code = errno;
  if (code != 0) return std::unexpected(LinkError{code, failed("创建链接", link, code)});
  return {};
}

std::expected<void, std::string> link_or_copy(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (int code = before("link", to)) return std::unexpected(failed("创建", to, code));
  if (::link(from.c_str(), to.c_str()) == 0) return {};
  std::error_code ec;
  if (!std::filesystem::copy_file(from, to, ec)) return std::unexpected(failed("复制", to, ec.value()));
  return steps::sync(to);
}

std::expected<void, std::string> remove(const std::filesystem::path& path) {
  if (int code = before("remove", path)) return std::unexpected(failed("删除", path, code));
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
  if (ec) return std::unexpected(failed("删除", path, ec.value()));
  return {};
}

} // namespace steps
} // namespace zwgk::fs
