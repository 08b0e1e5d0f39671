#include "fs/files.h"

#include "fs/write_steps.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>

namespace zwgk::fs {

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
  if (auto same = same_name_error(files)) return std::unexpected(*same);
  std::vector<std::filesystem::path> temps;
  auto cleanup = [&](std::size_t from) {
    for (std::size_t i = from; i < temps.size(); ++i) (void)steps::remove(temps[i]);
  };
  for (const auto& file : files) {
    std::error_code ec;
    if (file.path.has_parent_path()) std::filesystem::create_directories(file.path.parent_path(), ec);
    if (ec) {
      cleanup(0);
      return std::unexpected(
          fmt::format("无法创建目录“{}”：{}", display_name(file.path.parent_path()), ec.message()));
    }
    steps::remove_dead_temporaries(file.path);
    temps.push_back(file.path.string() + steps::temp_suffix());
    auto r = file.write ? file.write(temps.back()) : steps::write_new_file(temps.back(), file.content);
    if (r && file.write) r = steps::sync(temps.back());
    if (!r) {
      cleanup(0);
      return r;
    }
  }
  std::set<std::filesystem::path> folders;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (auto renamed = steps::rename(temps[i], files[i].path); !renamed) {
      cleanup(i);
      return renamed;
    }
    folders.insert(files[i].path.has_parent_path() ? files[i].path.parent_path() : std::filesystem::path("."));
  }
  // The renames themselves reach the disk only with their folders: without
  // this a power cut could undo a save the store has already recorded.
  for (const auto& folder : folders)
    if (auto synced = steps::sync(folder); !synced) return synced;
  return {};
}

std::optional<std::string> same_name_error(const std::vector<OutputFile>& files) {
  std::map<std::string, const std::filesystem::path*> seen;
  for (const auto& file : files) {
    auto [it, added] = seen.emplace(file_name_key(file.path.lexically_normal().generic_string()), &file.path);
    if (!added)
      return fmt::format("要生成的两个文件“{}”和“{}”在 Windows 上是同一个文件名（不区分大小写），会互相覆盖",
                         display_name(it->second->filename()), display_name(file.path.filename()));
  }
  return std::nullopt;
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
