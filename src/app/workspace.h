// One data directory as both front ends use it: opened once, with the
// stores of DIR/zwgk.db and one injected clock (app/clock.h). It assesses a
// period or a year through THE pipeline (app/pipeline.h) and makes the
// office's changes to the data files — uploads, findings, registry edits —
// checking each exactly as the pipeline will read it, in a private copy of
// the directory, before anything is saved (app/changes.cpp).
//
// Saving: a change's file is written (atomically) before its version is
// recorded in the store, so the history never shows a version the disk does
// not have; a kill in between leaves the disk one version ahead, and the
// next start's record_current_files() records it (by "系统", saying so).
// Changes are serialised by one mutex; loads never take it.
#pragma once

#include "app/clock.h"
#include "app/error.h"
#include "app/pipeline.h"
#include "store/store.h"

#include <atomic>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::app {

// The stores of a data directory; null: not there (a directory without zwgk.db).
struct Stores {
  store::Store* store = nullptr;  // accounts, audit log, file history
  store::MailStore* mail = nullptr;
  store::FollowupStore* followup = nullptr;
  store::CrawlStore* crawl = nullptr;   // issue 17: the website crawler's pages, runs and proposals
  store::FileHome files = store::FileHome::DataDirectory;  // issue 18: where the data files live
};

// DIR/zwgk.db opened (store::open_database); null: not there.
struct OpenedStores {
  std::unique_ptr<store::Database> db;
  Stores view() const {
    return db ? Stores{&db->store(), &db->mail(), &db->followup(), &db->crawl(), db->file_home()} : Stores{};
  }
};

// DIR/zwgk.db, or the PostgreSQL database `location` names, for the front
// ends (store::open_database). With Create::No a missing database file is no
// error (all null: reading commands create nothing). A database that cannot
// be opened is Internal.
std::expected<OpenedStores, Error> open_stores(const std::filesystem::path& dir, Create create,
                                               std::string_view location = {});

// Who makes a change and when, for the file history and the audit log.
struct Actor {
  std::string user;
  std::int64_t now = 0;
};

// An upload's preview shows at most this many data rows and columns, each
// cell cut to this many bytes: a file of 100,000 rows, 16,384 columns or
// megabyte cells once made a preview reply of 126 MB.
inline constexpr std::size_t k_preview_rows = 20;
inline constexpr std::size_t k_preview_columns = 50;
inline constexpr std::size_t k_preview_cell_bytes = 200;

struct UploadPreview {
  std::string path;       // where it is saved: "2020Q3/网站发布.csv" (the replaced file's path when replacing)
  std::string name;       // the uploaded file's name: "网站发布-8月.csv"
  std::string kind;       // "网站发布"
  bool replaces = false;  // a file at `path` exists (its old versions stay in the history)
  bool unchanged = false;  // that file holds exactly this content: saving changes nothing
  // The period's other files of this kind and format, which the upload may
  // replace instead of being added beside them (empty when a file of the
  // upload's own name exists: that one is replaced).
  std::vector<std::string> replaceable;
  std::string replaced;   // the one chosen to be replaced, or empty (added under its own name)
  Diagnostics problems;   // of the whole period with this file in place, as saved it would show
  std::vector<std::string> columns;            // one more than shown, to tell a cut
  std::vector<std::vector<std::string>> rows;  // the first data rows
  std::vector<std::size_t> row_lines;          // each shown row's line (CSV) or row (XLSX) in the file
  std::size_t row_count = 0;
};

// A data file of a period as the 数据文件 list and a deletion name it.
struct DataFile {
  std::string path;  // "2020Q3/投稿.csv"
  std::string kind;  // "投稿"
  std::size_t rows = 0;  // data rows below the header (0 when the header cannot be found)
};

struct FindingEntry {
  std::string unit, code, note;
  std::int64_t quantity = 1;
};

// ---- period lifecycle (issue 14, helper `period`: app/period*.cpp, app/entered_rows.cpp) ----

// Where a period stands: 未开始 (its folder holds no data file yet),
// 进行中 (data, not published), 已公示 (a 公示 in force), 已定稿.
enum class PeriodStatus { NotStarted, Open, Draft, Final };
std::string_view period_status_name(PeriodStatus status);  // 未开始 进行中 已公示 已定稿
std::string_view period_status_code(PeriodStatus status);  // not_started open draft final

