#include "server/workspace.h"

#include "ingest/data_dir.h"
#include "server/replay.h"

#include <fmt/format.h>

namespace zwgk::server {
namespace {

// Files changed outside the workspace (a staff member editing the directory)
// are noticed within this time; the workspace's own changes at once.
constexpr std::chrono::milliseconds k_recheck{1000};

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
  m_periods_listed.reset();
  m_with_data.clear();
  m_period_list.reset();
  ++m_generation;
}

WorkspaceService::WorkspaceService(app::Workspace& workspace) : m_app(workspace) {
  m_app.on_change([this] { invalidate(); });
}

WorkspaceService::WorkspaceService(std::filesystem::path dir, store::Store& store, store::MailStore& mail,
                                   store::FollowupStore& followup, app::Clock clock)
    : m_owned(std::make_unique<app::Workspace>(std::move(dir), app::Stores{&store, &mail, &followup}, std::move(clock))),
      m_app(*m_owned) {
  m_app.on_change([this] { invalidate(); });
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
    if (now - entry.checked >= k_recheck || !same_ledgers) return std::nullopt;
    note_fresh_until(entry.checked + k_recheck);
    return entry.snapshot;
  }
  if (entry.fingerprint != *key) return std::nullopt;
  entry.checked = now;
  entry.mail_version = mail_version;
  entry.followup_version = followup_version;
  return entry.snapshot;
}

std::vector<Period> WorkspaceService::periods() {
  const auto now = std::chrono::steady_clock::now();
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(m_cache_mutex);
    if (m_periods_listed && now - *m_periods_listed < k_recheck) {
      note_fresh_until(*m_periods_listed + k_recheck);
      return m_periods;
    }
    generation = m_generation;
  }
  auto listed = m_app.periods();
  std::lock_guard lock(m_cache_mutex);
  if (m_generation == generation) {  // else a change came meanwhile: the next caller lists again
    m_periods = listed;
    m_periods_listed = now;
  }
  return listed;
}

WorkspaceService::PeriodList WorkspaceService::period_list() {
  const auto now = std::chrono::steady_clock::now();
  store::Store* store = m_app.stores().store;
  const auto counter = store ? store->change_counter() : std::nullopt;  // before the reads it vouches for
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(m_cache_mutex);
    if (m_period_list && counter && m_period_list->counter == counter && now - m_period_list->at < k_recheck) {
      note_fresh_until(m_period_list->at + k_recheck);
      return m_period_list->list;
    }
    generation = m_generation;
  }
  PeriodList list;
  for (Period p : periods()) list.periods.push_back(m_app.period_info(p));
  list.latest = m_app.default_period();
  std::lock_guard lock(m_cache_mutex);
  if (m_generation == generation) m_period_list = ListedPeriods{list, counter, now};
  return list;
}

bool WorkspaceService::has_data(Period period) {
  const auto now = std::chrono::steady_clock::now();
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(m_cache_mutex);
    if (auto it = m_with_data.find(period); it != m_with_data.end() && now - it->second < k_recheck) {
      note_fresh_until(it->second + k_recheck);
      return true;
    }
    generation = m_generation;
  }
  if (!ingest::has_data(m_app.dir(), period)) {  // not kept: a first file shows at once
    note_fresh_until(now);
    return false;
  }
  std::lock_guard lock(m_cache_mutex);
  if (m_generation == generation) m_with_data[period] = now;
  return true;
}

std::uint64_t WorkspaceService::generation() {
  std::lock_guard lock(m_cache_mutex);
  return m_generation;
}

std::pair<std::int64_t, std::int64_t> WorkspaceService::ledger_versions() {
  store::Store* store = m_app.stores().store;
  const auto counter = store ? store->change_counter() : std::nullopt;  // before the reads it vouches for
  if (counter) {
    std::lock_guard lock(m_cache_mutex);
    if (m_ledgers.counter == counter) return {m_ledgers.mail, m_ledgers.followup};
  }
  const std::int64_t mail = m_app.stores().mail->mail_version();
  const std::int64_t followup = m_app.stores().followup->followup_version();
  if (counter) {
    std::lock_guard lock(m_cache_mutex);
    m_ledgers = {counter, mail, followup};
  }
  return {mail, followup};
}

std::mutex& WorkspaceService::load_mutex(Period period) {
  std::lock_guard lock(m_cache_mutex);
  return m_loading[period];  // std::map: the mutex stays where it is
}

std::expected<SnapshotPtr, Diagnostics> WorkspaceService::snapshot(Period period) {
  // Both ledgers are checked on every request (without a query while the database is unchanged).
  const auto [mail_version, followup_version] = ledger_versions();
  if (auto fresh = cached(period, mail_version, followup_version, nullptr)) return *fresh;
  std::lock_guard loading(load_mutex(period));  // readers of this period wait for one load
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(m_cache_mutex);
    generation = m_generation;
  }
  const std::string key = m_app.data_version(period);
  if (auto same = cached(period, mail_version, followup_version, &key)) return *same;
  auto loaded = m_app.load_period(period);
  if (!loaded) return std::unexpected(loaded.error());
  SnapshotPtr snap = std::make_shared<const Snapshot>(std::move(*loaded));
  std::lock_guard lock(m_cache_mutex);
  if (m_generation == generation)  // else a change came during the load: the next reader loads again
    m_cache[period] = {key, std::chrono::steady_clock::now(), snap, mail_version, followup_version};
  return snap;
}

} // namespace zwgk::server
