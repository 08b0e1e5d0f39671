#include "annual/reminders.h"

#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

namespace zwgk::annual {
namespace {

constexpr std::string_view k_indent = "　　";  // two full-width spaces, as official notices indent

enum class Bucket { Owed, Waiting, Closed };

Bucket bucket_of(const RectificationItem& item) {
  switch (item.status) {
    case ItemStatus::Done:
    case ItemStatus::DoneLate:
    case ItemStatus::Withdrawn:
      return Bucket::Closed;
    case ItemStatus::Replied:
    case ItemStatus::Contested:
      return Bucket::Waiting;
    case ItemStatus::Open:
    case ItemStatus::Returned:
    case ItemStatus::Overdue:
      return item.awaiting_check ? Bucket::Waiting : Bucket::Owed;
  }
  return Bucket::Owed;
}

// Free text on one line of the notice: line breaks as spaces, no closing full stop.
std::string one_line(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  for (bool trimmed = true; trimmed;) {
    trimmed = false;
    for (std::string_view tail : {" ", "。", "."}) {
      if (out.size() >= tail.size() && std::string_view(out).ends_with(tail)) {
        out.resize(out.size() - tail.size());
        trimmed = true;
      }
    }
  }
  return out;
}

ReminderItem reminder_item(const RectificationItem& item, const ReminderRequest& request) {
  ReminderItem out;
  out.id = item.id;
  out.period = item.period;
  out.reason = item.reason;
  out.points = item.points;
  out.deadline = item.deadline;
  out.status = item.status;
  for (auto it = item.history.rbegin(); it != item.history.rend(); ++it) {
    if (it->kind == FollowupKind::Reject) out.returned_because = one_line(it->text);
    if (it->kind == FollowupKind::Reply || it->kind == FollowupKind::Verify || it->kind == FollowupKind::Reject) break;
  }
  if (item.deadline) {
    const Date today = request.as_of.date;
    if (*item.deadline < today) {
      out.days_overdue = static_cast<int>(today.days_since_epoch() - item.deadline->days_since_epoch());
    } else if (request.calendar) {
      if (auto left = request.calendar->working_days_between(today, *item.deadline)) out.working_days_left = *left;
    }
  }
  return out;
}

std::string chinese_number(std::size_t n) {
  static constexpr std::array<std::string_view, 10> k_digits = {"零", "一", "二", "三", "四",
                                                                "五", "六", "七", "八", "九"};
  if (n < 10) return std::string(k_digits[n]);
  if (n < 100) {
    std::string out = n >= 20 ? std::string(k_digits[n / 10]) : std::string();
    out += "十";
    if (n % 10) out += k_digits[n % 10];
    return out;
  }
  return std::to_string(n);
}

std::string period_name(Period period) { return period.full_name(); }

std::string deadline_text(const std::optional<Date>& deadline) {
  return deadline ? chinese_date(*deadline) : std::string("未确定");
}

// "已逾期4天", "还有3个工作日", "今日到期", or empty when unknown.
std::string urgency(const ReminderItem& item) {
  if (item.days_overdue) return fmt::format("已逾期{}天", *item.days_overdue);
  if (item.working_days_left) {
    if (*item.working_days_left == 0) return "今日到期";
    return fmt::format("距整改期限还有{}个工作日", *item.working_days_left);
  }
  return {};
}

std::string owed_line(std::size_t number, const ReminderItem& item) {
  std::string line = fmt::format("{}{}. {}（扣{}分）。整改期限：{}；状态：{}", k_indent, number, item.reason,
                                 item.points.to_string(), deadline_text(item.deadline), item_status_name(item.status));
  if (auto u = urgency(item); !u.empty()) line += "，" + u;
  if (!item.returned_because.empty()) line += "；退回理由：" + item.returned_because;
  return line + "。\n";
}

std::string waiting_line(std::size_t number, const ReminderItem& item) {
  std::string what = item.status == ItemStatus::Contested ? "已申诉，待决定" : "已报送整改情况，待核实";
  return fmt::format("{}{}. {}：{}（扣{}分），{}。\n", k_indent, number, period_name(item.period), item.reason,
                     item.points.to_string(), what);
}

std::string penalty_sentence(const Scheme& scheme) {
  const auto& rule = scheme.rectification;
  std::vector<std::string> parts;
  if (!rule.unrectified_penalty.is_zero())
    parts.push_back(fmt::format("逾期未整改的，每项在年度考核中扣{}分", rule.unrectified_penalty.to_string()));
  if (!rule.late_penalty.is_zero())
    parts.push_back(fmt::format("逾期完成整改的，每项扣{}分", rule.late_penalty.to_string()));
  if (parts.empty()) return {};
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "；" : "") + parts[i];
  return out + "。";
}

std::string issuer(const Scheme& scheme) { return !scheme.issuer.empty() ? scheme.issuer : scheme.district; }

std::string subject_of(const UnitDigest& digest, const Scheme& scheme, Date as_of) {
  return fmt::format("{}整改事项提醒（{}，截至{}）", scheme.name, digest.short_name, chinese_date(as_of));
}

std::string body_of(const UnitDigest& digest, const Scheme& scheme, Date as_of) {
  std::string out = digest.short_name + "：\n";
  out += fmt::format("{}截至{}，贵单位尚有以下整改事项未完成（共{}项", k_indent, chinese_date(as_of), digest.owed.size());
  const std::size_t overdue = digest.overdue_count();
  if (overdue) out += fmt::format("，其中已逾期{}项", overdue);
  out += "）：\n";
  std::size_t section = 0;
  std::size_t number = 0;
  std::optional<Period> current;
  for (const auto& item : digest.owed) {
    if (!current || *current != item.period) {
      current = item.period;
      number = 0;
      out += fmt::format("{}（{}）{}\n", k_indent, chinese_number(++section), period_name(item.period));
    }
    out += owed_line(++number, item);
  }
  if (!digest.waiting.empty()) {
    out += fmt::format("{}以下事项贵单位已报送整改情况或提出申诉，正在核实处理，无需重复报送：\n", k_indent);
    number = 0;
    for (const auto& item : digest.waiting) out += waiting_line(++number, item);
  }
  std::string_view ask = overdue == 0                  ? "请于整改期限前完成整改并报送整改情况"
                         : overdue == digest.owed.size() ? "请抓紧整改，尽快报送整改情况"
                                                         : "请抓紧整改，已逾期的事项尽快报送整改情况，其余事项于整改期限前报送";
  out += fmt::format("{}{}（写明整改内容，并附网址链接或相关材料）。", k_indent, ask);
  out += penalty_sentence(scheme);
  out += "\n\n";
  if (auto who = issuer(scheme); !who.empty()) out += who + "\n";
  out += chinese_date(as_of) + "\n";
  return out;
}

std::string csv_of(const std::vector<UnitDigest>& digests) {
  std::string out = "\xEF\xBB\xBF";
  append_csv_row(out, {"单位", "季度", "事项", "扣分", "整改期限", "状态", "逾期天数", "剩余工作日", "事项编号"});
  for (const auto& digest : digests)
    for (const auto& item : digest.owed)
      append_csv_row(out, {digest.short_name, item.period.to_string(), item.reason, item.points.to_string(),
                           item.deadline ? item.deadline->to_string() : std::string(),
                           std::string(item_status_name(item.status)),
                           item.days_overdue ? std::to_string(*item.days_overdue) : std::string(),
                           item.working_days_left ? std::to_string(*item.working_days_left) : std::string(),
                           item.id});
  return out;
}

} // namespace

