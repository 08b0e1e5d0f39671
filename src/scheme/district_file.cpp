// The city's district file (district_file.h).
#include "scheme/district_file.h"

#include "scheme/toml_reader.h"
#include "scheme/toml_text.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace zwgk {
namespace {

using scheme_detail::Need;
using scheme_detail::TomlReader;

bool is_figure(std::string_view name) {
  return std::find(k_district_figures.begin(), k_district_figures.end(), name) != k_district_figures.end();
}

// A figure's name, checked against k_district_figures where it is written.
std::string figure(TomlReader& r, const toml::table& t, std::string_view key) {
  auto name = r.string(t, key, "figures.", Need::Optional).value_or("");
  if (!name.empty() && !is_figure(name))
    r.error(t.get(key), fmt::format("区县的数字“{}”无法识别，应为：{}", name,
                                    join(std::vector<std::string>(k_district_figures.begin(), k_district_figures.end()),
                                         "、")));
  return name;
}

void read_districts(TomlReader& r, const toml::table& root, DistrictFile& out) {
  const toml::array* arr = r.array(root, "districts", "", Need::Required);
  if (!arr || !r.within_items(*arr, "districts")) return;
  for (const auto& node : *arr) {
    const toml::table* t = node.as_table();
    if (!t) {
      r.error(&node, "“districts”的每一项应为表（[[districts]]）");
      continue;
    }
    r.check_keys(*t, "districts.", {"unit", "data", "store"});
    DistrictSource d;
    d.at = r.place(t);
    d.unit = r.name(*t, "unit", "districts.").value_or("");
    d.data = r.string(*t, "data", "districts.", Need::Optional).value_or("");
    d.store = r.string(*t, "store", "districts.", Need::Optional).value_or("");
    if (d.data.empty() == d.store.empty())
      r.error(t, fmt::format("区县“{}”应写 data（数据目录）或 store（PostgreSQL 数据库）其中之一", d.unit));
    else if (!d.store.empty() && !d.store.starts_with("postgresql://") && !d.store.starts_with("postgres://"))
      r.error(t->get("store"), fmt::format("“{}”不是 PostgreSQL 数据库的地址：应写成 postgresql://用户@主机:端口/数据库",
                                           d.store));
    out.districts.push_back(std::move(d));
  }
}

void read_figures(TomlReader& r, const toml::table& root, DistrictFile& out) {
  const toml::array* arr = r.array(root, "figures", "", Need::Required);
  if (!arr || !r.within_items(*arr, "figures")) return;
  for (const auto& node : *arr) {
    const toml::table* t = node.as_table();
    if (!t) {
      r.error(&node, "“figures”的每一项应为表（[[figures]]）");
      continue;
    }
    r.check_keys(*t, "figures.", {"indicator", "points", "decimals", "numerator", "denominator"});
    DistrictFigure f;
    f.at = r.place(t);
    f.indicator = r.name(*t, "indicator", "figures.").value_or("");
    f.points = figure(r, *t, "points");
    f.numerator = figure(r, *t, "numerator");
    f.denominator = figure(r, *t, "denominator");
    const bool ratio = !f.numerator.empty() || !f.denominator.empty();
    if (f.points.empty() == !ratio || (ratio && (f.numerator.empty() || f.denominator.empty())))
      r.error(t, fmt::format("指标“{}”应写 points（录入得分）或 numerator 和 denominator（按比例）其中之一",
                             f.indicator));
    if (auto decimals = r.integer(*t, "decimals", "figures.", Need::Optional, {0, k_max_figure_decimals}, "小数位数")) {
      if (ratio) r.error(t->get("decimals"), "decimals 只用于 points（录入得分）：按比例的指标由考核方案取舍");
      f.decimals = static_cast<int>(*decimals);
    }
    out.figures.push_back(std::move(f));
  }
}

Location location(std::string_view file, const SchemePlace& at) { return {std::string(file), {}, at.line, at.column, {}}; }

} // namespace

std::expected<DistrictFile, Diagnostics> parse_district_file(std::string_view text, std::string_view file_name) {
  auto parsed = scheme_detail::parse_toml(text, file_name);
  if (!parsed) return std::unexpected(parsed.error());
  Diagnostics diagnostics;
  TomlReader r(diagnostics, std::string(file_name));
  r.check_keys(*parsed, "", {"districts", "figures"});
  DistrictFile out;
  read_districts(r, *parsed, out);
  read_figures(r, *parsed, out);
  if (diagnostics.has_errors()) return std::unexpected(diagnostics);
  return out;
}

Diagnostics check_district_file(const DistrictFile& file, const Registry& registry, const Scheme& scheme,
                                std::string_view file_name) {
  Diagnostics out;
  std::set<UnitId> seen;
  for (const auto& d : file.districts) {
    auto unit = registry.resolve(d.unit);
    if (!unit)
      out.error(location(file_name, d.at), registry.unknown_unit_text(d.unit));
    else if (!seen.insert(*unit).second)
      out.error(location(file_name, d.at), fmt::format("区县“{}”写了两次", d.unit));
  }
  for (const auto& f : file.figures) {
    auto index = scheme.find_indicator(f.indicator);
    const auto wanted = f.points.empty() ? IndicatorRule::Ratio : IndicatorRule::Manual;
    if (!index)
      out.error(location(file_name, f.at), fmt::format("指标“{}”不在市的考核方案中", f.indicator));
    else if (scheme.indicators[*index].rule != wanted)
      out.error(location(file_name, f.at),
                fmt::format("指标“{}”在考核方案中不是{}的指标（rule = \"{}\"），不能由区县的数字计分", f.indicator,
                            wanted == IndicatorRule::Manual ? "录入得分" : "按比例计分",
                            wanted == IndicatorRule::Manual ? "manual" : "ratio"));
  }
  return out;
}

} // namespace zwgk
