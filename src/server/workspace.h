// The server's view of the data directory: a cache over app::Workspace's
// results (app/workspace.h, the pipeline both front ends share), keyed by
// the data version (Workspace::data_version: the files' names, sizes and
// modification times and the ledgers' versions, so a change through the
// workspace or outside it is seen). The office's changes go through
// app::Workspace, which tells the cache to forget.
//
// Locks: a period is loaded by one reader at a time (the others wait for its
// result, not for changes), and the cache is held only to look up or store a
// snapshot. So a save never waits for a load, nor a load for a save's
// checks; a load that began before a change is not cached.
#pragma once

#include "app/workspace.h"

#include <chrono>
#include <expected>
#include <functional>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace zwgk::server {

// One period's data as loaded and assessed (app::LoadedPeriod). Immutable
// once published, but documents rendered from it are kept (compute once,
// render many). What a request reads from these caches is noted for the gate's replays
// (replay.h: note_fresh_until, each cache's next look at the files). The items depend on the clock and are worked out per request
// (annual::follow_up); withdrawals recorded in the follow-up ledger are
// already applied to `result`.
struct Snapshot : app::LoadedPeriod {
  explicit Snapshot(app::LoadedPeriod loaded) : app::LoadedPeriod(std::move(loaded)) {}

  // The document called `key`, rendered by `render` on first use.
  const std::string& rendered(const std::string& key, const std::function<std::string()>& render) const;

private:
  mutable std::mutex m_rendered_mutex;
  mutable std::map<std::string, std::string> m_rendered;
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

using app::Actor;
using app::FindingEntry;
using app::UploadPreview;
using app::k_preview_cell_bytes;
using app::k_preview_columns;
using app::k_preview_rows;

class WorkspaceService {
public:
  explicit WorkspaceService(app::Workspace& workspace);
  // With a workspace of its own over these stores (tests).
  WorkspaceService(std::filesystem::path dir, store::Store& store, store::MailStore& mail,
                   store::FollowupStore& followup, app::Clock clock = app::system_clock());
  WorkspaceService(const WorkspaceService&) = delete;
  WorkspaceService& operator=(const WorkspaceService&) = delete;

  app::Workspace& app() { return m_app; }
  const std::filesystem::path& dir() const { return m_app.dir(); }
  // The period folders, listed again after k_recheck or a change of the workspace's own
  // (issue 19: not a directory listing per request).
  std::vector<Period> periods();
  // Every period with its status (app::Workspace::period_info) and the default period,
  // worked out again after k_recheck, a change of the workspace's own or of the database.
  struct PeriodList {
    std::vector<app::PeriodInfo> periods;
    std::optional<Period> latest;
  };
  PeriodList period_list();
  // Whether the period's folder holds a data file (ingest::has_data), looked at again after
  // k_recheck or a change of the workspace's own.
  bool has_data(Period period);
  // Counts the workspace's own changes (replay.h's stamp: a replay made before one is stale).
  std::uint64_t generation();

  // The period's latest assessment; a load that cannot start (no scheme,
  // no registry) is the error.
  std::expected<SnapshotPtr, Diagnostics> snapshot(Period period);

  // app::Workspace's changes (the cache forgets at once).
  std::expected<UploadPreview, app::Error> preview_upload(Period period, const std::string& file_name,
                                                          const std::string& content, const std::string& replace) {
    return m_app.preview_upload(period, file_name, content, replace);
  }
  std::expected<UploadPreview, app::Error> commit_upload(Period period, const std::string& file_name,
                                                         const std::string& content, const Actor& actor,
                                                         const std::string& replace) {
    return m_app.save_upload(period, file_name, content, actor, replace);
  }
  std::expected<app::DataFile, app::Error> delete_file(Period period, const std::string& file_name, const Actor& actor) {
    return m_app.delete_file(period, file_name, actor);
  }
  std::expected<void, app::Error> add_finding(Period period, const FindingEntry& entry, const Actor& actor) {
    return m_app.add_finding(period, entry, actor);
  }
  std::expected<void, app::Error> save_registry(const std::vector<Unit>& units, const Actor& actor) {
    return m_app.save_registry(units, actor);
  }
  std::expected<void, app::Error> record_current_files(const Actor& actor) { return m_app.record_current_files(actor); }

private:
  // The cached snapshot if it is still the directory's: looked at within
  // k_recheck, or with `key` as its data version (then marked as checked).
  std::optional<SnapshotPtr> cached(Period period, std::int64_t mail_version, std::int64_t followup_version,
                                    const std::string* key);
  std::mutex& load_mutex(Period period);
  // Both ledgers' versions, asked of the database only when its change counter moved
  // (store::Store::change_counter; every time where it has none).
  std::pair<std::int64_t, std::int64_t> ledger_versions();
  // Forgets every snapshot: the workspace itself changed a file.
  void invalidate();

  std::unique_ptr<app::Workspace> m_owned;  // the tests' constructor
  app::Workspace& m_app;
  std::mutex m_cache_mutex;  // guards m_cache, m_generation and m_loading, briefly
  std::uint64_t m_generation = 0;  // counts changes: a load from before one is not cached
  std::map<Period, std::mutex> m_loading;  // one load per period at a time
  struct Cached {
    std::string fingerprint;
    std::chrono::steady_clock::time_point checked;  // files are looked at again after k_recheck
    SnapshotPtr snapshot;
    std::int64_t mail_version = 0;  // the ledger is checked on every request (ledger_versions())
    std::int64_t followup_version = 0;  // so is the follow-up ledger (withdrawals change scores)
  };
  std::map<Period, Cached> m_cache;
  struct LedgerVersions {
    std::optional<std::int64_t> counter;  // the store's change counter they were read under
    std::int64_t mail = 0, followup = 0;
  };
  LedgerVersions m_ledgers;  // guarded by m_cache_mutex
  std::vector<Period> m_periods;  // guarded by m_cache_mutex
  std::optional<std::chrono::steady_clock::time_point> m_periods_listed;  // nullopt: list again
  std::map<Period, std::chrono::steady_clock::time_point> m_with_data;     // periods seen with data, when
  struct ListedPeriods {
    PeriodList list;
    std::optional<std::int64_t> counter;  // the store's change counter it was made under
    std::chrono::steady_clock::time_point at;
  };
  std::optional<ListedPeriods> m_period_list;  // guarded by m_cache_mutex
};

} // namespace zwgk::server
