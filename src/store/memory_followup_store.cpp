#include "store/memory_followup_store.h"

#include "util/digest.h"

#include <fmt/format.h>

namespace zwgk::store {
namespace {

bool blank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == std::string_view::npos; }

bool needs_text(FollowupKind kind) {
  return kind != FollowupKind::Verify && kind != FollowupKind::Draft && kind != FollowupKind::Final;
}

bool valid_time(const DateTime& when) {
  const Date& d = when.date;
  return d.year >= 1000 && d.year <= 9999 && is_valid_date(d.year, d.month, d.day) && when.minute_of_day >= 0 &&
         when.minute_of_day < 24 * 60;
}

std::string lower_hex(std::string_view hex) {
  std::string out(hex);
  for (char& c : out)
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

} // namespace

std::expected<std::pair<FollowupEvent, std::optional<FollowupFile>>, std::string> prepare_followup_event(
    const FollowupEvent& event, const std::optional<FollowupFile>& file) {
  if (blank(event.item)) return std::unexpected("记录缺少整改事项（或期次）");
  if (blank(event.user)) return std::unexpected("记录缺少操作人");
  if (followup_kind_code(event.kind).empty()) return std::unexpected("记录的类型无效");
  if (needs_text(event.kind) && blank(event.text)) {
    if (event.kind == FollowupKind::Reply) return std::unexpected("请填写整改情况");
    return std::unexpected(fmt::format("请填写{}的理由", followup_kind_name(event.kind)));
  }
  if (!valid_time(event.when))
    return std::unexpected(fmt::format("记录的时间“{}”无效", event.when.to_string()));
  FollowupEvent stored = event;
  stored.id = 0;
  if (!file) {
    if (!event.file_name.empty() || !event.file_sha256.empty())
      return std::unexpected(fmt::format("记录写明了附件“{}”，却没有附上文件", event.file_name));
    return std::pair{std::move(stored), std::optional<FollowupFile>()};
  }
  if (blank(file->name)) return std::unexpected("附件缺少文件名");
  FollowupFile kept = *file;
  kept.sha256 = sha256_hex(file->bytes);
  if (!file->sha256.empty() && lower_hex(file->sha256) != kept.sha256)
    return std::unexpected(fmt::format("附件“{}”的校验值与内容不符", file->name));
  stored.file_name = kept.name;
  stored.file_sha256 = kept.sha256;
  return std::pair{std::move(stored), std::optional<FollowupFile>(std::move(kept))};
}

std::int64_t MemoryFollowupStore::add_locked(std::pair<FollowupEvent, std::optional<FollowupFile>> prepared) {
  auto& [stored, kept] = prepared;
  stored.id = static_cast<std::int64_t>(m_events.size()) + 1;
  if (kept) m_files.emplace(stored.id, std::move(*kept));
  m_events.push_back(std::move(stored));
  return m_events.back().id;
}

std::expected<std::int64_t, std::string> MemoryFollowupStore::add_followup_event(
    const FollowupEvent& event, const std::optional<FollowupFile>& file) {
  auto prepared = prepare_followup_event(event, file);
  if (!prepared) return std::unexpected(prepared.error());
  std::lock_guard lock(m_mutex);
  return add_locked(std::move(*prepared));
}

std::expected<std::int64_t, AppendError> MemoryFollowupStore::append_checked(const EventCheck& check,
                                                                             const FollowupEvent& event,
                                                                             const std::optional<FollowupFile>& file,
                                                                             const AuditEntry& audit) {
  auto prepared = prepare_followup_event(event, file);
  if (!prepared) return std::unexpected(AppendError{AppendFailure::Invalid, prepared.error()});
  std::lock_guard lock(m_mutex);
  if (auto ok = check(m_events); !ok) return std::unexpected(AppendError{AppendFailure::Refused, ok.error()});
  // The audit entry first: adding the event cannot fail after it.
  if (auto ok = m_audit.append_audit(audit); !ok) return std::unexpected(AppendError{AppendFailure::Store, ok.error()});
  return add_locked(std::move(*prepared));
}

std::vector<FollowupEvent> MemoryFollowupStore::followup_events() {
  std::lock_guard lock(m_mutex);
  return m_events;
}

std::optional<FollowupFile> MemoryFollowupStore::followup_file(std::int64_t event_id) {
  std::lock_guard lock(m_mutex);
  auto it = m_files.find(event_id);
  if (it == m_files.end()) return std::nullopt;
  return it->second;
}

std::int64_t MemoryFollowupStore::followup_version() {
  std::lock_guard lock(m_mutex);
  return static_cast<std::int64_t>(m_events.size());
}

} // namespace zwgk::store
