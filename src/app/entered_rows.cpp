// Files of rows entered in the web (检查-在线录入.csv for findings, 指标-在线录入.csv for
// indicator facts): a row appended after the whole period is checked with it, the rows
// listed, and one deleted at a time. Every change rewrites the file atomically through
// write_and_record (its new version recorded, the old ones kept in the history) and is
// audited with what was added or deleted.
#include "app/workspace.h"

#include "app/trial.h"
#include "fs/files.h"
#include "ingest/table.h"
#include "render/csv_tables.h"

#include <fmt/format.h>

namespace zwgk::app {
namespace {

constexpr std::string_view k_findings_file = "检查-在线录入.csv";
const std::vector<std::string> k_findings_header{"单位", "问题类型", "数量", "说明"};

// Every data row of the file with its line, cells in `header` order (the first, the unit, is
// the file's key column).
class RowCollector : public ingest::TableImporter {
public:
  explicit RowCollector(const std::vector<std::string>& header) : m_names(header) {}
  bool on_header(const ingest::Header& header, const Location&, Diagnostics&) override {
    m_columns.clear();
    for (std::size_t i = 0; i < m_names.size(); ++i)
      m_columns.push_back(i == 0 ? header.key_column : header.find({m_names[i]}));
    return true;
  }
  void on_row(std::size_t line, std::span<const std::string_view> cells) override {
    EnteredRow row{line, {}};
    for (const auto& c : m_columns) row.cells.push_back(c && *c < cells.size() ? std::string(cells[*c]) : std::string());
    m_rows.push_back(std::move(row));
  }
  std::vector<EnteredRow> rows() && { return std::move(m_rows); }

private:
  std::vector<std::string> m_names;
  std::vector<std::optional<std::size_t>> m_columns;
  std::vector<EnteredRow> m_rows;
};

std::string described(const EnteredFinding& f) {
  return fmt::format("第{}行：{} {} × {}{}", f.line, f.unit, f.code, f.quantity, f.note.empty() ? "" : "：" + f.note);
}

EnteredFinding finding_of(const EnteredRow& r) { return {r.line, r.cells[0], r.cells[1], r.cells[3], r.cells[2]}; }

} // namespace

std::expected<void, Error> Workspace::append_entered_row(Period period, std::string_view file,
                                                         const std::vector<std::string>& header,
                                                         const std::vector<std::string>& row, const Actor& actor,
                                                         const std::string& action, const std::string& refusal,
                                                         const std::string& target, const std::string& detail) {
  auto change = begin_change();
  if (!change) return std::unexpected(change.error());
  const auto dir = ingest::period_dir(m_dir, period);
  const auto path = (dir.empty() ? m_dir / period.to_string() : dir) / std::string(file);
  std::string content;
  if (std::error_code ec; std::filesystem::exists(path, ec)) {
    auto existing = fs::read_file(path);
    if (!existing) return std::unexpected(Error::internal(existing.error()));
    content = *existing;
  } else {
    content = csv_document({header}, CsvCells::Exact);
  }
  content += csv_document({row}, CsvCells::Exact).substr(3);  // without its BOM
  auto preview = preview_upload(period, std::string(file), content);
  if (!preview) return std::unexpected(preview.error());
  if (preview->problems.has_errors()) return std::unexpected(Error::bad_input(refusal, preview->problems));
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (auto saved = write_and_record(detail::relative_path(m_dir, path), content, actor, action); !saved) return saved;
  if (auto audited = m_stores.store->append_audit({0, actor.now, actor.user, action, target, detail}); !audited)
    return std::unexpected(Error::internal(fmt::format("已保存，但未能记入操作日志：{}", audited.error())));
  return {};
}

std::expected<std::vector<EnteredRow>, Error> Workspace::entered_rows(Period period, std::string_view file,
                                                                      const std::vector<std::string>& header) const {
  const auto dir = ingest::period_dir(m_dir, period);
  if (dir.empty()) return std::unexpected(Error::not_found(fmt::format("没有季度 {}", period.to_string())));
  const auto path = dir / std::string(file);
  if (std::error_code ec; !std::filesystem::exists(path, ec)) return std::vector<EnteredRow>{};
  Diagnostics problems;
  auto table = ingest::open_table(path, std::string(file), {}, problems);
  if (!table) return std::unexpected(Error::bad_input(fmt::format("{} 无法读取", file), std::move(problems)));
  RowCollector collector(header);
  ingest::import_table(*table, problems, collector);
  return std::move(collector).rows();
}

std::expected<EnteredRow, Error> Workspace::delete_entered_row(Period period, std::string_view file,
                                                               const std::vector<std::string>& header, std::size_t line,
                                                               const Actor& actor, const std::string& action,
                                                               const std::function<std::string(const EnteredRow&)>& describe) {
  auto change = begin_change();
  if (!change) return std::unexpected(change.error());
  auto rows = entered_rows(period, file, header);
  if (!rows) return std::unexpected(rows.error());
  auto it = std::find_if(rows->begin(), rows->end(), [line](const EnteredRow& r) { return r.line == line; });
  if (it == rows->end())
    return std::unexpected(Error::not_found(fmt::format("{} 第{}行没有录入的记录（可能已被删除，请刷新）", file, line)));
  const EnteredRow deleted = *it;
  std::vector<std::vector<std::string>> kept{header};
  for (const auto& r : *rows)
    if (r.line != line) kept.push_back(r.cells);
  const auto path = ingest::period_dir(m_dir, period) / std::string(file);
  if (auto written = write_and_record(detail::relative_path(m_dir, path), csv_document(kept, CsvCells::Exact), actor, action);
      !written)
    return std::unexpected(written.error());
  if (auto audited = m_stores.store->append_audit({0, actor.now, actor.user, action, deleted.cells[0],
                                                   fmt::format("{}/{}", period.to_string(), describe(deleted))});
      !audited)
    return std::unexpected(Error::internal(fmt::format("已删除，但未能记入操作日志：{}", audited.error())));
  return deleted;
}

std::expected<void, Error> Workspace::add_finding(Period period, const FindingEntry& entry, const Actor& actor) {
  if (entry.quantity < 1) {
    Diagnostics d;
    d.error({}, "数量应为正整数");
    return std::unexpected(Error::bad_input("检查问题未保存", std::move(d)));
  }
  return append_entered_row(period, k_findings_file, k_findings_header,
                            {entry.unit, entry.code, std::to_string(entry.quantity), entry.note}, actor, "录入检查问题",
                            "检查问题未保存", entry.unit,
                            fmt::format("{} × {}{}", entry.code, entry.quantity, entry.note.empty() ? "" : "：" + entry.note));
}

std::expected<std::vector<EnteredFinding>, Error> Workspace::entered_findings(Period period) const {
  auto rows = entered_rows(period, k_findings_file, k_findings_header);
  if (!rows) return std::unexpected(rows.error());
  std::vector<EnteredFinding> out;
  for (const auto& r : *rows) out.push_back(finding_of(r));
  return out;
}

std::expected<EnteredFinding, Error> Workspace::delete_finding(Period period, std::size_t line, const Actor& actor) {
  auto deleted = delete_entered_row(period, k_findings_file, k_findings_header, line, actor, "删除检查问题",
                                    [](const EnteredRow& r) { return described(finding_of(r)); });
  if (!deleted) return std::unexpected(deleted.error());
  return finding_of(*deleted);
}

} // namespace zwgk::app
