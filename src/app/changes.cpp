// The office's changes to the data directory: uploads (previewed in a
// private copy of the directory first), findings, registry edits and the
// recording of files changed outside the workspace. Each change is checked
// exactly as the pipeline reads it (ledgers included) before anything is
// saved; the disk is written first, then the version and its audit entry.
#include "app/workspace.h"

#include "fs/files.h"
#include "fs/process.h"
#include "ingest/table.h"
#include "render/csv_tables.h"
#include "util/digest.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>

namespace zwgk::app {
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

std::expected<TrialDir, Error> make_trial(const std::filesystem::path& dir, Period period) {
  auto temp = fs::TempDir::create();
  if (!temp) return std::unexpected(Error::internal(fmt::format("无法准备数据的临时副本：{}", temp.error())));
  std::error_code ec;
  for (const auto& f : fs::list_files(dir))
    if (!is_store_file(f)) std::filesystem::copy_file(f, temp->path() / f.filename(), ec);
  const auto source = ingest::period_dir(dir, period);
  const auto target = temp->path() / (source.empty() ? std::filesystem::path(period.to_string()) : source.filename());
  std::filesystem::create_directory(target, ec);
  if (!source.empty())
    for (const auto& f : fs::list_files(source)) std::filesystem::copy_file(f, target / f.filename(), ec);
  if (ec) return std::unexpected(Error::internal(fmt::format("无法准备数据的临时副本：{}", ec.message())));
  return TrialDir{std::move(*temp), target};
}

std::expected<void, Error> write_whole(const std::filesystem::path& path, const std::string& content) {
  if (auto written = fs::write_files_atomically({{path, content}}); !written)
    return std::unexpected(Error::internal(fmt::format("无法写入数据的临时副本：{}", written.error())));
  return {};
}

// Every problem of the trial directory's period as the saved state would
// show it: the same pipeline, with the real directory's ledgers.
Diagnostics trial_problems(const std::filesystem::path& dir, Period period, const Ledgers& ledgers,
                           std::string_view sheet) {
  auto loaded = load_period(dir, period, ledgers, sheet);
  return loaded ? loaded->problems : loaded.error();
}

// Files the loader reads (only those enter the history: other files in the
// directory, such as notes or passwords, are none of the workspace's business).
bool is_data_file(const std::filesystem::path& path, bool top_level) {
  const std::string name = path.filename().string();
  if (name == ingest::k_template_file) return true;
  if (top_level)
    return name == ingest::k_scheme_file || name == ingest::k_registry_file || name == ingest::k_registry_workbook;
  return ingest::input_kind(path).has_value();
}

std::string relative_path(const std::filesystem::path& dir, const std::filesystem::path& path) {
  return path.lexically_relative(dir).generic_string();
}

} // namespace

std::expected<UploadPreview, Error> Workspace::preview_upload(Period period, const std::string& file_name,
                                                             const std::string& content) const {
  const std::filesystem::path name = std::filesystem::path(file_name).filename();
  auto kind = ingest::input_kind(name);
  if (name.string() != file_name || !kind)
    return std::unexpected(Error::bad_input(fmt::format(
        "文件名“{}”不对：应以“网站发布”“投稿”“采用”“检查”开头，扩展名为 .csv 或 .xlsx", file_name)));
  auto trial = make_trial(m_dir, period);
  if (!trial) return std::unexpected(trial.error());
  const auto path = trial->period_dir / name;
  UploadPreview preview;
  preview.kind = std::string(*kind);
  preview.replaces = std::filesystem::exists(path);
  preview.path = relative_path(trial->temp.path(), path);
  if (auto written = write_whole(path, content); !written) return std::unexpected(written.error());
  const auto events = this->events();
  preview.problems = trial_problems(trial->temp.path(), period, ledgers(events), m_sheet);
  Diagnostics ignored;
  if (auto table = ingest::open_table(path, preview.path, {}, ignored)) {
    PreviewImporter importer(preview);
    ingest::import_table(*table, ignored, importer);
  }
  return preview;
}

std::expected<UploadPreview, Error> Workspace::save_upload(Period period, const std::string& file_name,
                                                           const std::string& content, const Actor& actor) {
  std::lock_guard lock(m_changes);
  auto preview = preview_upload(period, file_name, content);
  if (!preview || preview->problems.has_errors()) return preview;
  std::error_code ec;
  std::filesystem::create_directories(m_dir / std::filesystem::path(preview->path).parent_path(), ec);
  if (auto written = write_and_record(preview->path, content, actor, preview->replaces ? "替换数据文件" : "上传数据文件");
      !written)
    return std::unexpected(written.error());
  return preview;
}

