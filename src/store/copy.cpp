// Issue 18: a workspace's records copied from one database to another (store/copy.h),
// table by table in the order their references need, a page of rows at a time, into an
// empty database in one write transaction: all or nothing.
#include "store/copy.h"

#include "store/sql.h"
#include "store/sqlite_db.h"

#include <fmt/format.h>

#include <array>
#include <vector>

namespace zwgk::store {
namespace {

// A column's kind decides how its text is bound: i integer, t text, b bytes.
struct Table {
  std::string_view name;
  std::string_view key;  // what rows are paged by (unique, increasing)
  std::vector<std::pair<std::string_view, char>> columns;
};

// Sessions, login devices and login failures are not copied: after a move everyone logs in again.
const std::array<Table, 10>& tables() {
  static const std::array<Table, 10> k_tables = {{
      {"users", "id", {{"id", 'i'}, {"name", 't'}, {"role", 't'}, {"unit", 't'}, {"password_hash", 't'},
                       {"created_at", 'i'}, {"disabled", 'i'}, {"must_change_password", 'i'}}},
      {"audit", "id", {{"id", 'i'}, {"at", 'i'}, {"user_name", 't'}, {"action", 't'}, {"target", 't'}, {"detail", 't'}}},
      {"file_versions", "id", {{"id", 'i'}, {"path", 't'}, {"sha256", 't'}, {"size", 'i'}, {"saved_by", 't'},
                               {"saved_at", 'i'}, {"content", 'b'}}},
      {"mail_messages", "id", {{"id", 'i'}, {"key", 't'}, {"sha256", 't'}, {"message_id", 't'}, {"from_address", 't'},
                               {"subject", 't'}, {"received", 't'}, {"received_from", 't'}, {"characters", 'i'},
                               {"pictures", 'i'}, {"fingerprint", 't'}, {"attachments", 't'}, {"notes", 't'},
                               {"text", 't'}, {"origin", 't'}, {"imported_by", 't'}, {"imported_at", 'i'},
                               {"raw", 'b'}}},
      {"mail_decisions", "id", {{"id", 'i'}, {"message", 'i'}, {"field", 't'}, {"value", 't'}, {"reason", 't'},
                                {"user_name", 't'}, {"at", 'i'}}},
      {"followup_events", "id", {{"id", 'i'}, {"item", 't'}, {"kind", 't'}, {"text", 't'}, {"link", 't'},
                                 {"file_name", 't'}, {"file_sha256", 't'}, {"happened", 't'}, {"user_name", 't'},
                                 {"recorded_at", 'i'}}},
      {"followup_files", "event", {{"event", 'i'}, {"name", 't'}, {"sha256", 't'}, {"bytes", 'b'}}},
      {"crawl_runs", "id", {{"id", 'i'}, {"period", 't'}, {"user_name", 't'}, {"started_at", 'i'},
                            {"finished_at", 'i'}, {"summary", 't'}}},
      {"crawl_pages", "url", {{"url", 't'}, {"run", 'i'}, {"fetched_at", 'i'}, {"etag", 't'}, {"last_modified", 't'},
                              {"content", 't'}}},
      {"crawl_proposals", "id", {{"id", 'i'}, {"period", 't'}, {"kind", 't'}, {"key", 't'}, {"unit", 't'},
                                 {"detail", 't'}, {"run", 'i'}, {"decision", 't'}, {"reason", 't'},
                                 {"decided_by", 't'}, {"decided_at", 'i'}}},
  }};
  return k_tables;
}

// Rows read at a time: a page of a table with file contents holds a few files (each at most an
// upload's size), so memory stays bounded whatever the history's length.
constexpr std::int64_t k_page_rows = 200;
constexpr std::int64_t k_page_rows_with_bytes = 4;

std::int64_t page_rows(const Table& t) {
  for (const auto& [name, kind] : t.columns)
    if (kind == 'b') return k_page_rows_with_bytes;
  return k_page_rows;
}

std::string column_list(const Table& t) {
  std::string out;
  for (const auto& [name, kind] : t.columns) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

std::expected<std::shared_ptr<sql::Pool>, std::string> open_pool(const std::string& location) {
  if (location.starts_with("postgresql://") || location.starts_with("postgres://"))
    return sql::open_postgres_pool(location, 2);
  auto connections = sqlite::Connections::open(location);
  if (!connections) return std::unexpected(connections.error());
  return sql::sqlite_pool(std::move(*connections));
}

// The key column ordered by its bytes on both databases (a text key; numbers need nothing).
std::string ordered(const sql::Connection& c, const Table& t) {
  const bool text = t.columns.front().second == 't';
  return text && c.dialect() == sql::Dialect::Postgres ? fmt::format("{} COLLATE \"C\"", t.key) : std::string(t.key);
}

Status copy_page(sql::Connection& to, const Table& t, const sql::Rows& rows, const std::string& insert) {
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::vector<std::string> texts(t.columns.size());
    std::vector<sql::Value> values;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      texts[c] = rows.text(r, c);
      const char kind = t.columns[c].second;
      if (kind == 'i') values.emplace_back(rows.int64(r, c));
      else if (kind == 'b') values.emplace_back(sql::Bytes{texts[c]});
      else values.emplace_back(std::string_view(texts[c]));
    }
    if (auto ok = to.run(fmt::format("写入 {}", t.name), insert, values); !ok) return std::unexpected(ok.error());
  }
  return {};
}

std::expected<std::size_t, std::string> copy_table(sql::Connection& from, sql::Connection& to, const Table& t) {
  std::string placeholders;
  for (std::size_t i = 1; i <= t.columns.size(); ++i) placeholders += fmt::format("{}?{}", i > 1 ? ", " : "", i);
  const std::string insert = fmt::format("INSERT INTO {} ({}) VALUES ({})", t.name, column_list(t), placeholders);
  const bool text_key = t.columns.front().second == 't';  // every table's key is its first column
  std::size_t copied = 0;
  std::string last_text;
  std::int64_t last_id = -1;
  for (;;) {
    const std::string select = fmt::format("SELECT {} FROM {} WHERE {} > ?1 ORDER BY {} LIMIT ?2", column_list(t),
                                           t.name, ordered(from, t), ordered(from, t));
    const std::string what = fmt::format("读取 {}", t.name);
    auto rows = text_key ? sql::run(from, what, select, std::string_view(last_text), page_rows(t))
                         : sql::run(from, what, select, last_id, page_rows(t));
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) return copied;
    if (auto ok = copy_page(to, t, *rows, insert); !ok) return std::unexpected(ok.error());
    copied += rows->size();
    const std::size_t last = rows->size() - 1;
    if (text_key) last_text = rows->text(last, 0);
    else last_id = rows->int64(last, 0);
  }
}

