// Issue 18: the data files kept in the database (app/file_sync.cpp). Two workspaces on
// one database, each with a directory of its own, stand for two server instances: what
// one saves is what the other reads after its next sync, changes made through both at
// once are all kept, and nothing in the database can make an instance write outside its
// directory. On the in-memory fake and on the tests' PostgreSQL server.
#include "app/trial.h"
#include "app/workspace.h"
#include "fs/files.h"
#include "pg_test_support.h"
#include "store/database.h"
#include "util/digest.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <map>
#include <thread>

namespace zwgk::app {
namespace {

namespace stdfs = std::filesystem;

enum class Home { Memory, Postgres };

// Every data file of dir, by its relative path, with its content.
std::map<std::string, std::string> files_of(const stdfs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& f : detail::data_file_paths(dir)) out[detail::relative_path(dir, f)] = *fs::read_file(f, 1u << 26);
  return out;
}

class FileSyncTest : public ::testing::TestWithParam<Home> {
protected:
  void SetUp() override {
    static int counter = 0;
    const std::string stem =
        stdfs::temp_directory_path() / ("zwgk-sync-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    m_a_dir = stem + "-a";
    m_b_dir = stem + "-b";
    for (const auto& d : {m_a_dir, m_b_dir}) stdfs::remove_all(d);
    stdfs::copy(stdfs::path(ZWGK_SOURCE_DIR) / "examples/linzi-2020q3", m_a_dir, stdfs::copy_options::recursive);
    stdfs::create_directories(m_b_dir);
    if (GetParam() == Home::Memory) {
      m_memory = std::make_unique<store::MemoryDatabase>(store::FileHome::Database);
      m_a = Workspace::adopt(m_a_dir, OpenedStores{store::borrow(*m_memory)}, clock());
      m_b = Workspace::adopt(m_b_dir, OpenedStores{store::borrow(*m_memory)}, clock());
      return;
    }
    m_pg = store::test::PostgresDatabase::create();
    if (!m_pg) GTEST_SKIP() << "no test PostgreSQL server (run through ctest)";
    for (auto* ws : {&m_a, &m_b}) {
      auto db = store::open_postgres_database(m_pg->url());
      ASSERT_TRUE(db) << db.error();
      *ws = Workspace::adopt(ws == &m_a ? m_a_dir : m_b_dir, OpenedStores{std::move(*db)}, clock());
    }
  }
  void TearDown() override {
    m_a.reset();
    m_b.reset();
    m_pg.reset();
    for (const auto& d : {m_a_dir, m_b_dir}) stdfs::remove_all(d);
  }
  static Clock clock() {
    return [] { return std::int64_t{1'602'000'000}; };
  }
  // Both started: A's directory recorded, B's made from the database.
  void start_both() {
    ASSERT_TRUE(m_a->start_files(m_actor));
    ASSERT_TRUE(m_b->start_files(m_actor));
  }

  stdfs::path m_a_dir, m_b_dir;
  std::unique_ptr<store::MemoryDatabase> m_memory;
  std::unique_ptr<store::test::PostgresDatabase> m_pg;
  std::unique_ptr<Workspace> m_a, m_b;
  Actor m_actor{"管理员甲", 1'602'000'000};
};

INSTANTIATE_TEST_SUITE_P(Homes, FileSyncTest, ::testing::Values(Home::Memory, Home::Postgres),
                         [](const auto& p) { return p.param == Home::Memory ? "Memory" : "Postgres"; });

TEST_P(FileSyncTest, AnInstanceStartedOnTheDatabaseHasEveryDataFile) {
  // A stray file in B's copy that the database does not have is removed at the start.
  stdfs::create_directories(m_b_dir / "2020Q3");
  fs::write_files_atomically({{m_b_dir / "2020Q3" / "投稿-手工.csv", "单位,标题\n"}});
  start_both();
  const auto a = files_of(m_a_dir);
  EXPECT_TRUE(a.contains("日历/2020.toml"));
  EXPECT_TRUE(a.contains("站点.toml"));
  EXPECT_EQ(files_of(m_b_dir), a);
  EXPECT_FALSE(m_b->sync_files().value()) << "nothing saved since";
}

TEST_P(FileSyncTest, AChangeThroughOneInstanceIsReadByTheOther) {
  start_both();
  ASSERT_TRUE(m_a->add_finding({2020, 3}, {"区商务局", "目录未上传", "经A录入", 1}, m_actor));
  EXPECT_TRUE(m_b->sync_files().value());
  auto rows = m_b->entered_findings({2020, 3});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].note, "经A录入");
  // B's change starts from A's file: both rows are kept.
  ASSERT_TRUE(m_b->add_finding({2020, 3}, {"区人社局", "目录未上传", "经B录入", 1}, m_actor));
  ASSERT_TRUE(m_a->sync_files());
  EXPECT_EQ(m_a->entered_findings({2020, 3})->size(), 2u);
  EXPECT_EQ(files_of(m_a_dir), files_of(m_b_dir));
}

TEST_P(FileSyncTest, ADeletionReachesTheOtherInstance) {
  start_both();
  ASSERT_TRUE(m_a->delete_file({2020, 3}, "采用.csv", m_actor));
  EXPECT_TRUE(stdfs::exists(m_b_dir / "2020Q3" / "采用.csv"));
  ASSERT_TRUE(m_b->sync_files().value());
  EXPECT_FALSE(stdfs::exists(m_b_dir / "2020Q3" / "采用.csv"));
}

TEST_P(FileSyncTest, ChangesThroughBothInstancesAtOnceAreAllKept) {
  start_both();
  constexpr int k_each = 6;
  auto add = [this](Workspace& ws, std::string_view who) {
    for (int i = 0; i < k_each; ++i)
      ASSERT_TRUE(ws.add_finding({2020, 3}, {"区商务局", "目录未上传", fmt::format("{}{}", who, i), 1}, m_actor));
  };
  std::thread a([&] { add(*m_a, "A"); });
  std::thread b([&] { add(*m_b, "B"); });
  a.join();
  b.join();
  for (auto* ws : {m_a.get(), m_b.get()}) {
    ASSERT_TRUE(ws->sync_files());
    EXPECT_EQ(ws->entered_findings({2020, 3})->size(), 2u * k_each);
  }
}

TEST_P(FileSyncTest, NoPathInTheDatabaseIsWrittenOutsideTheDirectory) {
  start_both();
  store::Store& store = *m_a->stores().store;
  const stdfs::path outside = m_b_dir.parent_path() / ("zwgk-sync-outside-" + std::to_string(::getpid()) + ".csv");
  for (std::string path : {std::string("../") + outside.filename().string(), outside.string(),
                           std::string("2020Q3/../../") + outside.filename().string(), std::string("笔记.txt"),
                           std::string("2020Q3/子目录/投稿.csv")})
    ASSERT_TRUE(store.save_file_version({0, path, sha256_hex("x"), 1, "某人", 1, "x"}, {0, 1, "某人", "写入", path, ""}));
  ASSERT_TRUE(m_b->sync_files());
  EXPECT_FALSE(stdfs::exists(outside));
  EXPECT_FALSE(stdfs::exists(m_b_dir / "笔记.txt"));
  EXPECT_FALSE(stdfs::exists(m_b_dir / "2020Q3" / "子目录"));
  EXPECT_EQ(files_of(m_b_dir), files_of(m_a_dir));
}

TEST(DataPaths, OnlyTheFilesTheLoaderReadsAreDataFiles) {
  for (const char* yes : {"考核方案.toml", "单位名录.csv", "单位名录.xlsx", "通报模板.txt", "站点.toml", "日历/2021.toml",
                          "2020Q3/投稿.csv", "2020Q3/网站发布-8月.xlsx", "2020Q3/考核期.toml", "2020Q3/通报模板.txt"})
    EXPECT_TRUE(detail::is_data_path(yes)) << yes;
  for (const char* no : {"", "zwgk.db", "笔记.txt", "日历/二〇二〇.toml", "日历/2020.txt", "2020Q3/笔记.txt",
                         "../考核方案.toml", "2020Q3/../考核方案.toml", "/etc/考核方案.toml", "2020Q3//投稿.csv",
                         "2020Q3/x/投稿.csv", "第三季度/投稿.csv", "2020Q3\\投稿.csv"})
    EXPECT_FALSE(detail::is_data_path(no)) << no;
}

} // namespace
} // namespace zwgk::app
