#include "app/pipeline.h"

#include "engine/assess.h"
#include "ingest/calendar_dir.h"
#include "mailbox/ledger.h"
#include "publish/bulletin_template.h"
#include "store/store.h"

#include <fmt/format.h>

namespace zwgk::app {
namespace {

Diagnostics single_error(std::string message) {
  Diagnostics d;
  d.error({}, std::move(message));
  return d;
}

} // namespace

WorkCalendar load_calendar(const std::filesystem::path& dir, Diagnostics& problems) {
  return ingest::load_calendar(dir, problems);
}

annual::PeriodDates period_dates(const std::filesystem::path& dir, Period period, Diagnostics& problems) {
  auto loaded = publish::load_bulletin_template(dir, period, problems);
  auto dates = template_dates(loaded.merged, problems);
  return {dates.date, dates.deadline};
}

void add_withdrawals(ingest::Workspace& ws, const std::vector<FollowupEvent>& events) {
  auto waivers = annual::withdrawals(ws.period, events, ws.registry, ws.scheme);
  ws.data.waivers.insert(ws.data.waivers.end(), waivers.begin(), waivers.end());
}

std::expected<ingest::Workspace, Diagnostics> load_workspace(const std::filesystem::path& dir,
                                                             std::optional<Period> period, const Ledgers& ledgers,
                                                             Diagnostics& notes, const ingest::ProgressFn& progress,
                                                             std::string_view sheet) {
  auto ws = ingest::load_data_dir(dir, period, notes, progress, sheet);
  if (!ws) return ws;
  if (ledgers.mail) mailbox::add_ledger_submissions(*ws, *ledgers.mail, notes);
  if (ledgers.events) add_withdrawals(*ws, *ledgers.events);
  return ws;
}

std::expected<LoadedPeriod, Diagnostics> load_period(const std::filesystem::path& dir, Period period,
                                                     const Ledgers& ledgers, std::string_view sheet) {
  Diagnostics notes;
  auto ws = load_workspace(dir, period, ledgers, notes, {}, sheet);
  if (!ws) return std::unexpected(ws.error());
  LoadedPeriod out;
  out.calendar = load_calendar(dir, out.followup_problems);
  out.dates = period_dates(dir, period, out.followup_problems);
  out.problems = std::move(notes);
  out.problems.append(ingest::all_problems(*ws));
  if (!out.problems.has_errors()) {
    auto result = assess(ws->registry, ws->scheme, ws->data, ws->period);
    if (result) out.result = std::move(*result);
    else out.problems.append(result.error());
  }
  out.ws = std::move(*ws);
  return out;
}

std::expected<AssessedPeriod, Diagnostics> assess_period(const std::filesystem::path& dir,
                                                         std::optional<Period> period, store::MailStore* mail,
                                                         const std::vector<FollowupEvent>& events,
                                                         const WorkCalendar& calendar, DateTime as_of,
                                                         Diagnostics& notes, std::string_view sheet) {
  auto ws = load_workspace(dir, period, {mail, &events}, notes, {}, sheet);
  if (!ws) return std::unexpected(ws.error());
  Diagnostics problems = ingest::all_problems(*ws);
  if (problems.has_errors()) return std::unexpected(problems);
  auto result = assess(ws->registry, ws->scheme, ws->data, ws->period);
  if (!result) return std::unexpected(result.error());
  Diagnostics date_problems;
  auto dates = period_dates(ws->dir, ws->period, date_problems);
  // A bulletin date that cannot be read, or a deadline before it, would put
  // every item's deadline in the wrong place: nothing is worked out.
  if (date_problems.has_errors()) return std::unexpected(date_problems);
  notes.append(date_problems);
  auto state = annual::follow_up(*result, ws->scheme, ws->registry, events, dates, calendar, as_of);
  for (const auto& p : state.problems) notes.warning({}, p);
  return AssessedPeriod{std::move(*ws), std::move(*result), std::move(state)};
}

std::expected<AssessedYear, Diagnostics> assess_year(const std::filesystem::path& dir, int year,
                                                     store::MailStore* mail,
                                                     const std::vector<FollowupEvent>& events,
                                                     const WorkCalendar& calendar, DateTime as_of,
                                                     Diagnostics& notes, std::string_view sheet) {
  AssessedYear out;
  Diagnostics errors;
  for (const auto& period : ingest::list_periods(dir)) {
    if (period.year != year) continue;
    // A quarter just created (未开始) has nothing to add up: it is reported
    // with the quarters that have no folder ("…没有数据，未计入").
    if (!ingest::has_data(dir, period)) continue;
    auto assessed = assess_period(dir, period, mail, events, calendar, as_of, notes, sheet);
    if (!assessed) {
      errors.append(assessed.error());
      continue;
    }
    // The year is added up from each quarter's result; its published items (millions in a
    // province: three million a quarter) are not held while the next quarter loads.
    BulkVector<PublishedItem>().swap(assessed->workspace.data.published_items);
    out.quarters.push_back(std::move(*assessed));
  }
  if (errors.has_errors()) return std::unexpected(errors);
  if (out.quarters.empty())
    return std::unexpected(single_error(fmt::format("数据目录中没有 {} 年的季度文件夹（如 {}Q1）", year, year)));
  std::vector<annual::QuarterInput> inputs;
  for (const auto& q : out.quarters)
    inputs.push_back({q.workspace.period, &q.workspace.scheme, &q.result, &q.followup});
  out.year = annual::assess_year(year, out.registry(), out.scheme(), inputs, as_of);
  return out;
}

} // namespace zwgk::app
