// The site file (site_file.h).
#include "scheme/site_file.h"

#include "scheme/toml_reader.h"
#include "scheme/toml_text.h"
#include "util/text.h"

#include <fmt/format.h>

#include <set>

namespace zwgk {
namespace {

using scheme_detail::IntRange;
using scheme_detail::Need;
using scheme_detail::TomlReader;

void read_limits(TomlReader& r, const toml::table& root, Site& site) {
  const toml::table* t = r.table(root, "crawl", "", Need::Optional);
  if (!t) return;
  r.check_keys(*t, "crawl.", {"user_agent", "rate", "concurrency", "timeout", "retries", "max_pages"});
  if (auto ua = r.string(*t, "user_agent", "crawl.", Need::Optional)) {
    if (trim(*ua).empty()) r.error(t->get("user_agent"), "“crawl.user_agent”不能为空：网站管理员要能看出是谁在抓取");
    else site.user_agent = *ua;
  }
  site.rate = r.integer(*t, "rate", "crawl.", Need::Optional, {1, 20}, "每秒请求数").value_or(site.rate);
  site.concurrency =
      r.integer(*t, "concurrency", "crawl.", Need::Optional, {1, 8}, "同时请求数").value_or(site.concurrency);
  site.timeout = r.integer(*t, "timeout", "crawl.", Need::Optional, {1, 300}, "秒数").value_or(site.timeout);
  site.retries = r.integer(*t, "retries", "crawl.", Need::Optional, {0, 10}, "重试次数").value_or(site.retries);
  site.max_pages =
      r.integer(*t, "max_pages", "crawl.", Need::Optional, {1, 1'000'000}, "页数").value_or(site.max_pages);
}

void read_match(TomlReader& r, const toml::table& root, Site& site) {
  const toml::table* t = r.table(root, "match", "", Need::Optional);
  if (!t) return;
  r.check_keys(*t, "match.", {"similarity", "days"});
  site.match_similarity =
      r.integer(*t, "similarity", "match.", Need::Optional, {50, 100}, "百分数").value_or(site.match_similarity);
  site.match_days = r.integer(*t, "days", "match.", Need::Optional, {0, 366}, "天数").value_or(site.match_days);
}

void read_selectors(TomlReader& r, const toml::table& c, std::string_view list, SiteColumn& column) {
  const std::string p = std::string(list) + ".selectors.";
  const toml::table* s = r.table(c, "selectors", std::string(list) + ".", Need::Optional);
  if (!s) return;
  r.check_keys(*s, p, {"item", "title", "link", "date"});
  column.item = r.string(*s, "item", p, Need::Required).value_or("");
  column.title = r.string(*s, "title", p, Need::Optional).value_or("");
  column.link = r.string(*s, "link", p, Need::Optional).value_or("");
  column.date = r.string(*s, "date", p, Need::Optional).value_or("");
}

// [[columns]] (a unit's column: unit and kind) or [[portals]] (a higher-level portal's
// column: the adoption level its items count as).
void read_list(TomlReader& r, const toml::table& root, std::string_view list, Need need,
               std::vector<SiteColumn>& out, std::set<std::string>& urls) {
  const toml::array* arr = r.array(root, list, "", need);
  if (!arr || !r.within_items(*arr, list)) return;
  const std::string p = std::string(list) + ".";
  const bool portal = list == "portals";
  for (const auto& node : *arr) {
    const toml::table* c = node.as_table();
    if (!c) {
      r.error(&node, fmt::format("“{}”的每一项应为表（[[{}]]）", list, list));
      continue;
    }
    if (portal) r.check_keys(*c, p, {"level", "url", "selectors"});
    else r.check_keys(*c, p, {"unit", "kind", "url", "selectors"});
    SiteColumn column;
    column.at = r.place(c);
    if (portal) {
      column.level = r.name(*c, "level", p).value_or("");
    } else {
      column.unit = r.name(*c, "unit", p).value_or("");
      column.kind = r.name(*c, "kind", p).value_or("");
    }
    column.url = std::string(trim(r.name(*c, "url", p).value_or("")));
    if (!column.url.empty() && !column.url.starts_with("http://") && !column.url.starts_with("https://"))
      r.error(c->get("url"), fmt::format("栏目地址“{}”应以 http:// 或 https:// 开头", column.url));
    else if (!column.url.empty() && !urls.insert(column.url).second)
      r.error(c->get("url"), fmt::format("栏目地址“{}”重复：同一个栏目只写一次", column.url));
    read_selectors(r, *c, list, column);
    out.push_back(std::move(column));
  }
}

} // namespace

std::expected<Site, Diagnostics> parse_site_file(std::string_view text, std::string_view file_name) {
  auto parsed = scheme_detail::parse_toml(text, file_name);
  if (!parsed) return std::unexpected(parsed.error());
  Diagnostics diagnostics;
  TomlReader r(diagnostics, std::string(file_name));
  r.check_keys(*parsed, "", {"crawl", "match", "columns", "portals"});
  Site site;
  read_limits(r, *parsed, site);
  read_match(r, *parsed, site);
  std::set<std::string> urls;
  read_list(r, *parsed, "columns", Need::Required, site.columns, urls);
  if (site.columns.empty()) r.error(&*parsed, "至少需要一个栏目（[[columns]]）");
  read_list(r, *parsed, "portals", Need::Optional, site.portals, urls);
  if (diagnostics.has_errors()) return std::unexpected(diagnostics);
  return site;
}

Diagnostics check_site_units(const Site& site, const Registry& registry, std::string_view file_name) {
  Diagnostics out;
  for (const auto& c : site.columns) {
    if (!registry.resolve(c.unit))
      out.error({std::string(file_name), {}, c.at.line, c.at.column, {}}, registry.unknown_unit_text(c.unit));
  }
  return out;
}

Diagnostics check_site_levels(const Site& site, const Scheme& scheme, std::string_view file_name) {
  Diagnostics out;
  std::vector<std::string> codes;
  for (const auto& level : scheme.adoption_levels) codes.push_back(level.code);
  for (const auto& p : site.portals) {
    if (scheme.find_level(p.level)) continue;
    out.error({std::string(file_name), {}, p.at.line, p.at.column, {}},
              codes.empty() ? fmt::format("考核方案没有采用级别（[adoption]），上级网站“{}”的采用无从计入", p.url)
                            : fmt::format("采用级别“{}”不在考核方案中，应为：{}", p.level, join(codes, "、")));
  }
  return out;
}

} // namespace zwgk
