// The office's uploads and deletions of a period's data files. An upload is
// tried in a private copy of the directory first (app/trial.h), in the way
// it will be saved: under its own name, or replacing another file of its
// kind (then without that file's records). A file equal to the current one
// changes nothing; a deletion removes the file from the folder and records
// a deletion version (store::FileVersion::k_deleted), every earlier version
// kept.
#include "app/workspace.h"

#include "app/trial.h"
#include "fs/files.h"
#include "ingest/table.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>

namespace zwgk::app {

using namespace detail;

namespace {

// Collects the header and the first rows of a table file with their lines,
// as much of them as the preview shows (views.h) and one column more (to
// tell that there are more).
class PreviewImporter : public ingest::TableImporter {
public:
  explicit PreviewImporter(UploadPreview& out) : m_out(out) {}
  bool on_header(const ingest::Header& header, const Location&, Diagnostics&) override {
    m_out.columns = shown(header.labels);
    return true;
  }
  void on_row(std::size_t line, std::span<const std::string_view> cells) override {
    if (m_out.rows.size() < k_preview_rows) {
      m_out.rows.push_back(shown(cells));
      m_out.row_lines.push_back(line);
    }
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

// The table's header and first rows into `out` (problems are the pipeline's).
void read_preview(const std::filesystem::path& path, const std::string& name, std::string_view sheet,
                  UploadPreview& out) {
  Diagnostics ignored;
  if (auto table = ingest::open_table(path, name, sheet, ignored)) {
    PreviewImporter importer(out);
    ingest::import_table(*table, ignored, importer);
  }
}

std::string lower_extension(const std::filesystem::path& path) { return ascii_lower(path.extension().string()); }

// The period folder's other files of `kind` in the same format as `name`:
// those an upload called `name` may replace.
std::vector<std::string> replaceable(const std::filesystem::path& dir, const std::filesystem::path& folder,
                                     std::string_view kind, const std::filesystem::path& name) {
  std::vector<std::string> out;
  if (folder.empty()) return out;
  for (const auto& f : fs::list_files(folder))
    if (f.filename() != name && ingest::input_kind(f) == kind && lower_extension(f) == lower_extension(name))
      out.push_back(relative_path(dir, f));
  std::ranges::sort(out);
  return out;
}

Error bad_name(const std::string& file_name) {
  return Error::bad_input(fmt::format(
      "文件名“{}”不对：应以“网站发布”“投稿”“采用”“检查”（考核方案有指标体系时还有“指标”）开头，扩展名为 .csv 或 .xlsx",
      file_name));
}

// Whether the file at path holds exactly `content`.
bool same_content(const std::filesystem::path& path, const std::string& content) {
  if (!std::filesystem::exists(path)) return false;
  auto current = fs::read_file(path, content.size() + 1);
  return current && *current == content;
}

} // namespace

std::expected<UploadPreview, Error> Workspace::preview_upload(Period period, const std::string& file_name,
                                                             const std::string& content,
                                                             const std::string& replace) const {
  const std::filesystem::path name = std::filesystem::path(file_name).filename();
  auto kind = ingest::input_kind(name);
  if (name.string() != file_name || !kind) return std::unexpected(bad_name(file_name));
  const auto folder = ingest::period_dir(m_dir, period);
  UploadPreview preview;
  preview.kind = std::string(*kind);
  preview.name = file_name;
  std::filesystem::path target = name;
  const bool own_name_exists = !folder.empty() && std::filesystem::exists(folder / name);
  if (!own_name_exists) preview.replaceable = replaceable(m_dir, folder, *kind, name);
  const bool replaces_own = own_name_exists && replace == relative_path(m_dir, folder / name);
  if (!replace.empty() && !replaces_own) {
    if (std::ranges::find(preview.replaceable, replace) == preview.replaceable.end())
      return std::unexpected(Error::bad_input(fmt::format(
          "不能用“{}”替换“{}”：只能替换本季度同一类（{}）、同一格式的数据文件", file_name, replace, *kind)));
    target = std::filesystem::path(replace).filename();
    preview.replaced = replace;
  }
  auto trial = make_trial(m_dir, period);
  if (!trial) return std::unexpected(trial.error());
  const auto path = trial->period_dir / target;
  preview.replaces = std::filesystem::exists(path);
  preview.path = relative_path(trial->temp.path(), path);
  preview.unchanged = preview.replaces && same_content(path, content);
  if (auto written = write_whole(path, content); !written) return std::unexpected(written.error());
  const auto events = this->events();
  preview.problems = trial_problems(trial->temp.path(), period, ledgers(events), m_sheet);
  read_preview(path, preview.path, m_sheet, preview);
  return preview;
}

std::expected<UploadPreview, Error> Workspace::save_upload(Period period, const std::string& file_name,
                                                           const std::string& content, const Actor& actor,
                                                           const std::string& replace) {
  auto change = begin_change();
  if (!change) return std::unexpected(change.error());
  auto preview = preview_upload(period, file_name, content, replace);
  // An identical file records nothing: no version, no audit entry.
  if (!preview || preview->unchanged || preview->problems.has_errors()) return preview;
  // The replaced content into the history first (if the history does not
  // have it yet), so that its old version is always kept.
  if (preview->replaces)
    if (auto recorded = record_as_found(m_dir / std::filesystem::path(preview->path), actor); !recorded)
      return std::unexpected(recorded.error());
  std::error_code ec;
  std::filesystem::create_directories(m_dir / std::filesystem::path(preview->path).parent_path(), ec);
  const std::string detail = preview->replaced.empty() ? "" : fmt::format("以“{}”替换，", file_name);
  if (auto written = write_and_record(preview->path, content, actor, preview->replaces ? "替换数据文件" : "上传数据文件",
                                      detail);
      !written)
    return std::unexpected(written.error());
  return preview;
}

std::vector<DataFile> Workspace::data_files(Period period) const {
  std::vector<DataFile> out;
  const auto folder = ingest::period_dir(m_dir, period);
  if (folder.empty()) return out;
  for (const auto& f : fs::list_files(folder)) {
    auto kind = ingest::input_kind(f);
    if (!kind) continue;
    UploadPreview counted;
    read_preview(f, f.filename().string(), m_sheet, counted);
    out.push_back({relative_path(m_dir, f), std::string(*kind), counted.row_count});
  }
  return out;
}

std::expected<DataFile, Error> Workspace::delete_file(Period period, const std::string& file_name, const Actor& actor) {
  auto change = begin_change();
  if (!change) return std::unexpected(change.error());
  const std::filesystem::path name = std::filesystem::path(file_name).filename();
  if (name.string() != file_name || file_name.empty() || !ingest::input_kind(name))
    return std::unexpected(Error::bad_input(fmt::format(
        "“{}”不是季度的数据文件，不能删除：只能删除季度文件夹中的网站发布、投稿、采用、检查文件"
        "（考核方案、单位名录和通报模板只能替换）",
        file_name)));
  const auto folder = ingest::period_dir(m_dir, period);
  if (folder.empty() || !std::filesystem::is_regular_file(folder / name))
    return std::unexpected(Error::not_found(fmt::format("{}没有数据文件“{}”", period.to_string(), file_name)));
  if (!m_stores.store) return std::unexpected(Error::internal("数据目录的 zwgk.db 未打开，无法记录删除"));
  const auto path = folder / name;
  const std::string relative = relative_path(m_dir, path);
  // Its content into the history first (if the history does not have it
  // yet), so that the deleted file can always be looked at again.
  if (auto recorded = record_as_found(path, actor); !recorded) return std::unexpected(recorded.error());
  UploadPreview counted;
  read_preview(path, file_name, m_sheet, counted);
  DataFile deleted{relative, std::string(*ingest::input_kind(name)), counted.row_count};
  std::error_code ec;
  if (!std::filesystem::remove(path, ec) || ec)
    return std::unexpected(Error::internal(fmt::format("无法删除 {}：{}", relative, ec.message())));
  if (m_on_change) m_on_change();
  store::FileVersion tombstone{0, relative, std::string(store::FileVersion::k_deleted), 0, actor.user, actor.now, {}};
  store::AuditEntry entry{0, actor.now, actor.user, "删除数据文件", relative,
                          fmt::format("{}，{} 行数据；历史版本仍保留", deleted.kind, deleted.rows)};
  if (auto saved = m_stores.store->save_file_version(tombstone, entry); !saved)
    return std::unexpected(Error::internal(fmt::format("文件已删除，但未能记入文件历史：{}", saved.error())));
  return deleted;
}

} // namespace zwgk::app
