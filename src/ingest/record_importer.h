// Shared machinery of the record importers (internal to ingest/): the
// context, cell reading, unit resolution and the two count layouts (wide:
// one column per month; long: 月份 + 数量 columns).
#pragma once

#include "ingest/cells.h"
#include "ingest/importers.h"
#include "ingest/month_columns.h"
#include "ingest/table.h"

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace zwgk::ingest {

class RecordImporter : public TableImporter {
public:
  RecordImporter(ImportContext& ctx, std::uint32_t file, const Location& where)
      : m_ctx(ctx), m_file(file), m_cells(where, ctx.out), m_units(ctx.registry, m_cells) {}

  bool on_header(const Header& header, const Location& file, Diagnostics& out) override;

protected:
  // Called once the unit column is known.
  virtual bool setup(const Header& header, const Location& file, Diagnostics& out) = 0;

  static std::string_view cell(std::span<const std::string_view> cells,
                               std::optional<std::size_t> index) {
    return index && *index < cells.size() ? cells[*index] : std::string_view{};
  }
  const std::string& label(std::size_t index) const { return m_labels[index]; }
  SourceRef source(std::size_t line) const {
    return {m_file, static_cast<std::uint32_t>(line)};
  }
  std::optional<UnitId> unit(std::size_t line, std::span<const std::string_view> cells) {
    return m_units.resolve(cell(cells, m_unit), line, m_unit + 1, label(m_unit));
  }

  // Counts per month: wide (month columns) or long (月份 + count column).
  bool setup_counts(const Header& header, std::initializer_list<std::string_view> count_names);
  void read_counts(std::size_t line, std::span<const std::string_view> cells,
                   std::vector<MonthlyCount>& into);

  ImportContext& m_ctx;
  std::uint32_t m_file;
  CellReader m_cells;
  UnitResolver m_units;
  std::size_t m_unit = 0;
  std::vector<std::string> m_labels;

private:
  std::vector<MonthColumn> m_month_columns;
  std::optional<std::size_t> m_month;
  std::optional<std::size_t> m_count;
};

} // namespace zwgk::ingest
