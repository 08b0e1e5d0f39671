// Running another program (LibreOffice for PDF conversion) without a shell:
// arguments are passed as they are, so no file name is ever interpreted.
#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace zwgk::fs {

struct ProcessResult {
  int exit_code = 0;
  std::string output;  // stdout and stderr together, for messages
};

// Looks a program up in PATH; empty if not found.
std::filesystem::path find_program(std::string_view name);

// Runs program with args and extra environment variables; kills it after
// `timeout`. Fails only if it cannot be started or was killed.
std::expected<ProcessResult, std::string> run_process(const std::filesystem::path& program,
                                                      const std::vector<std::string>& args,
                                                      const std::vector<std::pair<std::string, std::string>>& env,
                                                      std::chrono::seconds timeout);

// A fresh private directory under the system's temporary directory,
// "zwgk-<pid>-XXXXXX", removed with everything in it when the object goes.
// Creating one first removes those of processes that are gone (killed runs).
class TempDir {
public:
  static std::expected<TempDir, std::string> create();
  TempDir(TempDir&& other) noexcept : m_path(std::exchange(other.m_path, {})) {}
  TempDir& operator=(TempDir&&) = delete;
  ~TempDir();
  const std::filesystem::path& path() const { return m_path; }

private:
  explicit TempDir(std::filesystem::path path) : m_path(std::move(path)) {}
  std::filesystem::path m_path;
};

} // namespace zwgk::fs
