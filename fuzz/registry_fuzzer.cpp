// libFuzzer target: the unit registry, 单位名录.csv, in any encoding.
//
// The input is the file's bytes, read by import_registry() against the
// example's scheme (its sections), as the loader reads a data directory's
// registry: chunked reading and decoding, header detection, every column
// (names, short names, aliases, sections, tags, exemptions, order, sender
// addresses) and the registry's refusal of a name or address taken twice.
//
// Invariants: every problem is Chinese with a line and column inside the
// file; a registry with no unit comes with an error; every unit added has a
// non-empty UTF-8 name, a section of the scheme, UTF-8 in every field, and
// is found again by its name, its short name, each alias and each sender
// address.
#include "example.h"
#include "harness.h"
#include "targets.h"

#include "ingest/importers.h"

namespace zwgk::fuzz {
namespace {

void check_unit(const Registry& registry, const Scheme& scheme, const Unit& unit) {
  check_text("unit name", unit.name);
  require(!unit.name.empty(), "unit without a name");
  require(scheme.find_section(unit.section) != nullptr, "unit in no section of the scheme", unit.section);
  check_text("short name", unit.short_name);
  check_text("sort key", unit.sort_key);
  for (const auto* list : {&unit.aliases, &unit.tags, &unit.exemptions, &unit.mail_addresses})
    for (const auto& item : *list) check_text("unit list item", item);
  require(registry.resolve(unit.name) == unit.id, "unit not found by its name", unit.name);
  if (!unit.short_name.empty())
    require(registry.resolve(unit.short_name) == unit.id, "unit not found by its short name", unit.short_name);
  for (const auto& alias : unit.aliases)
    require(registry.resolve(alias) == unit.id, "unit not found by its alias", alias);
  for (const auto& address : unit.mail_addresses)
    require(registry.find_by_mail(address) == unit.id, "unit not found by its address", address);
}

} // namespace

void registry(std::string_view input) {
  const Example& ex = example();
  Registry units;
  SourceFiles sources;
  Diagnostics problems;
  ingest::import_registry(scratch_file("单位名录.csv", input), "单位名录.csv", {}, ex.ws.scheme, units, sources,
                          problems);
  const Positions file = Positions::of_file("单位名录.csv", input);
  check_diagnostics(problems, std::span(&file, 1));
  require(units.size() > 0 || problems.has_errors(), "empty registry without an error");
  for (std::size_t id = 0; id < units.size(); ++id) {
    require(units.at(static_cast<UnitId>(id)).id == id, "unit id not its index");
    check_unit(units, ex.ws.scheme, units.at(static_cast<UnitId>(id)));
  }
}

} // namespace zwgk::fuzz

ZWGK_FUZZ_ENTRY(zwgk::fuzz::registry)
