// Dataset validation: the checks that keep anything from being counted twice
// or counted in the wrong period.
#include "engine/assess.h"

#include "engine/indicators.h"
#include "engine/source_fields.h"
#include "util/radix_sort.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace zwgk {
namespace {

class Validator {
public:
  Validator(const Registry& registry, const Scheme& scheme, const Dataset& data, Period period)
      : m_registry(registry), m_scheme(scheme), m_data(data), m_period(period),
        m_window(data.window.value_or(period.calendar_window())) {}

  Diagnostics run() {
    check_registry_sections();
    check_counts(m_data.published_counts, "发布数量", m_published_months);
    check_published_items();
    check_counts(m_data.submission_counts, "投稿件数", m_submission_months);
    check_submissions();
    check_adoptions();
    check_findings();
    if (!m_data.indicator_entries.empty()) validate_indicator_entries(m_registry, m_scheme, m_data, m_out);
    return std::move(m_out);
  }

private:
  // A record's place; with the column of `field` when its file named one.
  Location where(SourceRef ref, std::string_view field = {}) const {
    return field.empty() ? m_data.sources.locate(ref) : m_data.sources.locate_field(ref, field);
  }
  // A count's cell: its month's (or level's) column in the wide layout, else the count column.
  Location where_count(SourceRef ref, const std::string& wide_field) const {
    Location at = where(ref, wide_field);
    return at.column ? at : where(ref, source_field::k_count);
  }
  std::string place(SourceRef ref) const { return where(ref).describe(); }
  const std::string& name(UnitId id) const { return m_registry.at(id).name; }

  // An item dated outside the window is not an error (issue 16): it is said, and not counted.
  std::optional<YearMonth> in_window(Date d, const Location& at, std::string_view what, std::string_view shown = {}) {
    if (auto month = m_period.month_for(d, m_window)) return month;
    m_out.warning(at, fmt::format("{} {} 不在考核期 {}（{}）内，未计入", what, shown.empty() ? d.to_string() : shown,
                                  m_period.to_string(), m_window.to_string()));
    return std::nullopt;
  }

  bool in_period(YearMonth m, const Location& at, std::string_view what) {
    if (m_period.contains(m)) return true;
    m_out.error(at, out_of_period_message(what, m, m_period));
    return false;
  }

  void check_registry_sections() {
    for (const auto& unit : m_registry.units())
      if (!m_scheme.find_section(unit.section)) {
        std::string known;
        for (const auto& s : m_scheme.sections) known += (known.empty() ? "" : "、") + s.code;
        m_out.error(m_data.sources.locate(unit.source),
                    fmt::format("单位“{}”的类别“{}”不是考核方案中的分组（{}）", unit.name,
                                unit.section, known));
      }
  }

  // Counts per unit and month: within the period, non-negative, given once.
  void check_counts(const std::vector<MonthlyCount>& counts, std::string_view what,
                    std::map<std::pair<UnitId, int>, SourceRef>& seen) {
    for (const auto& c : counts) {
      Location at = where_count(c.source, source_field::month_count(c.month));
      if (c.count < 0)
        m_out.error(at, fmt::format("{}不能为负数：{}", what, c.count));
      if (!in_period(c.month, at, what)) continue;
      auto [it, fresh] = seen.emplace(std::pair{c.unit, c.month.index()}, c.source);
      if (!fresh)
        m_out.error(at,
                    fmt::format("重复记录：“{}”{}年{}月的{}已在{}给出", name(c.unit), c.month.year,
                                c.month.month, what, place(it->second)));
    }
  }

  void check_mixed(UnitId unit, YearMonth month, const Location& at, std::string_view what,
                   const std::map<std::pair<UnitId, int>, SourceRef>& counts,
                   std::set<std::pair<UnitId, int>>& reported) {
    auto key = std::pair{unit, month.index()};
    auto it = counts.find(key);
    if (it == counts.end() || !reported.insert(key).second) return;
    m_out.error(at, fmt::format("“{}”{}年{}月的{}既有逐条记录又有汇总数量（{}），会重复计数；"
                                        "请只保留一种",
                                        name(unit), month.year, month.month, what,
                                        place(it->second)));
  }

