// Issue 18: the PostgreSQL schema's migrations (store/pg_schema.h) — applied once even when
// two server instances open a new database at the same moment, and a database that a
// newer zwgk migrated refused with a Chinese message — on the tests' PostgreSQL server.
#include "pg_test_support.h"
#include "store/pg_schema.h"
#include "store/sql.h"

#include <gtest/gtest.h>

#include <thread>

namespace zwgk::store::test {
namespace {

TEST(PgSchema, TwoInstancesOpeningANewDatabaseAtOnceMigrateItOnce) {
  auto db = PostgresDatabase::create();
  if (!db) GTEST_SKIP() << "no test PostgreSQL server (run through ctest)";
  std::expected<std::shared_ptr<sql::Pool>, std::string> a = std::unexpected("not run"), b = a;
  std::thread first([&] { a = sql::open_postgres_pool(db->url(), 2); });
  std::thread second([&] { b = sql::open_postgres_pool(db->url(), 2); });
  first.join();
  second.join();
  ASSERT_TRUE(a) << a.error();
  ASSERT_TRUE(b) << b.error();
  auto rows = sql::run(*(*a)->read(), "读取", "SELECT count(*), max(version) FROM schema_version");
  ASSERT_TRUE(rows) << rows.error();
  EXPECT_EQ(rows->int64(0, 0), static_cast<std::int64_t>(pg::k_migrations.size()));
  EXPECT_EQ(rows->int64(0, 1), pg::k_schema_version);
}

TEST(PgSchema, ADatabaseOfANewerZwgkIsRefused) {
  auto db = PostgresDatabase::create();
  if (!db) GTEST_SKIP() << "no test PostgreSQL server (run through ctest)";
  {
    auto pool = sql::open_postgres_pool(db->url(), 1);
    ASSERT_TRUE(pool) << pool.error();
    ASSERT_TRUE(sql::run(*(*pool)->write(), "写入", "INSERT INTO schema_version (version, applied_at) VALUES (?1, 0)",
                         pg::k_schema_version + 1));
  }
  auto refused = sql::open_postgres_pool(db->url(), 1);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("比本程序支持的"), std::string::npos) << refused.error();
}

} // namespace
} // namespace zwgk::store::test