struct PeriodInfo {
  Period period;
  bool has_data = false;
  PeriodStatus status = PeriodStatus::NotStarted;
};

// A period's bulletin fields in its 通报模板.txt.
struct PeriodFields {
  std::optional<Date> published;  // 成文日期
  std::optional<Date> deadline;   // 整改期限 (none: worked out from the calendar, annual::resolve_deadline)
  // Issue 16: the period's own 考核期 (its folder's 考核期.toml; none: the scheme's [period]).
  std::optional<DateWindow> window;
};

// An entered finding of 检查-在线录入.csv: `line` is its line in the file
// (the id the web deletes it by, with the row's text to guard against a
// file changed meanwhile).
struct EnteredFinding {
  std::size_t line = 0;
  std::string unit, code, note;
  std::string quantity;
};

// Issue 16: one row of 指标-在线录入.csv, the facts of a ratio, check or manual indicator
// entered in the web as the office would type them into 指标.csv (docs/inputs.md): 分子 and
// 分母, 结果 (是/否) or 得分, each kept as written and checked by the importer.
struct IndicatorFactEntry {
  std::string unit, indicator, item, numerator, denominator, result, points;
};
struct EnteredIndicatorFact {
  std::size_t line = 0;  // its line in the file: the id the web deletes it by
  IndicatorFactEntry fact;
};

// A row of a file entered in the web, its cells in the file's header order.
struct EnteredRow {
  std::size_t line = 0;
  std::vector<std::string> cells;
};

// Why the period's bulletin may not be published (公示) or downloaded yet, in
// Chinese: no data, load errors, template or calendar problems, a bulletin
// that cannot be built (BulletinCheck::Skip: the caller builds it, e.g. the
// server's bulletin cache, and adds bulletin_reasons()). Empty: ready.
enum class BulletinCheck { Build, Skip };
std::vector<std::string> readiness(const LoadedPeriod& loaded, bool has_data,
                                   BulletinCheck check = BulletinCheck::Build);
// A bulletin build's failure as reasons (publish::build_report's problems or message).
std::vector<std::string> bulletin_reasons(const Diagnostics& problems, const std::string& message);

// ---- end period lifecycle ----

class Workspace {
public:
  Workspace(std::filesystem::path dir, Stores stores, Clock clock, std::string sheet = {});
  // Opens DIR's stores (open_stores) and keeps them.
  static std::expected<std::unique_ptr<Workspace>, Error> open(const std::filesystem::path& dir, Clock clock,
                                                               Create create, std::string sheet = {});
  // On stores opened by the caller (a front end's own opener), kept.
  static std::unique_ptr<Workspace> adopt(const std::filesystem::path& dir, OpenedStores opened, Clock clock,
                                          std::string sheet = {});
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  const std::filesystem::path& dir() const { return m_dir; }
  const std::string& sheet() const { return m_sheet; }
  const Clock& clock() const { return m_clock; }
  DateTime now() const { return now_cst(m_clock); }
  const Stores& stores() const { return m_stores; }

  std::vector<Period> periods() const;
  // The follow-up ledger's events (none without a ledger).
  std::vector<FollowupEvent> events() const;
  WorkCalendar calendar(Diagnostics& problems) const;
  annual::PeriodDates period_dates(Period period, Diagnostics& problems) const;
  // What a cache of the period's results is keyed by: the names, sizes and
  // modification times of the files the period is read from, and the
  // ledgers' versions (changed by any process).
  std::string data_version(Period period) const;

  // The pipeline (app/pipeline.h) over this directory, its ledgers and --sheet.
  std::expected<ingest::Workspace, Diagnostics> load(std::optional<Period> period, Diagnostics& notes,
                                                     const ingest::ProgressFn& progress = {}) const;
  std::expected<LoadedPeriod, Diagnostics> load_period(Period period) const;
  // `events`: the ledger's (null) or the caller's (an event about to be added).
  std::expected<AssessedPeriod, Diagnostics> assess_period(std::optional<Period> period, const WorkCalendar& calendar,
                                                           DateTime as_of, Diagnostics& notes,
                                                           const std::vector<FollowupEvent>* events = nullptr) const;
  std::expected<AssessedYear, Diagnostics> assess_year(int year, const WorkCalendar& calendar, DateTime as_of,
                                                       Diagnostics& notes) const;

