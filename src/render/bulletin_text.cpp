#include "render/bulletin_text.h"

#include "annual/followup.h"
#include "render/text_queries.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <functional>

namespace zwgk {
namespace {


std::string chinese_date(const Date& d, bool with_year) {
  return with_year ? fmt::format("{}年{}月{}日", d.year, d.month, d.day) : fmt::format("{}月{}日", d.month, d.day);
}

using Fill = std::expected<std::string, std::string>;

// Everything a placeholder can draw on.
struct FillContext {
  const Result& result;
  const Scheme& scheme;
  const Registry& registry;
  std::optional<Date> date, deadline;
  std::string issuer;
  // Why there is no deadline when the template states none (annual::resolve_deadline's reason).
  std::string no_deadline;

  // The month whose quotas the text states: the bulletin's, else the period's last.
  YearMonth reference_month() const { return date ? date->year_month() : result.period.last_month(); }
};

// Units `wanted` in the order the bulletin's unit tables (scores, indicators, counts)
// list them, then any others in registry order.
std::vector<UnitId> units_in_bulletin_order(const FillContext& c, const std::function<bool(UnitId)>& wanted) {
  std::vector<UnitId> ids;
  auto add = [&](UnitId id) {
    if (wanted(id) && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  };
  for (const auto& table : c.result.tables) {
    const TableKind kind = c.scheme.tables[table.spec].kind;
    if (kind == TableKind::Scores || kind == TableKind::Indicators || kind == TableKind::Counts)
      for (const auto& row : table.rows) add(row.unit);
  }
  for (const auto& unit : c.registry.units()) add(unit.id);
  return ids;
}

// Short names joined by "、".
std::string short_names(const FillContext& c, const std::vector<UnitId>& ids) {
  std::string out;
  for (UnitId id : ids) out += (out.empty() ? "" : "、") + c.registry.at(id).display_name(NameStyle::Short);
  return out;
}

Fill units_with_tag(const FillContext& c, std::string_view tag) {
  auto ids = units_in_bulletin_order(c, [&](UnitId id) { return c.registry.at(id).has_tag(tag); });
  if (ids.empty()) return std::unexpected(fmt::format("单位名录中没有带“{}”标签的单位", tag));
  return short_names(c, ids);
}

// The units the engine gave rating `name`, or why the name is not a rating of the scheme.
std::expected<std::vector<UnitId>, std::string> units_rated(const FillContext& c, std::string_view name) {
  if (c.scheme.ratings.empty()) return std::unexpected(std::string("考核方案没有规定等次（[[ratings]]）"));
  auto has_rating = [&](UnitId id) { return id < c.result.units.size() && c.result.units[id].rating == name; };
  std::string known;
  for (const auto& band : c.scheme.ratings) {
    if (band.name == name) return units_in_bulletin_order(c, has_rating);
    known += (known.empty() ? "" : "、") + band.name;
  }
  return std::unexpected(fmt::format("考核方案中没有等次“{}”；等次有：{}", name, known));
}

// A query's units by short name, or "无" when none: ratings and conditions change every
// period, and "评为不合格的单位有：{评级:不合格}。" must still fill.
using UnitQuery = std::expected<std::vector<UnitId>, std::string> (*)(const FillContext&, std::string_view);

template <UnitQuery query>
Fill names_of(const FillContext& c, std::string_view argument) {
  auto ids = query(c, argument);
  if (!ids) return std::unexpected(ids.error());
  return ids->empty() ? std::string("无") : short_names(c, *ids);
}

template <UnitQuery query>
Fill count_of(const FillContext& c, std::string_view argument) {
  auto ids = query(c, argument);
  if (!ids) return std::unexpected(ids.error());
  return std::to_string(ids->size());
}

Fill indicator_full_marks(const FillContext& c, std::string_view code) {
  if (auto i = c.scheme.find_indicator(code)) {
    const Indicator& indicator = c.scheme.indicators[*i];
    if (indicator.full_marks) return indicator.full_marks->to_string();
    return std::unexpected(fmt::format("考核方案中指标“{}”没有规定满分（full_marks）", code));
  }
  if (c.scheme.indicators.empty()) return std::unexpected(std::string("考核方案没有规定指标（[[indicators]]）"));
  std::string known;
  for (const auto& indicator : c.scheme.indicators) known += (known.empty() ? "" : "、") + indicator.code;
  return std::unexpected(fmt::format("考核方案中没有指标“{}”；指标有：{}", code, known));
}

// {符合:发布>20}: the units meeting the condition, in bulletin order (text_queries.h).
std::expected<std::vector<UnitId>, std::string> units_meeting(const FillContext& c, std::string_view text) {
  return units_meeting_condition(c.scheme, c.result, units_in_bulletin_order(c, [](UnitId) { return true; }), text);
}

Fill quota(const FillContext& c, std::string_view tag) {
  auto month = c.reference_month();
  if (auto count = c.scheme.submission.quota_for_tag(tag, month)) return std::to_string(*count);
  return std::unexpected(fmt::format("考核方案中没有{}在{}适用的投稿任务数", tag.empty() ? "" : fmt::format("“{}”单位", tag),
                                     month.to_string()));
}

Fill needs(const std::optional<Date>& value, std::string_view field, bool with_year) {
  if (!value) return std::unexpected(fmt::format("用到了{{{}}}，但模板没有设置有效的“{}：”", field, field));
  return chinese_date(*value, with_year);
}

// The stated 整改期限, else the one the scheme's rule gives (as the follow-up counts it).
Fill deadline(const FillContext& c, std::string_view) {
  if (!c.deadline && !c.no_deadline.empty()) return std::unexpected(fmt::format("用到了{{整改期限}}，无法填写：{}", c.no_deadline));
  int year = c.date ? c.date->year : c.result.period.year;
  return needs(c.deadline, "整改期限", c.deadline && c.deadline->year != year);
}

Fill period_name(const FillContext& c, std::string_view) { return c.result.period.chinese_name(); }

Fill adoption_points(const FillContext& c, std::string_view level) {
  if (auto i = c.scheme.find_level(level)) return c.scheme.adoption_levels[*i].points.to_string();
  return std::unexpected(fmt::format("考核方案中没有采用级别“{}”", level));
}

// Which schemes a placeholder is offered to in the list of known ones: those of
// ratings and indicators only to schemes that have them (a Linzi-form scheme's
// messages stay as they were). Used anywhere, they say what the scheme lacks.
enum class Offered { Always, WithRatings, WithIndicators };

struct Placeholder {
  std::string_view name;
  bool takes_argument;  // {名称:参数}
  std::function<Fill(const FillContext&, std::string_view)> fill;
  Offered offered = Offered::Always;
};

const std::array<Placeholder, 23>& placeholders() {
  static const std::array<Placeholder, 23> k_table = {{
      {"年度", false, [](const FillContext& c, auto) -> Fill { return std::to_string(c.result.period.year); }},
      {"季度", false, period_name},
      {"期间", false, period_name},
      {"考核期", false, [](const FillContext& c, auto) -> Fill { return c.result.period.full_name(); }},
      {"统计时间", false, [](const FillContext& c, auto) -> Fill { return c.result.window.chinese_text(); }},
      {"地区", false, [](const FillContext& c, auto) -> Fill { return c.scheme.district; }},
      {"发文机关", false, [](const FillContext& c, auto) -> Fill { return c.issuer; }},
      {"成文日期", false, [](const FillContext& c, auto) { return needs(c.date, "成文日期", true); }},
      {"整改期限", false, deadline},
      {"单位数", false, [](const FillContext& c, auto) -> Fill { return std::to_string(c.registry.size()); }},
      {"单位", true, units_with_tag},
      {"任务数", false, [](const FillContext& c, auto) { return quota(c, {}); }},
      {"任务数", true, quota},
      {"投稿减分", false, [](const FillContext& c, auto) -> Fill { return c.scheme.submission.penalty.to_string(); }},
      {"字数", false,
       [](const FillContext& c, auto) -> Fill { return std::to_string(c.scheme.submission.min_characters); }},
      {"发布得分", false,
       [](const FillContext& c, auto) -> Fill { return c.scheme.publication.points_per_item.to_string(); }},
      {"采用加分", true, adoption_points},
      {"评级", true, names_of<units_rated>, Offered::WithRatings},
      {"评级数", true, count_of<units_rated>, Offered::WithRatings},
      {"指标满分", true, indicator_full_marks, Offered::WithIndicators},
      {"共计", true, [](const FillContext& c, std::string_view name) { return figure_total(c.scheme, c.result, name); }},
      {"符合", true, names_of<units_meeting>},
      {"符合数", true, count_of<units_meeting>},
  }};
  return k_table;
}

std::string known_placeholders(const Scheme& scheme) {
  std::string out;
  for (const auto& p : placeholders()) {
    if ((p.offered == Offered::WithRatings && scheme.ratings.empty()) ||
        (p.offered == Offered::WithIndicators && scheme.indicators.empty()))
      continue;
    out += fmt::format("{}{{{}{}}}", out.empty() ? "" : "、", p.name, p.takes_argument ? ":…" : "");
  }
  return out;
}

Fill fill_one(const FillContext& c, std::string_view inside) {
  auto colon = split_template_field(inside);
  std::string_view name = colon ? colon->first : trim(inside);
  std::string_view argument = colon ? colon->second : std::string_view{};
  for (const auto& p : placeholders())
    if (p.name == name && p.takes_argument == colon.has_value()) return p.fill(c, argument);
  return std::unexpected(fmt::format("不认识的占位符“{{{}}}”；可用的有：{}", inside, known_placeholders(c.scheme)));
}

// Replaces every {…} in one line of the template; problems go to `problems`.
std::string fill_line(const FillContext& c, const TemplateLine& line, Diagnostics& problems) {
  std::string out;
  std::string_view text = line.text;
  Location where{line.file, {}, line.line};
  while (!text.empty()) {
    std::size_t open = text.find('{');
    out += text.substr(0, open);
    if (open == std::string_view::npos) break;
    std::size_t close = text.find('}', open);
    if (close == std::string_view::npos) {
      problems.error(where, "“{”没有对应的“}”");
      break;
    }
    auto value = fill_one(c, text.substr(open + 1, close - open - 1));
    if (value) out += *value;
    else problems.error(where, value.error());
    text.remove_prefix(close + 1);
  }
  return out;
}

std::optional<Date> parse_field_date(const std::optional<TemplateLine>& field, std::string_view name,
                                     Diagnostics& problems) {
  if (!field || field->text.empty()) return std::nullopt;
  if (auto d = parse_date(field->text)) return d;
  problems.error({field->file, {}, field->line},
                 fmt::format("“{}”应为日期，如 2020年10月14日 或 2020-10-14，实为“{}”", name, field->text));
  return std::nullopt;
}

std::optional<SignatureLayout> signature_layout(std::string_view value) {
  if (value == "不加盖印章" || value == "不盖章") return SignatureLayout::Unsealed;
  if (value == "加盖印章" || value == "盖章") return SignatureLayout::Sealed;
  return std::nullopt;
}

// 发文字号, 落款 and the 版记: optional parts, each filled like any line.
void fill_document_parts(const FillContext& c, const BulletinTemplate& tmpl, BulletinText& out, Diagnostics& problems) {
  if (tmpl.document_number) out.document_number = fill_line(c, *tmpl.document_number, problems);
  if (tmpl.signature && !tmpl.signature->text.empty()) {
    if (auto layout = signature_layout(tmpl.signature->text)) out.signature = *layout;
    else
      problems.error({tmpl.signature->file, {}, tmpl.signature->line},
                     fmt::format("“落款”应为“加盖印章”或“不加盖印章”（GB/T 9704 7.3.5.1、7.3.5.2），实为“{}”",
                                 tmpl.signature->text));
  }
  if (tmpl.copy_to) out.copy_to = fill_line(c, *tmpl.copy_to, problems);
  // "抄送：" and the closing "。" are the layout's (GB/T 9704 7.4.2), whether or not the template writes them.
  if (out.copy_to.starts_with("抄送：")) out.copy_to.erase(0, std::string_view("抄送：").size());
  while (out.copy_to.ends_with("。")) out.copy_to.erase(out.copy_to.size() - std::string_view("。").size());
  if (tmpl.printed_by) out.printed_by = fill_line(c, *tmpl.printed_by, problems);
  if (auto on = parse_field_date(tmpl.printed_on, "印发日期", problems)) out.printed_on = chinese_date(*on, true);
  else if (!tmpl.printed_on || tmpl.printed_on->text.empty()) out.printed_on = out.date;
}

} // namespace

// Splits "名称：值" (full-width or ASCII colon) into trimmed parts.
std::optional<std::pair<std::string_view, std::string_view>> split_template_field(std::string_view line) {
  std::size_t colon = line.find("：");
  std::size_t width = 3;
  if (std::size_t ascii = line.find(':'); ascii < colon) colon = ascii, width = 1;
  if (colon == std::string_view::npos) return std::nullopt;
  return std::pair{trim(line.substr(0, colon)), trim(line.substr(colon + width))};
}

TemplateDates template_dates(const BulletinTemplate& tmpl, Diagnostics& problems) {
  TemplateDates out{parse_field_date(tmpl.date, "成文日期", problems),
                    parse_field_date(tmpl.deadline, "整改期限", problems)};
  if (out.date && out.deadline && *out.deadline < *out.date) {
    const TemplateLine& date = *tmpl.date;
    problems.error({tmpl.deadline->file, {}, tmpl.deadline->line},
                   fmt::format("整改期限 {} 早于成文日期 {}（{}第{}行）：期限应在通报成文之后",
                               chinese_date(*out.deadline, true), chinese_date(*out.date, true),
                               date.file == tmpl.deadline->file ? "" : fmt::format("“{}” ", date.file), date.line));
  }
  return out;
}

std::string default_bulletin_title(const Scheme& scheme, Period period) {
  return fmt::format("{}{}政务公开工作情况通报", scheme.district, period.full_name());
}

std::expected<BulletinText, Diagnostics> fill_bulletin(const BulletinTemplate& tmpl, const Result& result,
                                                       const Scheme& scheme, const Registry& registry,
                                                       const std::vector<LaidOutTable>& tables,
                                                       const WorkCalendar& calendar) {
  Diagnostics problems;
  FillContext c{result, scheme, registry, {}, {}, scheme.issuer, {}};
  auto dates = template_dates(tmpl, problems);
  c.date = dates.date;
  c.deadline = dates.deadline;
  // A 整改期限 line that is not a date is its own error; only a missing one is worked out.
  if (!tmpl.deadline || tmpl.deadline->text.empty()) {
    std::vector<std::string> why;
    c.deadline = annual::resolve_deadline(scheme, {dates.date, std::nullopt}, calendar, result.period, why);
    if (!why.empty()) c.no_deadline = why.front();
  }
  // The template's 发文机关 may use placeholders ({地区}人民政府办公室) but not
  // itself: it is what {发文机关} stands for everywhere else.
  if (tmpl.issuer) {
    if (tmpl.issuer->text.find("{发文机关}") != std::string::npos)
      problems.error({tmpl.issuer->file, {}, tmpl.issuer->line}, "“发文机关”不能用占位符{发文机关}引用自己，请直接写出发文机关的名称");
    else
      c.issuer = fill_line(c, *tmpl.issuer, problems);
  }
  BulletinText out;
  out.title = tmpl.title ? fill_line(c, *tmpl.title, problems) : default_bulletin_title(scheme, result.period);
  if (tmpl.addressees) out.addressees = fill_line(c, *tmpl.addressees, problems);
  if (!out.addressees.empty() && !out.addressees.ends_with("：") && !out.addressees.ends_with(":"))
    out.addressees += "：";
  for (const auto& p : tmpl.paragraphs) out.paragraphs.push_back(fill_line(c, p, problems));
  for (const auto& t : tables) out.attachments.push_back(t.title);
  out.issuer = c.issuer;
  if (c.date) out.date = chinese_date(*c.date, true);
  fill_document_parts(c, tmpl, out, problems);
  if (problems.has_errors()) return std::unexpected(problems);
  return out;
}

} // namespace zwgk
