// app::Workspace's uploads and data files on memory stores (issue 14):
// replacing a file of the kind, an identical file that records nothing, and
// a deletion recorded as a version with the content kept before it.
#include "app_example_fixture.h"
#include "fs/files.h"

namespace zwgk {
namespace {

constexpr std::int64_t k_fixed = 1'602'727'200;  // 2020-10-15 10:00 CST
constexpr Period k_q3{2020, 3};

class AppUploads : public test::AppExampleTest {
protected:
  AppUploads() : AppExampleTest(k_fixed) {}
  std::string read(const std::string& relative) { return *fs::read_file(m_dir / relative); }
  app::Actor m_actor{"admin", k_fixed};
};

TEST_F(AppUploads, PreviewOffersTheKindsOtherFilesAndIsTriedWithoutTheReplacedOne) {
  const std::string csv = read("2020Q3/投稿.csv");
  auto added = m_ws.preview_upload(k_q3, "投稿-gbk.csv", csv);
  ASSERT_TRUE(added);
  EXPECT_EQ(added->replaceable, std::vector<std::string>{"2020Q3/投稿.csv"});
  EXPECT_TRUE(added->problems.has_errors());  // every unit's submissions twice
  auto replacing = m_ws.preview_upload(k_q3, "投稿-gbk.csv", csv, "2020Q3/投稿.csv");
  ASSERT_TRUE(replacing);
  EXPECT_EQ(replacing->path, "2020Q3/投稿.csv");
  EXPECT_TRUE(replacing->unchanged);
  EXPECT_FALSE(replacing->problems.has_errors());
  // A file of the upload's own name is replaced without a choice.
  auto same_name = m_ws.preview_upload(k_q3, "投稿.csv", csv);
  ASSERT_TRUE(same_name);
  EXPECT_TRUE(same_name->replaceable.empty());
  EXPECT_TRUE(same_name->replaces);
  // Only a file of the same kind and format.
  EXPECT_FALSE(m_ws.preview_upload(k_q3, "投稿-gbk.csv", csv, "2020Q3/网站发布.csv"));
  EXPECT_FALSE(m_ws.preview_upload(k_q3, "投稿-gbk.csv", csv, "考核方案.toml"));
}

TEST_F(AppUploads, AnIdenticalFileIsNotWrittenAndRecordsNothing) {
  const auto mtime = std::filesystem::last_write_time(m_dir / "2020Q3/投稿.csv");
  auto saved = m_ws.save_upload(k_q3, "投稿.csv", read("2020Q3/投稿.csv"), m_actor);
  ASSERT_TRUE(saved);
  EXPECT_TRUE(saved->unchanged);
  EXPECT_TRUE(m_store.file_history("").empty());
  EXPECT_TRUE(m_store.audit(0, 10).empty());
  EXPECT_EQ(std::filesystem::last_write_time(m_dir / "2020Q3/投稿.csv"), mtime);
}

TEST_F(AppUploads, DeletionRecordsTheContentThenADeletionVersion) {
  const std::string csv = read("2020Q3/采用.csv");
  bool changed = false;
  m_ws.on_change([&] { changed = true; });
  auto deleted = m_ws.delete_file(k_q3, "采用.csv", m_actor);
  ASSERT_TRUE(deleted) << deleted.error().message;
  EXPECT_EQ(deleted->kind, "采用");
  EXPECT_EQ(deleted->rows, 13u);
  EXPECT_TRUE(changed);
  EXPECT_FALSE(std::filesystem::exists(m_dir / "2020Q3/采用.csv"));
  auto history = m_store.file_history("2020Q3/采用.csv");
  ASSERT_EQ(history.size(), 2u);  // newest first
  EXPECT_TRUE(history[0].deleted());
  EXPECT_EQ(history[0].saved_by, "admin");
  EXPECT_FALSE(history[1].deleted());
  EXPECT_EQ(m_store.file_version(history[1].id)->content, csv);
  EXPECT_EQ(m_store.audit(0, 1)[0].action, "删除数据文件");
  // The data files no longer list it; deleting it again is NotFound.
  for (const auto& f : m_ws.data_files(k_q3)) EXPECT_NE(f.path, "2020Q3/采用.csv");
  auto again = m_ws.delete_file(k_q3, "采用.csv", m_actor);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, app::ErrorKind::NotFound);
}

TEST_F(AppUploads, OnlyDataFilesCanBeDeleted) {
  for (const std::string name : {"通报模板.txt", "考核方案.toml", "../考核方案.toml", "", "2020Q3/投稿.csv"}) {
    auto refused = m_ws.delete_file(k_q3, name, m_actor);
    ASSERT_FALSE(refused) << name;
    EXPECT_EQ(refused.error().kind, app::ErrorKind::BadInput) << name;
  }
  EXPECT_TRUE(std::filesystem::exists(m_dir / "2020Q3/通报模板.txt"));
  EXPECT_TRUE(m_store.audit(0, 10).empty());
}

} // namespace
} // namespace zwgk