  void check_published_items() {
    const auto& items = m_data.published_items;
    std::set<std::pair<UnitId, int>> mixed;
    // One key per item mixing unit and identity; after a radix sort equal
    // keys are adjacent. Only the rare duplicates are then looked at closely.
    BulkVector<std::uint64_t> keys;
    keys.reserve(items.size());
    for (const auto& item : items) {
      // The item's place is only worked out for a message: millions of items, few messages.
      auto month = m_period.month_for(item.date, m_window);
      if (!month || !m_published_months.empty()) {
        Location at = where(item.source, source_field::k_date);
        if (!month) (void)in_window(item.date, at, "发布日期");
        else check_mixed(item.unit, *month, at, "网站发布", m_published_months, mixed);
      }
      keys.push_back(item_key(item));
    }
    radix_sort(keys);
    std::set<std::uint64_t> duplicated;
    for (auto it = std::adjacent_find(keys.begin(), keys.end()); it != keys.end();
         it = std::adjacent_find(it + 1, keys.end()))
      duplicated.insert(*it);
    if (duplicated.empty()) return;
    std::map<std::pair<UnitId, std::uint64_t>, SourceRef> first_seen;
    for (const auto& item : items) {
      if (!duplicated.contains(item_key(item))) continue;
      auto [it, fresh] = first_seen.emplace(std::pair{item.unit, item.identity}, item.source);
      if (!fresh)
        m_out.error(identity_place(item.source),
                    fmt::format("重复记录：“{}”的这条发布信息已在{}出现（判断依据：链接相同；无链接时标题和日期相同；"
                                "标题和链接都为空时同一天即算重复）",
                                name(item.unit), place(it->second)));
    }
  }

  // What identifies a published item: its link column, else its title's, else its date's.
  Location identity_place(SourceRef ref) const {
    for (auto field : {source_field::k_link, source_field::k_title, source_field::k_date})
      if (Location at = where(ref, field); at.column) return at;
    return where(ref);
  }

  static std::uint64_t item_key(const PublishedItem& item) {
    return item.identity ^ (std::uint64_t{item.unit} * 0x9E3779B97F4A7C15ull);
  }

  void check_submissions() {
    std::set<std::pair<UnitId, int>> mixed;
    std::map<std::tuple<UnitId, std::string, DateTime>, SourceRef> seen;
    for (const auto& s : m_data.submissions) {
      Location at = where(s.source, source_field::k_received);
      auto month = in_window(s.received.date, at, "投稿收到时间", s.received.to_string());
      if (!month) continue;
      check_mixed(s.unit, *month, at, "投稿", m_submission_months, mixed);
      auto [it, fresh] = seen.emplace(std::tuple{s.unit, s.title, s.received}, s.source);
      if (!fresh)
        m_out.error(where(s.source, source_field::k_title), fmt::format("重复记录：“{}”的投稿《{}》（{}）已在{}出现",
                                                 name(s.unit), s.title, s.received.to_string(),
                                                 place(it->second)));
    }
  }

