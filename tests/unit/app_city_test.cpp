// Issue 18: the city gathers a district whose workspace is a PostgreSQL database (its data
// files in the database, app/file_sync.cpp) beside one that is a data directory, and
// refuses one whose period is not published — on the tests' PostgreSQL server.
#include "app/city.h"
#include "fs/files.h"
#include "pg_test_support.h"
#include "store/database.h"

#include <gtest/gtest.h>

#include <unistd.h>

namespace zwgk::app {
namespace {

namespace stdfs = std::filesystem;

class CityTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_pg = store::test::PostgresDatabase::create();
    if (!m_pg) GTEST_SKIP() << "no test PostgreSQL server (run through ctest)";
    m_dir = stdfs::temp_directory_path() / ("zwgk-city-" + std::to_string(::getpid()));
    stdfs::remove_all(m_dir);
    stdfs::create_directories(m_dir);
    stdfs::copy(stdfs::path(ZWGK_SOURCE_DIR) / "tests/golden/city-gather/data", m_dir / "city",
                stdfs::copy_options::recursive);
    // 张店区 moves into the database: its files recorded there, its directory gone.
    auto db = store::open_postgres_database(m_pg->url());
    ASSERT_TRUE(db) << db.error();
    auto district = Workspace::adopt(m_dir / "city/区县/张店区", OpenedStores{std::move(*db)}, clock());
    ASSERT_TRUE(district->record_current_files(m_actor));
    m_district = std::move(district);
    stdfs::remove_all(m_dir / "city/区县/张店区");
    fs::write_files_atomically({{m_dir / "city/区县.toml", district_file()}});
    m_city = Workspace::open(m_dir / "city", clock(), Create::IfMissing).value();
  }
  void TearDown() override {
    m_city.reset();
    m_district.reset();
    m_pg.reset();
    stdfs::remove_all(m_dir);
  }
  static Clock clock() {
    return [] { return std::int64_t{1'603'000'000}; };  // 2020-10-18
  }
  std::string district_file() const {
    auto text = *fs::read_file(m_dir / "city/区县.toml", 1 << 16);
    const std::string from = "data = \"区县/张店区\"";
    return text.replace(text.find(from), from.size(), "store = \"" + m_pg->url() + "\"");
  }
  // The 公示 of a district's 2020Q3, as `zwgk rectify draft` records it.
  static void publish(Workspace& ws) {
    FollowupEvent draft;
    draft.item = "2020Q3";
    draft.kind = FollowupKind::Draft;
    draft.when = *parse_date_time("2020-10-14 09:00");
    draft.user = "王敏";
    ASSERT_TRUE(ws.stores().followup->add_followup_event(draft, std::nullopt));
  }

  std::unique_ptr<store::test::PostgresDatabase> m_pg;
  stdfs::path m_dir;
  std::unique_ptr<Workspace> m_district, m_city;
  Actor m_actor{"王敏", 1'603'000'000};
};

TEST_F(CityTest, ADistrictInPostgresIsGatheredOncePublished) {
  auto linzi = Workspace::open(m_dir / "city/区县/临淄区", clock(), Create::IfMissing).value();
  publish(*linzi);
  auto refused = gather_districts(*m_city, {2020, 3}, m_actor);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().problems.entries().front().message.find("区县“张店区”：2020Q3 尚未公示"), std::string::npos)
      << refused.error().problems.entries().front().message;
  EXPECT_FALSE(stdfs::exists(m_dir / "city/2020Q3" / std::string(k_district_results_file)));

  publish(*m_district);
  auto gathered = gather_districts(*m_city, {2020, 3}, m_actor);
  ASSERT_TRUE(gathered) << gathered.error().message;
  ASSERT_EQ(gathered->districts.size(), 2u);
  EXPECT_EQ(gathered->districts[1].unit, "张店区");
  EXPECT_EQ(gathered->districts[1].source.find("postgres"), std::string::npos) << "no user name in what is shown";
  EXPECT_EQ(gathered->districts[1].figures.at("平均分").to_string(), "12.955224");  // as from its directory (golden)
  // 区县.toml rounds 平均分 to two decimals (decimals = 2) as it is written for the city.
  EXPECT_EQ(*fs::read_file(m_dir / "city/2020Q3" / std::string(k_district_results_file), 1 << 16),
            "\xEF\xBB\xBF单位,指标,分子,分母,得分\r\n临淄区,平均得分,,,12.4\r\n临淄区,无扣分占比,13,67,\r\n"
            "张店区,平均得分,,,12.96\r\n张店区,无扣分占比,13,67,\r\n");
  EXPECT_TRUE(gathered->changed);
  EXPECT_FALSE(gather_districts(*m_city, {2020, 3}, m_actor)->changed) << "the same figures: not rewritten";
}

} // namespace
} // namespace zwgk::app
