#include "ingest/record_importer.h"

#include "engine/assess.h"
#include "engine/source_fields.h"
#include "util/text.h"

#include <fmt/format.h>

namespace zwgk::ingest {

bool RecordImporter::on_header(const Header& header, const Location& file, Diagnostics& out) {
  m_labels = header.labels;
  m_unit = header.key_column;
  mark_read(m_unit);
  m_header_accepted = setup(header, file, out);
  return m_header_accepted;
}

std::unique_ptr<TableImporter> RecordImporter::fork() {
  auto worker = clone();
  worker->m_own = std::make_shared<WorkerState>(*m_ctx);
  worker->m_ctx = &worker->m_own->ctx;
  worker->m_cells.redirect(worker->m_own->out);
  worker->m_units = UnitResolver(m_ctx->registry);
  return worker;
}

namespace {

// Calls fn(a.v, b.v) for each record vector v of a Dataset, in one fixed order.
template <typename Fn>
void for_each_records(Dataset& a, Dataset& b, Fn&& fn) {
  fn(a.published_counts, b.published_counts);
  fn(a.published_items, b.published_items);
  fn(a.submission_counts, b.submission_counts);
  fn(a.submissions, b.submissions);
  fn(a.adoption_counts, b.adoption_counts);
  fn(a.adoptions, b.adoptions);
  fn(a.findings, b.findings);
  fn(a.indicator_entries, b.indicator_entries);
}

} // namespace

RecordImporter::RecordImporter(ImportContext& ctx, std::uint32_t file, const Location& where)
    : m_cells(where, ctx.out), m_ctx(&ctx), m_file(file), m_units(ctx.registry) {
  for_each_records(ctx.data, ctx.data, [&](auto& v, auto&) { m_sizes_at_start.push_back(v.size()); });
}

void RecordImporter::expect_growth(double factor) {
  // Only the records this file added so far grow; other files' stay as they are.
  std::size_t k = 0;
  for_each_records(data(), data(), [&](auto& v, auto&) {
    std::size_t before = m_sizes_at_start[k++];
    std::size_t added = v.size() - before;
    if (added) v.reserve(before + static_cast<std::size_t>(static_cast<double>(added) * factor * 1.05) + 16);
  });
}

void RecordImporter::merge(TableImporter& other) {
  auto& worker = static_cast<RecordImporter&>(other);
  for_each_records(data(), worker.m_own->data, [](auto& to, auto& from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
    from.clear();
  });
  m_ctx->out.append(worker.m_own->out);
  m_units.absorb(worker.m_units);
}

void RecordImporter::name_column(std::string_view field, std::optional<std::size_t> index) {
  if (index) data().sources.set_column(m_file, std::string(field), *index + 1, label(*index));
  mark_read(index);
}

void RecordImporter::mark_read(std::optional<std::size_t> index) {
  if (!index) return;
  if (m_read.size() <= *index) m_read.resize(*index + 1);
  m_read[*index] = true;
}

bool RecordImporter::within_period(YearMonth month, std::size_t line, std::size_t column,
                                   std::string_view what, std::string_view detail) {
  if (period().contains(month)) return true;
  m_cells.error(line, column, label(column - 1),
                out_of_period_message(what, month, period()) + std::string(detail));
  return false;
}

bool RecordImporter::setup_counts(const Header& header,
                                  std::initializer_list<std::string_view> count_names,
                                  std::string_view what) {
  m_month = header.find({"月份", "月度", "年月"});
  m_count = header.find(count_names);
  if (m_month && m_count) {
    name_column(source_field::k_month, m_month);
    name_column(source_field::k_count, m_count);
    return true;
  }
  m_month_columns = find_month_columns(header, m_ctx->period, m_cells);
  bool any = !m_month_columns.empty();
  std::erase_if(m_month_columns, [&](const MonthColumn& c) {
    return !within_period(c.month, header.line, c.index + 1, what);
  });
  for (const auto& c : m_month_columns) name_column(source_field::month_count(c.month), c.index);
  return any;
}

void RecordImporter::read_counts(std::size_t line, std::span<const std::string_view> cells,
                                 std::vector<MonthlyCount>& into) {
  auto id = unit(line, cells);
  if (m_month && m_count) {
    auto month_text = cell(cells, m_month);
    auto month = parse_month_label(fold_name(month_text), m_ctx->period);
    if (!month)
      m_cells.error(line, *m_month + 1, label(*m_month),
                    fmt::format("{}不是月份，应写成 2020-08 或 8月", quoted_name(month_text)));
    else if (!within_period(*month, line, *m_month + 1, label(*m_count)))
      month.reset();
    auto n = count_cell(cells, line, *m_count);
    if (id && month && n) into.push_back({*id, *month, n->count, source(line), n->blank});
    return;
  }
  for (const auto& column : m_month_columns) {
    auto n = count_cell(cells, line, column.index);
    if (id && n) into.push_back({*id, column.month, n->count, source(line), n->blank});
  }
}

std::optional<RecordImporter::CountCell> RecordImporter::count_cell(std::span<const std::string_view> cells,
                                                                    std::size_t line, std::size_t index) {
  const std::string_view text = cell(cells, index);
  auto n = m_cells.count(text, line, index + 1, label(index));
  if (!n) return std::nullopt;
  const bool blank = trim(text).empty();
  // A count left out reads as 0 (as the bulletin's own tables leave zeros
  // blank), but it may as well be a number not yet filled in: said, never blocking.
  if (blank) m_cells.out().warning(m_cells.at(line, index + 1, label(index)), "为空，按 0 计");
  return CountCell{*n, blank};
}

bool RecordImporter::added_records() const {
  std::size_t k = 0;
  bool added = false;
  auto& data = m_ctx->data;
  for_each_records(data, data, [&](auto& v, auto&) { added = added || v.size() != m_sizes_at_start[k++]; });
  return added;
}

} // namespace zwgk::ingest
