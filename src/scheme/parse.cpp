#include "scheme/parse.h"

#include "scheme/toml_reader.h"
#include "scheme/toml_text.h"
#include "util/collation.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace zwgk {
namespace {

using scheme_detail::Need;
using scheme_detail::TomlReader;
using scheme_detail::for_each_table;
using scheme_detail::read_tables;
using scheme_detail::read_rectification;
using scheme_detail::read_year;
using scheme_detail::read_workspace;

MonthRange read_range(TomlReader& r, const toml::table& t, std::string_view path) {
  MonthRange range{r.month(t, "from", path, Need::Optional), r.month(t, "to", path, Need::Optional)};
  if (range.from && range.to && *range.to < *range.from)
    r.error(t.get("to"), fmt::format("“{}to”早于“{}from”", path, path));
  return range;
}

void read_header(TomlReader& r, const toml::table& root, Scheme& s) {
  const toml::table* t = r.table(root, "scheme", "", Need::Required);
  if (!t) return;
  r.check_keys(*t, "scheme.", {"name", "district", "issuer"});
  s.name = r.string(*t, "name", "scheme.", Need::Required).value_or("");
  s.district = r.string(*t, "district", "scheme.", Need::Optional).value_or("");
  s.issuer = r.string(*t, "issuer", "scheme.", Need::Optional).value_or("");
}

void read_collation(TomlReader& r, const toml::table& root, Scheme& s) {
  const toml::table* t = r.table(root, "collation", "", Need::Optional);
  if (!t) return;
  r.check_keys(*t, "collation.", {"locale", "tailoring"});
  s.collation_locale = r.string(*t, "locale", "collation.", Need::Optional).value_or("zh");
  s.collation_tailoring = r.string(*t, "tailoring", "collation.", Need::Optional).value_or("");
  // Checked now; built on another thread while the registry and the data are read.
  if (auto c = Collation::check(s.collation_locale, s.collation_tailoring); !c) {
    const toml::node* where = t->get(s.collation_tailoring.empty() ? "locale" : "tailoring");
    r.error(where ? where : t, fmt::format("“collation.{}”有误：{}",
                                           s.collation_tailoring.empty() ? "locale" : "tailoring", c.error()));
  }
}

// The registry's 类别 and a table's sections may name a section by code or
// title, so no name may stand for two sections.
void check_section_names(TomlReader& r, const toml::table& t, const Section& section, const Scheme& s,
                         const std::vector<std::size_t>& lines) {
  for (std::size_t k = 0; k < s.sections.size(); ++k) {
    const Section& e = s.sections[k];
    if (section.code == e.code) return r.error(&t, fmt::format("分组“{}”重复定义", section.code));
    for (const std::string& name : {section.code, section.title})
      if (name == e.code || name == e.title)
        return r.error(&t, fmt::format("分组“{}”（title“{}”）与第 {} 行的分组“{}”（title“{}”）都叫“{}”："
                                       "单位名录的“类别”或表的 sections 写这个名称时，无法分辨是哪个分组",
                                       section.code, section.title, lines[k], e.code, e.title, name));
  }
}

void read_sections(TomlReader& r, const toml::table& root, Scheme& s) {
  std::vector<std::size_t> lines;  // of each section read
  for_each_table(r, r.array(root, "sections", "", Need::Required), "sections",
                 [&](const toml::table& t) {
                   r.check_keys(t, "sections.", {"code", "title"});
                   Section section;
                   section.code = r.name(t, "code", "sections.").value_or("");
                   section.title = r.string(t, "title", "sections.", Need::Optional)
                                       .value_or(section.code);
                   check_section_names(r, t, section, s, lines);
                   s.sections.push_back(std::move(section));
                   lines.push_back(r.at(&t).line);
                 });
  if (s.sections.empty()) r.error(&root, "至少需要定义一个分组（[[sections]]）");
}

void read_publication(TomlReader& r, const toml::table& root, Scheme& s) {
  const toml::table* t = r.table(root, "publication", "", Need::Required);
  if (!t) return;
  r.check_keys(*t, "publication.", {"points_per_item", "monthly_cap", "from", "to"});
  s.publication.points_per_item =
      r.decimal(*t, "points_per_item", "publication.", Need::Required).value_or(Decimal{});
  s.publication.monthly_cap = r.decimal(*t, "monthly_cap", "publication.", Need::Optional);
  if (s.publication.monthly_cap && s.publication.monthly_cap->is_zero())
    r.error(t->get("monthly_cap"), "“publication.monthly_cap”为 0：每月最多得 0 分，网站发布永远不得分；"
                                   "不设上限请删去这个键");
  s.publication.months = read_range(r, *t, "publication.");
  s.publication.cap_at = r.place(t->get("monthly_cap"));
  s.publication.months_at = r.place(t->contains("from") ? t->get("from") : t->contains("to") ? t->get("to") : t);
}

// "2020-08 至 2020-09", "2020-08 起", …: the months two ranges share.
std::string shared_months(const MonthRange& a, const MonthRange& b) {
  auto from = a.from && b.from ? std::max(*a.from, *b.from) : a.from ? a.from : b.from;
  auto to = a.to && b.to ? std::min(*a.to, *b.to) : a.to ? a.to : b.to;
  if (from && to) return *from == *to ? from->to_string() : fmt::format("{} 至 {}", from->to_string(), to->to_string());
  if (from) return fmt::format("{} 起的月份", from->to_string());
  if (to) return fmt::format("{} 及以前的月份", to->to_string());
  return "所有月份";
}

bool overlap(const MonthRange& a, const MonthRange& b) {
  return (!a.from || !b.to || *a.from <= *b.to) && (!b.from || !a.to || *b.from <= *a.to);
}

// Two rules for the same units and months must agree: only the first written
// would apply, and the second would be silently dead.
void check_quota_overlaps(TomlReader& r, const std::vector<QuotaRule>& quotas,
                          const std::vector<const toml::table*>& nodes) {
  for (std::size_t j = 1; j < quotas.size(); ++j)
    for (std::size_t i = 0; i < j; ++i) {
      const QuotaRule &a = quotas[i], &b = quotas[j];
      if (a.tag != b.tag || a.count == b.count || !overlap(a.months, b.months)) continue;
      r.error(nodes[j]->get("count") ? nodes[j]->get("count") : nodes[j],
              fmt::format("与第 {} 行的任务数规则矛盾：两条规则都适用于{}在 {}，任务数却分别为 {} 和 {}"
                          "（只有先写的一条会生效）",
                          a.at.line, a.tag.empty() ? "不带标签的单位" : fmt::format("带“{}”标签的单位", a.tag),
                          shared_months(a.months, b.months), a.count, b.count));
      break;
    }
}

void read_quotas(TomlReader& r, const toml::table& t, SubmissionRule& rule) {
  std::vector<const toml::table*> nodes;
  for_each_table(r, r.array(t, "quota", "submission.", Need::Optional), "submission.quota",
                 [&](const toml::table& q) {
                   r.check_keys(q, "submission.quota.", {"tag", "from", "to", "count"});
                   QuotaRule quota;
                   quota.at = r.place(&q);
                   quota.tag_at = r.place(q.get("tag"));
                   nodes.push_back(&q);
                   quota.tag = r.string(q, "tag", "submission.quota.", Need::Optional).value_or("");
                   quota.months = read_range(r, q, "submission.quota.");
                   quota.count =
                       r.integer(q, "count", "submission.quota.", Need::Required).value_or(0);
                   rule.quotas.push_back(std::move(quota));
                 });
  check_quota_overlaps(r, rule.quotas, nodes);
}

void read_submission(TomlReader& r, const toml::table& root, Scheme& s) {
  const toml::table* t = r.table(root, "submission", "", Need::Optional);
  if (!t) return;
  constexpr std::string_view p = "submission.";
  r.check_keys(*t, p,
               {"quota", "penalty", "basis", "min_characters", "min_pictures", "require_on_topic",
                "missed_text", "short_text", "exemption", "topic_keywords"});
  auto& rule = s.submission;
  read_quotas(r, *t, rule);
  rule.penalty = r.decimal(*t, "penalty", p, Need::Required).value_or(Decimal{});
  if (auto basis = r.string(*t, "basis", p, Need::Optional)) {
    if (*basis == "month") rule.basis = PenaltyBasis::PerMonth;
    else if (*basis == "item") rule.basis = PenaltyBasis::PerMissingItem;
    else r.error(t->get("basis"), "“submission.basis”应为 \"month\"（每月减分）或 \"item\"（每少一篇减分）");
  }
  rule.min_characters = r.integer(*t, "min_characters", p, Need::Optional).value_or(0);
  rule.min_pictures = r.integer(*t, "min_pictures", p, Need::Optional).value_or(0);
  rule.require_on_topic = r.boolean(*t, "require_on_topic", p, Need::Optional).value_or(false);
  rule.missed_text = r.string(*t, "missed_text", p, Need::Optional).value_or("{months}月份未投稿");
  rule.short_text = r.string(*t, "short_text", p, Need::Optional).value_or("{months}月份投稿不足");
  rule.exemption = r.string(*t, "exemption", p, Need::Optional).value_or("投稿");
  rule.topic_keywords = r.strings(*t, "topic_keywords", p, Need::Optional);
}

void read_adoption(TomlReader& r, const toml::table& root, Scheme& s) {
  const toml::table* t = r.table(root, "adoption", "", Need::Optional);
  if (!t) return;
  r.check_keys(*t, "adoption.", {"levels"});
  constexpr std::string_view p = "adoption.levels.";
  std::set<std::string> seen;  // folded codes
  for_each_table(r, r.array(*t, "levels", "adoption.", Need::Required), "adoption.levels",
                 [&](const toml::table& l) {
                   r.check_keys(l, p, {"code", "points", "accrual"});
                   AdoptionLevel level;
                   level.code = r.name(l, "code", p).value_or("");
                   level.points = r.decimal(l, "points", p, Need::Required).value_or(Decimal{});
                   auto accrual = r.string(l, "accrual", p, Need::Optional).value_or("year");
                   if (accrual == "quarter") level.accrual = Accrual::Quarter;
                   else if (accrual == "year") level.accrual = Accrual::Year;
                   else r.error(l.get("accrual"), "“accrual”应为 \"quarter\"（计入季度合计）或 \"year\"（计入年终考核）");
                   if (!level.code.empty() && !seen.insert(fold_name(level.code)).second)
                     r.error(&l, fmt::format("采用级别“{}”重复定义", level.code));
                   s.adoption_levels.push_back(std::move(level));
                 });
}

void read_findings(TomlReader& r, const toml::table& root, Scheme& s) {
  constexpr std::string_view p = "findings.";
  std::set<std::string> seen;  // folded codes and reasons: staff may write either
  for_each_table(r, r.array(root, "findings", "", Need::Optional), "findings",
                 [&](const toml::table& f) {
                   r.check_keys(f, p, {"code", "reason", "points", "indicator", "veto"});
                   FindingType type;
                   type.code = r.name(f, "code", p).value_or("");
                   type.reason = r.name(f, "reason", p).value_or("");
                   type.points = r.decimal(f, "points", p, Need::Required).value_or(Decimal{});
                   scheme_detail::read_finding_links(r, f, s, type);
                   auto code = fold_name(type.code);
                   if (!type.code.empty() && seen.contains(code))
                     r.error(&f, fmt::format("问题类型“{}”重复定义", type.code));
                   seen.insert(code);
                   seen.insert(fold_name(type.reason));
                   s.finding_types.push_back(std::move(type));
                 });
}

} // namespace

