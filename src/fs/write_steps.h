// The single changes that writing outputs makes on disk, each durable
// (flushed) and each passed through the test hook of files.h first, so that
// a test can fail or kill the process before any one of them. Internal to fs/.
//
// Temporary names are "<name>.tmp-<pid>-<hex>": whoever finds one whose
// process is gone knows it was left by a killed run and removes it.
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace zwgk::fs::steps {

// ".tmp-<our pid>-<random hex>"
std::string temp_suffix();

// The pid in a name ending in ".tmp-<pid>-<hex>"; 0 if it has no such ending.
pid_t temp_owner(std::string_view name);

// True when no process has this id (kill(pid, 0) says ESRCH).
bool process_gone(pid_t pid);

// Removes "<target's name>.tmp-<pid>-<hex>" beside target whose process is
// gone (the temporaries of killed runs), and with TempLinks::Remove also the
// temporary links of that name (only runs holding the folder's lock make
// them); errors are ignored.
enum class TempLinks { Keep, Remove };
void remove_dead_temporaries(const std::filesystem::path& target, TempLinks links = TempLinks::Keep);

// Why a call failed (errno), in the words of our messages: "磁盘空间不足".
std::string reason(int code);

// Creates path (which must not exist) with data, and flushes it.
std::expected<void, std::string> write_new_file(const std::filesystem::path& path, std::string_view data);
// Flushes a file or a directory (a directory: the names in it).
std::expected<void, std::string> sync(const std::filesystem::path& path);
std::expected<void, std::string> make_directory(const std::filesystem::path& path);
std::expected<void, std::string> rename(const std::filesystem::path& from, const std::filesystem::path& to);
// A symbolic link at `link` holding `target`; the error keeps errno for callers
// that fall back when the file system has no links.
struct LinkError {
  int code = 0;
  std::string message;
};
std::expected<void, LinkError> make_symlink(const std::string& target, const std::filesystem::path& link);
// A hard link, or a copy where the file system has none.
std::expected<void, std::string> link_or_copy(const std::filesystem::path& from, const std::filesystem::path& to);
// Removes a file, link or whole directory; a missing one is no error.
std::expected<void, std::string> remove(const std::filesystem::path& path);

// Runs the test hook (files.h) for `step`; its errno, or 0.
int injected_failure(std::string_view step);

} // namespace zwgk::fs::steps
