#include "scheme/calendar_file.h"

#include "scheme/toml_reader.h"
#include "scheme/toml_text.h"

#include <fmt/format.h>

#include <set>

namespace zwgk {
namespace {

using scheme_detail::Need;
using scheme_detail::TomlReader;

std::optional<Date> read_date(TomlReader& r, const toml::table& t, std::string_view key, std::string_view path,
                              Need need) {
  const toml::node* node = t.get(key);
  if (!node) {
    if (need == Need::Required) r.error(&t, fmt::format("缺少“{}{}”", path, key));
    return std::nullopt;
  }
  if (const auto* d = node->as_date()) {
    const auto& v = d->get();
    if (is_valid_date(v.year, v.month, v.day)) return Date{v.year, v.month, v.day};
  } else if (const auto* s = node->as_string()) {
    if (auto parsed = parse_date(s->get())) return parsed;
  }
  r.error(node, fmt::format("“{}{}”应为日期，如 2020-10-01", path, key));
  return std::nullopt;
}

bool in_year(TomlReader& r, const toml::table& t, std::string_view key, Date d, int year) {
  if (d.year == year) return true;
  r.error(t.get(key), fmt::format("{} 不在本文件的年份 {} 内", d.to_string(), year));
  return false;
}

void read_holidays(TomlReader& r, const toml::table& root, CalendarYear& out) {
  const toml::array* arr = r.array(root, "holidays", "", Need::Optional);
  if (!arr || !r.within_items(*arr, "holidays")) return;
  for (const auto& node : *arr) {
    const toml::table* t = node.as_table();
    if (!t) {
      r.error(&node, "“holidays”的每一项应为表（[[holidays]]）");
      continue;
    }
    r.check_keys(*t, "holidays.", {"name", "from", "to", "date"});
    const bool single = t->contains("date");
    if (single && (t->contains("from") || t->contains("to"))) {
      r.error(t->get("date"), "“holidays”的一项要么写 date（一天），要么写 from/to（一段），不能同时写");
      continue;
    }
    auto from = read_date(r, *t, single ? "date" : "from", "holidays.", Need::Required);
    auto to = single ? from : read_date(r, *t, "to", "holidays.", Need::Optional);
    if (!from) continue;
    if (!to) to = from;
    if (*to < *from) {
      r.error(t->get("to"), "“holidays.to”早于“holidays.from”");
      continue;
    }
    if (!in_year(r, *t, single ? "date" : "from", *from, out.year) || !in_year(r, *t, "to", *to, out.year)) continue;
    for (auto d = from->days_since_epoch(); d <= to->days_since_epoch(); ++d)
      out.holidays.push_back(Date::from_days_since_epoch(d));
  }
}

void read_workdays(TomlReader& r, const toml::table& root, CalendarYear& out) {
  const toml::array* arr = r.array(root, "workdays", "", Need::Optional);
  if (!arr || !r.within_items(*arr, "workdays")) return;
  const std::set<Date> holidays(out.holidays.begin(), out.holidays.end());
  for (const auto& node : *arr) {
    const toml::table* t = node.as_table();
    if (!t) {
      r.error(&node, "“workdays”的每一项应为表（[[workdays]]）");
      continue;
    }
    r.check_keys(*t, "workdays.", {"name", "date"});
    auto date = read_date(r, *t, "date", "workdays.", Need::Required);
    if (!date || !in_year(r, *t, "date", *date, out.year)) continue;
    int w = weekday(*date);
    if (w != 0 && w != 6) {
      r.error(t->get("date"), fmt::format("调休上班日 {} 不是周六或周日", date->to_string()));
      continue;
    }
    if (holidays.contains(*date)) {
      r.error(t->get("date"), fmt::format("{} 既写在节假日里，又写成调休上班日", date->to_string()));
      continue;
    }
    out.workdays.push_back(*date);
  }
}

} // namespace

std::expected<CalendarYear, Diagnostics> parse_calendar_file(std::string_view text, std::string_view file_name) {
  auto parsed = scheme_detail::parse_toml(text, file_name);
  if (!parsed) return std::unexpected(parsed.error());
  const toml::table& root = *parsed;
  Diagnostics diagnostics;
  TomlReader r(diagnostics, std::string(file_name));
  r.check_keys(root, "", {"year", "holidays", "workdays"});
  CalendarYear out;
  auto year = r.integer(root, "year", "", Need::Required, {1900, 2999}, "年份");
  if (diagnostics.has_errors() || !year) return std::unexpected(diagnostics);
  out.year = static_cast<int>(*year);
  read_holidays(r, root, out);
  read_workdays(r, root, out);
  if (diagnostics.has_errors()) return std::unexpected(diagnostics);
  return out;
}

std::expected<DateWindow, Diagnostics> parse_window_file(std::string_view text, std::string_view file_name,
                                                         Period period) {
  auto parsed = scheme_detail::parse_toml(text, file_name);
  if (!parsed) return std::unexpected(parsed.error());
  const toml::table& root = *parsed;
  Diagnostics diagnostics;
  TomlReader r(diagnostics, std::string(file_name));
  r.check_keys(root, "", {"from", "to"});
  auto from = read_date(r, root, "from", "", Need::Required);
  auto to = read_date(r, root, "to", "", Need::Required);
  if (from && to) {
    const DateWindow calendar = period.calendar_window();
    constexpr std::int64_t k_max_days = 2 * 366;
    if (*to < *from)
      r.error(root.get("to"), fmt::format("考核期的结束 {} 早于开始 {}", to->to_string(), from->to_string()));
    else if (*to < calendar.from || calendar.to < *from)
      r.error(root.get("from"), fmt::format("考核期 {} 与 {}（{}）没有一天重合", DateWindow{*from, *to}.to_string(),
                                            period.to_string(), calendar.to_string()));
    else if (to->days_since_epoch() - from->days_since_epoch() >= k_max_days)
      r.error(root.get("to"), "考核期长于两年，请检查年份");
  }
  if (diagnostics.has_errors() || !from || !to) return std::unexpected(diagnostics);
  return DateWindow{*from, *to};
}

} // namespace zwgk
