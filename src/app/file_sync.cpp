// Issue 18: a data directory kept in the database (store::FileHome::Database). The
// store's latest version of each data file is the truth; the directory the instance was
// given is its working copy, brought up to the store before each request is answered
// and before each change (sync_files), so that a change saved through one server
// instance is what the next request to any other reads. A change holds every other
// instance's changes off (Store::hold_changes) from the sync before it to the version it
// records, so no two instances write versions made from the same old file.
#include "app/workspace.h"

#include "app/trial.h"
#include "fs/files.h"
#include "util/digest.h"

#include <fmt/format.h>

#include <set>

namespace zwgk::app {

using namespace detail;

namespace {

constexpr std::uintmax_t k_max_data_file_bytes = 256u << 20;

// Whether the working copy's file at `path` holds the version `sha256` (a missing file
// holds none).
bool holds(const std::filesystem::path& path, const std::string& sha256) {
  auto content = fs::read_file(path, k_max_data_file_bytes);
  return content && sha256_hex(*content) == sha256;
}

} // namespace

std::expected<bool, Error> Workspace::sync_files() {
  if (m_stores.files != store::FileHome::Database || !m_stores.store) return false;
  const std::int64_t version = m_stores.store->files_version();
  if (version < 0) return std::unexpected(Error::internal("无法读取数据库中的数据文件版本"));
  if (version == m_synced_files.load()) return false;
  std::lock_guard lock(m_sync);
  if (version == m_synced_files.load()) return false;  // another request brought it up meanwhile
  std::vector<fs::OutputFile> writes;
  std::vector<std::filesystem::path> removals;
  std::set<std::string> known;
  for (const auto& v : m_stores.store->current_files()) {
    if (!is_data_path(v.path)) continue;  // never a path outside the directory, whoever wrote the row
    known.insert(v.path);
    const auto path = m_dir / std::filesystem::path(v.path);
    std::error_code ec;
    if (v.deleted()) {
      if (std::filesystem::exists(path, ec)) removals.push_back(path);
      continue;
    }
    if (holds(path, v.sha256)) continue;
    auto full = m_stores.store->file_version(v.id);
    if (!full) return std::unexpected(Error::internal(fmt::format("无法从数据库读取 {} 的版本 {}", v.path, v.id)));
    writes.push_back({path, std::move(full->content)});
  }
  // A data file the database does not have is not the workspace's (added by hand to
  // this copy only): every instance reads the same files.
  if (!known.empty())
    for (const auto& path : detail::data_file_paths(m_dir))
      if (!known.contains(relative_path(m_dir, path))) removals.push_back(path);
  if (!writes.empty())
    if (auto written = fs::write_files_atomically(writes); !written)
      return std::unexpected(Error::internal(fmt::format("无法把数据库中的数据文件写入数据目录：{}", written.error())));
  for (const auto& path : removals) {
    std::error_code ec;
    if (!std::filesystem::remove(path, ec) && ec)
      return std::unexpected(
          Error::internal(fmt::format("无法删除数据目录中的 {}：{}", relative_path(m_dir, path), fs::error_text(ec))));
  }
  m_synced_files = version;
  const bool changed = !writes.empty() || !removals.empty();
  if (changed && m_on_change) m_on_change();
  return changed;
}

std::expected<Workspace::ChangeLock, Error> Workspace::begin_change(Sync sync) {
  ChangeLock change{std::unique_lock(m_changes), {}};
  if (m_stores.files != store::FileHome::Database || !m_stores.store) return change;
  auto held = m_stores.store->hold_changes();
  if (!held) return std::unexpected(Error::internal(fmt::format("无法开始修改：{}", held.error())));
  change.hold.emplace(std::move(*held));
  if (sync == Sync::Yes)
    if (auto synced = sync_files(); !synced) return std::unexpected(synced.error());
  return change;
}

std::expected<void, Error> Workspace::start_files(const Actor& actor) {
  auto change = begin_change();  // with the files in the database, the working copy made from them
  if (!change) return std::unexpected(change.error());
  // Decided under the hold: of two instances starting on an empty database, one records.
  if (m_stores.files == store::FileHome::Database && m_stores.store && m_stores.store->files_version() > 0) return {};
  return record_files(actor);  // the directory's files become (or stay) the history's latest
}

} // namespace zwgk::app
