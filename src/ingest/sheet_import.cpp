// A worksheet's rows into an importer, with the reader's problems among the
// importer's, in row order.
#include "ingest/table.h"

#include "ingest/table_reader.h"

#include <limits>
#include <vector>

namespace zwgk::ingest {
namespace {

// The reader's problems, reported as the rows they belong to are imported.
// A problem in a cell's value counts only where the importer reads that
// column: a formula without a result in 合计, which no importer reads, is
// no error. Before the data rows (title and header rows) they are held
// back, and reported only if the header is not found or not accepted.
class SheetProblems {
public:
  SheetProblems(const XlsxSheet& sheet, const Location& where, Diagnostics& out, TableReader& reader)
      : m_sheet(sheet), m_where(where), m_out(out), m_reader(reader) {}

  // Reports the problems before rows[before]; true if one is in a value of
  // that row (numbered `row`) that the importer reads.
  bool report(std::size_t before, std::uint32_t row) {
    bool in_row = false;
    for (; m_next < m_sheet.problems.size() && m_sheet.problems[m_next].before_row <= before; ++m_next) {
      const auto& p = m_sheet.problems[m_next];
      if (!p.in_value) {
        emit(p);
      } else if (!m_reader.in_data()) {
        m_held.push_back(&p);
      } else if (m_reader.reads(p.column - 1)) {
        emit(p);
        in_row = in_row || p.row == row;
      }
    }
    return in_row;
  }

  // Reports what is left once the rows are imported.
  void finish() {
    report(std::numeric_limits<std::size_t>::max(), 0);
    bool data = m_reader.in_data();
    if (!data)
      for (const auto* p : m_held) emit(*p);
    for (auto [column, count] : m_sheet.problems_omitted)
      if (column == 0 || !data || m_reader.reads(column - 1))
        for (std::size_t i = 0; i < count; ++i) m_out.error(location_in(m_where, 0, column), "工作表中的单元格问题（未列出）");
  }

private:
  void emit(const XlsxProblem& p) {
    Location at = location_in(m_where, p.row, p.column);
    if (p.column > 0) at.column_name = std::string(m_reader.label(p.column - 1));
    m_out.error(std::move(at), p.message);
  }

  const XlsxSheet& m_sheet;
  const Location& m_where;
  Diagnostics& m_out;
  TableReader& m_reader;
  std::size_t m_next = 0;
  std::vector<const XlsxProblem*> m_held;
};

} // namespace

void import_rows(const XlsxSheet& sheet, const Location& where, Diagnostics& out,
                 TableImporter& importer) {
  TableReader reader(where, out, importer, 0);
  SheetProblems problems(sheet, where, out, reader);
  // One row at a time as the importers take it, blank where the sheet has
  // no cell: only the cells a row holds are written and cleared again, so a
  // sparse row costs what it holds.
  std::vector<std::string_view> dense;
  std::span<const XlsxCell> previous;
  for (const auto& row : sheet.rows) {
    for (const auto& c : previous)
      if (c.column < dense.size()) dense[c.column] = {};
    const auto cells = sheet.cells_of(row);
    const std::size_t width = std::min<std::size_t>(cells.empty() ? 0 : cells.back().column + 1, reader.width());
    if (dense.size() < width) dense.resize(width);
    bool blank = true;
    for (const auto& c : cells) {
      if (c.column >= width) break;
      dense[c.column] = sheet.text_of(c);
      blank = blank && trim(dense[c.column]).empty();
    }
    previous = cells;
    const std::span<const std::string_view> view(dense.data(), width);
    if (!reader.settle(view)) break;
    // A row with a value left out is not imported: its other cells would
    // only add errors about the missing one.
    bool skip = problems.report(static_cast<std::size_t>(&row - sheet.rows.data()), row.number);
    if (!skip && !reader.row(row.number, view, blank)) break;
  }
  reader.finish(!sheet.cut_short);  // a sheet cut short needs no "no header" besides
  problems.finish();
}

} // namespace zwgk::ingest
