#include "engine/completeness.h"

#include "engine/source_fields.h"

#include <fmt/format.h>

#include <algorithm>

namespace zwgk {
namespace {

// The display names of the files `counts` came from, each once, in order.
std::vector<std::string> files_of(const std::vector<MonthlyCount>& counts, const SourceFiles& sources) {
  std::vector<std::uint32_t> seen;
  std::vector<std::string> out;
  for (const auto& c : counts) {
    if (std::find(seen.begin(), seen.end(), c.source.file) != seen.end()) continue;
    seen.push_back(c.source.file);
    out.push_back(sources.locate(c.source).file);
  }
  return out;
}

// The count's cell: its month's column (wide layout), else the count column (long layout).
Location cell_of(const MonthlyCount& c, const SourceFiles& sources) {
  Location at = sources.locate_field(c.source, source_field::month_count(c.month));
  return at.column ? at : sources.locate_field(c.source, source_field::k_count);
}

void blank_notes(const std::vector<MonthlyCount>& counts, const SourceFiles& sources, UnitId unit,
                 std::string_view what, std::vector<std::string>& out) {
  for (const auto& c : counts)
    if (c.unit == unit && c.blank)
      out.push_back(fmt::format("{}月{}为空，按 0 计（{}）", c.month.month, what, cell_of(c, sources).describe()));
}

} // namespace

MissingUnits missing_from_publication_counts(const Registry& registry, const Dataset& data) {
  MissingUnits out;
  out.files = files_of(data.published_counts, data.sources);
  if (out.files.empty()) return out;
  std::vector<bool> listed(registry.size(), false);
  for (const auto& c : data.published_counts)
    if (c.unit < listed.size()) listed[c.unit] = true;
  for (const auto& unit : registry.units())
    if (!listed[unit.id] && !unit.is_exempt(k_publication_kind)) out.units.push_back(unit.id);
  return out;
}

std::string quoted_files(const std::vector<std::string>& files) {
  std::string out;
  for (const auto& f : files) out += (out.empty() ? "“" : "、“") + f + "”";
  return out;
}

std::vector<std::string> completeness_notes(const Registry& registry, const Dataset& data, UnitId unit) {
  std::vector<std::string> out;
  auto missing = missing_from_publication_counts(registry, data);
  if (std::find(missing.units.begin(), missing.units.end(), unit) != missing.units.end())
    out.push_back(fmt::format("{}中没有本单位，各月发布数量按 0 计", quoted_files(missing.files)));
  blank_notes(data.published_counts, data.sources, unit, "发布数量", out);
  blank_notes(data.submission_counts, data.sources, unit, "投稿件数", out);
  return out;
}

Diagnostics completeness_warnings(const Registry& registry, const Dataset& data) {
  Diagnostics out;
  auto missing = missing_from_publication_counts(registry, data);
  if (missing.units.empty()) return out;
  std::string names;
  for (UnitId id : missing.units) names += (names.empty() ? "" : "、") + registry.at(id).name;
  const std::string what =
      fmt::format("缺少单位名录中的 {} 个单位（这些单位各月发布数量按 0 计）：{}", missing.units.size(), names);
  if (missing.files.size() == 1) out.warning({missing.files.front()}, what);
  else out.warning({}, quoted_files(missing.files) + "中都" + what);
  return out;
}

} // namespace zwgk
