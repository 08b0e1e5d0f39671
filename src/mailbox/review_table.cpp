#include "mailbox/review_table.h"

namespace zwgk::mailbox {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : "；") + item;
  return out;
}

} // namespace

bool shown(std::string_view show, const ReviewRow& row) {
  if (show == "待核实") return row.needs_attention();
  if (show == "未归属") return row.verdict == Verdict::Unassigned;
  if (show == "无收到时间") return row.verdict == Verdict::Undated;
  if (show == "计入") return row.verdict == Verdict::Counted;
  if (show == "不计入") return row.verdict != Verdict::Counted;
  return true;
}

std::vector<std::vector<std::string>> review_table(const Registry& registry, const std::vector<const ReviewRow*>& rows) {
  std::vector<std::vector<std::string>> table{{"编号", "收到时间", "单位", "归属依据", "发件人", "标题", "字数", "图片数",
                                               "切题", "结论", "原因", "提示", "待核实", "来源"}};
  table.reserve(rows.size() + 1);
  for (const auto* r : rows)
    table.push_back({std::to_string(r->id), r->received ? r->received->to_string() : "",
                     r->unit ? registry.at(*r->unit).name : "", std::string(attributed_by_title(r->attributed_by)),
                     r->from_address, r->subject, std::to_string(r->characters), std::to_string(r->pictures),
                     r->on_topic == OnTopic::Yes ? "是" : "否", std::string(verdict_title(r->verdict)), r->reason,
                     joined(r->hints), r->needs_attention() ? "是" : "", r->origin});
  return table;
}

} // namespace zwgk::mailbox
