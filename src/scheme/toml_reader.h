// TomlReader: typed access to a toml++ table that reports problems, with
// their place, into Diagnostics instead of throwing. Internal to scheme/.
#pragma once

#include "model/diagnostics.h"
#include "util/calendar.h"
#include "util/decimal.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk {
struct FindingType;
struct Scheme;
struct SchemePlace;
struct TableSpec;
}

namespace zwgk::scheme_detail {

enum class Need { Required, Optional };

// Sanity limits of a scheme's values: far beyond any district's rules, they
// keep every product and sum of points and counts exact in 64 bits (an
// unbounded quota of 2^63−1 once printed "减-2分").
// Points of one item, one adoption, one finding, a monthly cap or a penalty.
inline constexpr std::int64_t k_max_scheme_points = 10'000;
// A quota, a minimum number of characters or pictures.
inline constexpr std::int64_t k_max_scheme_count = 1'000'000;
// Sections, quota rules, adoption levels, findings, tables, keywords, … of one kind.
inline constexpr std::size_t k_max_scheme_items = 1'000;

struct IntRange {
  std::int64_t min = 0;
  std::int64_t max = k_max_scheme_count;
};

class TomlReader {
public:
  TomlReader(Diagnostics& diagnostics, std::string file)
      : m_diagnostics(diagnostics), m_file(std::move(file)) {}

  Location at(const toml::node* node) const;
  SchemePlace place(const toml::node* node) const;
  void error(const toml::node* node, std::string message);

  // Reports keys of `table` not in `allowed`.
  void check_keys(const toml::table& table, std::string_view path,
                  std::initializer_list<std::string_view> allowed);

  const toml::table* table(const toml::table& parent, std::string_view key, std::string_view path,
                           Need need);
  const toml::array* array(const toml::table& parent, std::string_view key, std::string_view path,
                           Need need);
  std::optional<std::string> string(const toml::table& t, std::string_view key,
                                    std::string_view path, Need need);
  // A required string that is not blank: a code or name others refer to.
  std::optional<std::string> name(const toml::table& t, std::string_view key, std::string_view path);
  std::optional<Decimal> decimal(const toml::table& t, std::string_view key,
                                 std::string_view path, Need need);
  // An integer within `range`; what the message calls it (e.g. "工作日数").
  std::optional<std::int64_t> integer(const toml::table& t, std::string_view key, std::string_view path, Need need,
                                      IntRange range = {}, std::string_view what = "整数");
  std::optional<bool> boolean(const toml::table& t, std::string_view key, std::string_view path,
                              Need need);
  std::optional<YearMonth> month(const toml::table& t, std::string_view key,
                                 std::string_view path, Need need);
  std::vector<std::string> strings(const toml::table& t, std::string_view key,
                                   std::string_view path, Need need);
  // False (and an error at the array) if it has more than k_max_scheme_items elements.
  bool within_items(const toml::array& array, std::string_view path);

private:
  const toml::node* lookup(const toml::table& t, std::string_view key, std::string_view path,
                           Need need, const toml::node* parent_for_missing);

  Diagnostics& m_diagnostics;
  std::string m_file;
};

// Calls fn on each table of the array `arr` (an array of tables [[path]]); any other
// element is an error at its place. Nothing for a missing array or one over the limit.
template <typename Fn>
void for_each_table(TomlReader& r, const toml::array* arr, std::string_view path, Fn&& fn) {
  if (!arr || !r.within_items(*arr, path)) return;
  for (const auto& item : *arr) {
    if (const toml::table* t = item.as_table())
      fn(*t);
    else
      r.error(&item, fmt::format("“{}”的每一项应为表（[[{}]]）", path, path));
  }
}

// Reads [[tables]] into s.tables (tables.cpp).
void read_tables(TomlReader& r, const toml::table& root, Scheme& s);
// Reads [rectification] and [year] (followup_rules.cpp).
void read_rectification(TomlReader& r, const toml::table& root, Scheme& s);
void read_year(TomlReader& r, const toml::table& root, Scheme& s);
void read_workspace(TomlReader& r, const toml::table& root, Scheme& s);
// Reads [[stale_columns]] (followup_rules.cpp), after [[findings]].
void read_stale_columns(TomlReader& r, const toml::table& root, Scheme& s);
// Reads [period] (followup_rules.cpp).
void read_period(TomlReader& r, const toml::table& root, Scheme& s);
// Issue 16 (indicators.cpp): [[indicators]] and [[ratings]], read before
// [[findings]] and [[tables]], which refer to them.
void read_indicators(TomlReader& r, const toml::table& root, Scheme& s);
void read_ratings(TomlReader& r, const toml::table& root, Scheme& s);
// A [[findings]] entry's `indicator` (a deduct indicator) and `veto` (a rating).
void read_finding_links(TomlReader& r, const toml::table& f, const Scheme& s, FindingType& type);
// A [[tables]] entry's `indicators` (kind "indicators" only; its columns).
void read_indicator_columns(TomlReader& r, const toml::table& t, const Scheme& s, TableSpec& spec);

} // namespace zwgk::scheme_detail
