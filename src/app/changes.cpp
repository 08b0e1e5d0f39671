// The office's changes to the data directory: registry edits and
// the recording of files changed outside the workspace (uploads and
// deletions: app/uploads.cpp). Each change is checked
// exactly as the pipeline reads it (ledgers included) before anything is
// saved; the disk is written first, then the version and its audit entry.
#include "app/workspace.h"

#include "app/trial.h"
#include "fs/files.h"
#include "render/csv_tables.h"
#include "util/digest.h"
#include "util/text.h"

#include <fmt/format.h>

#include <algorithm>

namespace zwgk::app {

using namespace detail;

std::expected<void, Error> Workspace::write_and_record(const std::string& relative, const std::string& content,
                                                       const Actor& actor, const std::string& action,
                                                       const std::string& detail) {
  if (!m_stores.store) return std::unexpected(Error::internal("数据目录的 zwgk.db 未打开，无法记录修改"));
  // The disk first: the history never shows a version the disk does not have.
  if (auto written = fs::write_files_atomically({{m_dir / std::filesystem::path(relative), content}}); !written)
    return std::unexpected(Error::internal(written.error()));
  if (m_on_change) m_on_change();
  store::FileVersion version{0, relative, sha256_hex(content), static_cast<std::int64_t>(content.size()),
                             actor.user, actor.now, content};
  store::AuditEntry entry{0, actor.now, actor.user, action, relative,
                          detail + fmt::format("{} 字节", content.size())};
  if (auto saved = m_stores.store->save_file_version(version, entry); !saved) {
    if (m_stores.files == store::FileHome::Database) {
      m_synced_files = -1;  // the working copy is ahead of the database: the next sync puts it back
      return std::unexpected(Error::internal(fmt::format("未能保存到数据库，修改没有生效：{}", saved.error())));
    }
    return std::unexpected(
        Error::internal(fmt::format("文件已保存，但未能记入文件历史（下次启动工作台时补记）：{}", saved.error())));
  }
  return {};
}

std::expected<bool, Error> Workspace::save_generated_file(const std::string& relative, const std::string& content,
                                                       const Actor& actor, const std::string& action,
                                                       const std::string& detail) {
  auto change = begin_change();
  if (!change) return std::unexpected(change.error());
  if (auto old = fs::read_file(m_dir / std::filesystem::path(relative), 256u << 20); old && *old == content)
    return false;
  if (auto saved = write_and_record(relative, content, actor, action, detail); !saved)
    return std::unexpected(saved.error());
  return true;
}

std::expected<void, Error> Workspace::record_as_found(const std::filesystem::path& path, const Actor& actor) {
  if (!m_stores.store) return std::unexpected(Error::internal("数据目录的 zwgk.db 未打开，无法记录数据文件"));
  auto content = fs::read_file(path, 256u << 20);
  if (!content) return {};
  const std::string relative = relative_path(m_dir, path);
  store::FileVersion version{0, relative, sha256_hex(*content), static_cast<std::int64_t>(content->size()),
                             actor.user, actor.now, *content};
  auto history = m_stores.store->file_history(relative);
  const bool known = std::any_of(history.begin(), history.end(), [&](const auto& v) { return v.path == relative; });
  const std::string detail = known ? "数据目录中的文件与文件历史中的最新版本不同（在工作台之外修改过，或保存时被中断），记为新版本"
                                   : "数据目录中的现有文件";
  if (auto saved = m_stores.store->save_file_version(version, {0, actor.now, actor.user, "记录数据文件", relative, detail});
      !saved)
    return std::unexpected(Error::internal(fmt::format("未能把 {} 记入文件历史：{}", relative, saved.error())));
  return {};
}

std::expected<void, Error> Workspace::record_current_files(const Actor& actor) {
  auto change = begin_change(Sync::No);
  if (!change) return std::unexpected(change.error());
  return record_files(actor);
}

std::expected<void, Error> Workspace::record_files(const Actor& actor) {
  if (!m_stores.store) return std::unexpected(Error::internal("数据目录的 zwgk.db 未打开，无法记录数据文件"));
  for (const auto& path : detail::data_file_paths(m_dir))
    if (auto recorded = record_as_found(path, actor); !recorded) return recorded;
  return {};
}

} // namespace zwgk::app

namespace zwgk::app {

using namespace detail;

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
  auto change = begin_change();
  if (!change) return std::unexpected(change.error());
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
