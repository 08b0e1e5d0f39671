// The workspace's changes to the data directory: uploads (previewed in a
// private copy of the directory first), findings and registry edits. Each
// change is checked exactly as the CLI would read it before anything is
// saved.
#include "server/workspace.h"

#include "fs/files.h"
#include "server/views.h"
#include "fs/process.h"
#include "ingest/table.h"
#include "render/csv_tables.h"
#include "util/text.h"

#include <fmt/format.h>

namespace zwgk::server {
namespace {

constexpr std::string_view k_findings_file = "检查-在线录入.csv";

// Collects the header and the first rows of a table file, as much of them as
// the preview shows (views.h) and one column more (to tell that there are more).
class PreviewImporter : public ingest::TableImporter {
public:
  explicit PreviewImporter(UploadPreview& out) : m_out(out) {}
  bool on_header(const ingest::Header& header, const Location&, Diagnostics&) override {
    m_out.columns = shown(header.labels);
    return true;
  }
  void on_row(std::size_t, std::span<const std::string_view> cells) override {
    if (m_out.rows.size() < k_preview_rows) m_out.rows.push_back(shown(cells));
    ++m_out.row_count;
  }

private:
  template <class Cells>
  static std::vector<std::string> shown(const Cells& cells) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < cells.size() && i <= k_preview_columns; ++i)
      out.push_back(quoted_server_text(cells[i], k_preview_cell_bytes));
    return out;
  }

  UploadPreview& m_out;
};

bool is_store_file(const std::filesystem::path& path) {
  return path.filename().string().starts_with(store::k_store_file);
}

// A private copy of the data directory's top-level files and one period's
// folder, where a changed file can be tried without touching the real one.
struct TrialDir {
  fs::TempDir temp;
  std::filesystem::path period_dir;  // inside temp
};

std::expected<TrialDir, std::string> make_trial(const std::filesystem::path& dir, Period period) {
  auto temp = fs::TempDir::create();
  if (!temp) return std::unexpected(temp.error());
  std::error_code ec;
  for (const auto& f : fs::list_files(dir))
    if (!is_store_file(f)) std::filesystem::copy_file(f, temp->path() / f.filename(), ec);
  const auto source = ingest::period_dir(dir, period);
  const auto target = temp->path() / (source.empty() ? std::filesystem::path(period.to_string()) : source.filename());
  std::filesystem::create_directory(target, ec);
  if (!source.empty())
    for (const auto& f : fs::list_files(source)) std::filesystem::copy_file(f, target / f.filename(), ec);
  if (ec) return std::unexpected(fmt::format("无法准备数据的临时副本：{}", ec.message()));
  return TrialDir{std::move(*temp), target};
}

bool write_whole(const std::filesystem::path& path, const std::string& content) {
  return fs::write_files_atomically({{path, content}}).has_value();
}

// Loads the trial directory as the CLI would and lists every problem.
Diagnostics trial_problems(const std::filesystem::path& dir, Period period) {
  Diagnostics problems;
  auto ws = ingest::load_data_dir(dir, period, problems);
  if (!ws) problems.append(ws.error());
  else problems.append(ingest::all_problems(*ws));
  return problems;
}

std::string relative_path(const std::filesystem::path& dir, const std::filesystem::path& path) {
  return path.lexically_relative(dir).generic_string();
}

} // namespace

std::expected<UploadPreview, std::string> WorkspaceService::preview_upload(Period period,
                                                                          const std::string& file_name,
                                                                          const std::string& content) {
  const std::filesystem::path name = std::filesystem::path(file_name).filename();
  auto kind = ingest::input_kind(name);
  if (name.string() != file_name || !kind)
    return std::unexpected(fmt::format("文件名“{}”不对：应以“网站发布”“投稿”“采用”“检查”开头，扩展名为 .csv 或 .xlsx",
                                       file_name));
  auto trial = make_trial(m_dir, period);
  if (!trial) return std::unexpected(trial.error());
  const auto path = trial->period_dir / name;
  UploadPreview preview;
  preview.kind = std::string(*kind);
  preview.replaces = std::filesystem::exists(path);
  preview.path = relative_path(trial->temp.path(), path);
  if (!write_whole(path, content)) return std::unexpected("无法写入临时副本");
  preview.problems = trial_problems(trial->temp.path(), period);
  Diagnostics ignored;
  if (auto table = ingest::open_table(path, preview.path, {}, ignored)) {
    PreviewImporter importer(preview);
    ingest::import_table(*table, ignored, importer);
  }
  return preview;
}

