// 考核结果.json for a reader who may not see every unit's records: the
// workspace's viewers, and unit users for other units than their own.
//
// The full document (render/json.h) names, for each unit, where every
// deduction was recorded (file and line of 检查*.csv) and each rejected
// submission with its title — for mail, the message's subject — its reason
// and its source. The bulletin publishes none of these, and the workspace
// shows them only to the office and to the unit itself. The figures stay
// (they are the assessment, which every reader sees in the ranking); the
// records behind them are withheld for every unit but `own_unit`:
// `deductions[].sources` and `rejected_submissions` become empty arrays and
// the unit gets `"details_withheld": true`. The schema is unchanged.
#pragma once

#include <string>
#include <string_view>

namespace zwgk {

// `full` is render_json()'s text; own_unit is a unit's official name, or
// empty for none. The result has render_json()'s layout.
std::string redact_result_json(std::string_view full, std::string_view own_unit);

} // namespace zwgk
