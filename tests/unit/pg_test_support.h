// Issue 18: a database of its own on the tests' private PostgreSQL server (tests/pg/
// pg_cluster.py; ZWGK_TEST_PG_URL_FILE names the file with the server's URL), made for
// one test and dropped after it, so that tests running at once never share tables.
#pragma once

#include "store/sql.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

namespace zwgk::store::test {

// The server's URL, or "" outside ctest (the test then skips).
inline std::string postgres_server_url() {
  const char* file = std::getenv("ZWGK_TEST_PG_URL_FILE");
  if (!file) return {};
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  return url;
}

class PostgresDatabase {
public:
  // null when there is no test server.
  static std::unique_ptr<PostgresDatabase> create() {
    const std::string server = postgres_server_url();
    if (server.empty()) return nullptr;
    static std::atomic<int> counter{0};
    const std::string name = "zwgk_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    auto admin = sql::open_postgres(server);
    if (!admin || !(*admin)->script("建立测试数据库", "CREATE DATABASE " + name)) return nullptr;
    return std::unique_ptr<PostgresDatabase>(new PostgresDatabase(server, name));
  }
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;
  ~PostgresDatabase() {
    if (m_name.empty()) return;
    if (auto admin = sql::open_postgres(m_server))
      (void)(*admin)->script("删除测试数据库", "DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)");
  }
  // The server's URL with this database's name in place of its own.
  std::string url() const { return m_server.substr(0, m_server.rfind('/') + 1) + m_name; }

private:
  PostgresDatabase(std::string server, std::string name) : m_server(std::move(server)), m_name(std::move(name)) {}
  std::string m_server, m_name;
};

// A fresh database on the test server with a pool on it (pool null and `error` set when
// the pool cannot be opened; db null when there is no test server).
struct PostgresFixture {
  std::unique_ptr<PostgresDatabase> db;
  std::shared_ptr<sql::Pool> pool;
  std::string error;
};
inline PostgresFixture postgres_fixture() {
  PostgresFixture f;
  f.db = PostgresDatabase::create();
  if (!f.db) return f;
  auto pool = sql::open_postgres_pool(f.db->url());
  if (pool) f.pool = *pool;
  else f.error = pool.error();
  return f;
}

} // namespace zwgk::store::test
