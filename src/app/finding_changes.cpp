// The findings entered in the web (检查-在线录入.csv, app/changes.cpp's
// add_finding) listed and deleted one at a time. A deletion rewrites the file
// without the row (atomically, through write_and_record: its new version is
// recorded and the old ones stay in the history) and is audited with what
// was deleted.
#include "app/workspace.h"

#include "ingest/table.h"
#include "render/csv_tables.h"

#include <fmt/format.h>

namespace zwgk::app {
namespace {

constexpr std::string_view k_entered_file = "检查-在线录入.csv";

// Every data row of the file with its line, cells as read.
class RowCollector : public ingest::TableImporter {
public:
  bool on_header(const ingest::Header& header, const Location&, Diagnostics&) override {
    m_unit = header.key_column;
    m_code = header.find({"问题类型"});
    m_quantity = header.find({"数量"});
    m_note = header.find({"说明"});
    return true;
  }
  void on_row(std::size_t line, std::span<const std::string_view> cells) override {
    auto cell = [&cells](std::optional<std::size_t> i) {
      return i && *i < cells.size() ? std::string(cells[*i]) : std::string();
    };
    m_rows.push_back({line, cell(m_unit), cell(m_code), cell(m_note), cell(m_quantity)});
  }
  std::vector<EnteredFinding> rows() && { return std::move(m_rows); }

private:
  std::optional<std::size_t> m_unit, m_code, m_quantity, m_note;
  std::vector<EnteredFinding> m_rows;
};

std::string described(const EnteredFinding& f) {
  return fmt::format("第{}行：{} {} × {}{}", f.line, f.unit, f.code, f.quantity, f.note.empty() ? "" : "：" + f.note);
}

} // namespace

std::expected<std::vector<EnteredFinding>, Error> Workspace::entered_findings(Period period) const {
  const auto dir = ingest::period_dir(m_dir, period);
  if (dir.empty()) return std::unexpected(Error::not_found(fmt::format("没有季度 {}", period.to_string())));
  const auto path = dir / std::string(k_entered_file);
  if (std::error_code ec; !std::filesystem::exists(path, ec)) return std::vector<EnteredFinding>{};
  Diagnostics problems;
  auto table = ingest::open_table(path, std::string(k_entered_file), {}, problems);
  if (!table) return std::unexpected(Error::bad_input(fmt::format("{} 无法读取", k_entered_file), std::move(problems)));
  RowCollector collector;
  ingest::import_table(*table, problems, collector);
  return std::move(collector).rows();
}

std::expected<EnteredFinding, Error> Workspace::delete_finding(Period period, std::size_t line, const Actor& actor) {
  std::lock_guard lock(m_changes);
  auto rows = entered_findings(period);
  if (!rows) return std::unexpected(rows.error());
  auto it = std::find_if(rows->begin(), rows->end(), [line](const EnteredFinding& f) { return f.line == line; });
  if (it == rows->end())
    return std::unexpected(Error::not_found(fmt::format("{} 第{}行没有录入的检查问题（可能已被删除，请刷新）",
                                                        k_entered_file, line)));
  const EnteredFinding deleted = *it;
  std::vector<std::vector<std::string>> kept{{"单位", "问题类型", "数量", "说明"}};
  for (const auto& f : *rows)
    if (f.line != line) kept.push_back({f.unit, f.code, f.quantity, f.note});
  const auto path = ingest::period_dir(m_dir, period) / std::string(k_entered_file);
  const std::string relative = path.lexically_relative(m_dir).generic_string();
  if (auto written = write_and_record(relative, csv_document(kept, CsvCells::Exact), actor, "删除检查问题"); !written)
    return std::unexpected(written.error());
  if (auto audited = m_stores.store->append_audit({0, actor.now, actor.user, "删除检查问题", deleted.unit,
                                                   fmt::format("{}/{}", period.to_string(), described(deleted))});
      !audited)
    return std::unexpected(Error::internal(fmt::format("检查问题已删除，但未能记入操作日志：{}", audited.error())));
  return deleted;
}

} // namespace zwgk::app
