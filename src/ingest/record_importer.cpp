#include "ingest/record_importer.h"

#include "util/text.h"

#include <fmt/format.h>

namespace zwgk::ingest {

bool RecordImporter::on_header(const Header& header, const Location& file, Diagnostics& out) {
  m_labels = header.labels;
  auto names = key_column_names();
  for (std::size_t i = 0; i < header.labels.size(); ++i)
    for (auto n : names)
      if (header.labels[i] == n) {
        m_unit = i;
        return setup(header, file, out);
      }
  return setup(header, file, out);
}

bool RecordImporter::setup_counts(const Header& header,
                                  std::initializer_list<std::string_view> count_names) {
  m_month = header.find({"月份", "月度", "年月"});
  m_count = header.find(count_names);
  if (m_month && m_count) return true;
  m_month_columns = find_month_columns(header, m_ctx.period);
  return !m_month_columns.empty();
}

void RecordImporter::read_counts(std::size_t line, std::span<const std::string_view> cells,
                                 std::vector<MonthlyCount>& into) {
  auto id = unit(line, cells);
  if (m_month && m_count) {
    auto month_text = cell(cells, m_month);
    auto month = parse_month_label(fold_name(month_text), m_ctx.period);
    if (!month)
      m_cells.error(line, *m_month + 1, label(*m_month),
                    fmt::format("“{}”不是月份，应写成 2020-08 或 8月", month_text));
    auto n = m_cells.count(cell(cells, m_count), line, *m_count + 1, label(*m_count));
    if (id && month && n) into.push_back({*id, *month, *n, source(line)});
    return;
  }
  for (const auto& column : m_month_columns) {
    auto n = m_cells.count(cell(cells, column.index), line, column.index + 1, label(column.index));
    if (id && n) into.push_back({*id, column.month, *n, source(line)});
  }
}

} // namespace zwgk::ingest
