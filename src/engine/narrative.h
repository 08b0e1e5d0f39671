// The wording of 附件4 (deductions), as the bulletin writes it.
//
// Grammar: each item is "{reason}，减{p}分"; items are joined by "；"; the
// line ends "，共减{total}分。". A unit with a single item is written
// "{reason}，共减{total}分。" (the item's own points are not repeated).
// Points print without trailing zeros (5, 0.5, 14.5). Months are written
// "8、9" inside the scheme's own text ("{months}月份未投稿").
#pragma once

#include "engine/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace zwgk {

// "8、9" for August and September (month numbers joined by 、).
std::string format_months(const std::vector<YearMonth>& months);

// The text after "单位：", e.g. "公开事项标准目录未上传，减5分；8、9月份未投稿，减2分，共减7分。"
std::string deduction_text(const std::vector<Deduction>& items);

// The whole line: "齐都镇：" + deduction_text(items).
std::string deduction_line(std::string_view unit_name, const std::vector<Deduction>& items);

} // namespace zwgk
