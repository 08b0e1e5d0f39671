// Issue 18 (first part): the SQL layer (store/sql.h) behaves alike on SQLite and on a
// real PostgreSQL 15 server: the same SQL text with ?N parameters, text in Chinese and
// with quotes, bytes with zeros, NULL, RETURNING, changes(), a trigger's refusal in its
// own words, transactions rolled back, and writers in two connections serialised.
//
// The PostgreSQL cases run against the private server that ctest starts for the tests
// (tests/pg/pg_cluster.py, fixture "pg": ZWGK_TEST_PG_URL_FILE names the file with its
// URL); run outside ctest without it, they are skipped and say so.
#include "store/sql.h"

#include "pg_test_support.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <thread>

namespace zwgk::store::sql {

// Readable parameters in ctest's test names (found by argument-dependent lookup).
void PrintTo(Dialect d, std::ostream* out);
void PrintTo(Dialect d, std::ostream* out) { *out << (d == Dialect::Sqlite ? "Sqlite" : "Postgres"); }

namespace {

using test::postgres_server_url;

class SqlConnectionTest : public ::testing::TestWithParam<Dialect> {
protected:
  void SetUp() override {
    if (GetParam() == Dialect::Postgres && postgres_server_url().empty())
      GTEST_SKIP() << "no PostgreSQL test server (ctest starts one: fixture pg)";
    m_db = open();
    ASSERT_NE(m_db, nullptr);
    const std::string table = "t_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name())
                                         .substr(0, 40);
    m_table = table;
    for (char& c : m_table)
      if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    ASSERT_TRUE(sql::run(*m_db, "准备", "DROP TABLE IF EXISTS " + m_table));
    const std::string id = GetParam() == Dialect::Postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
    const std::string blob = GetParam() == Dialect::Postgres ? "BYTEA" : "BLOB";
    ASSERT_TRUE(m_db->run("准备", "CREATE TABLE " + m_table + " (id " + id + ", name TEXT NOT NULL UNIQUE, n BIGINT, "
                                      "data " + blob + ")", {}));
  }
  void TearDown() override {
    m_db.reset();
    std::filesystem::remove(m_file);
  }
  std::unique_ptr<Connection> open() {
    auto c = GetParam() == Dialect::Postgres ? open_postgres(postgres_server_url()) : open_sqlite(m_file);
    EXPECT_TRUE(c) << (c ? "" : c.error());
    return c ? std::move(*c) : nullptr;
  }

  std::string m_file = (std::filesystem::temp_directory_path() /
                        ("zwgk-sql-" + std::to_string(::getpid()) + ".db")).string();
  std::unique_ptr<Connection> m_db;
  std::string m_table;
};

INSTANTIATE_TEST_SUITE_P(Databases, SqlConnectionTest, ::testing::Values(Dialect::Sqlite, Dialect::Postgres),
                         [](const auto& p) { return p.param == Dialect::Sqlite ? "Sqlite" : "Postgres"; });

TEST_P(SqlConnectionTest, ParametersRowsAndReturning) {
  const std::string text = "区发改局 'quoted' \"double\" ?1 $1";
  const std::string bytes("\0\x01\xff" "zwgk\0", 8);
  auto inserted = sql::run(*m_db, "保存", "INSERT INTO " + m_table + " (name, n, data) VALUES (?1, ?2, ?3) RETURNING id",
                           std::string_view(text), std::int64_t{-9007199254740993}, Bytes{bytes});
  ASSERT_TRUE(inserted) << inserted.error();
  ASSERT_EQ(inserted->size(), 1u);
  EXPECT_GT(inserted->int64(0, 0), 0);
  EXPECT_EQ(m_db->changes(), 1);
  ASSERT_TRUE(sql::run(*m_db, "保存", "INSERT INTO " + m_table + " (name) VALUES ('a ?1 literal')"));
  auto rows = sql::run(*m_db, "读取", "SELECT name, n, data FROM " + m_table + " ORDER BY id");
  ASSERT_TRUE(rows) << rows.error();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(rows->text(0, 0), text);
  EXPECT_EQ(rows->int64(0, 1), -9007199254740993);
  EXPECT_EQ(rows->text(0, 2), bytes);
  EXPECT_EQ(rows->text(1, 0), "a ?1 literal");  // a placeholder inside quotes is text
  EXPECT_TRUE(rows->null(1, 1));
  auto updated = sql::run(*m_db, "修改", "UPDATE " + m_table + " SET n = ?1 WHERE n IS NULL OR n < 0", std::int64_t{5});
  ASSERT_TRUE(updated);
  EXPECT_EQ(m_db->changes(), 2);
}

TEST_P(SqlConnectionTest, RefusalsInTheDatabasesOwnWords) {
  ASSERT_TRUE(sql::run(*m_db, "保存", "INSERT INTO " + m_table + " (name) VALUES (?1)", std::string_view("甲")));
  auto twice = sql::run(*m_db, "保存", "INSERT INTO " + m_table + " (name) VALUES (?1)", std::string_view("甲"));
  ASSERT_FALSE(twice);
  EXPECT_TRUE(twice.error().starts_with("数据库保存失败：")) << twice.error();
  const bool pg = GetParam() == Dialect::Postgres;
  const std::string trigger =
      pg ? "CREATE OR REPLACE FUNCTION " + m_table + "_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
               "RAISE EXCEPTION '只能追加，不能修改'; END $$; CREATE TRIGGER " + m_table + "_no_update BEFORE UPDATE ON " +
               m_table + " FOR EACH ROW EXECUTE FUNCTION " + m_table + "_refuse()"
         : "CREATE TRIGGER " + m_table + "_no_update BEFORE UPDATE ON " + m_table +
               " BEGIN SELECT RAISE(ABORT, '只能追加，不能修改'); END";
  if (pg) {
    // Two statements: libpq runs a parameterless script in one call only through PQexec.
    auto semicolon = trigger.find("$$; ") + 3;
    ASSERT_TRUE(m_db->run("准备", trigger.substr(0, semicolon), {}));
    ASSERT_TRUE(m_db->run("准备", trigger.substr(semicolon + 1), {}));
  } else {
    ASSERT_TRUE(m_db->run("准备", trigger, {}));
  }
  auto refused = sql::run(*m_db, "修改", "UPDATE " + m_table + " SET n = 1");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), "数据库修改失败：只能追加，不能修改");
}

