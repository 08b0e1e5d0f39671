// [[indicators]] (the indicator tree) and [[ratings]] (等次), and what other
// tables say about them: a finding's `indicator` and `veto`, a table of kind
// "indicators". Every rule the engine relies on is checked here, when the
// scheme is read, so scoring never meets a tree it cannot score:
//   - codes are unique; a parent is written before its children (so the
//     tree has no cycles and Scheme::indicators is in parent order);
//   - only "sum" may have children, and a "sum" must have some;
//   - each rule has the keys it needs (full_marks, metric, points) and no
//     key of another rule (a stray key would be silently ignored);
//   - a bonus (加分项) has a parent: its place is after the parent's cap.
// docs/scheme.md documents every key and message.
#include "scheme/scheme.h"
#include "scheme/toml_reader.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace zwgk::scheme_detail {
namespace {

constexpr std::string_view k_path = "indicators.";
constexpr std::string_view k_rules_listed =
    "\"sum\"、\"deduct\"、\"count\"、\"ratio\"、\"check\"、\"manual\"、\"publication\"、\"adoption\" 或 \"deductions\"";

const std::map<std::string_view, IndicatorRule>& rule_names() {
  static const std::map<std::string_view, IndicatorRule> k_rules = {
      {"sum", IndicatorRule::Sum},         {"deduct", IndicatorRule::Deduct},
      {"count", IndicatorRule::Count},     {"ratio", IndicatorRule::Ratio},
      {"check", IndicatorRule::Check},     {"manual", IndicatorRule::Manual},
      {"publication", IndicatorRule::Publication}, {"adoption", IndicatorRule::Adoption},
      {"deductions", IndicatorRule::Deductions},
  };
  return k_rules;
}

bool needs_full_marks(IndicatorRule rule) {
  return rule == IndicatorRule::Deduct || rule == IndicatorRule::Ratio || rule == IndicatorRule::Check ||
         rule == IndicatorRule::Manual;
}

// "“主动公开”、“依申请公开”": the codes a message offers instead (all, or the deduct indicators').
enum class Listed { All, Deduct };

std::string listed_codes(const std::vector<Indicator>& indicators, Listed which = Listed::All) {
  std::string out;
  for (const auto& i : indicators)
    if (which == Listed::All || i.rule == IndicatorRule::Deduct)
      out += fmt::format("{}“{}”", out.empty() ? "" : "、", i.code);
  return out.empty() ? "（无）" : out;
}

// What one [[indicators]] entry said, beyond the Indicator itself.
struct Written {
  const toml::table* node = nullptr;
  bool rule_given = false;
};

// The keys that belong to one rule only: written for another, they would be ignored.
void check_rule_keys(TomlReader& r, const toml::table& t, const Indicator& ind) {
  struct Owned { std::string_view key; IndicatorRule rule; std::string_view rule_name; };
  static constexpr Owned k_owned[] = {{"metric", IndicatorRule::Count, "count"},
                                      {"points", IndicatorRule::Count, "count"},
                                      {"empty", IndicatorRule::Ratio, "ratio"},
                                      {"decimals", IndicatorRule::Ratio, "ratio"}};
  for (const auto& owned : k_owned)
    if (t.contains(owned.key) && ind.rule != owned.rule)
      r.error(t.get(owned.key), fmt::format("指标“{}”：{} 只用于 rule = \"{}\" 的指标，这里不起作用，请删去",
                                            ind.code, owned.key, owned.rule_name));
}

void read_count(TomlReader& r, const toml::table& t, const Scheme& s, Indicator& ind) {
  ind.points = r.decimal(t, "points", k_path, Need::Required).value_or(Decimal{});
  auto metric = r.string(t, "metric", k_path, Need::Required);
  if (!metric) return;
  ind.metric = *metric;
  if (*metric == "发布" || *metric == "投稿" || *metric == "采用") return;
  if (metric->starts_with("采用:")) {
    auto level = std::string_view(*metric).substr(std::string_view("采用:").size());
    if (auto i = s.find_level(level)) {
      ind.metric = "采用:" + s.adoption_levels[*i].code;
      return;
    }
    std::string levels;
    for (const auto& l : s.adoption_levels) levels += fmt::format("{}“{}”", levels.empty() ? "" : "、", l.code);
    r.error(t.get("metric"), fmt::format("指标“{}”的 metric“{}”：采用级别“{}”未在 [adoption] 中定义；已定义的级别：{}",
                                         ind.code, *metric, level, levels.empty() ? "（无）" : levels));
    return;
  }
  r.error(t.get("metric"), fmt::format("指标“{}”的 metric“{}”无法识别，应为 \"发布\"、\"投稿\"、\"采用\" 或 "
                                       "\"采用:级别\"（如 \"采用:市级\"）",
                                       ind.code, *metric));
}

void read_ratio(TomlReader& r, const toml::table& t, Indicator& ind) {
  if (auto empty = r.string(t, "empty", k_path, Need::Optional)) {
    if (*empty == "full") ind.empty_ratio = EmptyRatio::Full;
    else if (*empty == "zero") ind.empty_ratio = EmptyRatio::Zero;
    else r.error(t.get("empty"), "“indicators.empty”应为 \"full\"（没有填报或分母为 0 时得满分）或 \"zero\"（得 0 分）");
  }
  ind.decimals = static_cast<int>(
      r.integer(t, "decimals", k_path, Need::Optional, {0, Decimal::k_fraction_digits}, "小数位数").value_or(2));
}

// The parent named by `parent`: it must be written earlier.
void read_parent(TomlReader& r, const toml::table& t, const Scheme& s, const toml::array& all, Indicator& ind) {
  auto parent = r.string(t, "parent", k_path, Need::Optional);
  if (!parent || trim(*parent).empty()) return;
  if (auto p = s.find_indicator(*parent)) {
    ind.parent = p;
    return;
  }
  const toml::node* where = t.get("parent");
  if (*parent == ind.code) return r.error(where, fmt::format("指标“{}”不能是自己的上级指标", ind.code));
  for (const auto& item : all) {
    const toml::table* later = item.as_table();
    if (!later || later == &t) continue;
    if (auto code = later->get_as<std::string>("code"); code && code->get() == *parent)
      return r.error(where, fmt::format("指标“{}”的上级指标“{}”写在它之后（第 {} 行）：上级指标须写在下级指标之前",
                                        ind.code, *parent, r.at(later).line));
  }
  r.error(where, fmt::format("指标“{}”的上级指标“{}”未定义；已定义的指标：{}", ind.code, *parent,
                             listed_codes(s.indicators)));
}

Indicator read_indicator(TomlReader& r, const toml::table& t, const Scheme& s, const toml::array& all,
                         bool& rule_given) {
  r.check_keys(t, k_path, {"code", "name", "full_marks", "rule", "parent", "weight", "bonus", "metric", "points",
                           "empty", "decimals"});
  Indicator ind;
  ind.at = r.place(&t);
  ind.code = r.name(t, "code", k_path).value_or("");
  ind.name = r.string(t, "name", k_path, Need::Optional).value_or(ind.code);
  ind.full_marks = r.decimal(t, "full_marks", k_path, Need::Optional);
  auto rule = r.string(t, "rule", k_path, Need::Optional);
  rule_given = rule.has_value();
  if (rule) {
    if (auto it = rule_names().find(*rule); it != rule_names().end()) ind.rule = it->second;
    else r.error(t.get("rule"), fmt::format("指标“{}”的 rule“{}”无法识别，应为 {}", ind.code, *rule, k_rules_listed));
  }
  read_parent(r, t, s, all, ind);
  if (auto weight = r.decimal(t, "weight", k_path, Need::Optional)) {
    if (weight->is_zero()) r.error(t.get("weight"), fmt::format("指标“{}”的 weight 应大于 0", ind.code));
    ind.weight = *weight;
  }
  ind.bonus = r.boolean(t, "bonus", k_path, Need::Optional).value_or(false);
  if (ind.bonus && !t.contains("parent"))
    r.error(t.get("bonus"), fmt::format("指标“{}”是加分项（bonus = true），须写明上级指标（parent）："
                                        "加分项在上级指标封顶之后加上",
                                        ind.code));
  if (ind.rule == IndicatorRule::Count) read_count(r, t, s, ind);
  if (ind.rule == IndicatorRule::Ratio) read_ratio(r, t, ind);
  check_rule_keys(r, t, ind);
  if (needs_full_marks(ind.rule) && !ind.full_marks && rule && !t.contains("full_marks"))
    r.error(&t, fmt::format("指标“{}”（rule = \"{}\"）缺少必填的键“indicators.full_marks”（满分）", ind.code, *rule));
  return ind;
}

// Only a sum has children, and a sum must have some; a leaf must say its rule.
void check_tree(TomlReader& r, const Scheme& s, const std::vector<Written>& written) {
  std::vector<std::size_t> children(s.indicators.size(), 0);
  for (const auto& ind : s.indicators)
    if (ind.parent) ++children[*ind.parent];
  for (std::size_t i = 0; i < s.indicators.size(); ++i) {
    const Indicator& ind = s.indicators[i];
    const toml::table& t = *written[i].node;
    if (children[i] > 0 && ind.rule != IndicatorRule::Sum)
      r.error(t.get("rule"), fmt::format("指标“{}”有 {} 个下级指标，rule 只能是 \"sum\"（下级指标得分相加）："
                                         "其他计分方式只用于没有下级的指标",
                                         ind.code, children[i]));
    else if (children[i] == 0 && ind.rule == IndicatorRule::Sum && written[i].rule_given)
      r.error(t.get("rule"), fmt::format("指标“{}”的 rule 是 \"sum\"（下级指标得分相加），但没有任何指标以它为上级（parent）",
                                         ind.code));
    else if (children[i] == 0 && !written[i].rule_given && !ind.code.empty())
      r.error(&t, fmt::format("指标“{}”没有下级指标，须写明计分方式 rule（{}）", ind.code, k_rules_listed));
  }
}

} // namespace