std::expected<void, Error> Workspace::add_finding(Period period, const FindingEntry& entry, const Actor& actor) {
  std::lock_guard lock(m_changes);
  auto refused = [](std::string message) {
    Diagnostics d;
    d.error({}, std::move(message));
    return std::unexpected(Error::bad_input("检查问题未保存", std::move(d)));
  };
  if (entry.quantity < 1) return refused("数量应为正整数");
  const auto dir = ingest::period_dir(m_dir, period);
  const auto path = (dir.empty() ? m_dir / period.to_string() : dir) / k_findings_file;
  std::string content;
  if (std::filesystem::exists(path)) {
    auto existing = fs::read_file(path);
    if (!existing) return std::unexpected(Error::internal(existing.error()));
    content = *existing;
  } else {
    content = csv_document({{"单位", "问题类型", "数量", "说明"}}, CsvCells::Exact);
  }
  content += csv_document({{entry.unit, entry.code, std::to_string(entry.quantity), entry.note}}, CsvCells::Exact).substr(3);
  auto preview = preview_upload(period, std::string(k_findings_file), content);
  if (!preview) return std::unexpected(preview.error());
  if (preview->problems.has_errors()) return std::unexpected(Error::bad_input("检查问题未保存", preview->problems));
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (auto written = write_and_record(relative_path(m_dir, path), content, actor, "录入检查问题"); !written)
    return written;
  auto audited = m_stores.store->append_audit({0, actor.now, actor.user, "录入检查问题", entry.unit,
                                               fmt::format("{} × {}{}", entry.code, entry.quantity,
                                                           entry.note.empty() ? "" : "：" + entry.note)});
  if (!audited)
    return std::unexpected(Error::internal(fmt::format("检查问题已保存，但未能记入操作日志：{}", audited.error())));
  return {};
}

std::expected<void, Error> Workspace::write_and_record(const std::string& relative, const std::string& content,
                                                       const Actor& actor, const std::string& action) {
  if (!m_stores.store) return std::unexpected(Error::internal("数据目录的 zwgk.db 未打开，无法记录修改"));
  // The disk first: the history never shows a version the disk does not have.
  if (auto written = fs::write_files_atomically({{m_dir / std::filesystem::path(relative), content}}); !written)
    return std::unexpected(Error::internal(written.error()));
  if (m_on_change) m_on_change();
  store::FileVersion version{0, relative, sha256_hex(content), static_cast<std::int64_t>(content.size()),
                             actor.user, actor.now, content};
  store::AuditEntry entry{0, actor.now, actor.user, action, relative, fmt::format("{} 字节", content.size())};
  if (auto saved = m_stores.store->save_file_version(version, entry); !saved)
    return std::unexpected(
        Error::internal(fmt::format("文件已保存，但未能记入文件历史（下次启动工作台时补记）：{}", saved.error())));
  return {};
}

std::expected<void, Error> Workspace::record_current_files(const Actor& actor) {
  std::lock_guard lock(m_changes);
  if (!m_stores.store) return std::unexpected(Error::internal("数据目录的 zwgk.db 未打开，无法记录数据文件"));
  std::vector<std::filesystem::path> files = fs::list_files(m_dir);
  for (Period p : periods())
    for (auto& f : fs::list_files(ingest::period_dir(m_dir, p))) files.push_back(f);
  for (const auto& path : files) {
    if (!is_data_file(path, path.parent_path() == m_dir)) continue;
    auto content = fs::read_file(path, 256u << 20);
    if (!content) continue;
    const std::string relative = path.lexically_relative(m_dir).generic_string();
    store::FileVersion version{0, relative, sha256_hex(*content), static_cast<std::int64_t>(content->size()),
                               actor.user, actor.now, *content};
    auto history = m_stores.store->file_history(relative);
    const bool known = std::any_of(history.begin(), history.end(), [&](const auto& v) { return v.path == relative; });
    const std::string detail = known ? "数据目录中的文件与文件历史中的最新版本不同（在工作台之外修改过，或保存时被中断），记为新版本"
                                     : "数据目录中的现有文件";
    if (auto saved = m_stores.store->save_file_version(version, {0, actor.now, actor.user, "记录数据文件", relative, detail});
        !saved)
      return std::unexpected(Error::internal(fmt::format("未能把 {} 记入文件历史：{}", relative, saved.error())));
  }
  return {};
}

} // namespace zwgk::app

namespace zwgk::app {
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

std::expected<void, Error> Workspace::save_registry(const std::vector<Unit>& units, const Actor& actor) {
  std::lock_guard lock(m_changes);
  if (std::filesystem::exists(m_dir / ingest::k_registry_workbook)) {
    Diagnostics problems;
    problems.error({std::string(ingest::k_registry_workbook)}, "单位名录是 Excel 工作簿，请在 Excel 中维护后上传；网页只能修改 单位名录.csv");
    return std::unexpected(Error::bad_input("单位名录未保存", std::move(problems)));
  }
  auto list = periods();
  const Period period = list.empty() ? Period{} : list.back();
  auto trial = make_trial(m_dir, period);
  if (!trial) return std::unexpected(trial.error());
  const std::string content = registry_csv(units);
  if (auto written = write_whole(trial->temp.path() / ingest::k_registry_file, content); !written)
    return std::unexpected(written.error());
  const auto events = this->events();
  Diagnostics problems = trial_problems(trial->temp.path(), period, ledgers(events), m_sheet);
  if (problems.has_errors()) return std::unexpected(Error::bad_input("单位名录未保存", std::move(problems)));
  return write_and_record(std::string(ingest::k_registry_file), content, actor, "修改单位名录");
}

} // namespace zwgk::app
