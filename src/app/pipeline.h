// THE pipeline from a data directory to results, in one place for both front
// ends (they reach it through app::Workspace, app/workspace.h): the data
// files, the mail ledger's submissions, the office's withdrawals, the
// district's working-day calendar, the template's dates, the assessment and
// each rectification item's status. Nothing else assembles these steps.
//
//   DIR/日历/2020.toml     one calendar file per year (scheme/calendar_file.h)
//   DIR/zwgk.db            the follow-up ledger (store/followup_store.h)
//
// The quarter's 成文日期 and 整改期限 come from its 通报模板.txt (the
// bulletin's own dates), so the deadline units see is the one the bulletin
// states.
#pragma once

#include "annual/followup.h"
#include "annual/year.h"
#include "ingest/calendar_dir.h"
#include "ingest/data_dir.h"
#include "store/database.h"
#include "store/followup_store.h"
#include "store/mail_store.h"

#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::app {

using ingest::k_calendar_dir;

// Every DIR/日历/*.toml: ingest::load_calendar (ingest/calendar_dir.h).
WorkCalendar load_calendar(const std::filesystem::path& dir, Diagnostics& problems);

using Create = store::Create;

// What the ledgers of DIR/zwgk.db add to the data files: the mail ledger's
// submissions (null: no mail imported) and the follow-up events, whose
// withdrawals change scores.
struct Ledgers {
  store::MailStore* mail = nullptr;
  const std::vector<FollowupEvent>* events = nullptr;  // null: none
};

// The period's bulletin dates from its template (problems to `problems`;
// a date that cannot be read, or a 整改期限 before the 成文日期, is an error).
annual::PeriodDates period_dates(const std::filesystem::path& dir, Period period, Diagnostics& problems);

// Adds the period's withdrawals (annual::withdrawals) to ws.data.waivers.
void add_withdrawals(ingest::Workspace& ws, const std::vector<FollowupEvent>& events);

// load_data_dir() plus what the ledgers add to it. What every command and
// the server assess.
std::expected<ingest::Workspace, Diagnostics> load_workspace(const std::filesystem::path& dir,
                                                             std::optional<Period> period, const Ledgers& ledgers,
                                                             Diagnostics& notes,
                                                             const ingest::ProgressFn& progress = {},
                                                             std::string_view sheet = {});

// One period as the workspace shows it, whether or not it can be assessed:
// the data with every problem (warnings too), the result when there is no
// error, and what follows the bulletin (the calendar and the bulletin's
// dates, with their own problems). The items depend on the day asked about
// and are worked out per request (annual::follow_up).
struct LoadedPeriod {
  ingest::Workspace ws;
  std::optional<Result> result;  // set when problems has no errors
  Diagnostics problems;          // import and validation problems (warnings too)
  WorkCalendar calendar;
  annual::PeriodDates dates;
  Diagnostics followup_problems;  // of the calendar files and the template's dates
};

// A load that cannot start (no scheme, no registry) is the error.
std::expected<LoadedPeriod, Diagnostics> load_period(const std::filesystem::path& dir, Period period,
                                                     const Ledgers& ledgers, std::string_view sheet = {});

struct AssessedPeriod {
  ingest::Workspace workspace;
  Result result;
  annual::PeriodFollowup followup;
};

// Loads the period from dir like `zwgk report` does (mail ledger included),
// applies the withdrawals, assesses it and works out its items as of
// `as_of`. Warnings go to `notes`; errors (nothing could be assessed, or the
// template's dates are wrong) are the unexpected value.
std::expected<AssessedPeriod, Diagnostics> assess_period(const std::filesystem::path& dir,
                                                         std::optional<Period> period, store::MailStore* mail,
                                                         const std::vector<FollowupEvent>& events,
                                                         const WorkCalendar& calendar, DateTime as_of,
                                                         Diagnostics& notes, std::string_view sheet = {});

struct AssessedYear {
  // Present quarters, oldest first. Each keeps its result, follow-up, rules and
  // registry, but not its published items (workspace.data.published_items is
  // empty): only the results add up to the year, and a province's quarters
  // held whole would take four times the memory of one.
  std::vector<AssessedPeriod> quarters;
  annual::YearResult year;
  // The year's rules and units: those of its latest quarter.
  const Scheme& scheme() const { return quarters.back().workspace.scheme; }
  const Registry& registry() const { return quarters.back().workspace.registry; }
};

// Every quarter folder of `year` in dir, each as assess_period(); fails if
// there is none or any fails to load.
std::expected<AssessedYear, Diagnostics> assess_year(const std::filesystem::path& dir, int year,
                                                     store::MailStore* mail,
                                                     const std::vector<FollowupEvent>& events,
                                                     const WorkCalendar& calendar, DateTime as_of,
                                                     Diagnostics& notes, std::string_view sheet = {});

} // namespace zwgk::app
