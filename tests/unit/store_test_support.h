// Test support for the store suites (store_test.cpp, store_login_test.cpp):
// a private directory per test, sample values, the suite run against every
// implementation, and a fixture opening SQLite stores on one file.
#pragma once

#include "store/database.h"
#include "pg_test_support.h"
#include "store/memory_store.h"
#include "store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <unistd.h>

namespace zwgk::store::test {

namespace stdfs = std::filesystem;

// A fresh directory per test, removed afterwards (tests run as parallel processes).
class TempDir {
public:
  TempDir() {
    static std::atomic<int> counter{0};
    m_path = stdfs::temp_directory_path() /
             ("zwgk-store-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    stdfs::create_directories(m_path);
  }
  ~TempDir() {
    std::error_code ec;
    stdfs::remove_all(m_path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const stdfs::path& path() const { return m_path; }
  std::string file(std::string_view name) const { return (m_path / name).string(); }

private:
  stdfs::path m_path;
};

inline User make_user(std::string name, Role role = Role::Viewer, std::string unit = {}) {
  User user;
  user.name = std::move(name);
  user.role = role;
  user.unit = std::move(unit);
  user.password_hash = "$argon2id$stand-in";
  user.created_at = 1'600'000'000;
  return user;
}

inline AuditEntry make_entry(std::int64_t at, std::string action, std::string target = "2020Q3/网站发布.csv") {
  return {0, at, "管理员甲", std::move(action), std::move(target), "说明"};
}

inline FileVersion make_version(std::string path, std::string sha256, std::string content, std::int64_t at = 100) {
  return {0, std::move(path), std::move(sha256), 0, "管理员甲", at, std::move(content)};
}

// One store of the SQLite database at path (store/database.h); the pointer
// keeps the whole database open.
template <typename Part>
std::expected<std::shared_ptr<Part>, std::string> open_part(const std::string& path, Part& (Database::*part)()) {
  auto db = open_sqlite_database(path);
  if (!db) return std::unexpected(db.error());
  return share(std::move(*db), part);
}

inline std::expected<std::shared_ptr<Store>, std::string> open_sqlite_store(const std::string& path) {
  return open_part(path, &Database::store);
}

// Every implementation, for a suite that must behave alike on each.
enum class Backend { Memory, SqliteFile, SqliteInMemory, Postgres };

inline std::string name_of(Backend backend) {
  switch (backend) {
  case Backend::Memory: return "Memory";
  case Backend::SqliteFile: return "SqliteFile";
  case Backend::SqliteInMemory: return "SqliteInMemory";
  case Backend::Postgres: return "Postgres";
  }
  return "Unknown";
}

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) { return name_of(info.param); }

// For readable test names in ctest (instead of the enum's bytes).
inline void PrintTo(Backend backend, std::ostream* out) { *out << name_of(backend); }

class StoreTest : public ::testing::TestWithParam<Backend> {
protected:
  void SetUp() override {
    switch (GetParam()) {
    case Backend::Memory: m_store = std::make_unique<MemoryStore>(); break;
    case Backend::SqliteFile: m_store = open_or_fail(m_dir.file("zwgk.db")); break;
    case Backend::SqliteInMemory: m_store = open_or_fail(":memory:"); break;
    case Backend::Postgres: {
      m_pg = PostgresDatabase::create();
      if (!m_pg) GTEST_SKIP() << "no test PostgreSQL server (run through ctest)";
      auto db = open_postgres_database(m_pg->url());
      ASSERT_TRUE(db) << db.error();
      m_store = share(std::move(*db), &Database::store);
      break;
    }
    }
    ASSERT_NE(m_store, nullptr);
  }
  void TearDown() override {
    m_store.reset();  // its connections closed before the database is dropped
    m_pg.reset();
  }

  static std::shared_ptr<Store> open_or_fail(const std::string& path) {
    auto opened = open_sqlite_store(path);
    EXPECT_TRUE(opened) << opened.error();
    return opened ? std::move(*opened) : nullptr;
  }

  Store& store() { return *m_store; }

  std::int64_t add(const User& user) {
    auto id = store().add_user(user);
    EXPECT_TRUE(id) << id.error();
    return id.value_or(0);
  }

  TempDir m_dir;
  std::unique_ptr<PostgresDatabase> m_pg;
  std::shared_ptr<Store> m_store;
};

class SqliteStoreTest : public ::testing::Test {
protected:
  std::shared_ptr<Store> open() {
    auto opened = open_sqlite_store(m_path);
    EXPECT_TRUE(opened) << opened.error();
    return opened ? std::move(*opened) : nullptr;
  }
  TempDir m_dir;
  std::string m_path = m_dir.file("zwgk.db");
};

// A second, raw connection to the same file, as any other SQLite client would open it.
class RawDb {
public:
  explicit RawDb(const std::string& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &m_db), SQLITE_OK);
    sqlite3_busy_timeout(m_db, 5000);
  }
  ~RawDb() { sqlite3_close(m_db); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  // Runs sql; "" on success, else SQLite's message.
  std::string exec(const std::string& sql) {
    char* error = nullptr;
    int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error);
    std::string message = rc == SQLITE_OK ? "" : (error ? error : "error");
    sqlite3_free(error);
    return message;
  }
  std::string text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
      if (auto* value = sqlite3_column_text(stmt, 0)) out = reinterpret_cast<const char*>(value);
    sqlite3_finalize(stmt);
    return out;
  }

private:
  sqlite3* m_db = nullptr;
};

} // namespace zwgk::store::test