  // Called after each change reached the disk (a cache forgets its results).
  void on_change(std::function<void()> listener) { m_on_change = std::move(listener); }

  // ---- uploads and data files (issue 14) ----
  // A file as it would be imported, with every problem of the period as it
  // would then load (mail ledger and withdrawals included), saving nothing.
  // `replace`: one of the preview's `replaceable` paths, whose name the
  // upload is then saved under (tried without that file's records); empty:
  // saved under its own name. Another path is BadInput.
  std::expected<UploadPreview, Error> preview_upload(Period period, const std::string& file_name,
                                                     const std::string& content,
                                                     const std::string& replace = {}) const;
  // Saves an upload that previews without errors; the preview is returned
  // either way. An upload equal to the file it would replace (`unchanged`)
  // writes nothing and records no version and no audit entry.
  std::expected<UploadPreview, Error> save_upload(Period period, const std::string& file_name,
                                                  const std::string& content, const Actor& actor,
                                                  const std::string& replace = {});
  // The period folder's data files with their kinds and row counts.
  std::vector<DataFile> data_files(Period period) const;
  // Removes the period's data file `file_name` (网站发布/投稿/采用/检查 only:
  // anything else is BadInput, a missing file NotFound) and records a
  // deletion version with its audit entry; the file's content is recorded
  // first if the history lacks it. Returns what the file was.
  std::expected<DataFile, Error> delete_file(Period period, const std::string& file_name, const Actor& actor);
  // ---- end uploads and data files ----
  // Appends a finding to the period's 检查-在线录入.csv. Problems (unknown
  // unit or finding type, with suggestions) are BadInput and nothing is saved.
  std::expected<void, Error> add_finding(Period period, const FindingEntry& entry, const Actor& actor);
  // Issue 17: an adoption confirmed from the crawl, appended to the period's
  // 采用-网站采集.csv (单位, 级别, 采用日期, 标题, 链接) as add_finding appends a finding;
  // false: that row is there already (nothing written).
  std::expected<bool, Error> add_crawled_adoption(Period period, const std::vector<std::string>& row,
                                                  const Actor& actor);
  // The rows of the period's file `file` (entered in the web, or written by the
  // program) under the columns `header` (found by name), in file order; none
  // when the file is not there.
  std::expected<std::vector<EnteredRow>, Error> entered_rows(Period period, std::string_view file,
                                                             const std::vector<std::string>& header) const;
  // Issue 17: a file the program made for the data directory (the crawl's
  // 网站发布-网站采集.csv, 采用-网站采集.csv) written atomically and its version recorded
  // and audited as `action`, under the changes' lock; false: the file already held
  // exactly `content` (nothing written or recorded).
  std::expected<bool, Error> save_generated_file(const std::string& relative, const std::string& content,
                                                 const Actor& actor, const std::string& action,
                                                 const std::string& detail = {});
  // Replaces the registry with `units` (CSV registries only), after checking
  // that the latest period still loads with it.
  std::expected<void, Error> save_registry(const std::vector<Unit>& units, const Actor& actor);
  // Copies every current data file into the store's history (the workspace's
  // first start, files edited outside it, `zwgk store import`); unchanged files add
  // nothing. With the files in the database, the directory's files become the latest
  // versions: it does not sync first.
  std::expected<void, Error> record_current_files(const Actor& actor);
  // ---- issue 18: data files kept in the database (store::FileHome::Database; app/file_sync.cpp) ----
  // Brings the working copy up to the store's latest versions (written atomically;
  // deleted and unknown data files removed); true when a file changed. Nothing to do
  // when the files live in the directory, or when no version was saved since the last
  // sync (one cheap query). Every front end calls it before it reads the files.
  std::expected<bool, Error> sync_files();
  // At a server's start: the database's files when it has any (sync_files), else the
  // directory's recorded as the first versions (record_current_files).
  std::expected<void, Error> start_files(const Actor& actor);