  void check_adoptions() {
    // Per unit and level, counts are given once: for the quarter or per month, not both.
    std::map<std::pair<UnitId, std::size_t>, SourceRef> counted;
    std::map<std::tuple<UnitId, std::size_t, int>, SourceRef> counts;
    for (const auto& a : m_data.adoption_counts) {
      Location at = where_count(a.source, source_field::level_count(a.level));
      if (a.count < 0) m_out.error(at, fmt::format("采用件数不能为负数：{}", a.count));
      if (a.month && !in_period(*a.month, where(a.source, source_field::k_month), "采用")) continue;
      const auto& level = m_scheme.adoption_levels[a.level].code;
      counted.emplace(std::pair{a.unit, a.level}, a.source);
      auto key = std::tuple{a.unit, a.level, a.month ? a.month->index() : -1};
      auto [it, fresh] = counts.emplace(key, a.source);
      auto other = std::tuple{a.unit, a.level, a.month ? -1 : 0};
      bool mixed = a.month ? counts.contains(other)
                           : std::any_of(counts.begin(), counts.end(), [&](const auto& c) {
                               return std::get<0>(c.first) == a.unit && std::get<1>(c.first) == a.level &&
                                      std::get<2>(c.first) >= 0;
                             });
      if (!fresh)
        m_out.error(at, fmt::format("重复记录：“{}”的{}采用件数已在{}给出", name(a.unit), level, place(it->second)));
      else if (mixed)
        m_out.error(at, fmt::format("“{}”的{}采用件数既有按季度汇总又有按月份汇总，会重复计数；请只保留一种",
                                    name(a.unit), level));
    }
    // An adoption is identified by its title; without one, by its date.
    std::map<std::tuple<UnitId, std::size_t, std::string, Date>, SourceRef> items;
    for (const auto& a : m_data.adoptions) {
      Location at = where(a.source, source_field::k_date);
      if (!in_window(a.date, at, "采用日期")) continue;
      const auto& level = m_scheme.adoption_levels[a.level].code;
      if (auto it = counted.find({a.unit, a.level}); it != counted.end())
        m_out.error(at, fmt::format("“{}”的{}采用既有逐篇记录又有汇总件数（{}），会重复计数；"
                                    "请只保留一种", name(a.unit), level, place(it->second)));
      Date date = a.title.empty() ? a.date : Date{};
      auto [it, fresh] = items.emplace(std::tuple{a.unit, a.level, a.title, date}, a.source);
      if (fresh) continue;
      if (a.title.empty())
        m_out.error(at, fmt::format("重复记录：“{}”{}的{}采用（没有标题）已在{}出现；没有标题时，同一单位同一级别"
                                    "同一天的两条视为重复，若确为两篇请填写标题",
                                    name(a.unit), a.date.to_string(), level, place(it->second)));
      else
        m_out.error(where(a.source, source_field::k_title),
                    fmt::format("重复记录：“{}”的《{}》{}采用已在{}出现", name(a.unit), a.title, level,
                                place(it->second)));
    }
  }

  void check_findings() {
    std::map<std::tuple<UnitId, std::size_t, std::string>, SourceRef> seen;
    for (const auto& f : m_data.findings) {
      Location at = where(f.source, source_field::k_type);
      if (f.quantity < 1)
        m_out.error(where(f.source, source_field::k_count), fmt::format("问题数量应为正整数：{}", f.quantity));
      auto [it, fresh] = seen.emplace(std::tuple{f.unit, f.type, f.note}, f.source);
      if (!fresh)
        m_out.error(at, fmt::format("重复记录：“{}”的“{}”已在{}记录", name(f.unit),
                                    m_scheme.finding_types[f.type].reason, place(it->second)));
    }
  }

  const Registry& m_registry;
  const Scheme& m_scheme;
  const Dataset& m_data;
  Period m_period;
  DateWindow m_window;
  Diagnostics m_out;
  std::map<std::pair<UnitId, int>, SourceRef> m_published_months;
  std::map<std::pair<UnitId, int>, SourceRef> m_submission_months;
};

} // namespace

std::string out_of_period_message(std::string_view what, YearMonth month, Period period) {
  return fmt::format("{}的月份 {} 不在考核期 {}（{}—{}）内", what, month.to_string(), period.to_string(),
                     period.first_month().to_string(), period.last_month().to_string());
}

Diagnostics validate_dataset(const Registry& registry, const Scheme& scheme, const Dataset& data,
                             Period period) {
  return Validator(registry, scheme, data, period).run();
}

} // namespace zwgk
