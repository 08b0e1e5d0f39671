// [rectification] and [year]: what follows a bulletin, and how the year adds up.
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
  r.check_keys(*t, "year.", {"quarters", "title"});
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

} // namespace zwgk::scheme_detail
