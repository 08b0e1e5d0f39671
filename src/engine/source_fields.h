// The fields of imported records whose columns an importer names
// (SourceFiles::set_column) so that validation can point at the cell a
// problem is about: "第4行第3列（链接）" rather than "第4行".
#pragma once

#include "util/calendar.h"

#include <string>
#include <string_view>

namespace zwgk::source_field {

inline constexpr std::string_view k_date = "date";          // 发布日期, 采用日期
inline constexpr std::string_view k_received = "received";  // 投稿收到时间
inline constexpr std::string_view k_title = "title";
inline constexpr std::string_view k_link = "link";
inline constexpr std::string_view k_level = "level";        // 采用级别 (one column of levels)
inline constexpr std::string_view k_count = "count";        // 数量/件数 (one column of counts)
inline constexpr std::string_view k_type = "type";          // 问题类型
inline constexpr std::string_view k_month = "month";        // 月份 (long layout)
// 指标.csv (issue 16)
inline constexpr std::string_view k_indicator = "indicator";      // 指标
inline constexpr std::string_view k_numerator = "numerator";      // 分子
inline constexpr std::string_view k_denominator = "denominator";  // 分母
inline constexpr std::string_view k_result = "result";            // 结果 (是/否)
inline constexpr std::string_view k_points = "points";            // 得分

// The count column of one month in the wide layout ("7月" …).
inline std::string month_count(YearMonth month) { return "count:" + month.to_string(); }
// The count column of one adoption level ("市级采用件数" …).
inline std::string level_count(std::size_t level) { return "level:" + std::to_string(level); }

} // namespace zwgk::source_field