TEST_P(SqlConnectionTest, AWriteTransactionIsAllOrNothing) {
  {
    WriteTransaction t(*m_db);
    ASSERT_TRUE(t.begin());
    ASSERT_TRUE(sql::run(*m_db, "保存", "INSERT INTO " + m_table + " (name) VALUES ('rolled back')"));
  }  // not committed
  WriteTransaction t(*m_db);
  ASSERT_TRUE(t.begin());
  ASSERT_TRUE(sql::run(*m_db, "保存", "INSERT INTO " + m_table + " (name) VALUES ('kept')"));
  ASSERT_TRUE(t.commit());
  auto rows = sql::run(*m_db, "读取", "SELECT name FROM " + m_table);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->text(0, 0), "kept");
}

TEST_P(SqlConnectionTest, WritersInTwoConnectionsTakeTurns) {
  // Each writer reads the count and writes count + 1 inside its transaction: without the
  // writers' exclusion, two would read the same count and one name would be taken twice.
  ASSERT_TRUE(sql::run(*m_db, "保存", "INSERT INTO " + m_table + " (name, n) VALUES ('counter', 0)"));
  std::atomic<int> failures{0};
  auto writer = [&] {
    auto c = open();
    if (!c) return ++failures, void();
    for (int i = 0; i < 20; ++i) {
      WriteTransaction t(*c);
      if (!t.begin()) { ++failures; continue; }
      auto n = sql::run(*c, "读取", "SELECT n FROM " + m_table + " WHERE name = 'counter'");
      if (!n || n->empty()) { ++failures; continue; }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      if (!sql::run(*c, "修改", "UPDATE " + m_table + " SET n = ?1 WHERE name = 'counter'", n->int64(0, 0) + 1) ||
          !t.commit())
        ++failures;
    }
  };
  std::thread a(writer), b(writer);
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  auto n = sql::run(*m_db, "读取", "SELECT n FROM " + m_table + " WHERE name = 'counter'");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->int64(0, 0), 40);
}

TEST(SqlPlaceholders, OutsideQuotesOnly) {
  EXPECT_EQ(postgres_placeholders("SELECT ?1, '?2', \"?3\", ?12 WHERE a = 'it''s ?4'"),
            "SELECT $1, '?2', \"?3\", $12 WHERE a = 'it''s ?4'");
}

TEST(SqlConnection, AnUnreachableServerIsNamedWithoutItsPassword) {
  auto refused = open_postgres("postgresql://zwgk:secret-Pa55@127.0.0.1:1/zwgk?connect_timeout=2");
  ASSERT_FALSE(refused);
  EXPECT_TRUE(refused.error().starts_with("无法连接 PostgreSQL 数据库 127.0.0.1:1/zwgk：")) << refused.error();
  EXPECT_EQ(refused.error().find("secret"), std::string::npos);
}

} // namespace
} // namespace zwgk::store::sql
