// Where `zwgk serve` keeps its temporary files: one folder per server
// process, named so that a later server recognises the folders of
// processes that no longer run and removes them.
//
// An upload's preview copies the data directory into a private temporary
// folder (up to the directory's size, 26 MB in one office); generating the
// bulletin and the year report, and LibreOffice, write temporary files too.
// Each is removed when its request ends — but not when the server is
// killed, and such folders were never cleaned. Now all of them live under
// <temp>/zwgk-serve-<pid>-<start>-<n>: the server's process id, its start
// time in clock ticks since boot (/proc/<pid>/stat, field 22: a process id
// reused after a reboot or by another program does not match) and a
// sequence number. TMPDIR points there while the server runs, so every
// temporary folder of the process and of the programs it starts lands in
// it.
#pragma once

#include <cstddef>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>

namespace zwgk::server {

class ScratchRoot {
public:
  // Removes the folders of processes that no longer run from `base`, makes
  // this process's folder (mode 0700) and points TMPDIR at it. Call before
  // starting threads (it changes the environment).
  static std::expected<ScratchRoot, std::string> claim(const std::filesystem::path& base);
  ScratchRoot(ScratchRoot&& other) noexcept;
  ScratchRoot& operator=(ScratchRoot&&) = delete;
  // Removes the folder and restores TMPDIR.
  ~ScratchRoot();

  const std::filesystem::path& path() const { return m_path; }
  // Folders of dead processes removed by claim().
  std::size_t removed() const { return m_removed; }

private:
  ScratchRoot(std::filesystem::path path, std::optional<std::string> previous_tmpdir, std::size_t removed)
      : m_path(std::move(path)), m_previous(std::move(previous_tmpdir)), m_removed(removed) {}

  std::filesystem::path m_path;
  std::optional<std::string> m_previous;  // TMPDIR before
  std::size_t m_removed = 0;
};

// The start time of process `pid` in clock ticks since boot; nullopt if it does not run.
std::optional<unsigned long long> process_start_time(long pid);

} // namespace zwgk::server