  // ---- period lifecycle (issue 14, helper `period`) ----
  PeriodInfo period_info(Period period) const;
  // The period used when none is named: the newest with data (ingest::default_period).
  std::optional<Period> default_period() const;
  // readiness() of the period as it loads now.
  std::vector<std::string> readiness(Period period) const;
  // The deadline the scheme's [rectification] rule gives for a bulletin of
  // `published` (annual::resolve_deadline); BadInput names what is missing.
  std::expected<Date, Error> proposed_deadline(Period period, Date published) const;
  std::expected<PeriodFields, Error> period_fields(Period period) const;
  // Creates the period's folder with its 通报模板.txt (成文日期, 整改期限:
  // the proposed one unless given). Refused: a period that exists (Conflict),
  // dates outside the calendar's years (BadInput, naming 日历/YYYY.toml).
  std::expected<PeriodFields, Error> create_period(Period period, PeriodFields fields, const Actor& actor);
  // Rewrites the 成文日期 and 整改期限 lines of the period's 通报模板.txt
  // (other lines kept; no deadline given: the proposed one, as create_period).
  std::expected<PeriodFields, Error> save_period_fields(Period period, PeriodFields fields, const Actor& actor);
  // The findings entered in the web (检查-在线录入.csv), in file order.
  std::expected<std::vector<EnteredFinding>, Error> entered_findings(Period period) const;
  // Removes the entered finding at `line` (NotFound when the line is not
  // that finding any more); the file rewritten atomically, its new version
  // recorded, the old versions kept, audited with what was deleted.
  std::expected<EnteredFinding, Error> delete_finding(Period period, std::size_t line, const Actor& actor);
  // ---- end period lifecycle ----

  // Issue 16: indicator facts entered in the web (指标-在线录入.csv), as findings are: a row
  // appended after the whole period is checked with it (BadInput and nothing saved otherwise),
  // the rows in file order, one row deleted by its line; each audited.
  std::expected<void, Error> add_indicator_fact(Period period, const IndicatorFactEntry& fact, const Actor& actor);
  std::expected<std::vector<EnteredIndicatorFact>, Error> entered_indicator_facts(Period period) const;
  std::expected<EnteredIndicatorFact, Error> delete_indicator_fact(Period period, std::size_t line, const Actor& actor);

private:
  Ledgers ledgers(const std::vector<FollowupEvent>& events) const;
  // `detail` goes before the size in the audit entry's detail.
  std::expected<void, Error> write_and_record(const std::string& relative, const std::string& content,
                                              const Actor& actor, const std::string& action,
                                              const std::string& detail = {});
  // Records the file at path as found on disk (nothing when the history's
  // latest version of it is the same).
  std::expected<void, Error> record_as_found(const std::filesystem::path& path, const Actor& actor);
  // A file of rows entered in the web (`file` in the period's folder, columns `header`):
  // a row appended once the period checks with it (refused as `refusal`, nothing saved);
  // its rows; the row at `line` removed. Each change written, recorded and audited as
  // `action` with `detail` (the deleted row as `describe` gives it).
  std::expected<void, Error> append_entered_row(Period period, std::string_view file, const std::vector<std::string>& header,
                                                const std::vector<std::string>& row, const Actor& actor,
                                                const std::string& action, const std::string& refusal,
                                                const std::string& target, const std::string& detail);
  std::expected<EnteredRow, Error> delete_entered_row(Period period, std::string_view file,
                                                      const std::vector<std::string>& header, std::size_t line,
                                                      const Actor& actor, const std::string& action,
                                                      const std::function<std::string(const EnteredRow&)>& describe);

  // One change at a time in this process (m_changes) and, with the files in the
  // database, in every instance (the store's change hold), on a working copy synced
  // under both.
  struct ChangeLock {
    std::unique_lock<std::mutex> lock;
    std::optional<store::ChangeHold> hold;
  };
  // Sync::No: the directory's files are about to be recorded as they are (record_current_files).
  enum class Sync { Yes, No };
  std::expected<ChangeLock, Error> begin_change(Sync sync = Sync::Yes);
  std::expected<void, Error> record_files(const Actor& actor);  // under a ChangeLock

  std::filesystem::path m_dir;
  OpenedStores m_owned;  // when open() opened them
  Stores m_stores;
  Clock m_clock;
  std::string m_sheet;
  std::function<void()> m_on_change;
  std::mutex m_changes;  // one change at a time: a preview is of the directory it lands in
  std::mutex m_sync;     // one sync at a time
  std::atomic<std::int64_t> m_synced_files{0};  // the store's files_version() the copy was last brought to
};

} // namespace zwgk::app
