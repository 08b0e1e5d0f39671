// File access for the layers around the core: whole-file reads, directory
// listing, and atomic writes of a set of outputs.
//
// write_files_atomically() writes every file to a temporary name beside its
// target, flushes it to disk, and only when all of them are complete renames
// them into place; if writing fails the temporaries are removed and no target
// is touched. Each rename is atomic, so no file is ever half-written; only a
// failing rename (which, within one directory, needs a vanished directory or
// a full inode table) could leave the set partly replaced, and it is reported.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace zwgk::fs {

// Reads a whole file; the error is a Chinese message naming the file and
// saying why (not found, too large with the limit, a folder, no permission,
// name too long, …). Files larger than max_bytes are refused unread.
std::expected<std::string, std::string> read_file(const std::filesystem::path& path,
                                                  std::uintmax_t max_bytes = 4ull << 30);

// Why a file operation failed, in Chinese ("文件或文件夹不存在", "文件名过长", …):
// the system's own words are English.
std::string error_text(std::error_code error);

// "16 MB", "1.5 MB", "300 KB", "12 字节".
std::string size_text(std::uintmax_t bytes);

struct OutputFile {
  std::filesystem::path path;
  std::string content;
  // For a library that can only write to a path itself: called with the
  // temporary path in place of writing `content`.
  std::function<std::expected<void, std::string>(const std::filesystem::path&)> write = {};
};

std::expected<void, std::string> write_files_atomically(const std::vector<OutputFile>& files);

// Regular files directly in dir, sorted by name; empty if dir is missing.
std::vector<std::filesystem::path> list_files(const std::filesystem::path& dir);

// File name as UTF-8 text for messages.
std::string display_name(const std::filesystem::path& path);

} // namespace zwgk::fs
