// TomlReader: typed access to a toml++ table that reports problems, with
// their place, into Diagnostics instead of throwing. Internal to scheme/.
#pragma once

#include "model/diagnostics.h"
#include "util/calendar.h"
#include "util/decimal.h"

#include <toml++/toml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk {
struct Scheme;
}

namespace zwgk::scheme_detail {

enum class Need { Required, Optional };

class TomlReader {
public:
  TomlReader(Diagnostics& diagnostics, std::string file)
      : m_diagnostics(diagnostics), m_file(std::move(file)) {}

  Location at(const toml::node* node) const;
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
  std::optional<Decimal> decimal(const toml::table& t, std::string_view key,
                                 std::string_view path, Need need);
  std::optional<std::int64_t> integer(const toml::table& t, std::string_view key,
                                      std::string_view path, Need need);
  std::optional<bool> boolean(const toml::table& t, std::string_view key, std::string_view path,
                              Need need);
  std::optional<YearMonth> month(const toml::table& t, std::string_view key,
                                 std::string_view path, Need need);
  std::vector<std::string> strings(const toml::table& t, std::string_view key,
                                   std::string_view path, Need need);

private:
  const toml::node* lookup(const toml::table& t, std::string_view key, std::string_view path,
                           Need need, const toml::node* parent_for_missing);

  Diagnostics& m_diagnostics;
  std::string m_file;
};

// Reads [[tables]] into s.tables (tables.cpp).
void read_tables(TomlReader& r, const toml::table& root, Scheme& s);
// Reads [rectification] and [year] (followup_rules.cpp).
void read_rectification(TomlReader& r, const toml::table& root, Scheme& s);
void read_year(TomlReader& r, const toml::table& root, Scheme& s);

} // namespace zwgk::scheme_detail