// PostgreSQL's sequences continue after the copied ids (SQLite's AUTOINCREMENT follows by itself).
Status advance_sequences(sql::Connection& to) {
  if (to.dialect() != sql::Dialect::Postgres) return {};
  for (const auto& t : tables()) {
    if (t.key != "id") continue;
    auto ok = to.run("更新编号序列",
                     fmt::format("SELECT setval(pg_get_serial_sequence('{0}', 'id'), max(id)) FROM {0} HAVING count(*) > 0",
                                 t.name),
                     {});
    if (!ok) return std::unexpected(ok.error());
  }
  return {};
}

} // namespace

std::expected<std::vector<CopiedTable>, std::string> copy_records(
    const std::string& from_location, const std::string& to_location,
    const std::function<void(const CopiedTable&)>& on_table) {
  auto from_pool = open_pool(from_location);
  if (!from_pool) return std::unexpected(from_pool.error());
  auto to_pool = open_pool(to_location);
  if (!to_pool) return std::unexpected(to_pool.error());
  auto from = (*from_pool)->read();
  auto to = (*to_pool)->write();
  sql::WriteTransaction t(*to);
  if (auto ok = t.begin(); !ok) return std::unexpected(ok.error());
  for (const auto& table : tables()) {
    auto some = sql::run(*to, "检查目标数据库", fmt::format("SELECT 1 FROM {} LIMIT 1", table.name));
    if (!some) return std::unexpected(some.error());
    if (!some->empty())
      return std::unexpected(fmt::format("目标数据库已有记录（{} 表不是空的）：只能复制到新建的空数据库，以免两份历史混在一起",
                                         table.name));
  }
  std::vector<CopiedTable> out;
  for (const auto& table : tables()) {
    auto copied = copy_table(*from, *to, table);
    if (!copied) return std::unexpected(copied.error());
    out.push_back({std::string(table.name), *copied});
    if (on_table) on_table(out.back());
  }
  if (auto ok = advance_sequences(*to); !ok) return std::unexpected(ok.error());
  if (auto ok = t.commit(); !ok) return std::unexpected(ok.error());
  return out;
}

} // namespace zwgk::store
