// Reminders: what each unit still owes, as a digest the office can export
// or send by e-mail (`zwgk remind`). Pure: no I/O.
//
// From the rectification items of one or more periods (annual/followup.h)
// as they stood on `as_of`:
// - owed: items the unit must still act on: 待整改, 已退回 and 逾期未整改;
// - waiting: items where the unit has acted and the office has not yet
//   decided: 待核实 (a reply not yet checked, also one that came after the
//   deadline) and 申诉中 (a contest not yet decided). They are listed in the
//   digest so the unit does not reply twice, but never as owed;
// - closed items (已整改, 逾期整改, 已撤销) are left out.
// A unit gets a digest only when it owes at least one item. Digests come in
// registry order; a digest's items by period (oldest first), then in the
// period's own item order.
//
// Each item says how urgent it is: past its deadline, the calendar days
// since (逾期N天); otherwise, when a working-day calendar is given and
// covers the days in between, the working days after as_of up to and
// including the deadline (还有N个工作日; 0 means the deadline is today).
//
// The digest is a formal notice in Chinese: the unit's short name as the
// salutation, the owed items by period, the waiting ones, what the scheme
// deducts in the annual assessment for items not put right in time, and
// the issuer (the scheme's issuer, else its district) with the date. An
// item whose latest reply the office returned quotes the office's reason. Every
// number and word of the district comes from the scheme and the data.
#pragma once

#include "annual/followup.h"

#include <optional>
#include <string>
#include <vector>

namespace zwgk::annual {

struct ReminderItem {
  std::string id;                       // "2020Q3/齐都镇/目录未上传"
  Period period;
  std::string reason;
  Decimal points;
  std::optional<Date> deadline;
  ItemStatus status = ItemStatus::Open;
  std::optional<int> days_overdue;      // calendar days past the deadline
  std::optional<int> working_days_left; // working days in (as_of, deadline]
  std::string returned_because;         // the office's reason when its latest answer to a reply was 退回
};

struct UnitDigest {
  UnitId unit = 0;
  std::string name;        // official name
  std::string short_name;  // the name the notice addresses (short, else official)
  std::vector<ReminderItem> owed;
  std::vector<ReminderItem> waiting;
  std::string subject;     // the e-mail's subject
  std::string body;        // the notice, plain text, LF line ends, ending with a newline

  std::size_t overdue_count() const;
};

struct Reminders {
  DateTime as_of;
  std::vector<UnitDigest> digests;  // units that owe something, registry order
  // Every digest's owed items, one row each (UTF-8 with BOM, CRLF, as the
  // bulletin's CSV files): 单位,季度,事项,扣分,整改期限,状态,逾期天数,剩余工作日,事项编号.
  std::string csv;
};

struct ReminderRequest {
  DateTime as_of;
  const WorkCalendar* calendar = nullptr;  // working days left, when given
  std::optional<UnitId> unit;              // only this unit
};

Reminders build_reminders(const std::vector<PeriodFollowup>& periods, const Registry& registry,
                          const Scheme& scheme, const ReminderRequest& request);

// "2020年10月20日".
std::string chinese_date(Date date);

} // namespace zwgk::annual
