// The data directory as the workspace sees it: each period loaded and
// assessed by the same importers and engine as the CLI, cached until a data
// file changes (through the workspace or outside it: the cache key is the
// names, sizes and modification times of the directory's files), and the
// changes the office makes — uploads, findings, registry edits — written
// into the directory atomically with every version kept in the store.
//
// Saving: a change's file is written (atomically) before its version is
// recorded in the store, so the history never shows a version the disk does
// not have; a kill in between leaves the disk one version ahead, and the
// next start's record_current_files() records it (by "系统", saying so).
//
// Locks: changes are serialised by m_mutex; readers never take it. A
// period is loaded by one reader at a time (the others wait for its result,
// not for changes), and the cache is held only to look up or store a
// snapshot. So a save never waits for a load, nor a load for a save's
// checks; a load that began before a change is not cached.
#pragma once

#include "annual/followup.h"
#include "engine/result.h"
#include "store/followup_store.h"
#include "store/mail_store.h"
#include "ingest/data_dir.h"
#include "store/store.h"
#include "util/workdays.h"

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

// One period's data as loaded and assessed. Immutable once published, but
// documents rendered from it are kept (compute once, render many).
struct Snapshot {
  ingest::Workspace ws;
  std::optional<Result> result;  // set when problems has no errors
  Diagnostics problems;          // import and validation problems (warnings too)
  // What follows the bulletin: the district's working-day calendar (DIR/日历/)
  // and the bulletin's dates. The items themselves depend on the clock and
  // are worked out per request (annual::follow_up); withdrawals recorded in
  // the follow-up ledger are already applied to `result`.
  WorkCalendar calendar;
  annual::PeriodDates dates;
  Diagnostics followup_problems;  // of the calendar files and the template's dates

  // The document called `key`, rendered by `render` on first use.
  const std::string& rendered(const std::string& key, const std::function<std::string()>& render) const;

private:
  mutable std::mutex m_rendered_mutex;
  mutable std::map<std::string, std::string> m_rendered;
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

// Who makes a change and when, for the file history and the audit log.
struct Actor {
  std::string user;
  std::int64_t now = 0;
};

struct UploadPreview {
  std::string path;       // "2020Q3/网站发布.csv"
  std::string kind;       // "网站发布"
  bool replaces = false;  // a file of that name exists
  Diagnostics problems;   // of the whole period with this file in place
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // the first data rows
  std::size_t row_count = 0;
};

struct FindingEntry {
  std::string unit, code, note;
  std::int64_t quantity = 1;
};

class WorkspaceService {
public:
  WorkspaceService(std::filesystem::path dir, store::Store& store, store::MailStore& mail,
                   store::FollowupStore& followup);

  const std::filesystem::path& dir() const { return m_dir; }
  std::vector<Period> periods() const;

  // The period's latest assessment; a load that cannot start (no scheme,
  // no registry) is the error.
  std::expected<SnapshotPtr, Diagnostics> snapshot(Period period);

  // A file as it would be imported, with every problem, saving nothing.
  std::expected<UploadPreview, std::string> preview_upload(Period period, const std::string& file_name,
                                                           const std::string& content);
  // Saves an upload that previews without errors; the preview is returned either way.
  std::expected<UploadPreview, std::string> commit_upload(Period period, const std::string& file_name,
                                                          const std::string& content, const Actor& actor);

  // Appends a finding to the period's 检查-在线录入.csv. Problems (unknown unit
  // or finding type, with suggestions) are returned and nothing is saved.
  std::expected<void, Diagnostics> add_finding(Period period, const FindingEntry& entry, const Actor& actor);

  // Replaces the registry with `units` (CSV registries only), after checking
  // that the latest period still loads with it.
  std::expected<void, Diagnostics> save_registry(const std::vector<Unit>& units, const Actor& actor);

  // Copies every current data file into the store's history (the workspace's
  // first start, or files edited outside it); unchanged files add nothing.
  void record_current_files(const Actor& actor);

private:
  std::string fingerprint(Period period) const;
  // The cached snapshot if it is still the directory's: looked at within
  // k_recheck, or with `key` as its fingerprint (then marked as checked).
  std::optional<SnapshotPtr> cached(Period period, std::int64_t mail_version, std::int64_t followup_version,
                                    const std::string* key);
  std::expected<SnapshotPtr, Diagnostics> load(Period period, Diagnostics& notes);
  std::mutex& load_mutex(Period period);
  // Forgets every snapshot: the workspace itself changed a file.
  void invalidate();
  std::expected<void, std::string> write_and_record(const std::string& relative, const std::string& content,
                                                    const Actor& actor, const std::string& action);

  std::filesystem::path m_dir;
  store::Store& m_store;
  store::MailStore& m_mail;
  store::FollowupStore& m_followup;
  std::mutex m_mutex;  // serialises changes (data_entry.cpp); readers do not take it
  std::mutex m_cache_mutex;  // guards m_cache, m_generation and m_loading, briefly
  std::uint64_t m_generation = 0;  // counts changes: a load from before one is not cached
  std::map<Period, std::mutex> m_loading;  // one load per period at a time
  struct Cached {
    std::string fingerprint;
    std::chrono::steady_clock::time_point checked;  // files are looked at again after k_recheck
    SnapshotPtr snapshot;
    std::int64_t mail_version = 0;  // the ledger is checked on every request (one cheap query)
    std::int64_t followup_version = 0;  // so is the follow-up ledger (withdrawals change scores)
  };
  std::map<Period, Cached> m_cache;
};

} // namespace zwgk::server