void read_indicators(TomlReader& r, const toml::table& root, Scheme& s) {
  const toml::array* arr = r.array(root, "indicators", "", Need::Optional);
  if (!arr || !r.within_items(*arr, "indicators")) return;
  std::vector<Written> written;
  std::map<std::string, std::size_t> lines;  // code → line of its entry
  for (const auto& item : *arr) {
    const toml::table* t = item.as_table();
    if (!t) {
      r.error(&item, "“indicators”的每一项应为表（[[indicators]]）");
      continue;
    }
    bool rule_given = false;
    Indicator ind = read_indicator(r, *t, s, *arr, rule_given);
    if (!ind.code.empty()) {
      auto [seen, fresh] = lines.try_emplace(ind.code, ind.at.line);
      if (!fresh) {
        r.error(t->get("code"), fmt::format("指标“{}”重复定义（第 {} 行已定义）", ind.code, seen->second));
        continue;
      }
    }
    s.indicators.push_back(std::move(ind));
    written.push_back({t, rule_given});
  }
  if (arr->empty()) r.error(arr, "“indicators”为空：写 [[indicators]] 时至少要有一个指标");
  check_tree(r, s, written);
}

void read_ratings(TomlReader& r, const toml::table& root, Scheme& s) {
  constexpr std::string_view p = "ratings.";
  const toml::array* arr = r.array(root, "ratings", "", Need::Optional);
  if (!arr || !r.within_items(*arr, "ratings")) return;
  std::map<std::string, std::size_t> lines;
  std::optional<std::size_t> last_min;  // the last band by min, in s.ratings
  for (std::size_t k = 0; k < arr->size(); ++k) {
    const toml::table* t = (*arr)[k].as_table();
    if (!t) {
      r.error(&(*arr)[k], "“ratings”的每一项应为表（[[ratings]]）");
      continue;
    }
    r.check_keys(*t, p, {"name", "min", "top_share"});
    RatingBand band;
    band.at = r.place(t);
    band.name = r.name(*t, "name", p).value_or("");
    band.min = r.decimal(*t, "min", p, Need::Optional);
    band.top_share = r.decimal(*t, "top_share", p, Need::Optional);
    if (band.top_share && (band.top_share->is_zero() || *band.top_share > Decimal::from_int(1)))
      r.error(t->get("top_share"), fmt::format("等次“{}”的 top_share 应大于 0、不大于 1（如 0.2 表示得分前20%的单位）",
                                               band.name));
    if (band.min && band.top_share)
      r.error(t->get("top_share"), fmt::format("等次“{}”同时写了 min 和 top_share：只能按其中一种划定", band.name));
    if (!band.min && !band.top_share && k + 1 < arr->size())
      r.error(t, fmt::format("等次“{}”既没有 min 也没有 top_share：只有最后一个等次可以这样写（其余所有单位）",
                             band.name));
    if (band.min && !band.top_share && last_min && *band.min >= *s.ratings[*last_min].min) {
      const RatingBand& above = s.ratings[*last_min];
      r.error(t->get("min"), fmt::format("等次“{}”的 min（{}）应小于前面第 {} 行等次“{}”的 min（{}）：等次按分数从高到低排列",
                                         band.name, band.min->to_string(), above.at.line, above.name,
                                         above.min->to_string()));
    }
    if (!band.name.empty() && !lines.try_emplace(band.name, band.at.line).second)
      r.error(t->get("name"), fmt::format("等次“{}”重复定义（第 {} 行已定义）", band.name, lines[band.name]));
    if (band.min && !band.top_share) last_min = s.ratings.size();
    s.ratings.push_back(std::move(band));
  }
}

