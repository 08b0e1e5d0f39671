// Pieces of `zwgk rectify` shared by its subcommands (cmd_rectify.cpp for
// the events, rectify_list.cpp for list and show, rectify_common.cpp).
#pragma once

#include "annual/followup.h"
#include "cli/common.h"
#include "app/workspace.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace zwgk::cli {

struct RectifyOptions {
  std::string data_dir;
  std::string sheet;
  std::string period;  // list, draft, final
  int year = 0;        // list: every quarter of the year
  std::string unit;    // list
  std::string show;    // list: one status (name or code)
  std::string as_of;   // list, show: the day to judge on (default: now)
  std::string csv;     // list: write a CSV file instead of a table
  std::string id;      // an item id: "2020Q3/齐都镇/目录未上传"
  std::string text;    // reply, verify
  std::string reason;  // reject, contest, uphold, withdraw
  std::string link;    // reply
  std::string file;    // reply
  std::string at;      // when the event happened (default: now)
  std::string by;      // who records it (default: 命令行)
};

// The user recorded for this run: --by, else "命令行".
std::string rectify_user(const RectifyOptions& options);

enum class DayEnd { Start, End };

// "2020-10-15 10:00" or a date ("2020-10-15": its start or its end, as
// `date_only` says); empty text: now. Prints why and returns nullopt when
// the text is not a time.
std::optional<DateTime> time_option(const std::string& text, std::string_view option, DayEnd date_only);

// What the command does, so that its errors say what was not done.
enum class Intent { Read, Record, Files };

// What a command needs besides one period: the data directory's workspace
// (with --sheet), the calendar and the ledger's events. nullopt after
// printing why.
struct FollowupInputs {
  std::unique_ptr<app::Workspace> workspace;
  WorkCalendar calendar;
  std::vector<FollowupEvent> events;
};
std::optional<FollowupInputs> load_followup_inputs(const std::string& data_dir, Intent intent,
                                                   const std::string& sheet = {});

// One period (default: the latest) assessed with its items as of `as_of`;
// prints warnings (the follow-up's problems among them) and errors.
// nullopt on failure.
std::optional<app::AssessedPeriod> load_followup_period(std::optional<Period> period, const FollowupInputs& inputs,
                                                        DateTime as_of, Intent intent);

// The period an item id names ("2020Q3/…"); prints why when there is none.
std::optional<Period> item_period(const std::string& id);

// The item `id` names in the period: exactly, or with the unit under
// another of its names ("2020Q3/区文旅局/…"). Prints an error with the
// nearest ids when there is none.
const annual::RectificationItem* find_item(const app::AssessedPeriod& period, const std::string& id);

// "2020-10-16", or "未定" when the deadline is unknown.
std::string deadline_text(const std::optional<Date>& deadline);

// The status as staff read it: "逾期未整改", "逾期未整改·待核实".
std::string status_text(const annual::RectificationItem& item);

// The unit's name as tables print it (short).
std::string item_unit_name(const Registry& registry, const annual::RectificationItem& item);

int run_rectify_list(const RectifyOptions& options);
int run_rectify_show(const RectifyOptions& options);

} // namespace zwgk::cli
