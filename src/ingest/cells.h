// Typed reading of cells for the importers, with every problem reported at
// its file, line and column and what was expected.
#pragma once

#include "model/diagnostics.h"
#include "model/registry.h"
#include "util/calendar.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace zwgk::ingest {

// Limits that keep arithmetic exact and memory bounded.
inline constexpr std::int64_t k_max_count = 1'000'000'000;
// A cell's text in a message goes through quoted_name() (model/registry.h):
// in “”, invisible characters shown as <U+XXXX>, cut after
// k_max_shown_name characters, so a 100 KB cell (a stray quote swallows the
// rest of a file) does not bury the list.

class CellReader {
public:
  CellReader(const Location& file, Diagnostics& out) : m_file(file), m_out(&out) {}

  Location at(std::size_t line, std::size_t column, std::string_view header) const;
  void error(std::size_t line, std::size_t column, std::string_view header, std::string message);

  // Non-negative integer; blank is `blank_value` (nullopt: required).
  std::optional<std::int64_t> count(std::string_view cell, std::size_t line, std::size_t column,
                                    std::string_view header,
                                    std::optional<std::int64_t> blank_value = 0);
  std::optional<Date> date(std::string_view cell, std::size_t line, std::size_t column,
                           std::string_view header);
  std::optional<DateTime> date_time(std::string_view cell, std::size_t line, std::size_t column,
                                    std::string_view header);
  // 是/否, Y/N, 1/0, true/false; blank is `blank_value`.
  std::optional<bool> yes_no(std::string_view cell, std::size_t line, std::size_t column,
                             std::string_view header, bool blank_value);
  std::optional<std::string> required_text(std::string_view cell, std::size_t line,
                                           std::size_t column, std::string_view header);

  Diagnostics& out() { return *m_out; }
  // Reports into `out` from now on (a worker's own diagnostics).
  void redirect(Diagnostics& out) { m_out = &out; }

private:
  Location m_file;
  Diagnostics* m_out;
};

// A unit's name is a few dozen characters; a longer cell is reported as too
// long without being looked up (folding and comparing it costs its length).
inline constexpr std::size_t k_max_unit_name_bytes = 300;
// Distinct unknown names of a file collected for one message each; beyond
// them each row is reported on its own (a file of a million different
// names would otherwise be held whole).
inline constexpr std::size_t k_max_unknown_names = 10'000;
// Unknown names that get "是否指" suggestions (each is compared with every
// registered name); the rest only say that the registry lacks them.
inline constexpr std::size_t k_max_suggested_names = 100;

// Resolves unit names through the registry. An unknown name is reported
// once per file, at its first row, with the number of rows and the nearest
// registered names, so a misspelt unit in 10,000 rows is one message.
class UnitResolver {
public:
  explicit UnitResolver(const Registry& registry) : m_registry(&registry) {}
  std::optional<UnitId> resolve(std::string_view cell, std::size_t line, std::size_t column,
                                std::string_view header, CellReader& cells);
  // Takes over a worker's unknown names (the worker read later rows).
  void absorb(UnitResolver& worker);
  // Reports the unknown names collected so far.
  void flush(CellReader& cells);

private:
  struct Unknown {
    std::size_t line, column;
    std::string header;
    std::size_t rows = 0;
  };
  const Registry* m_registry;
  std::map<std::string, Unknown, std::less<>> m_unknown;
  std::string m_last_name;
  UnitId m_last_id = 0;
};

} // namespace zwgk::ingest