void read_finding_links(TomlReader& r, const toml::table& f, const Scheme& s, FindingType& type) {
  constexpr std::string_view p = "findings.";
  if (auto code = r.string(f, "indicator", p, Need::Optional)) {
    type.indicator = *code;
    auto i = s.find_indicator(*code);
    if (s.indicators.empty())
      r.error(f.get("indicator"), fmt::format("问题类型“{}”的 indicator“{}”：考核方案没有定义指标（[[indicators]]）",
                                              type.code, *code));
    else if (!i)
      r.error(f.get("indicator"), fmt::format("问题类型“{}”的 indicator“{}”未定义；可扣分的指标（rule = \"deduct\"）：{}",
                                              type.code, *code, listed_codes(s.indicators, Listed::Deduct)));
    else if (s.indicators[*i].rule != IndicatorRule::Deduct)
      r.error(f.get("indicator"), fmt::format("问题类型“{}”扣的指标“{}”不是扣分指标（rule = \"deduct\"）；"
                                              "可扣分的指标：{}",
                                              type.code, *code, listed_codes(s.indicators, Listed::Deduct)));
  }
  if (auto veto = r.string(f, "veto", p, Need::Optional)) {
    type.veto = *veto;
    const bool known = std::ranges::any_of(s.ratings, [&](const RatingBand& b) { return b.name == *veto; });
    if (!known) {
      std::string names;
      for (const auto& b : s.ratings) names += fmt::format("{}“{}”", names.empty() ? "" : "、", b.name);
      r.error(f.get("veto"), fmt::format("问题类型“{}”的 veto“{}”不是已定义的等次（[[ratings]]）；已定义的等次：{}",
                                         type.code, *veto, names.empty() ? "（无）" : names));
    }
  }
}

