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

void read_selectors(TomlReader& r, const toml::table& c, SiteColumn& column) {
  const toml::table* s = r.table(c, "selectors", "columns.", Need::Optional);
  if (!s) return;
  constexpr std::string_view p = "columns.selectors.";
  r.check_keys(*s, p, {"item", "title", "link", "date"});
  column.item = r.string(*s, "item", p, Need::Required).value_or("");
  column.title = r.string(*s, "title", p, Need::Optional).value_or("");
  column.link = r.string(*s, "link", p, Need::Optional).value_or("");
  column.date = r.string(*s, "date", p, Need::Optional).value_or("");
}

void read_columns(TomlReader& r, const toml::table& root, Site& site) {
  const toml::array* arr = r.array(root, "columns", "", Need::Required);
  if (!arr || !r.within_items(*arr, "columns")) return;
  std::set<std::string> urls;
  for (const auto& node : *arr) {
    const toml::table* c = node.as_table();
    if (!c) {
      r.error(&node, "“columns”的每一项应为表（[[columns]]）");
      continue;
    }
    r.check_keys(*c, "columns.", {"unit", "kind", "url", "selectors"});
    SiteColumn column;
    column.at = r.place(c);
    column.unit = r.name(*c, "unit", "columns.").value_or("");
    column.kind = r.name(*c, "kind", "columns.").value_or("");
    column.url = std::string(trim(r.name(*c, "url", "columns.").value_or("")));
    if (!column.url.empty() && !column.url.starts_with("http://") && !column.url.starts_with("https://"))
      r.error(c->get("url"), fmt::format("栏目地址“{}”应以 http:// 或 https:// 开头", column.url));
    else if (!column.url.empty() && !urls.insert(column.url).second)
      r.error(c->get("url"), fmt::format("栏目地址“{}”重复：同一个栏目只写一次", column.url));
    read_selectors(r, *c, column);
    site.columns.push_back(std::move(column));
  }
  if (site.columns.empty()) r.error(&root, "至少需要一个栏目（[[columns]]）");
}

} // namespace

std::expected<Site, Diagnostics> parse_site_file(std::string_view text, std::string_view file_name) {
  auto parsed = scheme_detail::parse_toml(text, file_name);
  if (!parsed) return std::unexpected(parsed.error());
  Diagnostics diagnostics;
  TomlReader r(diagnostics, std::string(file_name));
  r.check_keys(*parsed, "", {"crawl", "columns"});
  Site site;
  read_limits(r, *parsed, site);
  read_columns(r, *parsed, site);
  if (diagnostics.has_errors()) return std::unexpected(diagnostics);
  return site;
}

Diagnostics check_site_units(const Site& site, const Registry& registry, std::string_view file_name) {
  Diagnostics out;
  for (const auto& c : site.columns) {
    if (registry.resolve(c.unit)) continue;
    const auto near = registry.suggest(c.unit);
    out.error({std::string(file_name), {}, c.at.line, c.at.column, {}},
              fmt::format("未知单位“{}”；{}", c.unit,
                          near.empty() ? "单位名录中没有相近的名称，请先在单位名录中登记"
                                       : fmt::format("是否指：{}？", join(near, "、"))));
  }
  return out;
}

} // namespace zwgk
