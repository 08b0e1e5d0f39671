// Shared machinery of the record importers (internal to ingest/): the
// context, cell reading, unit resolution, the two count layouts (wide: one
// column per month; long: 月份 + 数量 columns), and forking for parallel
// import (each worker writes into its own Dataset and Diagnostics, merged
// back in file order).
#pragma once

#include "ingest/cells.h"
#include "ingest/importers.h"
#include "ingest/month_columns.h"
#include "ingest/table.h"

#include <array>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace zwgk::ingest {

class RecordImporter : public TableImporter {
public:
  RecordImporter(ImportContext& ctx, std::uint32_t file, const Location& where);

  bool on_header(const Header& header, const Location& file, Diagnostics& out) override;
  bool reads(std::size_t index) const override { return index < m_read.size() && m_read[index]; }
  std::unique_ptr<TableImporter> fork() override;
  void merge(TableImporter& worker) override;
  void expect_growth(double factor) override;
  // Reports unknown unit names (once each, with their row counts).
  void finish() { m_units.flush(m_cells); }
  // Whether the header was found and accepted (the rows were read).
  bool header_accepted() const { return m_header_accepted; }
  // Whether this file added any record to the Dataset (workers merged).
  bool added_records() const;

protected:
  RecordImporter(const RecordImporter&) = default;
  // A copy of this importer (same columns), for fork().
  virtual std::unique_ptr<RecordImporter> clone() const = 0;
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
    return m_units.resolve(cell(cells, m_unit), line, m_unit + 1, label(m_unit), m_cells);
  }
  Dataset& data() { return m_ctx->data; }
  const Scheme& scheme() const { return m_ctx->scheme; }
  Period period() const { return m_ctx->period; }

  // Names the column of a field of this file's records (engine/source_fields.h),
  // so that validation points at the cell; the column is read.
  void name_column(std::string_view field, std::optional<std::size_t> index);
  // A column that is read (without a field validation names).
  void mark_read(std::optional<std::size_t> index);

  // Reports a month outside the period at its cell; true if inside.
  bool within_period(YearMonth month, std::size_t line, std::size_t column, std::string_view what,
                     std::string_view detail = {});

  // Counts per month: wide (month columns) or long (月份 + count column).
  // what: how messages name the counts, e.g. "投稿件数".
  bool setup_counts(const Header& header, std::initializer_list<std::string_view> count_names,
                    std::string_view what);
  void read_counts(std::size_t line, std::span<const std::string_view> cells,
                   std::vector<MonthlyCount>& into);
  // A count cell of a counts table: blank reads as 0, with a warning at the cell.
  struct CountCell {
    std::int64_t count = 0;
    bool blank = false;
  };
  std::optional<CountCell> count_cell(std::span<const std::string_view> cells, std::size_t line, std::size_t index);

  CellReader m_cells;

private:
  // A worker's own outputs.
  struct WorkerState {
    explicit WorkerState(const ImportContext& parent)
        : ctx{parent.registry, parent.scheme, parent.period, data, out} {}
    WorkerState(const WorkerState&) = delete;
    WorkerState& operator=(const WorkerState&) = delete;
    Dataset data;
    Diagnostics out;
    ImportContext ctx;
  };

  ImportContext* m_ctx;
  std::shared_ptr<WorkerState> m_own;  // set in workers only
  std::uint32_t m_file;
  UnitResolver m_units;
  std::size_t m_unit = 0;
  std::vector<std::string> m_labels;
  std::vector<bool> m_read;  // per column: read by on_row()
  std::vector<MonthColumn> m_month_columns;
  std::optional<std::size_t> m_month;
  std::optional<std::size_t> m_count;
  std::vector<std::size_t> m_sizes_at_start;  // of each Dataset vector, for expect_growth()
  bool m_header_accepted = false;
};

} // namespace zwgk::ingest
