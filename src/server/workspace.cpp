#include "server/workspace.h"

#include "engine/assess.h"
#include "followup/load.h"
#include "fs/files.h"
#include "mailbox/ledger.h"
#include "util/digest.h"

#include <fmt/format.h>

#include <algorithm>

namespace zwgk::server {
namespace {

// Regular files directly in dir, as "name size mtime" lines (the store's own files aside).
void describe_files(const std::filesystem::path& dir, std::string& out) {
  for (const auto& path : fs::list_files(dir)) {
    const std::string name = path.filename().string();
    if (name.starts_with(store::k_store_file)) continue;  // zwgk.db, -wal, -shm
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    auto time = std::filesystem::last_write_time(path, ec).time_since_epoch().count();
    out += fmt::format("{} {} {}\n", name, size, time);
  }
}

// Files changed outside the workspace (a staff member editing the directory)
// are noticed within this time; the workspace's own changes at once.
constexpr std::chrono::milliseconds k_recheck{1000};

// Files the loader reads (only those enter the history: other files in the
// directory, such as notes or passwords, are none of the workspace's business).
bool is_data_file(const std::filesystem::path& path, bool top_level) {
  const std::string name = path.filename().string();
  if (name == ingest::k_template_file) return true;
  if (top_level)
    return name == ingest::k_scheme_file || name == ingest::k_registry_file || name == ingest::k_registry_workbook;
  return ingest::input_kind(path).has_value();
}

} // namespace

const std::string& Snapshot::rendered(const std::string& key, const std::function<std::string()>& render) const {
  std::lock_guard lock(m_rendered_mutex);
  auto it = m_rendered.find(key);
  if (it == m_rendered.end()) it = m_rendered.emplace(key, render()).first;
  return it->second;
}

void WorkspaceService::invalidate() {
  std::lock_guard lock(m_cache_mutex);
  m_cache.clear();
  ++m_generation;
}

WorkspaceService::WorkspaceService(std::filesystem::path dir, store::Store& store, store::MailStore& mail,
                                   store::FollowupStore& followup)
    : m_dir(std::move(dir)), m_store(store), m_mail(mail), m_followup(followup) {}

std::vector<Period> WorkspaceService::periods() const { return ingest::list_periods(m_dir); }

std::string WorkspaceService::fingerprint(Period period) const {
  std::string out;
  describe_files(m_dir, out);
  out += "--\n";
  if (auto dir = ingest::period_dir(m_dir, period); !dir.empty()) describe_files(dir, out);
  out += "--\n";
  describe_files(m_dir / std::string(followup::k_calendar_dir), out);
  out += fmt::format("mail {}\n", m_mail.mail_version());  // mail imported or decided, by any process
  out += fmt::format("followup {}\n", m_followup.followup_version());  // withdrawals, by any process
  return out;
}

std::optional<SnapshotPtr> WorkspaceService::cached(Period period, std::int64_t mail_version,
                                                    std::int64_t followup_version, const std::string* key) {
  std::lock_guard lock(m_cache_mutex);
  auto it = m_cache.find(period);
  if (it == m_cache.end()) return std::nullopt;
  Cached& entry = it->second;
  const auto now = std::chrono::steady_clock::now();
  const bool same_ledgers = entry.mail_version == mail_version && entry.followup_version == followup_version;
  if (!key) {
    if (now - entry.checked < k_recheck && same_ledgers) return entry.snapshot;
    return std::nullopt;
  }
  if (entry.fingerprint != *key) return std::nullopt;
  entry.checked = now;
  entry.mail_version = mail_version;
  entry.followup_version = followup_version;
  return entry.snapshot;
}

std::mutex& WorkspaceService::load_mutex(Period period) {
  std::lock_guard lock(m_cache_mutex);
  return m_loading[period];  // std::map: the mutex stays where it is
}

std::expected<SnapshotPtr, Diagnostics> WorkspaceService::load(Period period, Diagnostics& notes) {
  auto ws = ingest::load_data_dir(m_dir, period, notes);
  if (!ws) return std::unexpected(ws.error());
  mailbox::add_ledger_submissions(*ws, m_mail, notes);
  followup::add_withdrawals(*ws, m_followup.followup_events());
  auto snap = std::make_shared<Snapshot>();
  snap->calendar = followup::load_calendar(m_dir, snap->followup_problems);
  snap->dates = followup::period_dates(m_dir, period, snap->followup_problems);
  snap->problems = notes;
  snap->problems.append(ingest::all_problems(*ws));
  if (!snap->problems.has_errors()) {
    auto result = assess(ws->registry, ws->scheme, ws->data, ws->period);
    if (result) snap->result = std::move(*result);
    else snap->problems.append(result.error());
  }
  snap->ws = std::move(*ws);
  return SnapshotPtr(snap);
}

std::expected<SnapshotPtr, Diagnostics> WorkspaceService::snapshot(Period period) {
  // Both ledgers are checked on every request (one cheap query each).
  const std::int64_t mail_version = m_mail.mail_version();
  const std::int64_t followup_version = m_followup.followup_version();
  if (auto fresh = cached(period, mail_version, followup_version, nullptr)) return *fresh;
  std::lock_guard loading(load_mutex(period));  // readers of this period wait for one load
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(m_cache_mutex);
    generation = m_generation;
  }
  const std::string key = fingerprint(period);
  if (auto same = cached(period, mail_version, followup_version, &key)) return *same;
  Diagnostics notes;
  auto snap = load(period, notes);
  if (!snap) return snap;
  std::lock_guard lock(m_cache_mutex);
  if (m_generation == generation)  // else a change came during the load: the next reader loads again
    m_cache[period] = {key, std::chrono::steady_clock::now(), *snap, mail_version, followup_version};
  return snap;
}

std::expected<void, std::string> WorkspaceService::write_and_record(const std::string& relative,
                                                                    const std::string& content, const Actor& actor,
                                                                    const std::string& action) {
  // The disk first: the history never shows a version the disk does not have.
  if (auto written = fs::write_files_atomically({{m_dir / std::filesystem::path(relative), content}}); !written)
    return written;
  invalidate();
  store::FileVersion version{0, relative, sha256_hex(content), static_cast<std::int64_t>(content.size()),
                             actor.user, actor.now, content};
  store::AuditEntry entry{0, actor.now, actor.user, action, relative, fmt::format("{} 字节", content.size())};
  if (auto saved = m_store.save_file_version(version, entry); !saved)
    return std::unexpected(fmt::format("文件已保存，但未能记入文件历史（下次启动工作台时补记）：{}", saved.error()));
  return {};
}

void WorkspaceService::record_current_files(const Actor& actor) {
  std::lock_guard lock(m_mutex);
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
    auto history = m_store.file_history(relative);
    const bool known = std::any_of(history.begin(), history.end(), [&](const auto& v) { return v.path == relative; });
    const std::string detail = known ? "数据目录中的文件与文件历史中的最新版本不同（在工作台之外修改过，或保存时被中断），记为新版本"
                                     : "数据目录中的现有文件";
    (void)m_store.save_file_version(version, {0, actor.now, actor.user, "记录数据文件", relative, detail});
  }
}

} // namespace zwgk::server
