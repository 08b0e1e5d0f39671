#include "fs/files.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <unistd.h>

namespace zwgk::fs {
namespace {

std::string temp_name(const std::filesystem::path& target) {
  static std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("{}.tmp-{}-{:x}", target.string(), ::getpid(), rng());
}

std::expected<void, std::string> write_and_sync(const std::string& path, std::string_view data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return std::unexpected(fmt::format("无法创建“{}”：{}", path, std::strerror(errno)));
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string err = std::strerror(errno);
      ::close(fd);
      return std::unexpected(fmt::format("写入“{}”失败：{}", path, err));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0)
    return std::unexpected(fmt::format("写入“{}”失败：{}", path, std::strerror(errno)));
  return {};
}

std::expected<void, std::string> sync_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::unexpected(fmt::format("无法打开“{}”：{}", path, std::strerror(errno)));
  bool ok = ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return std::unexpected(fmt::format("写入“{}”失败：{}", path, std::strerror(errno)));
  return {};
}

} // namespace

std::string display_name(const std::filesystem::path& path) { return path.string(); }

std::string error_text(std::error_code error) {
  switch (static_cast<std::errc>(error.value())) {
  case std::errc::no_such_file_or_directory: return "文件或文件夹不存在";
  case std::errc::permission_denied:
  case std::errc::operation_not_permitted: return "没有权限";
  case std::errc::filename_too_long: return "文件名或路径过长";
  case std::errc::not_a_directory: return "路径中有一部分不是文件夹";
  case std::errc::is_a_directory: return "这是文件夹，不是文件";
  case std::errc::too_many_symbolic_link_levels: return "符号链接层数过多（可能是循环链接）";
  case std::errc::io_error: return "磁盘读写错误";
  case std::errc::no_space_on_device: return "磁盘空间已满";
  case std::errc::read_only_file_system: return "文件系统是只读的";
  case std::errc::too_many_files_open:
  case std::errc::too_many_files_open_in_system: return "同时打开的文件过多";
  case std::errc::not_enough_memory: return "内存不足";
  case std::errc::device_or_resource_busy:
  case std::errc::text_file_busy: return "文件正被占用";
  case std::errc::file_exists: return "文件已存在";
  case std::errc::not_supported: return "不是普通文件";
  default: break;
  }
  return fmt::format("系统错误（错误码 {}）", error.value());
}

std::string size_text(std::uintmax_t bytes) {
  constexpr std::uintmax_t k_kb = 1024, k_mb = 1024 * 1024;
  if (bytes >= k_mb)
    return bytes % k_mb == 0 ? fmt::format("{} MB", bytes / k_mb) : fmt::format("{:.1f} MB", double(bytes) / k_mb);
  if (bytes >= k_kb)
    return bytes % k_kb == 0 ? fmt::format("{} KB", bytes / k_kb) : fmt::format("{:.1f} KB", double(bytes) / k_kb);
  return fmt::format("{} 字节", bytes);
}

std::expected<std::string, std::string> read_file(const std::filesystem::path& path,
                                                  std::uintmax_t max_bytes) {
  auto cannot = [&](int error) {
    return std::unexpected(fmt::format("无法读取“{}”：{}", path.string(), error_text({error, std::generic_category()})));
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return cannot(EISDIR);
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return cannot(ec.value());
  if (size > max_bytes)
    return std::unexpected(fmt::format("“{}”过大：有 {}（{} 字节），超过上限 {}", path.string(), size_text(size), size,
                                       size_text(max_bytes)));
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return cannot(errno);
  std::string out(size, '\0');
  std::size_t n = std::fread(out.data(), 1, size, f);
  bool failed = std::ferror(f) != 0;
  int error = errno;
  std::fclose(f);
  if (failed) return cannot(error);
  if (n != size) return std::unexpected(fmt::format("读取“{}”时文件变短了（正在被改写？），请稍后再试", path.string()));
  return out;
}

std::expected<void, std::string> write_files_atomically(const std::vector<OutputFile>& files) {
  std::vector<std::string> temps;
  auto cleanup = [&] {
    for (const auto& t : temps) std::remove(t.c_str());
  };
  for (const auto& file : files) {
    std::error_code ec;
    if (file.path.has_parent_path()) std::filesystem::create_directories(file.path.parent_path(), ec);
    if (ec) {
      cleanup();
      return std::unexpected(
          fmt::format("无法创建目录“{}”：{}", file.path.parent_path().string(), ec.message()));
    }
    temps.push_back(temp_name(file.path));
    auto r = file.write ? file.write(temps.back()) : write_and_sync(temps.back(), file.content);
    if (r && file.write) r = sync_file(temps.back());
    if (!r) {
      cleanup();
      return r;
    }
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (std::rename(temps[i].c_str(), files[i].path.c_str()) != 0) {
      std::string err = std::strerror(errno);
      for (std::size_t j = i; j < temps.size(); ++j) std::remove(temps[j].c_str());
      return std::unexpected(fmt::format("无法写入“{}”：{}", files[i].path.string(), err));
    }
  }
  return {};
}

std::vector<std::filesystem::path> list_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.is_regular_file()) out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace zwgk::fs
