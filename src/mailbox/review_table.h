// The review of the mail ledger as a table of text cells, for every place
// that lists it: `zwgk mail list --csv` and the workspace's mail.csv (both
// serialise it with render's csv_document()), and the filter both offer.
// No I/O, no formatting of files: mailbox stays below render.
#pragma once

#include "mailbox/review.h"
#include "model/registry.h"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::mailbox {

// The row selections of `zwgk mail list --show` and the workspace's filter tabs.
inline constexpr std::array<std::string_view, 6> k_show_choices = {"全部", "待核实", "未归属", "不计入", "计入",
                                                                   "无收到时间"};

// Whether `row` belongs to the selection `show` (one of k_show_choices; an
// unknown one selects every row).
bool shown(std::string_view show, const ReviewRow& row);

// A header row then one row per review row: 编号 收到时间 单位 归属依据 发件人
// 标题 字数 图片数 切题 结论 原因 提示 待核实 来源 (official unit names).
std::vector<std::vector<std::string>> review_table(const Registry& registry, const std::vector<const ReviewRow*>& rows);

} // namespace zwgk::mailbox