std::expected<UploadPreview, std::string> WorkspaceService::commit_upload(Period period, const std::string& file_name,
                                                                         const std::string& content,
                                                                         const Actor& actor) {
  std::lock_guard lock(m_mutex);  // one change at a time: the preview is of the directory it lands in
  auto preview = preview_upload(period, file_name, content);
  if (!preview || preview->problems.has_errors()) return preview;
  std::error_code ec;
  std::filesystem::create_directories(m_dir / std::filesystem::path(preview->path).parent_path(), ec);
  if (auto written = write_and_record(preview->path, content, actor, preview->replaces ? "替换数据文件" : "上传数据文件");
      !written)
    return std::unexpected(written.error());
  return preview;
}

std::expected<void, Diagnostics> WorkspaceService::add_finding(Period period, const FindingEntry& entry,
                                                               const Actor& actor) {
  std::lock_guard lock(m_mutex);
  auto fail = [](std::string message) {
    Diagnostics d;
    d.error({}, std::move(message));
    return std::unexpected(d);
  };
  if (entry.quantity < 1) return fail("数量应为正整数");
  const auto dir = ingest::period_dir(m_dir, period);
  const auto path = (dir.empty() ? m_dir / period.to_string() : dir) / k_findings_file;
  std::string content;
  if (std::filesystem::exists(path)) {
    auto existing = fs::read_file(path);
    if (!existing) return fail(existing.error());
    content = *existing;
  } else {
    content = csv_document({{"单位", "问题类型", "数量", "说明"}}, CsvCells::Exact);
  }
  content += csv_document({{entry.unit, entry.code, std::to_string(entry.quantity), entry.note}}, CsvCells::Exact).substr(3);
  auto preview = preview_upload(period, std::string(k_findings_file), content);
  if (!preview) return fail(preview.error());
  if (preview->problems.has_errors()) return std::unexpected(preview->problems);
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (auto written = write_and_record(relative_path(m_dir, path), content, actor, "录入检查问题"); !written)
    return fail(written.error());
  (void)m_store.append_audit({0, actor.now, actor.user, "录入检查问题", entry.unit,
                              fmt::format("{} × {}{}", entry.code, entry.quantity,
                                          entry.note.empty() ? "" : "：" + entry.note)});
  return {};
}

} // namespace zwgk::server

namespace zwgk::server {
namespace {

std::string joined(const std::vector<std::string>& items) { return join(items, "、"); }

std::string registry_csv(const std::vector<Unit>& units) {
  std::vector<std::vector<std::string>> rows{{"序号", "单位名称", "简称", "别名", "类别", "标签", "免考核", "排序键", "投稿邮箱"}};
  for (const auto& u : units)
    rows.push_back({std::to_string(u.official_order), u.name, u.short_name == u.name ? "" : u.short_name,
                    joined(u.aliases), u.section, joined(u.tags), joined(u.exemptions), u.sort_key,
                    joined(u.mail_addresses)});
  return csv_document(rows, CsvCells::Exact);
}

} // namespace

std::expected<void, Diagnostics> WorkspaceService::save_registry(const std::vector<Unit>& units, const Actor& actor) {
  std::lock_guard lock(m_mutex);
  Diagnostics problems;
  if (std::filesystem::exists(m_dir / ingest::k_registry_workbook)) {
    problems.error({std::string(ingest::k_registry_workbook)}, "单位名录是 Excel 工作簿，请在 Excel 中维护后上传；网页只能修改 单位名录.csv");
    return std::unexpected(problems);
  }
  auto list = periods();
  const Period period = list.empty() ? Period{} : list.back();
  auto trial = make_trial(m_dir, period);
  if (!trial) {
    problems.error({}, trial.error());
    return std::unexpected(problems);
  }
  const std::string content = registry_csv(units);
  write_whole(trial->temp.path() / ingest::k_registry_file, content);
  problems = trial_problems(trial->temp.path(), period);
  if (problems.has_errors()) return std::unexpected(problems);
  if (auto written = write_and_record(std::string(ingest::k_registry_file), content, actor, "修改单位名录"); !written) {
    problems.error({}, written.error());
    return std::unexpected(problems);
  }
  return {};
}

} // namespace zwgk::server
