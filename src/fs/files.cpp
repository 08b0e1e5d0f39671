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

std::expected<std::string, std::string> read_file(const std::filesystem::path& path,
                                                  std::uintmax_t max_bytes) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return std::unexpected(fmt::format("无法读取“{}”：{}", path.string(), ec.message()));
  if (size > max_bytes)
    return std::unexpected(
        fmt::format("“{}”过大（{} 字节，上限 {} 字节）", path.string(), size, max_bytes));
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return std::unexpected(fmt::format("无法打开“{}”：{}", path.string(), std::strerror(errno)));
  std::string out(size, '\0');
  std::size_t n = std::fread(out.data(), 1, size, f);
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed || n != size) return std::unexpected(fmt::format("读取“{}”失败", path.string()));
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
