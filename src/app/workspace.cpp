#include "app/workspace.h"

#include "fs/files.h"
#include "mailbox/ledger.h"
#include "store/store.h"

#include <fmt/format.h>

namespace zwgk::app {
namespace {

// Regular files directly in dir, as "name size mtime" lines (the store's own files aside).
void describe_files(const std::filesystem::path& dir, std::string& out) {
  for (const auto& path : fs::list_files(dir)) {
    const std::string name = path.filename().string();
    if (name.starts_with(store::k_store_file)) continue;  // zwgk.db, -wal, -shm
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    auto time = std::filesystem::last_write_time(path, ec).time_since_epoch().count();
    out += fmt::format("{} {} {}\n", name, size, time);
  }
}

} // namespace

std::expected<OpenedStores, Error> open_stores(const std::filesystem::path& dir, Create create,
                                              std::string_view location) {
  auto db = store::open_database(dir, create, location);
  if (!db) return std::unexpected(Error::internal(db.error()));
  return OpenedStores{std::move(*db)};
}

Workspace::Workspace(std::filesystem::path dir, Stores stores, Clock clock, std::string sheet)
    : m_dir(std::move(dir)), m_stores(stores), m_clock(std::move(clock)), m_sheet(std::move(sheet)) {}

std::expected<std::unique_ptr<Workspace>, Error> Workspace::open(const std::filesystem::path& dir, Clock clock,
                                                                 Create create, std::string sheet) {
  auto opened = open_stores(dir, create);
  if (!opened) return std::unexpected(opened.error());
  return adopt(dir, std::move(*opened), std::move(clock), std::move(sheet));
}

std::unique_ptr<Workspace> Workspace::adopt(const std::filesystem::path& dir, OpenedStores opened, Clock clock,
                                            std::string sheet) {
  auto ws = std::make_unique<Workspace>(dir, opened.view(), std::move(clock), std::move(sheet));
  ws->m_owned = std::move(opened);
  return ws;
}

std::vector<Period> Workspace::periods() const { return ingest::list_periods(m_dir); }

std::vector<FollowupEvent> Workspace::events() const {
  return m_stores.followup ? m_stores.followup->followup_events() : std::vector<FollowupEvent>{};
}

WorkCalendar Workspace::calendar(Diagnostics& problems) const { return load_calendar(m_dir, problems); }

annual::PeriodDates Workspace::period_dates(Period period, Diagnostics& problems) const {
  return app::period_dates(m_dir, period, problems);
}

std::string Workspace::data_version(Period period) const {
  std::string out;
  describe_files(m_dir, out);
  out += "--\n";
  if (auto dir = ingest::period_dir(m_dir, period); !dir.empty()) describe_files(dir, out);
  out += "--\n";
  describe_files(m_dir / std::string(k_calendar_dir), out);
  if (m_stores.mail) out += fmt::format("mail {}\n", m_stores.mail->mail_version());
  if (m_stores.followup) out += fmt::format("followup {}\n", m_stores.followup->followup_version());
  return out;
}

Ledgers Workspace::ledgers(const std::vector<FollowupEvent>& events) const { return {m_stores.mail, &events}; }

std::expected<ingest::Workspace, Diagnostics> Workspace::load(std::optional<Period> period, Diagnostics& notes,
                                                              const ingest::ProgressFn& progress) const {
  const auto events = this->events();
  return load_workspace(m_dir, period, ledgers(events), notes, progress, m_sheet);
}

std::expected<LoadedPeriod, Diagnostics> Workspace::load_period(Period period) const {
  const auto events = this->events();
  return app::load_period(m_dir, period, ledgers(events), m_sheet);
}

std::expected<AssessedPeriod, Diagnostics> Workspace::assess_period(std::optional<Period> period,
                                                                    const WorkCalendar& calendar, DateTime as_of,
                                                                    Diagnostics& notes,
                                                                    const std::vector<FollowupEvent>* events) const {
  if (events) return app::assess_period(m_dir, period, m_stores.mail, *events, calendar, as_of, notes, m_sheet);
  const auto recorded = this->events();
  return app::assess_period(m_dir, period, m_stores.mail, recorded, calendar, as_of, notes, m_sheet);
}

std::expected<AssessedYear, Diagnostics> Workspace::assess_year(int year, const WorkCalendar& calendar,
                                                                DateTime as_of, Diagnostics& notes) const {
  const auto events = this->events();
  return app::assess_year(m_dir, year, m_stores.mail, events, calendar, as_of, notes, m_sheet);
}

} // namespace zwgk::app
