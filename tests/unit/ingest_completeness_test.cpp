// Completeness warnings of the importers and the dataset (issue 14, item 2):
// a blank count cell, a file without data rows and registered units a
// 网站发布 counts table leaves out are warnings with their place, never
// errors, and the unit's explanation says what was left out for it.
#include "engine/assess.h"
#include "engine/completeness.h"
#include "engine/explain.h"
#include "ingest/importers.h"

#include <gtest/gtest.h>

#include <fstream>
#include <unistd.h>

namespace zwgk {
namespace {

class IngestCompletenessTest : public ::testing::Test {
protected:
  IngestCompletenessTest() {
    m_dir = std::filesystem::temp_directory_path() / ("zwgk-completeness-" + std::to_string(::getpid()));
    std::filesystem::remove_all(m_dir);
    std::filesystem::create_directories(m_dir);
    for (auto [name, exempt] : {std::pair{"甲局", ""}, std::pair{"乙局", ""}, std::pair{"丙局", "网站发布"}}) {
      Unit u;
      u.name = name;
      u.section = "部门";
      if (*exempt) u.exemptions = {exempt};
      EXPECT_TRUE(registry.add(u));
    }
    scheme.sections = {{"部门", "各部门"}};
  }
  ~IngestCompletenessTest() override { std::filesystem::remove_all(m_dir); }

  // Imports `text` as the file `name` of the given kind into data/out.
  void import(ingest::RecordKind kind, const std::string& name, const std::string& text) {
    std::ofstream(m_dir / name, std::ios::binary) << text;
    ingest::ImportContext ctx{registry, scheme, period, data, out};
    ingest::import_records(kind, m_dir / name, name, {}, ctx);
  }

  std::vector<std::string> texts() const {
    std::vector<std::string> all;
    for (const auto& d : out.entries()) all.push_back(d.to_string());
    return all;
  }

  std::filesystem::path m_dir;
  Registry registry;
  Scheme scheme;
  Period period{2020, 3};
  Dataset data;
  Diagnostics out;
};

TEST_F(IngestCompletenessTest, BlankCountCellIsAWarningAtItsCellAndReadAsZero) {
  import(ingest::RecordKind::Published, "网站发布.csv", "单位,7月,8月,9月\n甲局,1,,3\n乙局,1,2,3\n丙局,0,0,0\n");
  EXPECT_FALSE(out.has_errors());
  EXPECT_EQ(texts(), std::vector<std::string>{"警告：读取“网站发布.csv” 第2行第3列（8月）时：为空，按 0 计"});
  ASSERT_EQ(data.published_counts.size(), 9u);
  EXPECT_TRUE(data.published_counts[1].blank);
  EXPECT_EQ(data.published_counts[1].count, 0);
  EXPECT_FALSE(data.published_counts[0].blank);
}

TEST_F(IngestCompletenessTest, BlankCountOfTheLongLayoutIsAWarningToo) {
  import(ingest::RecordKind::Submissions, "投稿.csv", "单位,月份,件数\n甲局,8月,\n乙局,9月,2\n");
  EXPECT_EQ(texts(), std::vector<std::string>{"警告：读取“投稿.csv” 第2行第3列（件数）时：为空，按 0 计"});
  ASSERT_EQ(data.submission_counts.size(), 2u);
  EXPECT_TRUE(data.submission_counts[0].blank);
}

TEST_F(IngestCompletenessTest, HeaderOnlyOrBlankRowsFileIsAWarning) {
  const std::string warning = "警告：读取“{}”时：没有数据行（只有表头，或表头下各行都是空的）：这个文件不给任何单位计数，请确认文件是否完整";
  auto expected = [&](const std::string& file) { return std::string(warning).replace(warning.find("{}"), 2, file); };
  import(ingest::RecordKind::Published, "网站发布.csv", "单位,7月,8月,9月\n");
  import(ingest::RecordKind::Findings, "检查.csv", "单位,问题类型,说明\n,,\n\n , ,\n");
  EXPECT_FALSE(out.has_errors());
  EXPECT_EQ(texts(), (std::vector<std::string>{expected("网站发布.csv"), expected("检查.csv")}));
}

TEST_F(IngestCompletenessTest, FileWhoseRowsAreInErrorIsNotCalledEmpty) {
  import(ingest::RecordKind::Published, "网站发布.csv", "单位,7月\n无此局,1\n");
  EXPECT_TRUE(out.has_errors());
  for (const auto& t : texts()) EXPECT_EQ(t.find("没有数据行"), std::string::npos) << t;
}

TEST_F(IngestCompletenessTest, UnitsLeftOutOfPublicationCountsAreOneWarningExemptUnitsAside) {
  import(ingest::RecordKind::Published, "网站发布.csv", "单位,7月,8月,9月\n乙局,1,2,3\n");
  auto missing = missing_from_publication_counts(registry, data);
  EXPECT_EQ(missing.files, std::vector<std::string>{"网站发布.csv"});
  EXPECT_EQ(missing.units, std::vector<UnitId>{0});  // 甲局; 丙局 is exempt from 网站发布
  auto problems = completeness_warnings(registry, data);
  EXPECT_FALSE(problems.has_errors());
  ASSERT_EQ(problems.entries().size(), 1u);
  EXPECT_EQ(problems.entries()[0].to_string(),
            "警告：读取“网站发布.csv”时：缺少单位名录中的 1 个单位（这些单位各月发布数量按 0 计）：甲局");
}

TEST_F(IngestCompletenessTest, UnitMayBeInAnyOfSeveralCountsFiles) {
  import(ingest::RecordKind::Published, "网站发布-1.csv", "单位,7月,8月,9月\n乙局,1,2,3\n");
  import(ingest::RecordKind::Published, "网站发布-2.csv", "单位,7月,8月,9月\n甲局,1,2,3\n");
  EXPECT_TRUE(missing_from_publication_counts(registry, data).units.empty());
  data = {};
  import(ingest::RecordKind::Published, "网站发布-3.csv", "单位,7月,8月,9月\n");
  import(ingest::RecordKind::Published, "网站发布-4.csv", "单位,月份,数量\n");
  EXPECT_TRUE(missing_from_publication_counts(registry, data).files.empty()) << "header-only: its own warning";
}

TEST_F(IngestCompletenessTest, ItemListsAndSubmissionCountsNeedNotListEveryUnit) {
  import(ingest::RecordKind::Published, "网站发布.csv", "单位,发布日期,标题\n乙局,2020-07-01,一\n");
  import(ingest::RecordKind::Submissions, "投稿.csv", "单位,8月,9月\n乙局,1,1\n");
  EXPECT_FALSE(validate_dataset(registry, scheme, data, period).has_errors());
  EXPECT_TRUE(validate_dataset(registry, scheme, data, period).empty());
}

TEST_F(IngestCompletenessTest, ExplanationSaysWhatTheFilesLeftOutForTheUnit) {
  import(ingest::RecordKind::Published, "网站发布.csv", "单位,7月,8月,9月\n乙局,1,,3\n");
  EXPECT_EQ(completeness_notes(registry, data, 0),
            std::vector<std::string>{"“网站发布.csv”中没有本单位，各月发布数量按 0 计"});
  EXPECT_EQ(completeness_notes(registry, data, 1),
            std::vector<std::string>{"8月发布数量为空，按 0 计（“网站发布.csv” 第2行第3列（8月））"});
  EXPECT_TRUE(completeness_notes(registry, data, 2).empty());
}

} // namespace
} // namespace zwgk