void read_indicator_columns(TomlReader& r, const toml::table& t, const Scheme& s, TableSpec& spec) {
  const toml::node* kind = t.get("kind");
  if (spec.kind != TableKind::Indicators) {
    if (t.contains("indicators"))
      r.error(t.get("indicators"), fmt::format("表“{}”：indicators 只用于 kind = \"indicators\" 的表", spec.id));
    return;
  }
  if (s.indicators.empty())
    r.error(kind, fmt::format("表“{}”的 kind 是 \"indicators\"，但考核方案没有定义指标（[[indicators]]）", spec.id));
  spec.indicators = r.strings(t, "indicators", "tables.", Need::Required);
  if (const toml::array* listed = t.get_as<toml::array>("indicators"); listed && listed->empty())
    r.error(listed, fmt::format("表“{}”的 indicators 为空：表中没有任何指标列", spec.id));
  std::set<std::string> seen;
  for (const auto& code : spec.indicators) {
    if (!seen.insert(code).second)
      r.error(t.get("indicators"), fmt::format("表“{}”的 indicators 中“{}”出现了不止一次", spec.id, code));
    else if (!s.indicators.empty() && !s.find_indicator(code))
      r.error(t.get("indicators"), fmt::format("表“{}”引用了未定义的指标“{}”；已定义的指标：{}", spec.id, code,
                                               listed_codes(s.indicators)));
  }
}

} // namespace zwgk::scheme_detail
