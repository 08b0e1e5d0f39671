// File access for the layers around the core: whole-file reads, directory
// listing, and atomic writes of files.
//
// write_files_atomically() writes every file to a temporary name beside its
// target ("<name>.tmp-<pid>-<hex>"), flushes it to disk, and only when all of
// them are complete renames them into place; if writing fails the
// temporaries are removed and no target is touched. Each file is replaced
// atomically, so none is ever half-written, but a kill between two renames
// leaves some files old and some new: a set of outputs that belong together
// is installed with install_output_set() (output_set.h) instead. Temporaries
// of killed runs beside a target are removed when it is written next.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <optional>
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

// The error for two files of `files` that would be one file on Windows (and
// on a share that Windows opens): paths equal but for case or trailing dots
// and spaces (util/text.h: file_name_key). Nothing when all differ.
std::optional<std::string> same_name_error(const std::vector<OutputFile>& files);

// Tests only: called before every change that writing outputs makes on disk,
// with what it is about to do ("rename /path"). A non-zero errno it returns
// makes that change fail as if the system had refused it; a hook that ends
// the process there shows what a kill at that moment leaves behind.
using WriteStepHook = int (*)(std::string_view step);
void set_write_step_hook(WriteStepHook hook);

// Regular files directly in dir, sorted by name; empty if dir is missing.
std::vector<std::filesystem::path> list_files(const std::filesystem::path& dir);

// File name as UTF-8 text for messages.
std::string display_name(const std::filesystem::path& path);

} // namespace zwgk::fs