std::expected<Scheme, Diagnostics> parse_scheme(std::string_view text, std::string_view file_name) {
  auto parsed = scheme_detail::parse_toml(text, file_name);
  if (!parsed) return std::unexpected(parsed.error());
  const toml::table& root = *parsed;
  Diagnostics diagnostics;
  TomlReader r(diagnostics, std::string(file_name));
  r.check_keys(root, "", {"scheme", "collation", "sections", "publication", "submission",
                          "adoption", "indicators", "ratings", "findings", "tables", "period", "rectification",
                          "year", "workspace", "stale_columns"});
  Scheme s;
  s.file = std::string(file_name);
  read_header(r, root, s);
  read_collation(r, root, s);
  read_sections(r, root, s);
  read_publication(r, root, s);
  read_submission(r, root, s);
  read_adoption(r, root, s);
  scheme_detail::read_indicators(r, root, s);
  scheme_detail::read_ratings(r, root, s);
  read_findings(r, root, s);
  scheme_detail::read_period(r, root, s);
  read_tables(r, root, s);
  read_rectification(r, root, s);
  read_year(r, root, s);
  read_workspace(r, root, s);
  scheme_detail::read_stale_columns(r, root, s);
  if (diagnostics.has_errors()) return std::unexpected(diagnostics);
  return s;
}

} // namespace zwgk