std::string chinese_date(Date date) { return fmt::format("{}年{}月{}日", date.year, date.month, date.day); }

std::size_t UnitDigest::overdue_count() const {
  return static_cast<std::size_t>(std::count_if(owed.begin(), owed.end(), [](const ReminderItem& item) {
    return item.days_overdue.has_value();
  }));
}

Reminders build_reminders(const std::vector<PeriodFollowup>& periods, const Registry& registry,
                          const Scheme& scheme, const ReminderRequest& request) {
  // Periods oldest first; the order they were given in breaks ties.
  std::vector<const PeriodFollowup*> ordered;
  for (const auto& p : periods) ordered.push_back(&p);
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const PeriodFollowup* a, const PeriodFollowup* b) { return a->period < b->period; });

  std::map<UnitId, UnitDigest> by_unit;
  for (const PeriodFollowup* period : ordered) {
    for (const auto& item : period->items) {
      if (item.unit >= registry.size()) continue;  // not a unit of these rules
      if (request.unit && item.unit != *request.unit) continue;
      Bucket bucket = bucket_of(item);
      if (bucket == Bucket::Closed) continue;
      UnitDigest& digest = by_unit[item.unit];
      (bucket == Bucket::Owed ? digest.owed : digest.waiting).push_back(reminder_item(item, request));
    }
  }

  Reminders out;
  out.as_of = request.as_of;
  for (const Unit& unit : registry.units()) {
    auto it = by_unit.find(unit.id);
    if (it == by_unit.end() || it->second.owed.empty()) continue;
    UnitDigest digest = std::move(it->second);
    digest.unit = unit.id;
    digest.name = unit.name;
    digest.short_name = unit.display_name(NameStyle::Short);
    digest.subject = subject_of(digest, scheme, request.as_of.date);
    digest.body = body_of(digest, scheme, request.as_of.date);
    out.digests.push_back(std::move(digest));
  }
  out.csv = csv_of(out.digests);
  return out;
}

} // namespace zwgk::annual
