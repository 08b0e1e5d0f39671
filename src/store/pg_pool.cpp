// The PostgreSQL pool (sql.h: open_postgres_pool): connections opened as needed up to
// its size and kept, the schema migrated once, on the first connection, under the
// writers' lock (pg_schema.h).
#include "store/pg_schema.h"
#include "store/sql.h"

#include <fmt/format.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace zwgk::store::sql {
namespace {

Status migrate(Connection& c) {
  WriteTransaction t(c);
  if (auto begun = t.begin(); !begun) return begun;
  if (auto made = c.script("建立结构版本表", pg::k_schema_version_table); !made) return made;
  auto current = run(c, "读取结构版本", "SELECT coalesce(max(version), 0) FROM schema_version");
  if (!current) return std::unexpected(current.error());
  const std::int64_t version = current->int64(0, 0);
  if (version > pg::k_schema_version)
    return std::unexpected(fmt::format("数据库的结构版本是 {}，比本程序支持的 {} 新：请使用更新版本的 zwgk", version,
                                       pg::k_schema_version));
  for (const auto& m : pg::k_migrations) {
    if (m.version <= version) continue;
    if (auto applied = c.script(fmt::format("升级数据库结构（第{}步）", m.version), m.sql); !applied) return applied;
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    if (auto noted = run(c, "记录结构版本", "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)",
                         m.version, static_cast<std::int64_t>(now));
        !noted)
      return std::unexpected(noted.error());
  }
  return t.commit();
}

class PostgresPool final : public Pool, public std::enable_shared_from_this<PostgresPool> {
public:
  PostgresPool(std::string url, std::size_t size) : m_url(std::move(url)), m_size(size) {}

  Status start() {
    auto first = open_postgres(m_url);
    if (!first) return std::unexpected(first.error());
    if (auto migrated = migrate(**first); !migrated) return migrated;
    m_idle.push_back(std::move(*first));
    m_open = 1;
    return {};
  }

  Lease write() override { return take(); }
  Lease read() override { return take(); }
  Dialect dialect() const override { return Dialect::Postgres; }

private:
  // A connection that cannot be opened is retried by the next caller; this one gets a
  // connection that reports the failure on its first statement.
  Lease take() {
    std::unique_lock lock(m_mutex);
    m_returned.wait(lock, [this] { return !m_idle.empty() || m_open < m_size; });
    std::unique_ptr<Connection> c;
    if (!m_idle.empty()) {
      c = std::move(m_idle.back());
      m_idle.pop_back();
    } else {
      ++m_open;
      lock.unlock();
      auto opened = open_postgres(m_url);
      lock.lock();
      if (!opened) {
        --m_open;
        m_returned.notify_one();
        c = std::make_unique<Failed>(opened.error());
        return Lease(std::move(c), nullptr);
      }
      c = std::move(*opened);
    }
    std::weak_ptr<PostgresPool> pool = weak_from_this();
    return Lease(std::move(c), [pool](std::unique_ptr<Connection> back) {
      if (auto p = pool.lock()) p->give_back(std::move(back));
    });
  }

  void give_back(std::unique_ptr<Connection> c) {
    {
      std::lock_guard lock(m_mutex);
      m_idle.push_back(std::move(c));
    }
    m_returned.notify_one();
  }

  // What a caller gets when no connection could be opened: every call fails with why.
  class Failed final : public Connection {
  public:
    explicit Failed(std::string why) : m_why(std::move(why)) {}
    Dialect dialect() const override { return Dialect::Postgres; }
    std::expected<Rows, std::string> run(std::string_view, std::string_view, std::span<const Value>) override {
      return std::unexpected(m_why);
    }
    Status script(std::string_view, const std::string&) override { return std::unexpected(m_why); }
    std::int64_t changes() const override { return 0; }
    Status begin_write() override { return std::unexpected(m_why); }
    Status commit() override { return std::unexpected(m_why); }
    void rollback() override {}

  private:
    std::string m_why;
  };

  std::string m_url;
  std::size_t m_size;
  std::mutex m_mutex;
  std::condition_variable m_returned;
  std::vector<std::unique_ptr<Connection>> m_idle;
  std::size_t m_open = 0;
};

} // namespace

std::expected<std::shared_ptr<Pool>, std::string> open_postgres_pool(const std::string& url, std::size_t size) {
  auto pool = std::make_shared<PostgresPool>(url, size < 1 ? 1 : size);
  if (auto started = pool->start(); !started) return std::unexpected(started.error());
  return pool;
}

} // namespace zwgk::store::sql
