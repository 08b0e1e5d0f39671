// Ordering of the bulletin's tables by the scheme's ranking keys.
#include "engine/score.h"

#include "util/collation.h"

#include <algorithm>

namespace zwgk::engine_detail {
namespace {

struct Row {
  const UnitScore* score;
  const Unit* unit;
  std::size_t section;
  std::string name_key;  // collation sort key
};

// Sort key values compared as numbers; name keys are compared separately.
std::int64_t numeric(const Row& row, const SortKey& key) {
  const UnitScore& s = *row.score;
  switch (key.field) {
    case SortField::Total: return s.total.millionths();
    case SortField::Publication: return s.publication.millionths();
    case SortField::Bonus: return s.bonus.millionths();
    case SortField::Deduction: return s.deduction.millionths();
    case SortField::PublishedMonth:
      return static_cast<std::size_t>(key.month) <= s.months.size()
                 ? s.months[static_cast<std::size_t>(key.month - 1)].published
                 : 0;
    case SortField::PublishedTotal: return s.published_total;
    case SortField::Submissions: return s.submissions_total;
    case SortField::AdoptionBonus: return s.adoption_bonus.millionths();
    case SortField::Adoptions: {
      std::int64_t n = 0;
      for (const auto& a : s.adoptions) n += a.count;
      return n;
    }
    case SortField::Section: return static_cast<std::int64_t>(row.section);
    case SortField::OfficialOrder: return row.unit->official_order;
    case SortField::Name: return 0;
  }
  return 0;
}

int compare(const Row& a, const Row& b, const SortKey& key) {
  int c = 0;
  if (key.field == SortField::Name) {
    c = a.name_key.compare(b.name_key);
  } else {
    auto x = numeric(a, key), y = numeric(b, key);
    c = x < y ? -1 : (x > y ? 1 : 0);
  }
  return key.descending ? -c : c;
}

bool included(const TableSpec& spec, const UnitScore& s) {
  switch (spec.kind) {
    case TableKind::Scores:
    case TableKind::Indicators:
    case TableKind::Counts: return true;
    case TableKind::Submissions: {
      std::int64_t adopted = 0;
      for (const auto& a : s.adoptions) adopted += a.count;
      return s.submissions_total > 0 || adopted > 0;
    }
    case TableKind::Deductions: return !s.deductions.empty();
  }
  return false;
}

std::vector<YearMonth> table_months(const TableSpec& spec, const std::vector<UnitScore>& units,
                                    Period period) {
  if (spec.kind == TableKind::Scores) return period.months();
  if (spec.kind == TableKind::Deductions || spec.kind == TableKind::Counts) return {};
  std::vector<YearMonth> out;
  auto months = period.months();
  for (std::size_t i = 0; i < months.size(); ++i) {
    bool used = std::any_of(units.begin(), units.end(), [&](const UnitScore& s) {
      return s.months[i].quota.has_value() || s.months[i].submissions > 0;
    });
    if (used) out.push_back(months[i]);
  }
  return out;
}

TableResult rank_table(std::size_t index, const Scheme& scheme, const Registry& registry,
                       const std::vector<UnitScore>& units, const Collation& collation,
                       Period period) {
  const TableSpec& spec = scheme.tables[index];
  std::vector<Row> rows;
  for (const auto& s : units) {
    const Unit& unit = registry.at(s.unit);
    const Section* section = scheme.find_section(unit.section);  // 类别 may give code or title
    auto it = std::find(spec.sections.begin(), spec.sections.end(), section ? section->code : unit.section);
    if (it == spec.sections.end() || !included(spec, s)) continue;
    const std::string& name = unit.sort_key.empty() ? unit.display_name(spec.names) : unit.sort_key;
    rows.push_back({&s, &unit, static_cast<std::size_t>(it - spec.sections.begin()),
                    collation.sort_key(name)});
  }
  std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
    for (const auto& key : spec.order)
      if (int c = compare(a, b, key); c != 0) return c < 0;
    return false;
  });
  TableResult out{index, table_months(spec, units, period), {}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::size_t rank = i + 1;
    if (i > 0 && !spec.order.empty() && compare(rows[i - 1], rows[i], spec.order.front()) == 0)
      rank = out.rows.back().rank;
    out.rows.push_back({rows[i].score->unit, i + 1, rank});
  }
  return out;
}

} // namespace

std::expected<std::vector<TableResult>, std::string> rank_tables(const Registry& registry,
                                                                 const Scheme& scheme,
                                                                 const std::vector<UnitScore>& units,
                                                                 Period period) {
  auto collation = Collation::create(scheme.collation_locale, scheme.collation_tailoring);
  if (!collation) return std::unexpected(collation.error());
  std::vector<TableResult> out;
  for (std::size_t i = 0; i < scheme.tables.size(); ++i)
    out.push_back(rank_table(i, scheme, registry, units, *collation, period));
  return out;
}

} // namespace zwgk::engine_detail
