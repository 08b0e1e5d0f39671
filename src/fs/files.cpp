#include "fs/files.h"

#include "fs/write_steps.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>

namespace zwgk::fs {

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
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (auto renamed = steps::rename(temps[i], files[i].path); !renamed) {
      cleanup(i);
      return renamed;
    }
  }
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
