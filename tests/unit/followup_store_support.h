// Shared by the follow-up store tests (followup_store_test.cpp: every back
// end; followup_store_sqlite_test.cpp: the SQLite ledger itself).
#pragma once

#include "store/database.h"
#include "store/followup_store.h"
#include "store/store.h"

#include <expected>
#include <memory>
#include <string>
#include <vector>

namespace zwgk::store::followup_test {

inline FollowupEvent make_event(std::string item, FollowupKind kind = FollowupKind::Reply, std::string text = "已上传目录") {
  FollowupEvent e;
  e.item = std::move(item);
  e.kind = kind;
  e.text = std::move(text);
  e.when = DateTime{{2020, 10, 15}, 10 * 60};
  e.user = "齐都镇用户";
  e.recorded_at = 1'602'727'200;
  return e;
}

inline constexpr std::string_view k_item = "2020Q3/齐都镇/目录未上传";

// One store of the SQLite database at path (store/database.h); the pointer
// keeps the whole database open.
template <typename Part>
std::expected<std::shared_ptr<Part>, std::string> open_part(const std::string& path, Part& (Database::*part)()) {
  auto db = open_sqlite_database(path);
  if (!db) return std::unexpected(db.error());
  return share(std::move(*db), part);
}

inline AuditEntry audit_for(const FollowupEvent& e) { return {0, e.recorded_at, e.user, "整改回复", e.item, "说明"}; }

// At most k_limit events: a check that passes only below it. Every thread
// that passes must see the events of all that passed before it.
inline std::expected<void, std::string> below(std::size_t limit, const std::vector<FollowupEvent>& events) {
  if (events.size() >= limit) return std::unexpected("已满");
  return {};
}

} // namespace zwgk::store::followup_test
