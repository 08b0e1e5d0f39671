// What the office's changes share (app/changes.cpp, app/uploads.cpp): a
// private copy of the data directory where a changed file is tried through
// the real pipeline before anything is saved, and which files are data
// files. Internal to app/.
#pragma once

#include "app/error.h"
#include "app/pipeline.h"
#include "fs/process.h"

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::app::detail {

// A private copy of the data directory's top-level files and one period's
// folder, where a changed file can be tried without touching the real one.
struct TrialDir {
  fs::TempDir temp;
  std::filesystem::path period_dir;  // inside temp
};

std::expected<TrialDir, Error> make_trial(const std::filesystem::path& dir, Period period);

// Writes a file of the trial copy (Internal error when it cannot).
std::expected<void, Error> write_whole(const std::filesystem::path& path, const std::string& content);

// Every problem of the trial directory's period as the saved state would
// show it: the same pipeline, with the real directory's ledgers.
Diagnostics trial_problems(const std::filesystem::path& dir, Period period, const Ledgers& ledgers,
                           std::string_view sheet);

// The data files: what the loader, the calendar and the crawler read (only those enter
// the history, and with PostgreSQL only those live in the database: other files in the
// directory, such as notes or passwords, are none of the workspace's business). A path
// relative to the data directory, "/" separated: the scheme, registry, template and
// site file at the top, 日历/YYYY.toml, and a period folder's inputs, template and
// 考核期.toml. Anything else (.., a deeper folder, another name) is not one.
bool is_data_path(std::string_view relative);
// The data files in `dir` now, top first, then 日历, then each period's folder.
std::vector<std::filesystem::path> data_file_paths(const std::filesystem::path& dir);

// "2020Q3/网站发布.csv": path relative to dir, "/" separated.
std::string relative_path(const std::filesystem::path& dir, const std::filesystem::path& path);

} // namespace zwgk::app::detail
