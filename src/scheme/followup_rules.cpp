// [rectification], [year], [workspace] and [[stale_columns]]: what follows a bulletin,
// how the year adds up, who sees live scores before 公示, and when a crawled website
// column counts as stale.
#include "scheme/scheme.h"
#include "scheme/toml_reader.h"

#include <fmt/format.h>

namespace zwgk::scheme_detail {
namespace {

std::optional<std::int64_t> positive_days(TomlReader& r, const toml::table& t, std::string_view key) {
  return r.integer(t, key, "rectification.", Need::Optional, {1, 366}, "工作日数");
}

Decimal non_negative(TomlReader& r, const toml::table& t, std::string_view key) {
  auto points = r.decimal(t, key, "rectification.", Need::Optional).value_or(Decimal{});
  if (points < Decimal{}) r.error(t.get(key), fmt::format("“rectification.{}”不能为负数", key));
  return points;
}

} // namespace

void read_rectification(TomlReader& r, const toml::table& root, Scheme& s) {
  const toml::table* t = r.table(root, "rectification", "", Need::Optional);
  if (!t) return;
  r.check_keys(*t, "rectification.", {"findings", "quota", "working_days", "contest_days",
                                      "unrectified_penalty", "late_penalty"});
  auto& rule = s.rectification;
  rule.enabled = true;
  rule.findings = r.boolean(*t, "findings", "rectification.", Need::Optional).value_or(true);
  rule.quota = r.boolean(*t, "quota", "rectification.", Need::Optional).value_or(false);
  rule.working_days = positive_days(r, *t, "working_days");
  rule.contest_days = positive_days(r, *t, "contest_days");
  rule.unrectified_penalty = non_negative(r, *t, "unrectified_penalty");
  rule.late_penalty = non_negative(r, *t, "late_penalty");
}

void read_year(TomlReader& r, const toml::table& root, Scheme& s) {
  const toml::table* t = r.table(root, "year", "", Need::Optional);
  if (!t) return;
  r.check_keys(*t, "year.", {"quarters", "title", "bonus_cap"});
  s.year.bonus_cap = r.decimal(*t, "bonus_cap", "year.", Need::Optional);
  if (s.year.bonus_cap && *s.year.bonus_cap < Decimal{})
    r.error(t->get("bonus_cap"), "“year.bonus_cap”（计入年度的加分上限）不能为负数");
  if (auto combine = r.string(*t, "quarters", "year.", Need::Optional)) {
    if (*combine == "sum")
      s.year.combine = QuarterCombine::Sum;
    else if (*combine == "mean")
      s.year.combine = QuarterCombine::Mean;
    else
      r.error(t->get("quarters"), "“year.quarters”应为 \"sum\"（四个季度相加）或 \"mean\"（季度平均）");
  }
  if (auto title = r.string(*t, "title", "year.", Need::Optional)) s.year.title = *title;
}

namespace {

// `from = { months = -1, day = 26 }`: a window edge.
std::optional<WindowEdge> read_edge(TomlReader& r, const toml::table& t, std::string_view key) {
  const toml::table* e = r.table(t, key, "period.", Need::Optional);
  if (!e) return std::nullopt;
  const std::string path = fmt::format("period.{}.", key);
  r.check_keys(*e, path, {"months", "day"});
  WindowEdge edge;
  edge.months = static_cast<int>(r.integer(*e, "months", path, Need::Optional, {-24, 24}, "月数").value_or(0));
  edge.day = static_cast<int>(r.integer(*e, "day", path, Need::Required, {1, 31}, "日（1 至 31）").value_or(1));
  return edge;
}

} // namespace

void read_period(TomlReader& r, const toml::table& root, Scheme& s) {
  const toml::table* t = r.table(root, "period", "", Need::Optional);
  if (!t) return;
  r.check_keys(*t, "period.", {"length", "from", "to"});
  s.period.at = r.place(t);
  if (auto code = r.string(*t, "length", "period.", Need::Optional)) {
    if (auto length = parse_period_length(*code))
      s.period.length = *length;
    else
      r.error(t->get("length"), fmt::format("“period.length”应为 \"month\"（月度）、\"quarter\"（季度）、"
                                            "\"half\"（半年）或 \"year\"（年度），不能是“{}”", *code));
  }
  s.period.from = read_edge(r, *t, "from");
  s.period.to = read_edge(r, *t, "to");
  // Every period of the length must keep at least one day: the shortest (a month of 28 days).
  const Period shortest = Period::of(YearMonth{2021, 2}, s.period.length);
  const DateWindow w = s.period.window(shortest);
  if (w.to < w.from)
    r.error(t->get("to") ? t->get("to") : t,
            fmt::format("考核期的结束早于开始：例如 {} 的考核期为 {}", shortest.to_string(), w.to_string()));
}

void read_workspace(TomlReader& r, const toml::table& root, Scheme& s) {
  const toml::table* t = r.table(root, "workspace", "", Need::Optional);
  if (!t) return;
  r.check_keys(*t, "workspace.", {"live_scores"});
  auto live = r.string(*t, "live_scores", "workspace.", Need::Optional);
  if (!live || *live == "office")
    s.workspace.live_scores = LiveScores::Office;
  else if (*live == "all")
    s.workspace.live_scores = LiveScores::All;
  else
    r.error(t->get("live_scores"),
            fmt::format("“workspace.live_scores”应为 \"office\"（公示前只有管理员能看到各单位的排名）"
                        "或 \"all\"（所有登录用户都能看到），不能是“{}”", *live));
}

void read_stale_columns(TomlReader& r, const toml::table& root, Scheme& s) {
  constexpr std::string_view p = "stale_columns.";
  for_each_table(r, r.array(root, "stale_columns", "", Need::Optional), "stale_columns", [&](const toml::table& t) {
    r.check_keys(t, p, {"kind", "days", "finding"});
    StaleRule rule;
    rule.kind = r.name(t, "kind", p).value_or("");
    rule.days = r.integer(t, "days", p, Need::Required, {1, 3660}, "天数").value_or(0);
    rule.finding = r.name(t, "finding", p).value_or("");
    if (!rule.finding.empty() && !s.find_finding(rule.finding))
      r.error(t.get("finding"), fmt::format("“stale_columns.finding”应为 [[findings]] 中的问题类型，“{}”不在其中",
                                            rule.finding));
    for (const auto& other : s.stale_columns)
      if (!rule.kind.empty() && other.kind == rule.kind)
        r.error(t.get("kind"), fmt::format("栏目类别“{}”的更新期限重复规定", rule.kind));
    s.stale_columns.push_back(std::move(rule));
  });
}

} // namespace zwgk::scheme_detail
